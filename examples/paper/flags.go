package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
)

var (
	errHelp      = errors.New("help requested")
	errFlagParse = errors.New("bad flags")
)

// parseFlags parses args with fs, which reports problems on its output.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		return errHelp
	}
	return errFlagParse
}

// newFlagSet returns a FlagSet that reports on stderr and does not exit.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("paper "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}

// sweepFlags are the flags that define a sweep's Config (shared by run and
// report). Every flag left unset keeps the preset's value.
type sweepFlags struct {
	preset            string
	field             string
	syntheticN        int
	tasks, variants   string
	sims, epochs      int
	seed              uint64
	lambda, lambdaEMD float64
	noise, lr         float64
	activation, bio   string
	expm              string
	grid, accuracy    string
	sign, shuffle     bool
	batch, train, val int
	test, nperm       int
	set               map[string]bool // sweep flags given on the command line
	names             map[string]bool // the sweep flags registered
}

// register adds the sweep flags to fs; withPreset adds -preset (report
// runs both presets and leaves it out).
func (f *sweepFlags) register(fs *flag.FlagSet, withPreset bool) {
	before := map[string]bool{}
	fs.VisitAll(func(fl *flag.Flag) { before[fl.Name] = true })
	defer func() {
		f.names = map[string]bool{}
		fs.VisitAll(func(fl *flag.Flag) {
			if !before[fl.Name] {
				f.names[fl.Name] = true
			}
		})
	}()
	if withPreset {
		fs.StringVar(&f.preset, "preset", "corrected", "configuration family: reference (PAPER.md, defects included) or corrected")
	}
	fs.StringVar(&f.field, "field", "", "MICrONS field `DIR` (e.g. ../shared/microns/6_6_2); empty: the built-in synthetic field")
	fs.IntVar(&f.syntheticN, "synthetic-n", connectome.DefaultSyntheticN, "neurons of the synthetic field (only without -field)")
	fs.StringVar(&f.tasks, "tasks", "1,2,3", "comma-separated `tasks`: 1 one-choice inference, 2 Go/NoGo, 3 perceptual decision")
	fs.StringVar(&f.variants, "variants", "", "comma-separated variant `names`, \"paper\" (the eleven) or \"extra\"; default: the preset's")
	fs.IntVar(&f.sims, "sims", experiment.DefaultSimulations, "simulations per (task, variant)")
	fs.IntVar(&f.epochs, "epochs", experiment.DefaultEpochs, "training epochs")
	fs.Uint64Var(&f.seed, "seed", experiment.DefaultSeed, "base seed; every run's seeds derive from it and (task, variant, simulation)")
	fs.Float64Var(&f.lambda, "lambda", spatial.DefaultLambda, "wiring-penalty strength λ")
	fs.Float64Var(&f.lambdaEMD, "lambda-emd", spatial.DefaultLambdaEMD, "EMD-term strength λ_emd")
	fs.Float64Var(&f.noise, "noise", rnn.DefaultInputNoise, "training input noise σ")
	fs.Float64Var(&f.lr, "lr", experiment.DefaultLearningRate, "Adam learning rate")
	fs.StringVar(&f.activation, "activation", "relu", "recurrent nonlinearity: relu or tanh")
	fs.StringVar(&f.bio, "bio", "corr", "functional matrices of the biological init: corr (Corr⊙STTC), precision (Precision⊙STTC) or sttc")
	fs.StringVar(&f.expm, "expm", "float32", "arithmetic of the communicability penalties' matrix exponential: float32 (Taylor, both presets) or float64 (Padé, as scipy; about 2.8× slower)")
	fs.StringVar(&f.grid, "grid", "", "grid coordinates of D: raw (published) or unit; default: the preset's")
	fs.StringVar(&f.accuracy, "accuracy", "", "what Accuracy reports: training (published) or heldout; default: the preset's")
	fs.BoolVar(&f.sign, "sign", false, "positive-only arm: clamp W ≥ 0 after every update (folder suffix _sign+)")
	fs.BoolVar(&f.shuffle, "shuffle", false, "reshuffle the training batches every epoch (published: fixed order)")
	fs.IntVar(&f.batch, "batch", experiment.DefaultBatchSize, "batch size (trial counts must be multiples of it)")
	fs.IntVar(&f.train, "train-trials", experiment.DefaultTrainTrials, "training trials")
	fs.IntVar(&f.val, "val-trials", experiment.DefaultValidationTrials, "validation trials")
	fs.IntVar(&f.test, "test-trials", experiment.DefaultTestTrials, "held-out test trials")
	fs.IntVar(&f.nperm, "nperm", experiment.DefaultSmallWorldNulls, "random null graphs for small-worldness")
}

