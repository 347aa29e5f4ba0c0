package stats

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// KendallWResult is Kendall's coefficient of concordance with its χ² test.
type KendallWResult struct {
	// W is the tie-corrected coefficient of concordance, in [0, 1].
	W float64
	// ChiSq = m(n−1)W is Friedman's tie-corrected χ² statistic.
	ChiSq float64
	// DF = n − 1 degrees of freedom.
	DF int
	// P = P(χ²_DF ≥ ChiSq), the p-value for "no agreement".
	P float64
}

// KendallW measures how far m raters agree on the ranking of n objects: row
// i of the m×n matrix scores holds rater i's scores of the n objects (for a
// sweep, one row per field and one column per variant, e.g. each variant's
// mean accuracy on that field). Each row is ranked (average ranks for ties;
// the direction does not matter), R_j is the rank sum of column j,
// S = Σ_j (R_j − m(n+1)/2)², and
//
//	W = 12 S / [m²(n³ − n) − m Σ_i T_i],   T_i = Σ (t³ − t),
//
// T_i summing over the groups of t tied scores in row i. W = 1 when every
// rater ranks the objects identically and 0 when the column rank sums are all
// equal; without ties, the mean Spearman correlation over pairs of
// raters is (mW − 1)/(m − 1). The test of W = 0 uses Friedman's statistic
// χ² = m(n−1)W with n − 1 degrees of freedom, which is exactly
// scipy.stats.friedmanchisquare(*scores.T). The χ² approximation is rough
// with few raters (a sweep has about five fields), so P is indicative there.
//
// scores needs at least two rows and two columns (ErrTooFew) and finite
// entries; rows whose scores are all tied carry no ranking but are allowed,
// and all rows tied is ErrDegenerate; a nil matrix is ErrEmpty. scores is
// not modified.
//
// References: Kendall & Babington Smith (1939), The problem of m rankings,
// Annals of Mathematical Statistics 10(3), 275–287,
// doi:10.1214/aoms/1177732186; Friedman (1937), The use of ranks to avoid the
// assumption of normality implicit in the analysis of variance, JASA
// 32(200), 675–701, doi:10.1080/01621459.1937.10503522.
func KendallW(scores mat.Matrix) (KendallWResult, error) {
	if scores == nil {
		return KendallWResult{}, fmt.Errorf("stats: Kendall's W: nil scores: %w", ErrEmpty)
	}
	m, n := scores.Dims()
	if m < 2 || n < 2 {
		return KendallWResult{}, fmt.Errorf("stats: Kendall's W: %d raters × %d objects, need at least 2 × 2: %w", m, n, ErrTooFew)
	}
	row := make([]float64, n)
	sums := make([]float64, n)
	var tieSum float64
	for i := range m {
		for j := range row {
			row[j] = scores.At(i, j)
		}
		if err := checkSample(fmt.Sprintf("scores row %d", i), row, n); err != nil {
			return KendallWResult{}, err
		}
		ranks, ts := rankTies(row)
		for j, r := range ranks {
			sums[j] += r
		}
		tieSum += ts
	}
	mf, nf := float64(m), float64(n)
	centre := mf * (nf + 1) / 2
	var s float64
	for _, r := range sums {
		d := r - centre
		s += d * d
	}
	den := mf*mf*(nf*nf*nf-nf) - mf*tieSum
	if den == 0 {
		return KendallWResult{}, fmt.Errorf("stats: Kendall's W: every row of scores is tied: %w", ErrDegenerate)
	}
	w := 12 * s / den
	chi := mf * (nf - 1) * w
	df := n - 1
	return KendallWResult{W: w, ChiSq: chi, DF: df, P: distuv.ChiSquared{K: float64(df)}.Survival(chi)}, nil
}
