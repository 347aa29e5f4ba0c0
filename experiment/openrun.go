package experiment

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/cortexrnn/cortexrnn/rnn"
)

// StoredRun is one finished run of a sweep folder: the sweep's
// configuration and provenance, the run's record and its trained network.
type StoredRun struct {
	Config     Config
	Provenance Provenance
	Record     Record
	// Weights is the run's weights file (runs/<key>.npz, docs/weights.md):
	// Weights.Model is the trained network, Weights.InitialEffective the
	// W_rec before training. Nil when the sweep kept no weights
	// (Record.Weights is empty).
	Weights *rnn.Weights
	// WeightsFile is the path of the weights file, dir/runs/<key>.npz
	// (docs/sweep-format.md); empty when Weights is nil.
	WeightsFile string
}

// OpenRun reads the finished run k of the sweep folder dir: its
// configuration (sweep-config.json), its record (runs/<key>.json, checked
// against the configuration's fingerprint and seed like a resumed sweep
// checks it) and, when the record names one, its weights file, checked
// against the record's SHA-256 and read
// with rnn.ReadWeights. A run without a record is an error.
func OpenRun(dir string, k RunKey) (*StoredRun, error) {
	f, err := openFolder(dir)
	if err != nil {
		return nil, err
	}
	return f.openRun(k)
}

func (f *folder) openRun(k RunKey) (*StoredRun, error) {
	rec, ok, err := f.readRecord(&f.cfg, k)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("experiment: %s has no finished run %v", f.dir, k)
	}
	r := &StoredRun{Config: f.cfg.Clone(), Provenance: f.prov, Record: rec}
	if rec.Weights == "" {
		return r, nil
	}
	b, err := readWeightsChecked(f.dir, &rec)
	if err != nil {
		return nil, err
	}
	r.WeightsFile = filepath.Join(f.dir, runsDir, weightsFileName(rec.Key))
	if r.Weights, err = rnn.ReadWeights(bytes.NewReader(b), int64(len(b))); err != nil {
		return nil, fmt.Errorf("experiment: run %v: %w", k, err)
	}
	return r, nil
}
