package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/cortexrnn/cortexrnn/stats"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
)

// AnalysisOptions configures Analyze.
type AnalysisOptions struct {
	// Level is the confidence level of the intervals (default 0.95).
	Level float64
	// Alpha is the family-wise error rate of Holm's procedure (default 0.05).
	Alpha float64
	// BootstrapResamples is the number of percentile-bootstrap resamples per
	// cell; 0 disables the bootstrap interval.
	BootstrapResamples int
	// BootstrapSeed seeds the bootstrap; each cell draws from
	// the generator of stream StreamBootstrap of the run seed of (BootstrapSeed, task, variant, 0).
	BootstrapSeed uint64
}

// StreamBootstrap is the generator stream of the bootstrap intervals.
const StreamBootstrap uint64 = 1000

// Defaults of AnalysisOptions.
const (
	// DefaultFWER is the family-wise error rate α of Holm's procedure
	// (AnalysisOptions.Alpha). Not rnn.DefaultAlpha, the leak.
	DefaultFWER               = 0.05
	DefaultBootstrapResamples = 9999
)

// DefaultAnalysisOptions returns level 0.95, alpha 0.05, 9999 bootstrap
// resamples with seed 1.
func DefaultAnalysisOptions() AnalysisOptions {
	return AnalysisOptions{Level: stats.DefaultLevel, Alpha: DefaultFWER,
		BootstrapResamples: DefaultBootstrapResamples, BootstrapSeed: 1}
}

// Validate checks the options.
func (o *AnalysisOptions) Validate() error {
	if !(o.Level > 0 && o.Level < 1) {
		return fmt.Errorf("report: %w: AnalysisOptions.Level %v not in (0, 1)", experiment.ErrConfig, o.Level)
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return fmt.Errorf("report: %w: AnalysisOptions.Alpha %v not in (0, 1)", experiment.ErrConfig, o.Alpha)
	}
	if o.BootstrapResamples < 0 {
		return fmt.Errorf("report: %w: AnalysisOptions.BootstrapResamples %d < 0", experiment.ErrConfig, o.BootstrapResamples)
	}
	return nil
}

// Cell summarises one metric of one (task, variant) over simulations. NaN
// values (undefined graph metrics) are left out; N counts the rest.
// Intervals that need more values than there are hold NaN.
type Cell struct {
	Task      int
	Variant   string
	N         int
	Mean, SD  float64 // SD with ddof 1
	CI        stats.Interval
	Bootstrap stats.Interval
}

// KruskalTest is a Kruskal–Wallis test across Variants of one task.
type KruskalTest struct {
	Task int
	// Factor is "all" for the test across every variant, else "W", "D" or
	// "C" for a test across that factor's levels with the others fixed.
	Factor string
	// Fixed describes the fixed levels, e.g. "D=real C=emd".
	Fixed    string
	Variants []string
	H        float64
	DF       int
	P, PHolm float64
	Reject   bool // PHolm ≤ Alpha
}

// PairTest is a two-sided Mann–Whitney U test between two variants that
// differ in exactly one factor.
type PairTest struct {
	Task     int
	Factor   Factor
	Fixed    string
	A, B     string
	U        float64 // statistic of A
	P, PHolm float64
	Exact    bool
	Reject   bool
}

// Analysis is the Table-2 style summary and the factor tests of one metric.
//
// Holm families: the "all variants" Kruskal–Wallis tests form one family
// over tasks; within each task, the factor Kruskal–Wallis tests form one
// family and the Mann–Whitney pair tests another.
type Analysis struct {
	Metric         Metric
	AccuracySource experiment.AccuracySource
	Level, Alpha   float64
	Tasks          []int
	Variants       []string
	Cells          [][]Cell // [task][variant]
	Overall        []KruskalTest
	FactorKW       []KruskalTest
	Pairs          []PairTest
	// Skipped lists tests that could not be computed and why (e.g. all
	// values identical).
	Skipped []string
}

