package paper

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/report"
)

const runUsage = `usage: paper [run] [flags]

Trains the sweep of a preset (every task × variant × simulation), storing
each finished run at once under <out>/<folder>/runs/ (its record and, unless
-weights=false, its trained network runs/<key>.npz); rerunning the same
command resumes. Without -shard (or a Slurm array) it then writes the
published layout, summary.txt and figures/. Flags:
`

// runOptions are the flags of "paper run" beyond the Config.
type runOptions struct {
	sweep sweepFlags
	jobs  int
	shard string
	out   string
	mixed bool
	// retrain (-retrain-diverged) retrains runs stored as diverged.
	retrain bool
	field   fieldOptions
	// weights keeps each run's weights file runs/<key>.npz (default).
	weights bool
	hooks   runHooks // slurm: -events, SIGUSR1, the test hold (hooks.go)
}

func (o *runOptions) register(fs *flag.FlagSet) {
	fs.IntVar(&o.jobs, "j", 0, jobsUsage)
	fs.StringVar(&o.shard, "shard", "", "run only shard `i/n` of the plan (0-based); default: SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT when set, else everything")
	fs.BoolVar(&o.mixed, "allow-mixed-kernels", false, "resume a sweep whose stored runs were trained on another BLAS kernel (avx512, avx2, generic, gonum, openblas; they differ in the last bits)")
	fs.BoolVar(&o.retrain, "retrain-diverged", false, "retrain the runs stored as diverged (training is deterministic: by default a resume keeps them)")
	o.field.register(fs)
	fs.BoolVar(&o.weights, "weights", true, "keep each run's trained network in runs/<key>.npz (about 0.8 MB per run at N = 312; docs/weights.md); -weights=false keeps none (no fingerprint changes)")
	fs.StringVar(&o.out, "out", "results", "output root `DIR`; the sweep folder is DIR/<field>_sttc-corr[_sign+]")
	o.hooks.register(fs) // slurm
}

// runSweep is "paper run".
func runSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("run", runUsage, stderr)
	o.sweep.register(fs, true)
	o.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q (flags go before them? see paper run -h)", fs.Args())
	}
	if o.jobs < 0 {
		return usagef("-j %d: need 0 (one run per CPU) or more", o.jobs)
	}
	p, err := o.sweep.parsePreset()
	if err != nil {
		return err
	}
	cfg, err := o.sweep.config(p)
	if err != nil {
		return err
	}
	o.jobs = autoJobs(o.jobs, planSize(&cfg))
	o.field.warn = stderr
	s, err := setupSweep(cfg, o.shard, o.out, os.Getenv, o.field, o.jobs)
	if err != nil {
		return err
	}
	s.hooks = o.hooks // slurm
	s.skipWeights = !o.weights
	if err := s.train(ctx, trainOptions{jobs: o.jobs, allowMixed: o.mixed, retrainDiverged: o.retrain}, stderr); err != nil {
		return err
	}
	if s.shard.Count > 1 {
		fmt.Fprintf(stdout, "shard %v done in %s; when every shard has finished: paper merge -out DIR SHARD_DIR... (this one is %s)\n",
			shardText(s.shard), s.dir, s.dir)
		return nil
	}
	return finishAndPrint(s.dir, stdout)
}

// trainOptions are the options of sweepSetup.train.
type trainOptions struct {
	jobs                        int
	allowMixed, retrainDiverged bool
}

// train runs the sweep, reporting progress on stderr.
func (s *sweepSetup) train(ctx context.Context, to trainOptions, stderr io.Writer) error {
	jobs := to.jobs
	fmt.Fprintf(stderr, "paper: %s preset, field %s (N = %d), %d tasks × %d variants × %d simulations, %d epochs, shard %v, -j %d\n",
		s.cfg.Preset, s.field.Name, s.field.N, len(s.cfg.Tasks), len(s.cfg.Variants), s.cfg.Simulations,
		s.cfg.Epochs, shardText(s.shard), jobs)
	if s.cfg.Preset == experiment.Reference && s.cfg.FieldDir == "" {
		fmt.Fprintf(stderr, "paper: note: the reference preset on the synthetic field; the published numbers are for field %s (-field)\n", report.PublishedField)
	}
	prov, err := experiment.CurrentProvenance(&s.cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "paper: sweep folder %s (fingerprint %s; code %s (%s), %s, BLAS kernel %s)\n",
		s.dir, s.cfg.Fingerprint(prov.Inputs), prov.Code, prov.CodeSource, prov.Go, prov.Kernel)
	sw := experiment.Sweep{Config: s.cfg, Trainer: s.trainer, Dir: s.dir, Jobs: jobs, Shard: s.shard,
		AllowMixedKernels: to.allowMixed, RetrainDiverged: to.retrainDiverged, SkipWeights: s.skipWeights, Progress: newProgress(stderr)}
	// slurm: begin (hooks.go)
	detach, err := s.hooks.attach(&sw, os.Getenv, stderr)
	if err != nil {
		return err
	}
	defer detach()
	// slurm: end
	st, err := sw.Run(ctx)
	for _, p := range st.Stale {
		fmt.Fprintf(stderr, "paper: removed %s, a stale temporary file left by an interrupted write\n", p)
	}
	for _, from := range slices.Sorted(maps.Keys(st.MovedAside)) {
		fmt.Fprintf(stderr, "paper: %s was unreadable or invalid: moved to %s, its run retrained\n", from, st.MovedAside[from])
	}
	fmt.Fprintf(stderr, "paper: %d runs planned, %d already done, %d trained now", st.Planned, st.Skipped, st.Ran)
	if st.Diverged > 0 || st.Retrained > 0 {
		fmt.Fprintf(stderr, "; %d stored as diverged (see %s), %d diverged ones retrained", st.Diverged, report.DivergedFile, st.Retrained)
	}
	fmt.Fprintln(stderr)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("%w; finished runs are kept in %s: rerun the same command to resume", err, s.dir)
		}
		if errors.Is(err, experiment.ErrForeignRun) || errors.Is(err, experiment.ErrMixedKernels) {
			return usageError{err} // refused before anything was trained
		}
		return err
	}
	return nil
}

// finishAndPrint writes the published layout, summary and figures of a
// complete sweep folder and prints the summary.
func finishAndPrint(dir string, stdout io.Writer) error {
	if err := report.Finish(dir); err != nil {
		return err
	}
	b, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "published layout, summary.txt and figures/ written to %s\n\n", dir)
	_, err = stdout.Write(b)
	return err
}
