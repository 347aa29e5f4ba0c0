package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
)

// setup is everything a run needs, composed from the validated options
// before any training starts.
type setup struct {
	opts    *options
	cfg     experiment.Config
	field   *connectome.Field
	trainer *experiment.PaperTrainer // distances, penalties and W* of the variant
	spec    experiment.RunSpec       // the run's seeds
}

// newSetup checks that the output folder is writable, reads or builds the
// field of o.cfg and prepares its distance and communicability matrices and
// the run's spec (the sweep's run of (task, variant, simulation 0)).
func newSetup(o *options) (*setup, error) {
	if err := checkOutputDir(o.out); err != nil {
		return nil, err
	}
	field, err := loadField(&o.cfg)
	if err != nil {
		return nil, err
	}
	trainer, err := experiment.NewPaperTrainer(&o.cfg, field)
	if err != nil {
		return nil, err
	}
	number, err := experiment.TaskNumber(o.taskName)
	if err != nil {
		return nil, err
	}
	s := &setup{opts: o, cfg: o.cfg, field: field, trainer: trainer}
	if s.spec, err = trainer.Spec(experiment.RunKey{Task: number, Variant: o.variant.Name}); err != nil {
		return nil, err
	}
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
