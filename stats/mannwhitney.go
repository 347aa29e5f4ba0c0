package stats

import (
	"fmt"
	"math"
)

// MannWhitneyResult is the outcome of a two-sided Mann–Whitney U test.
type MannWhitneyResult struct {
	// U is the statistic of the first sample, U₁ = R₁ − n₁(n₁+1)/2, as
	// scipy reports it.
	U float64
	// P is the two-sided p-value.
	P float64
	// Exact reports whether P comes from the exact null distribution (true)
	// or the normal approximation (false).
	Exact bool
	// Z is the continuity- and tie-corrected normal score used when Exact
	// is false (0 when Exact is true).
	Z float64
}

// MannWhitneyExactMax is the sample size up to which MannWhitneyU uses the
// exact distribution: when min(n₁, n₂) ≤ MannWhitneyExactMax and there are no
// ties (scipy 1.10's method="auto" rule).
const MannWhitneyExactMax = 8

// MannWhitneyU performs the two-sided Mann–Whitney U (Wilcoxon rank-sum)
// test of x against y exactly as scipy 1.10's default
// scipy.stats.mannwhitneyu(x, y) (method="auto", use_continuity=True,
// alternative="two-sided"). Ranking all n = n₁ + n₂ values together (average
// ranks for ties), U₁ = R₁ − n₁(n₁+1)/2, U₂ = n₁n₂ − U₁ and U = max(U₁, U₂).
//
//   - Exact, when min(n₁, n₂) ≤ 8 and no two values are equal:
//     p = 2 P(U ≥ u) under the null distribution of U (all C(n, n₁)
//     rankings equally likely), counted by the recurrence
//     f(u; m, k) = f(u − k; m−1, k) + f(u; m, k−1).
//   - Otherwise the normal approximation with continuity and tie correction:
//     z = (U − n₁n₂/2 − 1/2) / σ, σ² = n₁n₂/12 · [(n+1) − Σ(t³−t)/(n(n−1))],
//     p = 2 (1 − Φ(z)).
//
// p is clipped to [0, 1] as scipy does. Each sample needs at least one value; all
// values identical (σ = 0) is ErrDegenerate.
//
// Reference: Mann & Whitney (1947), On a test of whether one of two random
// variables is stochastically larger than the other, Annals of Mathematical
// Statistics 18(1), 50–60, doi:10.1214/aoms/1177730491.
func MannWhitneyU(x, y []float64) (MannWhitneyResult, error) {
	if err := checkSample("x", x, 1); err != nil {
		return MannWhitneyResult{}, err
	}
	if err := checkSample("y", y, 1); err != nil {
		return MannWhitneyResult{}, err
	}
	n1, n2 := len(x), len(y)
	all := make([]float64, 0, n1+n2)
	all = append(append(all, x...), y...)
	ranks, tieSum := rankTies(all)
	var r1 float64
	for _, r := range ranks[:n1] {
		r1 += r
	}
	u1 := r1 - float64(n1*(n1+1))/2
	u2 := float64(n1*n2) - u1
	u := math.Max(u1, u2)
	if min(n1, n2) <= MannWhitneyExactMax && tieSum == 0 {
		p := 2 * mannWhitneySF(int(u), n1, n2)
		return MannWhitneyResult{U: u1, P: math.Min(1, p), Exact: true}, nil
	}
	n := float64(n1 + n2)
	s := math.Sqrt(float64(n1*n2) / 12 * ((n + 1) - tieSum/(n*(n-1))))
	if s == 0 || math.IsNaN(s) {
		return MannWhitneyResult{}, fmt.Errorf("stats: Mann–Whitney: all %d values are identical: %w", n1+n2, ErrDegenerate)
	}
	z := (u - float64(n1*n2)/2 - 0.5) / s
	p := 2 * 0.5 * math.Erfc(z/math.Sqrt2) // 2·(1 − Φ(z))
	return MannWhitneyResult{U: u1, P: math.Min(1, math.Max(0, p)), Z: z}, nil
}

// mannWhitneySF returns P(U ≥ u) for the Mann–Whitney statistic of samples
// of sizes n1 and n2 without ties. The distribution is symmetric in the two
// sizes, so it is counted with m = min(n1, n2) rows of length m·k + 1,
// k = max(n1, n2), in O(m² k²) additions of non-negative counts (no
// cancellation).
func mannWhitneySF(u, n1, n2 int) float64 {
	m, k := min(n1, n2), max(n1, n2)
	top := m * k
	if u <= 0 {
		return 1
	}
	if u > top {
		return 0
	}
	// f[j][v] = number of arrangements of j "x" values among j + i values
	// with statistic v, for the current i (the count of "y" values so far).
	f := make([][]float64, m+1)
	for j := range f {
		f[j] = make([]float64, top+1)
	}
	f[0][0] = 1
	for j := 1; j <= m; j++ {
		f[j][0] = 1 // i = 0: a single arrangement with statistic 0
	}
	for i := 1; i <= k; i++ {
		// f(v; j, i) = f(v − i; j−1, i) + f(v; j, i−1); with j ascending,
		// f[j−1] already holds column i.
		for j := 1; j <= m; j++ {
			prev, cur := f[j-1], f[j]
			for v := j * i; v >= i; v-- {
				cur[v] += prev[v-i]
			}
		}
	}
	var tail, total float64
	for v, c := range f[m] {
		total += c
		if v >= u {
			tail += c
		}
	}
	return tail / total
}
