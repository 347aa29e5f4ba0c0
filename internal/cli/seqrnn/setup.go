package seqrnn

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

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
	// prov is where the run's numbers come from, as a sweep records it.
	prov experiment.Provenance
	// warnings are the field reader's out-of-spec findings
	// (-allow-out-of-spec), printed with the header.
	warnings []error
}

// newSetup checks that the output folder is writable, reads or builds the
// field of o.cfg and prepares its distance and communicability matrices and
// the run's spec (the sweep's run of (task, variant, simulation 0)).
func newSetup(o *options) (*setup, error) {
	if err := checkOutputDir(o.out); err != nil {
		return nil, err
	}
	field, warnings, err := loadField(&o.cfg, o.allowOutOfSpec)
	if err != nil {
		return nil, err
	}
	trainer, err := experiment.NewPaperTrainer(&o.cfg, field)
	if err != nil {
		return nil, err
	}
	i := slices.Index(o.cfg.Tasks, o.taskName)
	if i < 0 {
		return nil, fmt.Errorf("task %s is not among the configuration's tasks %v", o.taskName, o.cfg.Tasks)
	}
	number := o.cfg.TaskNumbers()[i]
	s := &setup{opts: o, cfg: o.cfg, field: field, trainer: trainer, warnings: warnings}
	if s.prov, err = experiment.CurrentProvenance(&o.cfg); err != nil {
		return nil, err
	}
	if s.spec, err = o.cfg.Spec(experiment.RunKey{Task: number, Variant: o.variant.Name}, s.prov.Inputs); err != nil {
		return nil, err
	}
	return s, nil
}

// loadField reads the -field folder, or builds the synthetic field of -n
// neurons (cfg.SyntheticN; its seed stays the default SyntheticSeed, so
// that -seed changes the network and the trials but not the field), with
// experiment.LoadField or, for a folder, connectome.FieldReader; with
// allowOutOfSpec, functional matrices that fail the meaning checks are
// accepted and the failures returned.
func loadField(cfg *experiment.Config, allowOutOfSpec bool) (*connectome.Field, []error, error) {
	dir, err := cfg.FieldFolder()
	if err != nil {
		return nil, nil, err
	}
	if dir != "" {
		fi, err := os.Stat(dir)
		switch {
		case err != nil:
			return nil, nil, fmt.Errorf("-field: %w", err)
		case !fi.IsDir():
			return nil, nil, fmt.Errorf("-field %s: not a folder", dir)
		}
	}
	var f *connectome.Field
	var warnings []error
	if dir == "" {
		f, err = experiment.LoadField(cfg)
	} else {
		f, warnings, err = connectome.FieldReader{AllowOutOfSpec: allowOutOfSpec}.ReadDir(dir)
	}
	switch {
	case dir == "" && err != nil:
		return nil, nil, fmt.Errorf("-n %d: %w", cfg.SyntheticN, err)
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, fmt.Errorf("-field %s: not a MICrONS field folder (<f>/ holding connectome_<f>.csv, "+
			"corr_matrix.npy, sttc_matrix.npy, precision_matrix.npy, positions_<f>.npy): %w", dir, err)
	case errors.Is(err, connectome.ErrOutOfSpec):
		return nil, nil, fmt.Errorf("-field %s: %w (-allow-out-of-spec accepts it with a warning)", dir, err)
	case err != nil:
		return nil, nil, fmt.Errorf("-field %s: %w", dir, err)
	}
	return f, warnings, nil
}