// Analyze summarises metric m of recs (a complete plan of cfg) per task and
// variant — mean, SD, Student-t and bootstrap intervals — and runs the
// factor tests: Kruskal–Wallis across all variants per task; for each
// factor (W, D, C), over every set of variants that differ only in that
// factor (same other factors and Dale flag), Mann–Whitney U for each pair
// and Kruskal–Wallis when there are three or more; all Holm-corrected (see
// Analysis for the families).
func Analyze(cfg *experiment.Config, recs []experiment.Record, m Metric, opt AnalysisOptions) (*Analysis, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	tb, err := BuildTable(cfg, recs, m)
	if err != nil {
		return nil, err
	}
	a := &Analysis{Metric: m, AccuracySource: cfg.AccuracySource, Level: opt.Level, Alpha: opt.Alpha,
		Tasks: cfg.TaskNumbers(), Variants: cfg.Variants}
	vars := configVariants(cfg)
	finite := func(x []float64) []float64 {
		out := make([]float64, 0, len(x))
		for _, v := range x {
			if !math.IsNaN(v) {
				out = append(out, v)
			}
		}
		return out
	}
	nanIv := stats.Interval{Low: math.NaN(), High: math.NaN()}
	for ti, task := range cfg.TaskNumbers() {
		// The finite values of each variant, shared by every test below.
		cols := make([][]float64, len(vars))
		for vi := range vars {
			cols[vi] = finite(tb.Values[ti][vi])
		}
		row := make([]Cell, len(vars))
		for vi, v := range vars {
			x := cols[vi]
			c := Cell{Task: task, Variant: v.Name, N: len(x), Mean: math.NaN(), SD: math.NaN(), CI: nanIv, Bootstrap: nanIv}
			switch {
			case len(x) >= 2:
				sum, err := stats.Summarize(x, opt.Level)
				if err != nil {
					return nil, err
				}
				c.Mean, c.SD, c.CI = sum.Mean, sum.SD, sum.CI
			case len(x) == 1:
				c.Mean = x[0]
			}
			if len(x) >= 1 && opt.BootstrapResamples > 0 {
				rnd := seeds.Rand(seeds.Run(opt.BootstrapSeed, task, v.Name, 0), StreamBootstrap)
				if c.Bootstrap, err = stats.Bootstrap(x, nil, opt.Level, opt.BootstrapResamples, rnd); err != nil {
					return nil, err
				}
			}
			row[vi] = c
		}
		a.Cells = append(a.Cells, row)

		// Across all variants.
		if kt, ok := a.kruskal(task, "all", "", cfg.Variants, cols); ok {
			a.Overall = append(a.Overall, kt)
		}

		// Per factor with the others fixed.
		var kws []KruskalTest
		var pairs []PairTest
		for _, f := range Factors {
			for _, set := range factorSets(vars, f) {
				fixed := fixedText(vars[set[0]], f)
				if len(set) >= 3 {
					names := make([]string, len(set))
					gs := make([][]float64, len(set))
					for i, vi := range set {
						names[i] = vars[vi].Name
						gs[i] = cols[vi]
					}
					if kt, ok := a.kruskal(task, f.String(), fixed, names, gs); ok {
						kws = append(kws, kt)
					}
				}
				for i := 0; i < len(set); i++ {
					for j := i + 1; j < len(set); j++ {
						va, vb := vars[set[i]], vars[set[j]]
						x, y := cols[set[i]], cols[set[j]]
						r, err := stats.MannWhitneyU(x, y)
						if err != nil {
							a.Skipped = append(a.Skipped, fmt.Sprintf("Task%d %s: Mann–Whitney %s vs %s: %v", task, f, va.Name, vb.Name, err))
							continue
						}
						pairs = append(pairs, PairTest{Task: task, Factor: f, Fixed: fixed, A: va.Name, B: vb.Name,
							U: r.U, P: r.P, Exact: r.Exact})
					}
				}
			}
		}
		if err := holm(kws, opt.Alpha, kruskalFields); err != nil {
			return nil, err
		}
		if err := holm(pairs, opt.Alpha, pairFields); err != nil {
			return nil, err
		}
		a.FactorKW = append(a.FactorKW, kws...)
		a.Pairs = append(a.Pairs, pairs...)
	}
	if err := holm(a.Overall, opt.Alpha, kruskalFields); err != nil {
		return nil, err
	}
	return a, nil
}

