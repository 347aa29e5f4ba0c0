package fastblas

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/blas"
)

// TestZeroTimesInfIsNaN checks the IEEE rule 0·Inf = NaN on every build's
// default path, including builds that delegate to gonum (which skips zeros
// of A): A = [0 1], B = [Inf; 2] gives NaN, and a finite B is still exact.
func TestZeroTimesInfIsNaN(t *testing.T) {
	t.Parallel()
	for _, packed := range []bool{false, true} {
		for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			a := []float32{0, 1}
			b := []float32{float32(math.Inf(1)), 2} // 2×1, or its 1×2 transpose
			c := []float32{5}
			impl := Implementation{}
			if packed {
				var p PackedB32
				impl.PackB32(tB, 2, 1, b, ldFor(tB), &p)
				impl.SgemmPackedB(blas.NoTrans, 1, 1, a, 2, &p, 0, c, 1)
			} else {
				impl.Sgemm(blas.NoTrans, tB, 1, 1, 2, 1, a, 2, b, ldFor(tB), 0, c, 1)
			}
			assert.True(t, math.IsNaN(float64(c[0])), "packed=%v tB=%v: 0·Inf + 1·2 = %v, want NaN", packed, tB, c[0])
			b[0] = 3
			impl.Sgemm(blas.NoTrans, tB, 1, 1, 2, 1, a, 2, b, ldFor(tB), 0, c, 1)
			assert.Equal(t, float32(2), c[0], "packed=%v tB=%v: 0·3 + 1·2", packed, tB)
		}
	}
	for _, x := range [][]float64{{1, 2, 3, 4, 5}, {}, {math.MaxFloat64, -0.0}} {
		assert.True(t, finite(x), "finite(%v)", x)
	}
	for _, x := range [][]float64{{1, 2, 3, 4, math.NaN()}, {math.Inf(-1)}, {0, 0, math.Inf(1), 0}} {
		assert.False(t, finite(x), "finite(%v)", x)
	}
}

// ldFor is the leading dimension of the 2×1 B (1) or of its transpose (2).
func ldFor(tB blas.Transpose) int {
	if tB == blas.NoTrans {
		return 1
	}
	return 2
}
