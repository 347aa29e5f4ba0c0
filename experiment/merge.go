package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Merge copies the finished runs of the shard folders srcs into dst (which
// may be one of them, or new) and stores their configuration there (the
// first source's sweep-config.json), so that Finish(dst) can write the
// published layout. All sources must hold the same sweep: equal
// Config.Fingerprint (settings and input data), Tasks, Variants and
// Simulations (FieldDir may differ, e.g. between cluster nodes); a
// difference is an error that names the settings or input files that
// differ. Folders of an older format are refused (ErrForeignRun), and runs
// of different BLAS kernels (Provenance.Kernel) too (ErrMixedKernels)
// unless allowMixedKernels, e.g. for the shards of a heterogeneous cluster.
// A run present in several folders must have identical records apart from
// the code and Go versions (it always does for one configuration and
// kernel, since runs are deterministic and records hold no wall time); a
// difference is an error. Each run's wall time (runs/<key>.time) is dst's
// own, else the first source's that has one. It returns the number of run
// files copied.
func Merge(dst string, srcs []string, allowMixedKernels bool) (copied int, err error) {
	if len(srcs) == 0 {
		return 0, errors.New("experiment: Merge: no source folders")
	}
	var first *folder
	for _, src := range srcs {
		f, err := openFolder(src)
		if err != nil {
			return 0, err
		}
		if f.format != folderFormat {
			return 0, fmt.Errorf("experiment: Merge: %s is in sweep folder format %d, before input digests: %w", src, f.format, errOldFormat)
		}
		if first == nil {
			first = f
			continue
		}
		if !slices.Equal(f.cfg.Tasks, first.cfg.Tasks) || !slices.Equal(f.cfg.Variants, first.cfg.Variants) ||
			f.cfg.Simulations != first.cfg.Simulations {
			return 0, fmt.Errorf("experiment: Merge: %s and %s plan different runs (tasks, variants or simulations)", src, srcs[0])
		}
		if err := compatible(src, f, &first.cfg, &first.prov, allowMixedKernels); err != nil && !errors.Is(err, ErrMixedKernels) {
			return 0, fmt.Errorf("experiment: Merge: %w (against %s)", err, srcs[0])
		}
	}
	if _, err := os.Stat(filepath.Join(dst, configJSONName)); err == nil {
		old, err := openFolder(dst)
		if err != nil {
			return 0, err
		}
		if err := compatible(dst, old, &first.cfg, &first.prov, true); err != nil {
			return 0, fmt.Errorf("experiment: Merge: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dst, runsDir), 0o755); err != nil {
		return 0, fmt.Errorf("experiment: %w", err)
	}
	if err := writeSweepFile(dst, &first.cfg, &first.prov); err != nil {
		return 0, err
	}
	m := merger{dst: dst, cfg: &first.cfg, inputs: first.prov.Inputs, allowMixed: allowMixedKernels, kernels: map[string]string{}}
	for _, src := range srcs {
		entries, err := os.ReadDir(filepath.Join(src, runsDir))
		if err != nil {
			return copied, fmt.Errorf("experiment: %w", err)
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, tmpPrefix) || !strings.HasSuffix(name, ".json") {
				continue
			}
			n, err := m.run(src, name)
			if err != nil {
				return copied, err
			}
			copied += n
		}
	}
	return copied, nil
}

// merger copies run files into dst.
type merger struct {
	dst        string
	cfg        *Config
	inputs     []Input
	allowMixed bool
	kernels    map[string]string // kernel → the first file trained on it
}

// run copies the run file src/runs/name into dst/runs unless dst holds the
// same record, and its wall time (runs/<key>.time) unless dst has one; it
// returns 1 when it copied the record.
func (m *merger) run(src, name string) (int, error) {
	from := filepath.Join(src, runsDir, name)
	b, err := os.ReadFile(from)
	if err != nil {
		return 0, fmt.Errorf("experiment: %w", err)
	}
	rec, err := decodeRecord(from, b, folderFormat)
	if err != nil {
		return 0, err
	}
	v, err := VariantByName(rec.Key.Variant)
	if err != nil {
		return 0, fmt.Errorf("experiment: %s: %w", from, err)
	}
	if fp := m.cfg.RunFingerprint(v, m.inputs); rec.Fingerprint != fp {
		return 0, fmt.Errorf("experiment: %s: fingerprint %s, this configuration %s: %w", from, rec.Fingerprint, fp, ErrForeignRun)
	}
	if err := m.kernel(from, rec.Kernel); err != nil {
		return 0, err
	}
	if err := readTiming(src, &rec, folderFormat); err != nil {
		return 0, err
	}
	if _, err := os.Stat(filepath.Join(m.dst, runsDir, timeFileName(rec.Key, folderFormat))); errors.Is(err, fs.ErrNotExist) {
		if err := writeTiming(m.dst, &rec); err != nil {
			return 0, err
		}
	}
	if err := mergeWeights(src, m.dst, &rec); err != nil {
		return 0, err
	}
	to := filepath.Join(m.dst, runsDir, name)
	old, err := os.ReadFile(to)
	switch {
	case err == nil:
		same, err := sameResults(to, old, &rec)
		if err != nil {
			return 0, err
		}
		if !same {
			return 0, fmt.Errorf("experiment: %s and %s hold different results for run %v", from, to, rec.Key)
		}
		return 0, nil
	case !errors.Is(err, fs.ErrNotExist):
		return 0, fmt.Errorf("experiment: %w", err)
	}
	if err := writeFile(to, b); err != nil {
		return 0, err
	}
	return 1, nil
}

// kernel refuses a second kernel unless mixing is allowed.
func (m *merger) kernel(file, k string) error {
	if _, ok := m.kernels[k]; ok || m.allowMixed {
		m.kernels[k] = file
		return nil
	}
	for other, f := range m.kernels {
		return fmt.Errorf("experiment: Merge: %s was trained on BLAS kernel %s, %s on %s; kernels change results in the last bits (allow mixing explicitly): %w",
			file, k, f, other, ErrMixedKernels)
	}
	m.kernels[k] = file
	return nil
}

// sameResults reports whether the run file path (content b) holds the same
// record as rec, apart from the code and Go versions, whether it was
// reused and, when one of them kept no weights, the weights digest.
func sameResults(path string, b []byte, rec *Record) (bool, error) {
	old, err := decodeRecord(path, b, folderFormat)
	if err != nil {
		return false, err
	}
	a, c := old, *rec
	a.Code, a.Go, c.Code, c.Go = "", "", "", ""
	a.ReusedFrom, c.ReusedFrom = "", ""     // a reused run equals the one trained again
	if a.Weights == "" || c.Weights == "" { // one side kept no weights
		a.Weights, c.Weights = "", ""
	}
	ea, err := encodeRecord(&a)
	if err != nil {
		return false, fmt.Errorf("experiment: %s: %w", path, err)
	}
	ec, err := encodeRecord(&c)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ea, ec), nil
}