// record notes which sweep flags fs was given; call it after parsing.
func (f *sweepFlags) record(fs *flag.FlagSet) {
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) {
		if f.names[fl.Name] {
			f.set[fl.Name] = true
		}
	})
}

// parsePreset returns the -preset flag's value.
func (f *sweepFlags) parsePreset() (experiment.Preset, error) {
	p, err := experiment.ParsePreset(f.preset)
	if err != nil {
		return 0, usagef("-preset: %v", err)
	}
	return p, nil
}

// config returns the preset's Config with every flag given on the command
// line applied, validated. Unset flags keep the preset's values.
func (f *sweepFlags) config(p experiment.Preset) (experiment.Config, error) {
	cfg, err := experiment.PresetConfig(p)
	if err != nil {
		return cfg, usagef("%v", err)
	}
	cfg.FieldDir = f.field
	// Config.Field names a synthetic field of another size after it
	// ("synthetic-n16"), in the fingerprint and the folder name.
	cfg.SyntheticN = f.syntheticN
	if f.field != "" && f.set["synthetic-n"] {
		return cfg, usagef("-synthetic-n applies only to the synthetic field, not with -field %s", f.field)
	}
	if f.field == "" && (f.syntheticN < 2 || f.syntheticN > connectome.MaxSyntheticN) {
		return cfg, usagef("-synthetic-n %d: want 2 to %d neurons", f.syntheticN, connectome.MaxSyntheticN)
	}
	if f.set["tasks"] {
		if cfg.Tasks, err = parseTasks(f.tasks); err != nil {
			return cfg, err
		}
	}
	if f.set["variants"] {
		if cfg.Variants, err = experiment.ParseVariants(f.variants); err != nil {
			return cfg, usagef("-variants: %v", err)
		}
	}
	ints := []struct {
		name string
		src  int
		dst  *int
	}{{"sims", f.sims, &cfg.Simulations}, {"epochs", f.epochs, &cfg.Epochs}, {"batch", f.batch, &cfg.BatchSize},
		{"train-trials", f.train, &cfg.TrainTrials}, {"val-trials", f.val, &cfg.ValidationTrials},
		{"test-trials", f.test, &cfg.TestTrials}, {"nperm", f.nperm, &cfg.SmallWorldNulls}}
	for _, x := range ints {
		if f.set[x.name] {
			*x.dst = x.src
		}
	}
	floats := []struct {
		name string
		src  float64
		dst  *float64
	}{{"lambda", f.lambda, &cfg.Lambda}, {"lambda-emd", f.lambdaEMD, &cfg.LambdaEMD},
		{"noise", f.noise, &cfg.InputNoise}, {"lr", f.lr, &cfg.LearningRate}}
	for _, x := range floats {
		if f.set[x.name] {
			*x.dst = x.src
		}
	}
	if f.set["seed"] {
		cfg.Seed = f.seed
	}
	if f.set["sign"] {
		cfg.PositiveOnly = f.sign
	}
	if f.set["shuffle"] {
		cfg.Shuffle = f.shuffle
	}
	if f.set["activation"] {
		if err = cfg.Activation.UnmarshalText([]byte(strings.ToLower(strings.TrimSpace(f.activation)))); err != nil {
			return cfg, usagef("-activation: %v", err)
		}
	}
	if f.set["expm"] {
		if err = cfg.ExpPrecision.UnmarshalText([]byte(f.expm)); err != nil {
			return cfg, usagef("-expm: %v", err)
		}
	}
	if f.set["bio"] {
		if cfg.BioSource, err = experiment.ParseBioSource(f.bio); err != nil {
			return cfg, usagef("-bio: %v", err)
		}
	}
	if f.set["grid"] {
		if cfg.GridScaling, err = experiment.ParseGridScaling(f.grid); err != nil {
			return cfg, usagef("-grid: %v", err)
		}
	}
	if f.set["accuracy"] {
		if cfg.AccuracySource, err = experiment.ParseAccuracySource(f.accuracy); err != nil {
			return cfg, usagef("-accuracy: %v", err)
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageError{err}
	}
	return cfg, nil
}

// parseTasks parses a comma-separated list of task numbers.
func parseTasks(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(f)), "task"))
		if f == "" {
			continue
		}
		t, err := strconv.Atoi(f)
		if err != nil {
			return nil, usagef("-tasks %q: %q is not a task number (valid: 1, 2, 3)", s, f)
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, usagef("-tasks %q: no task given (valid: 1, 2, 3)", s)
	}
	return out, nil
}
