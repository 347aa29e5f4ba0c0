package relu

import (
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
)

// TestReluBranchFree checks Of32/64 and Grad32/64 against the
// branching forms they replace (if x < 0 { x = 0 }; a·g if z > 0 else 0)
// bit for bit, over signed zeros, subnormals, infinities and NaN.
func TestReluBranchFree(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -2.25, 5e-324, -5e-324, 1e-40, -1e-40,
		math.Inf(1), math.Inf(-1), math.NaN(), -math.NaN()}
	for _, x := range vals {
		want := x
		if x < 0 {
			want = 0
		}
		assert.Equal(t, math.Float64bits(want), math.Float64bits(Of64(x)), "Of64(%v)", x)
		x32 := float32(x)
		want32 := x32
		if x32 < 0 {
			want32 = 0
		}
		assert.Equal(t, math.Float32bits(want32), math.Float32bits(Of32(x32)), "Of32(%v)", x32)
		for _, g := range vals {
			const a = 0.75
			var w float64
			if x > 0 {
				w = a * g
			}
			assert.Equal(t, math.Float64bits(w), math.Float64bits(Grad64(x, a, g)), "Grad64(%v, %v, %v)", x, a, g)
			g32 := float32(g)
			var w32 float32
			if x32 > 0 {
				w32 = a * g32
			}
			assert.Equal(t, math.Float32bits(w32), math.Float32bits(Grad32(x32, a, g32)), "Grad32(%v, %v, %v)", x32, a, g32)
		}
	}
}

// TestReluSlices checks the vector forms against the scalar ones bit for
// bit, on every length 0…40 at unaligned offsets (the assembly's tails),
// over values that include NaN, ±0, ±Inf, subnormals and huge numbers, for
// a = 1 and a = 0.3, and in place (dst = src).
func TestReluSlices(t *testing.T) {
	rnd := testutil.Rand(12)
	special64 := []float64{math.NaN(), math.Copysign(0, -1), 0, math.Inf(1), math.Inf(-1), 5e-324, -5e-324, 1e308, -1e308, 1, -1}
	special32 := []float32{float32(math.NaN()), float32(math.Copysign(0, -1)), 0, float32(math.Inf(1)), float32(math.Inf(-1)), 1e-45, -1e-45, 3e38, -3e38, 1, -1}
	pick64 := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			if rnd.IntN(3) == 0 {
				v[i] = special64[rnd.IntN(len(special64))]
			} else {
				v[i] = rnd.NormFloat64()
			}
		}
		return v
	}
	pick32 := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			if rnd.IntN(3) == 0 {
				v[i] = special32[rnd.IntN(len(special32))]
			} else {
				v[i] = float32(rnd.NormFloat64())
			}
		}
		return v
	}
	for n := 0; n <= 40; n++ {
		for _, off := range []int{0, 1, 3} {
			for _, a := range []float64{1, 0.3} {
				z, g := pick64(n + off)[off:], pick64(n + off)[off:]
				got, grad := make([]float64, n+off)[off:], make([]float64, n+1)[1:]
				Slice64(got, z)
				GradSlice64(grad, z, g, a)
				want, wantGrad := make([]float64, n), make([]float64, n)
				for i := range z {
					want[i], wantGrad[i] = Of64(z[i]), Grad64(z[i], a, g[i])
				}
				testutil.AssertSameBits(t, got, want, "float64 n=%d off=%d: relu", n, off)
				testutil.AssertSameBits(t, grad, wantGrad, "float64 n=%d off=%d a=%g: reluGrad", n, off, a)
				inPlace := append([]float64(nil), z...)
				Slice64(inPlace, inPlace)
				testutil.AssertSameBits(t, inPlace, got, "float64 n=%d: in place", n)

				z32, g32 := pick32(n + off)[off:], pick32(n + off)[off:]
				got32, grad32 := make([]float32, n+off)[off:], make([]float32, n+1)[1:]
				Slice32(got32, z32)
				GradSlice32(grad32, z32, g32, float32(a))
				want32, wantGrad32 := make([]float32, n), make([]float32, n)
				for i := range z32 {
					want32[i], wantGrad32[i] = Of32(z32[i]), Grad32(z32[i], float32(a), g32[i])
				}
				testutil.AssertSameBits(t, got32, want32, "float32 n=%d off=%d: relu", n, off)
				testutil.AssertSameBits(t, grad32, wantGrad32, "float32 n=%d off=%d a=%g: reluGrad", n, off, a)
			}
		}
	}
}
