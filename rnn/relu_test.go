package rnn

import (
	"math"
	"testing"
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
