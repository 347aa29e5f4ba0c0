package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Effect is an effect size with its confidence interval.
type Effect struct {
	Estimate float64
	CI       Interval
}

// MeanDiff returns the difference in means x̄ − ȳ with a percentile
// bootstrap interval at confidence level: in each of the resamples, len(x)
// values are drawn from x with replacement and then len(y) from y
// (indices rnd.IntN(len(x)), then rnd.IntN(len(y)), so each resample takes
// len(x)+len(y) draws from rnd), θ* = x̄* − ȳ*, and the interval is the
// (1∓level)/2 quantiles of the θ* as in Bootstrap. The two samples are
// resampled independently (scipy.stats.bootstrap with paired=False). Equal
// generators give equal intervals; a nil rnd panics.
//
// Each sample needs at least two values (a single value has no resampling
// variability and would make the interval too narrow); level must be in
// (0, 1) and resamples ≥ 1.
//
// Reference: Efron & Tibshirani (1993), An Introduction to the Bootstrap,
// Chapman & Hall, doi:10.1201/9780429246593.
func MeanDiff(x, y []float64, level float64, resamples int, rnd *rand.Rand) (Effect, error) {
	if rnd == nil {
		panic("stats: MeanDiff: nil *rand.Rand")
	}
	if err := checkBootstrap(level, resamples); err != nil {
		return Effect{}, err
	}
	if err := checkSample("x", x, 2); err != nil {
		return Effect{}, err
	}
	if err := checkSample("y", y, 2); err != nil {
		return Effect{}, err
	}
	xs, ys := [][]float64{x}, [][]float64{y}
	return meanDiffBootstrap(xs, ys, level, resamples, rnd.IntN)
}

// StratifiedMeanDiff returns the difference in means pooled over strata,
// each stratum weighing equally,
//
//	Δ = (1/K) Σ_h (x̄_h − ȳ_h),
//
// with a stratified percentile bootstrap interval: each resample draws, for
// h = 0, …, K−1 in turn, len(x[h]) values from x[h] and then len(y[h]) from
// y[h] with replacement (rnd.IntN as in MeanDiff), so that every resample
// keeps the design's strata and sizes. For a sweep, strata are fields: Δ is
// the average over fields of each field's difference between variants A and
// B, so a field with more simulations does not count more, and differences
// in difficulty between fields do not enter the interval. With one stratum
// it equals MeanDiff given the same generator.
//
// x and y need the same number of strata (ErrMismatch), each stratum at
// least two values; level must be in (0, 1) and resamples ≥ 1. A nil rnd
// panics.
//
// Reference: Davison & Hinkley (1997), Bootstrap Methods and their
// Application, §3.2 (several samples, stratified resampling), Cambridge
// University Press, doi:10.1017/CBO9780511802843.
func StratifiedMeanDiff(x, y [][]float64, level float64, resamples int, rnd *rand.Rand) (Effect, error) {
	if rnd == nil {
		panic("stats: StratifiedMeanDiff: nil *rand.Rand")
	}
	if err := checkBootstrap(level, resamples); err != nil {
		return Effect{}, err
	}
	if err := checkStrata(x, y, 2); err != nil {
		return Effect{}, err
	}
	return meanDiffBootstrap(x, y, level, resamples, rnd.IntN)
}

// meanDiffBootstrap computes StratifiedMeanDiff on validated input, taking
// its indices from draw(n) ∈ [0, n) in the documented order (tests replay
// numpy's indices through it). Finite values near ±MaxFloat64 can overflow
// a sum; that is reported as ErrNonFinite rather than returned as ±Inf or
// NaN.
func meanDiffBootstrap(x, y [][]float64, level float64, resamples int, draw func(n int) int) (Effect, error) {
	k := float64(len(x))
	var est float64
	for h := range x {
		est += mean(x[h]) - mean(y[h])
	}
	est /= k
	if math.IsNaN(est) || math.IsInf(est, 0) {
		return Effect{}, fmt.Errorf("stats: difference in means overflows: %w", ErrNonFinite)
	}
	theta := make([]float64, resamples)
	for b := range theta {
		var s float64
		for h := range x {
			s += resampledMean(x[h], draw) - resampledMean(y[h], draw)
		}
		theta[b] = s / k
		if math.IsNaN(theta[b]) || math.IsInf(theta[b], 0) {
			return Effect{}, fmt.Errorf("stats: difference in means of resample %d overflows: %w", b, ErrNonFinite)
		}
	}
	return Effect{Estimate: est, CI: percentileInterval(theta, level)}, nil
}

