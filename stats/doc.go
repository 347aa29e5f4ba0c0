// Package stats holds the statistics that the paper's separate analysis
// notebooks compute over a sweep, built in and checked against scipy 1.10 and
// statsmodels 0.13 (golden values and the script that produced them are in
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
// Every function validates its input and returns an error wrapping one of the
// sentinels ErrEmpty, ErrTooFew, ErrNonFinite, ErrParam or ErrDegenerate, naming the argument
// at fault; none of them panics on bad data or returns a silent NaN. Bootstrap
// is the only function that consumes randomness, from the generator it is
// given (a nil generator panics).
package stats
