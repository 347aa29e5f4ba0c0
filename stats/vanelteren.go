package stats

import (
	"fmt"
	"math"
)

// VanElterenResult is the outcome of van Elteren's stratified rank-sum test.
type VanElterenResult struct {
	// T is the weighted sum of within-stratum rank sums of the first
	// sample, T = Σ_h W_h/(N_h+1).
	T float64
	// Mean and Var are T's mean and tie-corrected variance under the null
	// hypothesis.
	Mean, Var float64
	// Z = (T − Mean)/√Var; positive when the first sample tends to be
	// larger.
	Z float64
	// P is the two-sided p-value 2(1 − Φ(|Z|)).
	P float64
	// PGreater is the one-sided p-value 1 − Φ(Z) for the alternative that
	// the first sample is stochastically larger ("variant A beats B").
	PGreater float64
}

// VanElteren performs van Elteren's stratified Wilcoxon rank-sum test of
// x against y, pooled over strata: x[h] and y[h] are the two variants'
// values in stratum h (for a sweep, the accuracies of variants A and B over
// the simulations on field h). Within each stratum the N_h = m_h + n_h
// values (m_h = len(x[h]), n_h = len(y[h])) are ranked together with average
// ranks for ties, W_h is the rank sum of x[h], and
//
//	T = Σ_h W_h/(N_h+1),
//	E[T] = Σ_h m_h/2,
//	Var[T] = Σ_h m_h n_h/(12 (N_h+1)²) · [(N_h+1) − Σ(t³−t)/(N_h(N_h−1))],
//
// the inner sum running over the groups of t tied values in stratum h (the
// Wilcoxon rank-sum variance with tie correction). Z = (T − E[T])/√Var[T] is
// referred to the standard normal distribution, without continuity
// correction. With one stratum this is the Wilcoxon rank-sum test:
// scipy.stats.ranksums when there are no ties, and
// scipy.stats.mannwhitneyu(x, y, use_continuity=False, method="asymptotic")
// in general. It equals the Cochran–Mantel–Haenszel mean-score statistic with
// modified ridit scores (SAS PROC FREQ's van Elteren test), Z² = Q_SMH.
//
// Why this test: a sweep has few simulations per field (5 to 20), accuracies
// are bounded and often tied at 1.000, and fields differ in difficulty. The
// test compares the variants only within each field, so field effects cancel
// exactly whatever their form, needs no distributional assumption, and
// handles ties through midranks. A linear mixed model with field as a random
// effect would assume normal, homoscedastic residuals, which a ceiling at 1
// violates, and would estimate the between-field variance from about five
// fields. The weights 1/(N_h+1) make T locally most powerful against a shift
// common to all strata (van Elteren 1960); strata of equal size weigh
// equally. The normal approximation is used for any size; a stratum whose
// values are all equal carries no information and adds nothing to T − E[T]
// or to Var[T].
//
// Each stratum needs at least one value in x[h] and in y[h]; x and y must
// have the same number of strata (ErrMismatch); all strata without spread
// (Var[T] = 0) is ErrDegenerate.
//
// References: van Elteren (1960), On the combination of independent two
// sample tests of Wilcoxon, Bulletin of the International Statistical
// Institute 37, 351–361; Lehmann (1975), Nonparametrics: Statistical Methods
// Based on Ranks, chapter 3 (Holden-Day; rev. ed. Springer 2006,
// ISBN 978-0-387-35212-1).
func VanElteren(x, y [][]float64) (VanElterenResult, error) {
	if err := checkStrata(x, y, 1); err != nil {
		return VanElterenResult{}, err
	}
	var t, e, v float64
	var buf []float64
	for h := range x {
		m, n := len(x[h]), len(y[h])
		buf = append(append(buf[:0], x[h]...), y[h]...)
		ranks, tieSum := rankTies(buf)
		var w float64
		for _, r := range ranks[:m] {
			w += r
		}
		nn := float64(m + n)
		t += w / (nn + 1)
		e += float64(m) / 2
		v += float64(m) * float64(n) / (12 * (nn + 1) * (nn + 1)) * ((nn + 1) - tieSum/(nn*(nn-1)))
	}
	if !(v > 0) {
		return VanElterenResult{}, fmt.Errorf("stats: van Elteren: all values within each of the %d strata are identical: %w", len(x), ErrDegenerate)
	}
	z := (t - e) / math.Sqrt(v)
	return VanElterenResult{
		T: t, Mean: e, Var: v, Z: z,
		P:        math.Erfc(math.Abs(z) / math.Sqrt2), // 2(1 − Φ(|z|))
		PGreater: 0.5 * math.Erfc(z/math.Sqrt2),       // 1 − Φ(z)
	}, nil
}

// checkStrata validates paired strata: at least one, the same number in x
// and y, each stratum of each with at least min finite values.
func checkStrata(x, y [][]float64, min int) error {
	if len(x) == 0 || len(y) == 0 {
		return fmt.Errorf("stats: no strata (x has %d, y has %d): %w", len(x), len(y), ErrEmpty)
	}
	if len(x) != len(y) {
		return fmt.Errorf("stats: x has %d strata, y has %d: %w", len(x), len(y), ErrMismatch)
	}
	for h := range x {
		if err := checkSample(fmt.Sprintf("x stratum %d", h), x[h], min); err != nil {
			return err
		}
		if err := checkSample(fmt.Sprintf("y stratum %d", h), y[h], min); err != nil {
			return err
		}
	}
	return nil
}
