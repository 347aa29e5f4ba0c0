package rnn

import (
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// TestReluBranchFree checks relu32/64 and reluGrad32/64 against the
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
		if got := relu64(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("relu64(%v) = %v, want %v", x, got, want)
		}
		x32 := float32(x)
		want32 := x32
		if x32 < 0 {
			want32 = 0
		}
		if got := relu32(x32); math.Float32bits(got) != math.Float32bits(want32) {
			t.Errorf("relu32(%v) = %v, want %v", x32, got, want32)
		}
		for _, g := range vals {
			const a = 0.75
			var w float64
			if x > 0 {
				w = a * g
			}
			if got := reluGrad64(x, a, g); math.Float64bits(got) != math.Float64bits(w) {
				t.Errorf("reluGrad64(%v, %v, %v) = %v, want %v", x, a, g, got, w)
			}
			g32 := float32(g)
			var w32 float32
			if x32 > 0 {
				w32 = a * g32
			}
			if got := reluGrad32(x32, a, g32); math.Float32bits(got) != math.Float32bits(w32) {
				t.Errorf("reluGrad32(%v, %v, %v) = %v, want %v", x32, a, g32, got, w32)
			}
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
				reluSlice64(got, z)
				reluGradSlice64(grad, z, g, a)
				for i := range z {
					if w := relu64(z[i]); math.Float64bits(got[i]) != math.Float64bits(w) {
						t.Fatalf("float64 n=%d off=%d: relu(%v) = %v, want %v", n, off, z[i], got[i], w)
					}
					if w := reluGrad64(z[i], a, g[i]); math.Float64bits(grad[i]) != math.Float64bits(w) {
						t.Fatalf("float64 n=%d off=%d: reluGrad(%v, %v, %v) = %v, want %v", n, off, z[i], a, g[i], grad[i], w)
					}
				}
				inPlace := append([]float64(nil), z...)
				reluSlice64(inPlace, inPlace)
				for i := range z {
					if math.Float64bits(inPlace[i]) != math.Float64bits(got[i]) {
						t.Fatalf("float64 n=%d: in place differs at %d", n, i)
					}
				}

				z32, g32 := pick32(n + off)[off:], pick32(n + off)[off:]
				got32, grad32 := make([]float32, n+off)[off:], make([]float32, n+1)[1:]
				reluSlice32(got32, z32)
				reluGradSlice32(grad32, z32, g32, float32(a))
				for i := range z32 {
					if w := relu32(z32[i]); math.Float32bits(got32[i]) != math.Float32bits(w) {
						t.Fatalf("float32 n=%d off=%d: relu(%v) = %v, want %v", n, off, z32[i], got32[i], w)
					}
					if w := reluGrad32(z32[i], float32(a), g32[i]); math.Float32bits(grad32[i]) != math.Float32bits(w) {
						t.Fatalf("float32 n=%d off=%d: reluGrad(%v, %v, %v) = %v, want %v", n, off, z32[i], a, g32[i], grad32[i], w)
					}
				}
			}
		}
	}
}
