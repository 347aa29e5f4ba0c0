package stats

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// FuzzFieldStats feeds arbitrary values and stratum sizes to the
// cross-field functions: each must return either finite results or an error
// wrapping a sentinel, and never panic.
func FuzzFieldStats(f *testing.F) {
	f.Add(uint8(3), uint8(2), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18})
	f.Add(uint8(1), uint8(1), []byte{0x7f, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Add(uint8(2), uint8(4), make([]byte, 64))
	f.Fuzz(func(t *testing.T, strata, size uint8, raw []byte) {
		vals := make([]float64, len(raw)/8)
		for i := range vals {
			vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		}
		k, n := int(strata%6), int(size%8)
		x, y := make([][]float64, k), make([][]float64, k)
		for h := range k {
			x[h] = take(&vals, n+h%2)
			y[h] = take(&vals, n+1-h%2)
		}
		if r, err := VanElteren(x, y); err != nil {
			checkSentinel(t, err)
		} else {
			checkFinite(t, r.T, r.Mean, r.Var, r.Z, r.P, r.PGreater)
		}
		if e, err := StratifiedMeanDiff(x, y, 0.9, 5, testutil.Rand(1)); err != nil {
			checkSentinel(t, err)
		} else {
			checkFinite(t, e.Estimate, e.CI.Low, e.CI.High)
		}
		if len(x) > 0 {
			if d, err := CliffDelta(x[0], y[0]); err != nil {
				checkSentinel(t, err)
			} else {
				checkFinite(t, d)
			}
			if p, err := PairwiseEffects(append(x, y...), 0.9, 3, testutil.Rand(1)); err != nil {
				checkSentinel(t, err)
			} else {
				for _, e := range p {
					checkFinite(t, e.MeanDiff.Estimate, e.MeanDiff.CI.Low, e.MeanDiff.CI.High, e.CliffDelta)
				}
			}
		}
		if k > 0 && n > 0 {
			all := make([]float64, 0, k*n)
			for _, s := range x {
				all = append(all, s[:min(n, len(s))]...)
			}
			if len(all) == k*n {
				if r, err := KendallW(mat.NewDense(k, n, all)); err != nil {
					checkSentinel(t, err)
				} else {
					checkFinite(t, r.W, r.ChiSq, r.P)
				}
			}
		}
	})
}

// take removes up to n values from the front of *v.
func take(v *[]float64, n int) []float64 {
	n = min(n, len(*v))
	s := (*v)[:n:n]
	*v = (*v)[n:]
	return s
}

func checkSentinel(t *testing.T, err error) {
	t.Helper()
	wraps := false
	for _, s := range []error{ErrEmpty, ErrTooFew, ErrNonFinite, ErrParam, ErrDegenerate, ErrMismatch} {
		wraps = wraps || errors.Is(err, s)
	}
	require.True(t, wraps, "error %v wraps no sentinel", err)
}

func checkFinite(t *testing.T, v ...float64) {
	t.Helper()
	for i, a := range v {
		require.False(t, math.IsNaN(a) || math.IsInf(a, 0), "value %d = %v with a nil error", i, a)
	}
}
