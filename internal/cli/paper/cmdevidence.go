package paper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/experiment/ablation"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
	"github.com/cortexrnn/cortexrnn/internal/configflags"
	"github.com/cortexrnn/cortexrnn/report"
)

const evidenceUsage = `usage: paper evidence [-out evidence.md] [flags] DIR...

Writes one Markdown report, with its figures in a folder beside it
(<name>_figures/), over any set of finished sweep folders: the reference
reproduction, the corrected preset on one or more fields, ablations that
switch one correction each (paper ablate), the positive-only arm. For each
of the paper's claims it states the published number (docs/method.md §9), the
reference reproduction, each correction's effect (difference in means with
its bootstrap interval, Holm-adjusted p), the corrected result per field and
pooled over fields (van Elteren), the ranking agreement across fields
(Kendall's W), and flags fields whose grid control is degenerate. Folders
with dynamics summaries (paper analyze -dynamics) are compared on them with
the same statistics, in a section of their own. A folder with runs missing
is refused, or with -skip-unfinished left out and named in the report. Flags:
`

// runEvidence is "paper evidence".
func runEvidence(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("evidence", evidenceUsage, stderr)
	out := fs.String("out", "evidence.md", "Markdown `FILE` to write; figures go to <FILE without .md>_figures/")
	opt := report.DefaultEvidenceOptions()
	fs.Float64Var(&opt.Level, "level", opt.Level, "confidence level of the intervals")
	fs.Float64Var(&opt.Alpha, "alpha", opt.Alpha, "family-wise error rate of Holm's procedure")
	fs.IntVar(&opt.Resamples, "resamples", opt.Resamples, "bootstrap resamples per interval (at least 1)")
	fs.Uint64Var(&opt.Seed, "boot-seed", opt.Seed, "seed of the bootstrap")
	skip := fs.Bool("skip-unfinished", false, "leave out, and name in the report, folders with runs missing (default: refuse them)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no sweep folder given")
	}
	if *out == "" || !strings.HasSuffix(strings.ToLower(*out), ".md") {
		return usagef("-out %q: want a Markdown file name ending in .md", *out)
	}
	if err := opt.Validate(); err != nil {
		return usageError{err}
	}
	figDir := strings.TrimSuffix(*out, filepath.Ext(*out)) + "_figures"
	if err := checkWritable(figDir); err != nil {
		return usageError{err}
	}
	opt.FigureDir, opt.FigureLink = figDir, filepath.Base(figDir)
	opt.FieldN = map[string]int{}
	var sweeps []*report.Sweep
	var unfinished []report.UnfinishedSweep
	for _, dir := range fs.Args() {
		sw, err := loadSweep(dir)
		var miss *experiment.MissingRunsError
		if *skip && errors.As(err, &miss) {
			u := report.UnfinishedSweep{Dir: dir, Done: miss.Total - miss.Missing, Total: miss.Total}
			unfinished = append(unfinished, u)
			fmt.Fprintf(stderr, "paper evidence: %s left out: %d of %d runs stored\n", dir, u.Done, u.Total)
			continue
		}
		if err != nil {
			return err
		}
		sweeps = append(sweeps, sw)
		// The grid control needs the field's true size; a field folder
		// that cannot be read leaves the report to say where N came from.
		if sw.Config.FieldDir != "" {
			if f, err := experiment.LoadField(&sw.Config); err == nil {
				opt.FieldN[sw.Config.Field()] = f.N
			} else {
				fmt.Fprintf(stderr, "paper evidence: %s: field not read (%v); the grid control uses the published field table\n", dir, err)
			}
		}
	}
	if len(sweeps) == 0 {
		return usagef("no finished sweep folder among the %d given", fs.NArg())
	}
	ev := report.Evidence{Sweeps: sweeps, Options: opt, Unfinished: unfinished}
	var buf bytes.Buffer
	nfig, err := ev.WriteMarkdown(&buf)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "evidence report written to %s (%d figures in %s)\n", *out, nfig, figDir)
	return nil
}

const ablateUsage = `usage: paper ablate [-preset reference] [sweep flags] [-out ROOT]
       paper ablate -base DIR -correction NAME [-out ROOT] [-j n]

Plans the ablations of the corrections: from the preset (with the sweep
flags applied), each correction switched alone. For each it prints the flag
that switches it, the variants whose runs change (trained) and those whose
runs are the base sweep's (the same run fingerprint: reused), and the
command that runs the ablation.

With -base (a finished sweep folder) and -correction (a name of the plan's
first column), it runs that ablation of the base sweep's configuration into
ROOT/<flag>: it trains the variants the correction changes and takes every
other run's result from the base folder (ablation.ReuseTrainer), then
writes the published layout. Flags:
`

