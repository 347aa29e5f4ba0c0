package main

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
)

// paperTaskNumbers maps the paper's tasks to their numbers in the sweep's
// output layout (PAPER.md §7): a seqrnn run of one of them is exactly the
// sweep's run of (task, variant, simulation 0) with the same seed.
var paperTaskNumbers = map[string]int{"onechoice": 1, "gonogo": 2, "perceptualdm": 3}

// setup is everything a run needs, composed from the validated options
// before any training starts.
type setup struct {
	opts    *options
	cfg     experiment.Config
	field   *connectome.Field
	trainer *experiment.PaperTrainer // distances, penalties and W* of the variant
	spec    experiment.RunSpec       // the run's seeds
}

// newSetup builds the experiment configuration of o (the preset with o's
// overrides), checks that the output folder is writable, reads or builds the
// field and prepares its distance and communicability matrices.
func newSetup(o *options) (*setup, error) {
	cfg, err := experiment.PresetConfig(o.preset)
	if err != nil {
		return nil, err
	}
	cfg.FieldDir = o.fieldDir
	cfg.SyntheticN = o.n
	number, paper := paperTaskNumbers[o.taskName]
	if paper {
		cfg.Tasks = []int{number}
	} else {
		// The sweep knows only the paper's tasks; its seeds take any
		// number, so another task gets a stable one from its name.
		cfg.Tasks = []int{1}
		number = otherTaskNumber(o.taskName)
	}
	cfg.Variants = []string{o.variant.Name}
	cfg.Simulations = 1
	cfg.Epochs = o.epochs
	cfg.Seed = o.seed
	cfg.ClipNorm = o.clip
	cfg.ExpPrecision = o.expm
	cfg.BatchSize = o.batch
	cfg.TrainTrials, cfg.ValidationTrials, cfg.TestTrials = o.train, o.heldOut, o.test
	cfg.SmallWorldNulls = o.nulls
	cfg.Lambda = o.lambda
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := checkOutputDir(o.out); err != nil {
		return nil, err
	}
	field, err := loadField(&cfg)
	if err != nil {
		return nil, err
	}
	trainer, err := experiment.NewPaperTrainer(&cfg, field)
	if err != nil {
		return nil, err
	}
	s := &setup{opts: o, cfg: cfg, field: field, trainer: trainer}
	key := experiment.RunKey{Task: number, Variant: o.variant.Name}
	// As experiment.Config.Spec, also for tasks outside the paper's three.
	s.spec = experiment.RunSpec{Key: key, Variant: o.variant, Config: &s.cfg,
		Seed: experiment.RunSeed(cfg.Seed, number, o.variant.Name, 0), DataSeed: experiment.DataSeed(cfg.Seed, number, 0)}
	return s, nil
}

// loadField reads the -field folder, or builds the synthetic field of -n
// neurons (cfg.SyntheticN; its seed stays experiment.DefaultSyntheticSeed,
// so that -seed changes the network and the trials but not the field), with
// experiment.LoadField.
func loadField(cfg *experiment.Config) (*connectome.Field, error) {
	dir := cfg.FieldDir
	if dir != "" {
		fi, err := os.Stat(dir)
		switch {
		case err != nil:
			return nil, fmt.Errorf("-field: %w", err)
		case !fi.IsDir():
			return nil, fmt.Errorf("-field %s: not a folder", dir)
		}
	}
	f, err := experiment.LoadField(cfg)
	switch {
	case dir == "" && err != nil:
		return nil, fmt.Errorf("-n %d: %w", cfg.SyntheticN, err)
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("-field %s: not a MICrONS field folder (<f>/ holding connectome_<f>.csv, "+
			"corr_matrix.npy, sttc_matrix.npy, precision_matrix.npy, positions_<f>.npy): %w", dir, err)
	case err != nil:
		return nil, fmt.Errorf("-field %s: %w", dir, err)
	}
	return f, nil
}

// otherTaskNumber is the seed-derivation number of a task outside the
// paper's three: 100 plus a hash of its name, so it never collides with 1–3
// and stays the same when tasks are added to package tasks.
func otherTaskNumber(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return 100 + int(h.Sum32()%1_000_000)
}
