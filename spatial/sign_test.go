package spatial

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSignTimes checks the branch-free signTimes against the branching
// definition (g if x > 0, −g if x < 0, else +0) bit for bit, over signed
// zeros, subnormals, infinities and NaN in both arguments.
func TestSignTimes(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 2.5, -3.75, 5e-324, -5e-324,
		math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.SmallestNonzeroFloat64}
	for _, x := range vals {
		for _, g := range vals {
			var want float64
			switch {
			case x > 0:
				want = g
			case x < 0:
				want = -g
			}
			got := signTimes(x, g)
			assert.Equal(t, math.Float64bits(want), math.Float64bits(got), "signTimes(%v, %v) = %v (%#x), want %v (%#x)", x, g, got, math.Float64bits(got), want, math.Float64bits(want))
		}
		wantSign := 0.0
		if x > 0 {
			wantSign = 1
		} else if x < 0 {
			wantSign = -1
		}
		got := sign(x)
		assert.Equal(t, math.Float64bits(wantSign), math.Float64bits(got), "sign(%v) = %v, want %v", x, got, wantSign)
	}
}