// resampledMean returns the mean of len(x) values drawn from x with
// replacement.
func resampledMean(x []float64, draw func(n int) int) float64 {
	n := len(x)
	var s float64
	for range n {
		s += x[draw(n)]
	}
	return s / float64(n)
}

// CliffDelta returns Cliff's dominance statistic of x over y,
//
//	δ = [#(x_i > y_j) − #(x_i < y_j)] / (m n),
//
// over all m·n pairs (m = len(x), n = len(y)): the probability that a value
// of x exceeds one of y minus the reverse, in [−1, 1], 0 when neither
// dominates, ±1 when the samples do not overlap. Ties count for neither side,
// which suits accuracies tied at 1.000. It is computed from the Mann–Whitney
// statistic, δ = 2U₁/(mn) − 1 with U₁ = R₁ − m(m+1)/2 and R₁ the midrank sum
// of x, in O((m+n) log(m+n)); equivalently δ = 2p − 1 with
// p = P(X > Y) + P(X = Y)/2, statsmodels' rank_compare_2indep(x, y).prob1.
// Each sample needs at least one value.
//
// Reference: Cliff (1993), Dominance statistics: ordinal analyses to answer
// ordinal questions, Psychological Bulletin 114(3), 494–509,
// doi:10.1037/0033-2909.114.3.494.
func CliffDelta(x, y []float64) (float64, error) {
	if err := checkSample("x", x, 1); err != nil {
		return 0, err
	}
	if err := checkSample("y", y, 1); err != nil {
		return 0, err
	}
	return cliffDelta(x, y), nil
}

func cliffDelta(x, y []float64) float64 {
	m, n := len(x), len(y)
	all := make([]float64, 0, m+n)
	all = append(append(all, x...), y...)
	ranks, _ := rankTies(all)
	var r1 float64
	for _, r := range ranks[:m] {
		r1 += r
	}
	// 2U₁ − mn with U₁ = R₁ − m(m+1)/2: integers, exact in float64.
	mn := float64(m) * float64(n)
	return (2*r1 - float64(m)*float64(m+1) - mn) / mn
}

// PairEffect holds the effect sizes of one pairwise comparison of groups I
// and J (I < J): positive values mean group I tends to be larger.
type PairEffect struct {
	I, J int
	// MeanDiff is mean(groups[I]) − mean(groups[J]) with its bootstrap
	// interval (see MeanDiff).
	MeanDiff Effect
	// CliffDelta is Cliff's δ of groups[I] over groups[J].
	CliffDelta float64
}

// PairwiseEffects returns the effect sizes of every pair of groups (for a
// sweep, the variants' accuracies on one field), in the order (0,1), (0,2),
// …, (0,k−1), (1,2), …, (k−2,k−1). Each pair's interval is MeanDiff's, its
// resamples drawn from rnd in that order, so pair (i, j) consumes
// resamples·(len(groups[i]) + len(groups[j])) draws; a nil rnd panics. It
// needs at least two groups and at least two values in each, and the
// arguments of MeanDiff.
func PairwiseEffects(groups [][]float64, level float64, resamples int, rnd *rand.Rand) ([]PairEffect, error) {
	if rnd == nil {
		panic("stats: PairwiseEffects: nil *rand.Rand")
	}
	if err := checkBootstrap(level, resamples); err != nil {
		return nil, err
	}
	if len(groups) < 2 {
		return nil, fmt.Errorf("stats: pairwise effects: %d groups, need at least 2: %w", len(groups), ErrTooFew)
	}
	for g, x := range groups {
		if err := checkSample(fmt.Sprintf("group %d", g), x, 2); err != nil {
			return nil, err
		}
	}
	k := len(groups)
	out := make([]PairEffect, 0, k*(k-1)/2)
	for i := range k {
		for j := i + 1; j < k; j++ {
			xs, ys := [][]float64{groups[i]}, [][]float64{groups[j]}
			md, err := meanDiffBootstrap(xs, ys, level, resamples, rnd.IntN)
			if err != nil {
				return nil, fmt.Errorf("stats: groups %d and %d: %w", i, j, err)
			}
			out = append(out, PairEffect{I: i, J: j, MeanDiff: md, CliffDelta: cliffDelta(groups[i], groups[j])})
		}
	}
	return out, nil
}
