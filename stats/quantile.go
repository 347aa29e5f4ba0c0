package stats

import (
	"fmt"
	"math"
	"slices"
)

// Quantile returns the q-quantile of x with linear interpolation between
// order statistics, numpy.quantile's default (Hyndman & Fan definition 7):
// with x sorted ascending and h = (n−1)q,
//
//	Q(q) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋).
//
// x is not modified and need not be sorted. q must lie in [0, 1].
//
// Reference: Hyndman & Fan (1996), Sample quantiles in statistical packages,
// The American Statistician 50(4), 361–365, doi:10.1080/00031305.1996.10473566.
func Quantile(x []float64, q float64) (float64, error) {
	if !(q >= 0 && q <= 1) {
		return 0, fmt.Errorf("stats: quantile %v not in [0, 1]: %w", q, ErrParam)
	}
	if err := checkSample("x", x, 1); err != nil {
		return 0, err
	}
	s := slices.Clone(x)
	slices.Sort(s)
	return quantileSorted(s, q), nil
}

// quantileSorted is Quantile on an already sorted, validated sample.
func quantileSorted(s []float64, q float64) float64 {
	h := float64(len(s)-1) * q
	lo := math.Floor(h)
	i := int(lo)
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	// numpy's _lerp: a + (b−a)·t, switching to b − (b−a)(1−t) for t ≥ 0.5.
	a, b, t := s[i], s[i+1], h-lo
	d := b - a
	if t >= 0.5 {
		return b - d*(1-t)
	}
	return a + d*t
}