// kruskal runs one Kruskal–Wallis test, recording a skip when it is
// undefined.
func (a *Analysis) kruskal(task int, factor, fixed string, names []string, groups [][]float64) (KruskalTest, bool) {
	r, err := stats.KruskalWallis(groups...)
	if err != nil {
		a.Skipped = append(a.Skipped, fmt.Sprintf("Task%d %s %s: Kruskal–Wallis: %v", task, factor, fixed, err))
		return KruskalTest{}, false
	}
	return KruskalTest{Task: task, Factor: factor, Fixed: fixed, Variants: names, H: r.H, DF: r.DF, P: r.P}, true
}

// holm replaces the Holm step-down adjusted p-values and rejections of the
// family ts in place; fields returns a test's raw p-value and where its
// adjusted p-value and rejection go.
func holm[T any](ts []T, alpha float64, fields func(*T) (p float64, pHolm *float64, reject *bool)) error {
	if len(ts) == 0 {
		return nil
	}
	p := make([]float64, len(ts))
	for i := range ts {
		p[i], _, _ = fields(&ts[i])
	}
	adj, rej, err := stats.Holm(p, alpha)
	if err != nil {
		return err
	}
	for i := range ts {
		_, pHolm, reject := fields(&ts[i])
		*pHolm, *reject = adj[i], rej[i]
	}
	return nil
}

func kruskalFields(t *KruskalTest) (float64, *float64, *bool) { return t.P, &t.PHolm, &t.Reject }

func pairFields(t *PairTest) (float64, *float64, *bool) { return t.P, &t.PHolm, &t.Reject }

// factorSets groups the indices of vars that share every factor but f (and
// the Dale flag) into sets of at least two with distinct levels of f, in
// variant order.
func factorSets(vars []experiment.Variant, f Factor) [][]int {
	type key struct {
		a, b int
		dale bool
	}
	var order []key
	sets := map[key][]int{}
	for i, v := range vars {
		var k key
		switch f {
		case FactorInit:
			k = key{level(v, FactorDistance), level(v, FactorComm), v.Dale}
		case FactorDistance:
			k = key{level(v, FactorInit), level(v, FactorComm), v.Dale}
		default:
			k = key{level(v, FactorInit), level(v, FactorDistance), v.Dale}
		}
		if _, ok := sets[k]; !ok {
			order = append(order, k)
		}
		sets[k] = append(sets[k], i)
	}
	var out [][]int
	for _, k := range order {
		if len(sets[k]) >= 2 {
			out = append(out, sets[k])
		}
	}
	return out
}

// fixedText describes the levels of v other than factor f.
func fixedText(v experiment.Variant, f Factor) string {
	var parts []string
	for _, g := range Factors {
		if g != f {
			parts = append(parts, g.String()+"="+LevelName(v, g))
		}
	}
	if v.Dale {
		parts = append(parts, "EI")
	}
	return strings.Join(parts, " ")
}

// fmtP formats a p-value: three significant digits.
func fmtP(p float64) string {
	if p >= 0.001 {
		return fmt.Sprintf("%.3f", p)
	}
	return fmt.Sprintf("%.2e", p)
}

func fmtIv(iv stats.Interval) string {
	if math.IsNaN(iv.Low) {
		return "(n/a)"
	}
	return fmt.Sprintf("(%.3f, %.3f)", iv.Low, iv.High)
}

