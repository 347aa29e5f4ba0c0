package stats

import (
	"fmt"

	"gonum.org/v1/gonum/stat/distuv"
)

// KruskalWallisResult is the outcome of a Kruskal–Wallis H test.
type KruskalWallisResult struct {
	H  float64 // tie-corrected H statistic
	DF int     // degrees of freedom, k − 1
	P  float64 // P(χ²_DF ≥ H)
}

// KruskalWallis tests whether k ≥ 2 independent samples come from the same
// distribution. All N values are ranked together (average ranks for ties);
// with R_i the rank sum and n_i the size of group i,
//
//	H = [12/(N(N+1)) Σ R_i²/n_i − 3(N+1)] / [1 − Σ(t³−t)/(N³−N)],
//
// the denominator correcting for groups of t tied values, and
// p = P(χ²_{k−1} ≥ H). This is scipy.stats.kruskal. Every group needs at
// least one value; all values identical is ErrDegenerate.
//
// Reference: Kruskal & Wallis (1952), Use of ranks in one-criterion variance
// analysis, JASA 47(260), 583–621, doi:10.1080/01621459.1952.10483441.
func KruskalWallis(groups ...[]float64) (KruskalWallisResult, error) {
	if len(groups) < 2 {
		return KruskalWallisResult{}, fmt.Errorf("stats: Kruskal–Wallis: %d groups, need at least 2: %w", len(groups), ErrTooFew)
	}
	var all []float64
	for g, x := range groups {
		if err := checkSample(fmt.Sprintf("group %d", g), x, 1); err != nil {
			return KruskalWallisResult{}, err
		}
		all = append(all, x...)
	}
	ranks, tieSum := rankTies(all)
	n := float64(len(all))
	tie := 1 - tieSum/(n*n*n-n)
	if tie == 0 {
		return KruskalWallisResult{}, fmt.Errorf("stats: Kruskal–Wallis: all %d values are identical: %w", len(all), ErrDegenerate)
	}
	var ssbn float64
	off := 0
	for _, x := range groups {
		var r float64
		for _, v := range ranks[off : off+len(x)] {
			r += v
		}
		ssbn += r * r / float64(len(x))
		off += len(x)
	}
	h := (12/(n*(n+1))*ssbn - 3*(n+1)) / tie
	df := len(groups) - 1
	p := distuv.ChiSquared{K: float64(df)}.Survival(h)
	return KruskalWallisResult{H: h, DF: df, P: p}, nil
}
