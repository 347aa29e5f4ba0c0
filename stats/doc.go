// Package stats holds the statistics that the paper's separate analysis
// notebooks compute over a sweep, and those that pool a sweep's results over
// fields, built in and checked against scipy 1.10 and statsmodels 0.13, or
// against numpy implementations of the published formulas where neither has
// the method (golden values and the scripts that produced them are in
// testdata/):
//
//   - Mean, SD and Summarize: sample mean, standard deviation with a chosen
//     delta degrees of freedom (ddof 1 is pandas' default, ddof 0 numpy's).
//   - TInterval: the Student-t confidence interval of the mean,
//     mean ± t_{(1+level)/2, n−1} · s/√n (Student 1908), as
//     scipy.stats.t.interval(level, n−1, loc=mean, scale=sem).
//   - Quantile: numpy's default linear-interpolation quantile (Hyndman & Fan
//     1996, definition 7).
//   - Bootstrap: Efron's percentile bootstrap interval of any statistic, with
//     an explicit *rand.Rand.
//   - KruskalWallis: the H test with tie correction and its χ² p-value, as
//     scipy.stats.kruskal.
//   - MannWhitneyU: the two-sided Mann–Whitney U test exactly as scipy 1.10's
//     default mannwhitneyu(x, y): the exact null distribution when the smaller
//     sample has at most 8 values and there are no ties, otherwise the normal
//     approximation with tie and continuity correction.
//   - Holm: Holm's step-down adjusted p-values, as statsmodels
//     multipletests(p, method="holm").
//
// Across fields (one stratum per MICrONS field):
//
//   - VanElteren: van Elteren's (1960) stratified Wilcoxon rank-sum test of
//     "variant A beats variant B" pooled over fields, weights 1/(N_h+1),
//     normal approximation with tie correction; the doc comment says why it
//     is preferred to a mixed model here.
//   - KendallW: Kendall's coefficient of concordance W of the variant
//     rankings across fields, with tie correction, and its χ² test through
//     Friedman's statistic χ² = m(n−1)W (scipy.stats.friedmanchisquare).
//   - MeanDiff and StratifiedMeanDiff: the difference in means (within one
//     field, or averaged over fields) with a percentile bootstrap interval,
//     resampling each sample (within each field) independently.
//   - CliffDelta: Cliff's (1993) dominance statistic
//     δ = P(X > Y) − P(X < Y).
//   - PairwiseEffects: MeanDiff and CliffDelta for every pair of groups.
//
// Every function validates its input and returns an error wrapping one of the
// sentinels ErrEmpty, ErrTooFew, ErrNonFinite, ErrParam, ErrDegenerate or
// ErrMismatch, naming the argument at fault; none of them panics on bad data
// or returns a silent NaN. Bootstrap, MeanDiff, StratifiedMeanDiff and
// PairwiseEffects are the only functions that consume randomness, from the
// generator they are given (a nil generator panics); their documentation
// states the order of the draws.
package stats
