package paper

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
	"github.com/cortexrnn/cortexrnn/report"
)

const reportUsage = `usage: paper report [-ref DIR] [-cor DIR] [-out report.md] [flags]

Writes one Markdown file, with its figures in a folder beside it
(<name>_figures/), that compares a reference sweep and a corrected sweep
claim by claim with the published numbers (docs/method.md §9): the ordering of the
variants per task, the W, D and C factor tests (Holm-corrected), modularity,
small-worldness and weight entropy, what changed between the presets, and
the variants' dynamics when the folders have them (paper analyze -dynamics).

-ref and -cor name finished sweep folders (or output roots holding one). A
preset whose folder is not given is trained first, into -runs/<preset>, with the sweep
flags below and small defaults: Task 1 only and 5 simulations (every other
setting is the preset's; see paper run -h). Flags:
`

// Defaults of the sweeps "paper report" trains itself.
const (
	reportDefaultTasks       = "1"
	reportDefaultSimulations = 5
)

// runReport is "paper report".
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", reportUsage, stderr)
	refDir := fs.String("ref", "", "finished reference sweep `DIR` (default: train one)")
	corDir := fs.String("cor", "", "finished corrected sweep `DIR` (default: train one)")
	out := fs.String("out", "report.md", "Markdown `FILE` to write; figures go to <FILE without .md>_figures/")
	runs := fs.String("runs", "", "output root `DIR` of the sweeps the report trains (default: report-runs beside -out)")
	jobs := fs.Int("j", 0, jobsUsage)
	var af analysisFlags
	fs.Float64Var(&af.level, "level", 0.95, "confidence level of the intervals")
	fs.Float64Var(&af.alpha, "alpha", report.DefaultFWER, "family-wise error rate of Holm's procedure")
	fs.IntVar(&af.resamples, "resamples", report.DefaultBootstrapResamples, "bootstrap resamples per cell (0: none)")
	fs.Uint64Var(&af.bootSeed, "boot-seed", 1, "seed of the bootstrap")
	var sf sweepFlags
	sf.register(fs, false)
	fo := fieldOptions{warn: stderr}
	fo.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	opt, err := af.options()
	if err != nil {
		return err
	}
	if *jobs < 0 {
		return usagef("-j %d: need 0 (one run per CPU) or more", *jobs)
	}
	if *out == "" || !strings.HasSuffix(strings.ToLower(*out), ".md") {
		return usagef("-out %q: want a Markdown file name ending in .md", *out)
	}
	if *refDir != "" && *corDir != "" {
		for _, name := range slices.Sorted(slices.Values(sf.givenNames())) {
			return usagef("-%s applies only to a sweep the report trains, but -ref and -cor are both given", name)
		}
		if *runs != "" {
			return usagef("-runs applies only to a sweep the report trains, but -ref and -cor are both given")
		}
	}
	figDir := strings.TrimSuffix(*out, filepath.Ext(*out)) + "_figures"
	if err := checkWritable(figDir); err != nil {
		return usageError{err}
	}
	if *runs == "" {
		*runs = filepath.Join(filepath.Dir(*out), "report-runs")
	}

	// Validate everything before training anything.
	given := map[experiment.Preset]string{experiment.Reference: *refDir, experiment.Corrected: *corDir}
	loaded := map[experiment.Preset]*report.Sweep{}
	var setups []*sweepSetup
	noSlurm := func(string) string { return "" }
	for _, p := range []experiment.Preset{experiment.Reference, experiment.Corrected} {
		if given[p] != "" {
			sw, err := loadSweep(given[p])
			if err != nil {
				return err
			}
			loaded[p] = sw
			continue
		}
		cfg, err := sf.config(p)
		if err != nil {
			return err
		}
		if !sf.given("tasks") {
			if cfg.Tasks, err = parseTasks(reportDefaultTasks); err != nil {
				return err
			}
		}
		if !sf.given("sims") {
			cfg.Simulations = reportDefaultSimulations
		}
		// Both presets write a folder of the same published name
		// (<field>_sttc-corr), so each gets its own root.
		*jobs = autoJobs(*jobs, planSize(&cfg))
		s, err := setupSweep(cfg, "", filepath.Join(*runs, p.String()), noSlurm, fo, *jobs)
		if err != nil {
			return err
		}
		setups = append(setups, s)
	}
	for _, s := range setups {
		if err := s.train(ctx, trainOptions{jobs: *jobs}, stderr); err != nil {
			return err
		}
		if err := report.Finish(s.dir); err != nil {
			return err
		}
		sw, err := loadSweep(s.dir)
		if err != nil {
			return err
		}
		loaded[s.cfg.Preset] = sw
	}

	comparison := report.Comparison{Reference: loaded[experiment.Reference], Corrected: loaded[experiment.Corrected],
		Options: opt, FigureDir: figDir, FigureLink: filepath.Base(figDir)}
	var buf bytes.Buffer
	nfig, err := comparison.WriteMarkdown(&buf)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report written to %s (%d figures in %s)\n", *out, nfig, figDir)
	return nil
}
