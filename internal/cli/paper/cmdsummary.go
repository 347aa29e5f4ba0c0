package paper

import (
	"fmt"
	"io"
	"strings"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/report"
)

const summaryUsage = `usage: paper summary [flags] DIR

Prints, for a finished sweep folder DIR (or an output root holding exactly
one), the paper's Table-2 summary (mean, t-interval and bootstrap interval per
variant and task) and the factor tests (Kruskal–Wallis and Mann–Whitney U,
Holm-corrected) of each metric. Flags:
`

// analysisFlags are the statistics flags shared by summary and report.
type analysisFlags struct {
	level, alpha float64
	resamples    int
	bootSeed     uint64
}

func (a *analysisFlags) options() (report.AnalysisOptions, error) {
	o := report.AnalysisOptions{Level: a.level, Alpha: a.alpha, BootstrapResamples: a.resamples, BootstrapSeed: a.bootSeed}
	if err := o.Validate(); err != nil {
		return o, usageError{err}
	}
	return o, nil
}

// runSummary is "paper summary".
func runSummary(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("summary", summaryUsage, stderr)
	var af analysisFlags
	metrics := fs.String("metrics", "Accuracy,Modularity,SmallWorldness,Entropy", "comma-separated published metric `names`")
	fs.Float64Var(&af.level, "level", 0.95, "confidence level of the intervals")
	fs.Float64Var(&af.alpha, "alpha", report.DefaultFWER, "family-wise error rate of Holm's procedure")
	fs.IntVar(&af.resamples, "resamples", report.DefaultBootstrapResamples, "bootstrap resamples per cell (0: none)")
	fs.Uint64Var(&af.bootSeed, "boot-seed", 1, "seed of the bootstrap")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one sweep folder, got %d arguments", fs.NArg())
	}
	opt, err := af.options()
	if err != nil {
		return err
	}
	var ms []report.Metric
	for _, name := range strings.Split(*metrics, ",") {
		m, err := report.ParseMetric(strings.TrimSpace(name))
		if err != nil {
			return usagef("-metrics: %v", err)
		}
		ms = append(ms, m)
	}
	sw, err := loadSweep(fs.Arg(0))
	if err != nil {
		return err
	}
	if err := report.WriteDivergence(stdout, sw.Config.Preset, report.CountDiverged(&sw.Config, sw.Records)); err != nil {
		return err
	}
	for i, m := range ms {
		a, err := report.Analyze(&sw.Config, sw.Records, m, opt)
		if err != nil {
			return err
		}
		if i > 0 {
			io.WriteString(stdout, "\n")
		}
		if err := a.WriteText(stdout); err != nil {
			return err
		}
		warnFewSimulations(stderr, a)
	}
	if note := gridNote(&sw.Config); note != "" {
		_, err := io.WriteString(stdout, "\nnote: "+note+"\n")
		return err
	}
	return nil
}

// fewSimulations is the number of simulations per cell below which summary
// warns: a 95% t-interval on n values is t(n−1) ≈ 2.8 (n = 5) to 12.7
// (n = 2) standard errors wide on each side, a percentile bootstrap on so
// few values is too narrow, and Mann–Whitney U cannot reach p < 0.05 with
// fewer than 4 per group. The paper used 20.
const fewSimulations = 10

// warnFewSimulations writes a warning to w when some cell of a rests on
// fewer than fewSimulations values.
func warnFewSimulations(w io.Writer, a *report.Analysis) {
	least := -1
	for _, row := range a.Cells {
		for _, c := range row {
			if least < 0 || c.N < least {
				least = c.N
			}
		}
	}
	if least >= 0 && least < fewSimulations {
		fmt.Fprintf(w, "paper summary: warning: %v intervals and tests rest on as few as %d simulations per cell; "+
			"treat them as rough (t-intervals are wide, bootstrap intervals too narrow); the paper used 20 (-sims)\n", a.Metric, least)
	}
}

// loadSweep reads a complete sweep (report.LoadSweep; arg is resolved by
// resolveSweepDir); a folder that is not a complete sweep is a usage
// error.
func loadSweep(arg string) (*report.Sweep, error) {
	dir, err := resolveSweepDir(arg)
	if err != nil {
		return nil, err
	}
	cfg, err := experiment.LoadConfig(dir)
	if err != nil {
		return nil, usageError{err}
	}
	if _, _, err := experiment.LoadProvenance(dir); err != nil {
		return nil, usageError{err}
	}
	if _, err := experiment.LoadRecords(dir, &cfg, false); err != nil {
		return nil, usageError{describeMissing(dir, err)}
	}
	// The records as the folder publishes them: with the analyses of its
	// stored networks (paper analyze) applied, and its dynamics summaries.
	return report.LoadSweep(dir)
}
