package spatial

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// squareSize returns n for an n×n matrix m (n ≥ 1) and panics with a
// ShapeError otherwise.
func squareSize(fn, arg string, m mat.Matrix) int {
	r, c := m.Dims()
	if r != c || r < 1 {
		panicShape(fn, arg, r, c, "square, at least 1×1")
	}
	return r
}

// sizeDst sizes a zero-value dst to n×n, or panics with a ShapeError when a
// non-empty dst is not n×n.
func sizeDst(fn, arg string, dst *mat.Dense, n int) {
	if dst.IsEmpty() {
		dst.ReuseAs(n, n)
		return
	}
	r, c := dst.Dims()
	if r != n || c != n {
		panicShape(fn, arg, r, c, shapeOf(n, ""))
	}
}

// store copies the contiguous row-major n×n src into dst (which may be a
// strided view).
func store(dst *mat.Dense, src []float64, n int) {
	raw := dst.RawMatrix()
	for i := 0; i < n; i++ {
		copy(raw.Data[i*raw.Stride:i*raw.Stride+n], src[i*n:(i+1)*n])
	}
}

func shapeOf(n int, why string) string {
	if why == "" {
		return fmt.Sprintf("%d×%d", n, n)
	}
	return fmt.Sprintf("%d×%d (%s)", n, n, why)
}

// loadFinite copies the n×n matrix m row-major into dst and reports the first
// non-finite entry.
func loadFinite(fn, name string, dst []float64, m mat.Matrix) error {
	r, c := m.Dims()
	if rm, ok := m.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		for i := 0; i < r; i++ {
			copy(dst[i*c:(i+1)*c], raw.Data[i*raw.Stride:i*raw.Stride+c])
		}
	} else {
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				dst[i*c+j] = m.At(i, j)
			}
		}
	}
	for k, v := range dst[:r*c] {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return entryError(fn, name, k/c, k%c, v, ErrNonFinite)
		}
	}
	return nil
}