// runAblate is "paper ablate".
func runAblate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("ablate", ablateUsage, stderr)
	root := fs.String("out", "ablations", "output `ROOT` under which each ablation's command writes (ROOT/<flag>)")
	baseDir := fs.String("base", "", "finished base sweep `DIR` whose ablation to run (with -correction)")
	correction := fs.String("correction", "", "the correction to switch, by `name` (DataSharing, ReshapeCoordinates, …), with -base")
	jobs := fs.Int("j", 0, jobsUsage+" (with -base)")
	var sf sweepFlags
	sf.register(fs, true)
	// Ablations start from the published configuration.
	pf := fs.Lookup("preset")
	pf.DefValue = "reference"
	if err := pf.Value.Set("reference"); err != nil {
		return err
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	if *baseDir != "" || *correction != "" {
		if *baseDir == "" || *correction == "" {
			return usagef("-base and -correction go together")
		}
		if len(sf.givenNames()) > 0 {
			return usagef("-base takes the base sweep's configuration; sweep flags do not apply")
		}
		if *jobs < 0 {
			return usagef("-j %d: need 0 (one run per CPU) or more", *jobs)
		}
		return runOneAblation(ctx, *baseDir, *correction, *root, *jobs, stdout, stderr)
	}
	p, err := sf.parsePreset()
	if err != nil {
		return err
	}
	base, err := sf.config(p)
	if err != nil {
		return err
	}
	prov, err := experiment.CurrentProvenance(&base)
	if err != nil {
		return err
	}
	plans, err := ablation.PlanAll(&base, prov.Inputs)
	if err != nil {
		return err
	}
	if len(plans) == 0 {
		fmt.Fprintln(stdout, "the configuration has every correction: nothing to ablate")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "correction\tflag\truns trained\ttrained\treused")
	var cmds []string
	for _, pl := range plans {
		flag, _ := configflags.FlagFor(pl.Correction)
		value := settingValue(&pl.Config, pl.Correction)
		fmt.Fprintf(tw, "%s\t-%s=%s\t%d\t%s\t%s\n", pl.Correction, flag, value, pl.TrainedRuns(),
			orNone(pl.Trained), orNone(pl.Reused))
		var given []string
		for _, kv := range sf.flags.GivenValues() {
			given = append(given, fmt.Sprintf("-%s=%s", kv[0], kv[1]))
		}
		cmds = append(cmds, fmt.Sprintf("paper run -preset %s %s-%s=%s -out %s", p,
			strings.Join(append(given, ""), " "), flag, value, filepath.Join(*root, flag)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nRun each ablation with paper run (which trains every run), or, once the base sweep is finished,")
	fmt.Fprintln(stdout, "with paper ablate -base DIR -correction NAME, which reuses the base's runs marked reused:")
	for _, c := range cmds {
		fmt.Fprintln(stdout, "  "+c)
	}
	return nil
}

// runOneAblation runs the ablation of one correction of the sweep in
// baseDir into root/<flag>, reusing the base's runs it leaves unchanged.
func runOneAblation(ctx context.Context, baseDir, correction, root string, jobs int, stdout, stderr io.Writer) error {
	base, err := loadSweep(baseDir)
	if err != nil {
		return err
	}
	// The reused runs are stored as recorded at training time, not with
	// the analyses of their networks (paper analyze) applied.
	if base.Records, err = experiment.LoadRecords(base.Dir, &base.Config, false); err != nil {
		return err
	}
	plan, err := ablation.PlanOne(&base.Config, correction, base.Provenance.Inputs)
	if err != nil {
		return usageError{err}
	}
	flag, _ := configflags.FlagFor(correction)
	jobs = autoJobs(jobs, plan.TrainedRuns())
	s, err := setupSweep(plan.Config, "", filepath.Join(root, flag), func(string) string { return "" }, fieldOptions{warn: stderr}, jobs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "paper ablate: %s from %s: training %s; reusing %s\n", correction, base.Dir,
		orNone(plan.Trained), orNone(plan.Reused))
	reuse := ablation.ReuseTrainer(s.trainer, base.Records, base.Fingerprint)
	sw := experiment.Sweep{Config: s.cfg, Trainer: reuse, Dir: s.dir, Jobs: jobs, Progress: newProgress(stderr)}
	st, err := sw.Run(ctx)
	fmt.Fprintf(stderr, "paper ablate: %d runs planned, %d already done, %d stored now (%d of them reused)\n",
		st.Planned, st.Skipped, st.Ran, reuse.Reused())
	if err != nil {
		return err
	}
	return finishAndPrint(s.dir, stdout)
}

// settingValue returns the value of one setting in the canonical encoding
// (experiment.ConfigText).
func settingValue(c *experiment.Config, name string) string {
	for _, line := range strings.Split(experiment.ConfigText(c), "\n") {
		if v, ok := strings.CutPrefix(line, name+": "); ok {
			return v
		}
	}
	return ""
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, " ")
}

// gridNote returns a note on the sweep's grid control (the grid of its D
// variants) when it is degenerate, "" otherwise or when the field cannot be
// read.
func gridNote(cfg *experiment.Config) string {
	f, err := experiment.LoadField(cfg)
	if err != nil {
		return ""
	}
	g := report.FieldGridControl(f)
	if !g.Degenerate() {
		return ""
	}
	return fmt.Sprintf("field %s: degenerate grid control (%s); the D variants' grid differs in kind from a three-dimensional one", cfg.Field(), g.Reason())
}
