// Package report turns finished sweeps of package experiment into what a
// reader looks at: the published output layout, the statistics of the
// paper's tables, figures, and a claim-by-claim comparison of a reference
// and a corrected sweep with the published numbers. It reads sweep folders
// (or records in memory) and never trains; everything it writes is a
// function of the configuration and the stored records alone, so equal
// sweeps give byte-identical files.
//
// # Published layout
//
// WriteLayout writes config.txt, metrics.csv, metrics_SD.csv and
// Task<n>/<Metric>_raw.csv exactly as the method document (docs/method.md
// §8) describes — numbers as pandas' to_csv writes them, checked byte for
// byte against pandas — plus runs.csv (one row per run, with held-out test
// accuracy), learning_curves.csv and TimingsFile (each run's wall time, the
// one file that depends on the machine). Finish does everything a finished
// sweep folder needs: the layout, summary.txt and figures/. Metric names
// the published per-run metrics (Metrics, in the order of metrics.csv;
// MetricValue reads one from an experiment.RunResult).
//
// # Statistics
//
// Analyze computes, per variant and task, the mean, SD, Student-t and
// percentile-bootstrap intervals, and the factor tests: Kruskal–Wallis
// across variants and per factor, and Mann–Whitney U per pair of variants
// differing in one factor (Factor: W, D or C; LevelName gives a variant's
// level), Holm-corrected (package stats).
// Analysis.WriteText prints them in the form of the paper's Table 2.
// BuildTable gives the raw values (simulations × variants per task).
//
// # Figures
//
// PlotAnalysis (means with intervals per variant), PlotLearningCurves,
// PlotMatrix and PlotMatrixWith (a weight matrix as a heat map, optionally
// without its diagonal or with a clipped colour scale) and PlotSomata (the
// strongest learned connections between soma positions) write PNG files
// with gonum.org/v1/plot.
//
// # Comparison
//
// Comparison writes one Markdown report that compares a sweep in the
// reference preset with one in the corrected preset, claim by claim, next
// to the numbers the paper publishes (docs/method.md §9): the ordering of
// the variants per task, the W, D and C factor tests, modularity,
// small-worldness and weight entropy, and what changed between the presets,
// with its figures. LoadSweep reads a finished sweep folder.
//
// # Dynamics
//
// When a sweep folder has the state-space summaries of its networks
// (DynamicsAnalysis: analysis/dynamics_v2.csv, written by `paper analyze
// -dynamics`; Sweep.Dynamics), both reports gain a Dynamics section that
// compares the variants on each summary — stable fixed points per input,
// participation ratio, leading eigenvalue modulus — with the statistics of
// the evidence report's accuracy comparisons: each variant's mean and
// t-interval, each biological variant against the variants that differ
// from it in the initialisation alone (orthogonal, permuted, scale-matched
// random, log-normal only, resampled, self-connections alone, coupling
// alone) by the difference in means with its
// bootstrap interval, Cliff's δ and Mann–Whitney's p (van Elteren's test
// pooled over fields), one Holm family per summary, and a figure per
// summary with every simulation's value. Runs without summaries (diverged)
// are counted and left out. A folder without the file gets a section that
// says how to produce it.
//
// # Evidence
//
// Evidence writes one Markdown report over any set of sweeps — the
// reference, ablations that switch one correction each
// (ablation.PlanAll), the corrected preset on several fields, the
// positive-only arm — that states for each claim the published number, each
// arm's result, each correction's effect (difference in means with its
// bootstrap interval, Cliff's δ, Holm-adjusted Mann–Whitney p), the
// corrected result per field and pooled over fields (van Elteren), the
// agreement of the variant rankings across fields (Kendall's W), and the
// fields whose grid control is degenerate (GridControl). No
// sentence is stronger than its test: a direction is stated only below the
// family-wise error rate after Holm's adjustment.
package report
