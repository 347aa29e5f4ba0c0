package paper

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
)

// sweepSetup is a validated sweep, ready to train: everything that can be
// checked before training has been.
type sweepSetup struct {
	cfg     experiment.Config
	field   *connectome.Field
	trainer *experiment.PaperTrainer
	dir     string // the sweep folder, <out>/<Config.FolderName()>
	shard   experiment.Shard
	hooks   runHooks // slurm: paper run's cluster hooks (hooks.go)
	// skipWeights keeps no weights files (paper run -weights=false).
	skipWeights bool
}

// setupSweep installs the kernels for jobs runs at once (useFastBLAS),
// validates a Config, the shard, the field (read, or built) and the output
// folder (created if need be), and prepares the trainer. getenv supplies the
// Slurm variables; shardText, when not empty, overrides them. The kernels
// come first so that what the setup computes (C_emp of the EMD variants)
// uses the same kernels as the training.
func setupSweep(cfg experiment.Config, shardText, out string, getenv func(string) string, fo fieldOptions, jobs int) (*sweepSetup, error) {
	useFastBLAS(jobs)
	s := &sweepSetup{cfg: cfg}
	if err := s.cfg.Validate(); err != nil {
		return nil, usageError{err}
	}
	var err error
	if shardText != "" {
		if s.shard, err = parseShard(shardText); err != nil {
			return nil, usagef("-shard: %v", err)
		}
	} else if sh, ok, err := shardFromEnv(getenv); err != nil {
		return nil, usageError{err}
	} else if ok {
		s.shard = sh
	}
	if out == "" {
		return nil, usagef("-out: empty output folder")
	}
	if s.field, err = loadField(&s.cfg, fo); err != nil {
		return nil, usageError{err}
	}
	if s.trainer, err = experiment.NewPaperTrainer(&s.cfg, s.field); err != nil {
		return nil, usageError{err}
	}
	s.dir = filepath.Join(out, s.cfg.FolderName())
	if err := checkWritable(s.dir); err != nil {
		return nil, usageError{err}
	}
	return s, nil
}

// fieldOptions are the program's options for reading a field folder.
type fieldOptions struct {
	// allowOutOfSpec (-allow-out-of-spec) accepts functional matrices
	// that fail connectome's meaning checks; each failure is printed on
	// warn.
	allowOutOfSpec bool
	warn           io.Writer
}

func (o *fieldOptions) register(fs *flag.FlagSet) {
	fs.BoolVar(&o.allowOutOfSpec, "allow-out-of-spec", false, "accept correlation/STTC/precision matrices outside their meaning (entries outside [-1, 1], asymmetry, a diagonal other than 1), with a warning per violation; an all-zero or non-finite matrix is refused regardless")
}

// loadField reads cfg's field folder, or builds its synthetic field
// (Config.SyntheticN, -synthetic-n, experiment.LoadField), reading a folder
// with connectome.FieldReader (-allow-out-of-spec), and
// prints the out-of-spec warnings it returns.
func loadField(cfg *experiment.Config, fo fieldOptions) (*connectome.Field, error) {
	if cfg.FieldDir == "" {
		return experiment.LoadField(cfg)
	}
	dir, err := cfg.FieldFolder() // a stored folder may name it by $CORTEXRNN_MICRONS
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("-field: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("-field %s: not a folder (want a MICrONS field folder such as $CORTEXRNN_MICRONS/6_6_2)", cfg.FieldDir)
	}
	f, warnings, err := connectome.FieldReader{AllowOutOfSpec: fo.allowOutOfSpec}.ReadDir(dir)
	if err != nil {
		if errors.Is(err, connectome.ErrOutOfSpec) {
			return nil, fmt.Errorf("-field %s: %w (-allow-out-of-spec accepts it with a warning)", cfg.FieldDir, err)
		}
		return nil, fmt.Errorf("-field %s is not a readable MICrONS field folder: %w", cfg.FieldDir, err)
	}
	if fo.warn != nil {
		for _, w := range warnings {
			fmt.Fprintf(fo.warn, "paper: warning: -allow-out-of-spec: %v\n", w)
		}
	}
	return f, nil
}

// checkWritable creates dir if needed and proves that files can be created
// in it.
func checkWritable(dir string) error {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("output %s exists and is not a folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("output folder %s cannot be created: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder %s cannot be created: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-probe-*")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
