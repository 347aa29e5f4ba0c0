package seqrnn

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/configflags"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// Defaults of seqrnn's own flags.
const (
	defaultTask    = "onechoice"
	defaultVariant = "W*D*C"
	defaultPreset  = "corrected"
	defaultOut     = "out/seqrnn"
	defaultBLAS    = blasFast

	// minN is the smallest synthetic field: the graph metrics need at
	// least graphmetrics.MinNodes units, and a handful more to mean much.
	minN = 8
)

// seqrnnDefaults are seqrnn's deliberate departures from the shared
// defaults of its preset, stated here and nowhere else; every other
// setting is the preset's (the published values), and the flags of
// internal/configflags override them all.
//
//   - One run: the extent is one task, one variant, simulation 0, so a
//     seqrnn run is exactly the sweep's run of (task, variant, 0).
//   - ClipNorm 1 in the corrected preset. Unclipped, the ReLU network
//     trained with Adam sometimes blows up late in training (on the default
//     field, seeds 1 and 5 collapsed during epoch 10); with the gradient's
//     global norm clipped at 1, seeds 1–6 all end at held-out accuracy 1.0.
//     The reference preset is the paper exactly: no clipping (-clip 0 does
//     the same in the corrected preset).
func seqrnnDefaults(cfg *experiment.Config, task string, variant experiment.Variant) {
	cfg.Tasks = []string{task}
	cfg.Variants = []string{variant.Name}
	cfg.Simulations = 1
	if cfg.Preset == experiment.Corrected {
		cfg.ClipNorm = 1
	}
}

// BLAS choices of -blas.
const (
	blasFast  = "fast"  // fastblas.Implementation for blas32 and blas64
	blasGonum = "gonum" // gonum's pure-Go reference implementation
)

// usageError is an error in the command line (exit status 2). reported is
// set when package flag has already printed it, with the usage text.
type usageError struct {
	msg      string
	reported bool
}

func (e *usageError) Error() string { return e.msg }

// options is the validated command line.
type options struct {
	task     tasks.Task
	taskName string // canonical task name, e.g. "onechoice"
	variant  experiment.Variant
	cfg      experiment.Config // the run's configuration, validated
	out      string
	blas     string
	dynamics bool // -dynamics: fixed points and state space (dynamics.go)
	// allowOutOfSpec (-allow-out-of-spec) accepts functional matrices that
	// fail connectome's meaning checks, printing each failure.
	allowOutOfSpec bool
}

// parseOptions parses and checks args. Command-line errors are
// *usageError; the flag package's own messages and the usage text go to
// stderr. It touches no file: the field folder and the output folder are
// checked by setup.
func parseOptions(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("seqrnn", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: seqrnn [flags]\n\n"+
			"Trains one biologically constrained RNN (arXiv 2606.14975) and writes its figures.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	task := fs.String("task", defaultTask, "task `name`: "+strings.Join(tasks.Names(), ", ")+
		" (aliases task1, task2, task3 for the paper's three)")
	variant := fs.String("variant", defaultVariant, "network `variant`, one of the paper's eleven ("+
		strings.Join(experiment.ReferenceConfig().Variants, ", ")+"; or WsDsC, … without shell quoting: s for *, p for !) or an extra control")
	preset := fs.String("preset", defaultPreset, "`preset`: corrected (defects fixed) or reference (the published code exactly)")
	out := fs.String("out", defaultOut, "output `folder` for the figures and tables")
	blas := fs.String("blas", defaultBLAS, "matrix-product `backend`: fast (package fastblas) or gonum")
	dyn := fs.Bool("dynamics", false, "also find the trained network's fixed and slow points and write "+fileFixedPoints+" and the state-space figures (paper tasks only)")
	outOfSpec := fs.Bool("allow-out-of-spec", false, "accept correlation/STTC/precision matrices outside their meaning (entries outside [-1, 1], asymmetry, a diagonal other than 1), with a warning per violation; an all-zero or non-finite matrix is refused regardless")
	flags := configflags.Register(fs, "tasks", "variants", "sims")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, &usageError{msg: err.Error(), reported: true}
	}
	bad := func(format string, a ...any) (*options, error) {
		return nil, &usageError{msg: fmt.Sprintf(format, a...)}
	}
	if fs.NArg() > 0 {
		return bad("unexpected arguments %q", fs.Args())
	}
	o := &options{out: *out, allowOutOfSpec: *outOfSpec}
	var err error
	if o.task, err = tasks.ByName(*task); err != nil {
		return bad("-task: %v", err)
	}
	o.taskName = o.task.Spec().Name
	if o.dynamics = *dyn; o.dynamics {
		if err := checkDynamicsTask(o.taskName); err != nil {
			return bad("-dynamics: %v", err)
		}
	}
	if o.variant, err = experiment.VariantByName(*variant); err != nil {
		return bad("-variant: %v", err)
	}
	var p experiment.Preset
	if err = p.UnmarshalText([]byte(*preset)); err != nil {
		return bad("-preset: %v", err)
	}
	if o.cfg, err = configflags.PresetConfig(p); err != nil {
		return bad("-preset: %v", err)
	}
	seqrnnDefaults(&o.cfg, o.taskName, o.variant)
	if err := flags.Apply(&o.cfg); err != nil {
		return bad("%v", err)
	}
	if o.cfg.FieldDir == "" && o.cfg.SyntheticN < minN {
		return bad("-synthetic-n: %d neurons; want at least %d for the graph metrics", o.cfg.SyntheticN, minN)
	}
	if err := configflags.Validate(&o.cfg); err != nil {
		return bad("%v", err)
	}
	switch b := strings.ToLower(*blas); b {
	case blasFast, blasGonum:
		o.blas = b
	default:
		return bad("-blas: unknown backend %q; valid: %s, %s", *blas, blasFast, blasGonum)
	}
	if strings.TrimSpace(o.out) == "" {
		return bad("-out: empty folder name")
	}
	o.out = filepath.Clean(o.out)
	return o, nil
}

// checkOutputDir creates dir (and its parents) if needed and proves that a
// file can be written there, before any training starts.
func checkOutputDir(dir string) error {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("output %s: exists and is not a folder", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".seqrnn-probe-*")
	if err != nil {
		return fmt.Errorf("output %s: not writable: %w", dir, err)
	}
	name := f.Name()
	cerr := f.Close()
	if rerr := os.Remove(name); rerr != nil && cerr == nil {
		cerr = rerr
	}
	if cerr != nil {
		return fmt.Errorf("output %s: %w", dir, cerr)
	}
	return nil
}