// WriteText writes the analysis as plain text: the Table-2 style table (mean
// and t-interval per variant and task; the bootstrap interval below it when
// computed), then the Kruskal–Wallis and Mann–Whitney tests with raw and
// Holm-corrected p-values; "*" marks a Holm rejection at Alpha.
func (a *Analysis) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	what := a.Metric.String()
	if a.Metric == Accuracy {
		if a.AccuracySource == experiment.AccuracyHeldOut {
			what += " (held-out test accuracy)"
		} else {
			what += " (last-epoch training accuracy, as published)"
		}
	}
	fmt.Fprintf(ew, "== %s: mean (%.0f%% t-interval) over simulations ==\n", what, 100*a.Level)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "variant")
	for _, t := range a.Tasks {
		fmt.Fprintf(tw, "\tTask%d", t)
	}
	fmt.Fprintln(tw)
	for vi, v := range a.Variants {
		fmt.Fprint(tw, v)
		for ti := range a.Tasks {
			c := a.Cells[ti][vi]
			fmt.Fprintf(tw, "\t%.3f %s n=%d", c.Mean, fmtIv(c.CI), c.N)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if len(a.Cells) > 0 && len(a.Cells[0]) > 0 && !math.IsNaN(a.Cells[0][0].Bootstrap.Low) {
		fmt.Fprintf(ew, "\npercentile-bootstrap %.0f%% intervals of the mean:\n", 100*a.Level)
		tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		fmt.Fprint(tw, "variant")
		for _, t := range a.Tasks {
			fmt.Fprintf(tw, "\tTask%d", t)
		}
		fmt.Fprintln(tw)
		for vi, v := range a.Variants {
			fmt.Fprint(tw, v)
			for ti := range a.Tasks {
				fmt.Fprintf(tw, "\t%s", fmtIv(a.Cells[ti][vi].Bootstrap))
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	star := func(r bool) string {
		if r {
			return "*"
		}
		return ""
	}
	if len(a.Overall) > 0 {
		fmt.Fprintf(ew, "\nKruskal–Wallis across all variants (Holm over tasks, alpha %.2g):\n", a.Alpha)
		for _, k := range a.Overall {
			fmt.Fprintf(ew, "  Task%d: H = %.3f, df = %d, p = %s, Holm p = %s %s\n", k.Task, k.H, k.DF, fmtP(k.P), fmtP(k.PHolm), star(k.Reject))
		}
	}
	for _, t := range a.Tasks {
		var kws []KruskalTest
		for _, k := range a.FactorKW {
			if k.Task == t {
				kws = append(kws, k)
			}
		}
		var ps []PairTest
		for _, p := range a.Pairs {
			if p.Task == t {
				ps = append(ps, p)
			}
		}
		if len(kws) > 0 {
			fmt.Fprintf(ew, "\nTask%d, Kruskal–Wallis per factor, other factors fixed (Holm over %d tests):\n", t, len(kws))
			tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
			for _, k := range kws {
				fmt.Fprintf(tw, "  %s\t[%s]\t%s\tH = %.3f\tp = %s\tHolm p = %s %s\n", k.Factor, k.Fixed,
					strings.Join(k.Variants, " "), k.H, fmtP(k.P), fmtP(k.PHolm), star(k.Reject))
			}
			tw.Flush()
		}
		if len(ps) > 0 {
			fmt.Fprintf(ew, "\nTask%d, Mann–Whitney U (two-sided) per factor, other factors fixed (Holm over %d tests):\n", t, len(ps))
			tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
			for _, p := range ps {
				method := "normal"
				if p.Exact {
					method = "exact"
				}
				fmt.Fprintf(tw, "  %s\t[%s]\t%s vs %s\tU = %.1f\tp = %s (%s)\tHolm p = %s %s\n", p.Factor, p.Fixed,
					p.A, p.B, p.U, fmtP(p.P), method, fmtP(p.PHolm), star(p.Reject))
			}
			tw.Flush()
		}
	}
	if len(a.Skipped) > 0 {
		fmt.Fprintln(ew, "\nTests not computed:")
		for _, s := range a.Skipped {
			fmt.Fprintf(ew, "  %s\n", s)
		}
	}
	return ew.err
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// configVariants returns the Variants of cfg's variant names (cfg is
// valid, so every name is known).
func configVariants(cfg *experiment.Config) []experiment.Variant {
	out := make([]experiment.Variant, len(cfg.Variants))
	for i, n := range cfg.Variants {
		out[i], _ = experiment.VariantByName(n)
	}
	return out
}

// level returns v's level of factor f as an integer.
func level(v experiment.Variant, f Factor) int {
	switch f {
	case FactorInit:
		return int(v.Init)
	case FactorDistance:
		return int(v.Distance)
	default:
		return int(v.Comm)
	}
}
