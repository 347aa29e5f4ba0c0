package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Statistic maps a sample to one number (e.g. its mean). Bootstrap calls it on
// resamples; it must not keep or modify its argument.
type Statistic func(x []float64) float64

// DefaultResamples is the number of bootstrap resamples used when a caller
// has no reason to choose another (scipy.stats.bootstrap's default).
const DefaultResamples = 9999

// Bootstrap returns Efron's percentile bootstrap interval for stat(x) at
// confidence level: B resamples x*_b of size n are drawn from x with
// replacement (indices rnd.IntN(n)), θ*_b = stat(x*_b), and the interval is
//
//	[Q((1−level)/2), Q((1+level)/2)]
//
// of the θ*_b with Quantile's linear interpolation (the percentile method of
// scipy.stats.bootstrap). A nil stat means the sample mean. The draws come
// from rnd alone, so equal generators give equal intervals; a nil rnd panics.
// It returns an error for an empty or non-finite sample, resamples < 1, a
// level outside (0, 1), or a statistic that returns a non-finite value.
//
// Reference: Efron (1979), Bootstrap methods: another look at the jackknife,
// Annals of Statistics 7(1), 1–26, doi:10.1214/aos/1176344552.
func Bootstrap(x []float64, stat Statistic, level float64, resamples int, rnd *rand.Rand) (Interval, error) {
	if rnd == nil {
		panic("stats: Bootstrap: nil *rand.Rand")
	}
	if err := checkBootstrap(level, resamples); err != nil {
		return Interval{}, err
	}
	if err := checkSample("x", x, 1); err != nil {
		return Interval{}, err
	}
	if stat == nil {
		stat = mean
	}
	n := len(x)
	buf := make([]float64, n)
	theta := make([]float64, resamples)
	for b := range theta {
		for i := range buf {
			buf[i] = x[rnd.IntN(n)]
		}
		v := stat(buf)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Interval{}, fmt.Errorf("stats: bootstrap statistic of resample %d = %v: %w", b, v, ErrNonFinite)
		}
		theta[b] = v
	}
	return percentileInterval(theta, level), nil
}

// checkBootstrap validates the parameters shared by the bootstrap functions.
func checkBootstrap(level float64, resamples int) error {
	if err := checkLevel(level); err != nil {
		return err
	}
	if resamples < 1 {
		return fmt.Errorf("stats: bootstrap resamples = %d < 1: %w", resamples, ErrParam)
	}
	return nil
}

// percentileInterval sorts theta in place and returns its linear-interpolation
// quantiles at (1−level)/2 and (1+level)/2, the percentile bootstrap interval.
func percentileInterval(theta []float64, level float64) Interval {
	slices.Sort(theta)
	alpha := (1 - level) / 2
	return Interval{Low: quantileSorted(theta, alpha), High: quantileSorted(theta, 1-alpha)}
}
