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
// Config.Fingerprint, Tasks, Variants and Simulations (FieldDir may differ,
// e.g. between cluster nodes). A run present in several folders must have
// identical records (it always does for one configuration, since runs are
// deterministic and records hold no wall time); a difference is an error.
// Each run's wall time (runs/<key>.time) is dst's own, else the first
// source's that has one. It returns the number of run files copied (or rewritten in the
// current encoding).
func Merge(dst string, srcs ...string) (copied int, err error) {
	if len(srcs) == 0 {
		return 0, errors.New("experiment: Merge: no source folders")
	}
	var cfg Config
	for i, src := range srcs {
		c, err := LoadConfig(src)
		if err != nil {
			return 0, err
		}
		if i == 0 {
			cfg = c
			continue
		}
		if c.Fingerprint() != cfg.Fingerprint() || !slices.Equal(c.Tasks, cfg.Tasks) ||
			!slices.Equal(c.Variants, cfg.Variants) || c.Simulations != cfg.Simulations {
			return 0, fmt.Errorf("experiment: Merge: %s holds another configuration than %s (fingerprints %s, %s; compare their config files)",
				src, srcs[0], c.Fingerprint(), cfg.Fingerprint())
		}
	}
	if err := os.MkdirAll(filepath.Join(dst, runsDir), 0o755); err != nil {
		return 0, fmt.Errorf("experiment: %w", err)
	}
	if err := writeConfigJSON(dst, &cfg); err != nil {
		return 0, err
	}
	fp := cfg.Fingerprint()
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
			n, err := mergeRun(dst, src, name, fp)
			if err != nil {
				return copied, err
			}
			copied += n
		}
	}
	return copied, nil
}

// mergeRun copies the run file src/runs/name into dst/runs unless dst holds
// the same record, and its wall time (runs/<key>.time) unless dst has one;
// it returns 1 when it copied the record. Records are compared and written
// in their canonical encoding, so that a record written before the wall
// time moved out of it (and its time) merges with a current one.
func mergeRun(dst, src, name, fp string) (int, error) {
	from := filepath.Join(src, runsDir, name)
	b, err := os.ReadFile(from)
	if err != nil {
		return 0, fmt.Errorf("experiment: %w", err)
	}
	rec, canon, err := canonicalRecord(from, b)
	if err != nil {
		return 0, err
	}
	if rec.Fingerprint != fp {
		return 0, fmt.Errorf("experiment: %s: fingerprint %s, configuration %s: %w", from, rec.Fingerprint, fp, ErrForeignRun)
	}
	if err := readTiming(src, &rec); err != nil {
		return 0, err
	}
	if _, err := os.Stat(filepath.Join(dst, runsDir, timeFileName(rec.Key))); errors.Is(err, fs.ErrNotExist) {
		if err := writeTiming(dst, &rec); err != nil {
			return 0, err
		}
	}
	to := filepath.Join(dst, runsDir, name)
	old, err := os.ReadFile(to)
	switch {
	case err == nil:
		_, oldCanon, err := canonicalRecord(to, old)
		if err != nil {
			return 0, err
		}
		if !bytes.Equal(oldCanon, canon) {
			return 0, fmt.Errorf("experiment: %s and %s hold different results for run %v", from, to, rec.Key)
		}
		if bytes.Equal(old, canon) {
			return 0, nil
		}
	case !errors.Is(err, fs.ErrNotExist):
		return 0, fmt.Errorf("experiment: %w", err)
	}
	if err := WriteFileAtomic(to, canon); err != nil {
		return 0, err
	}
	return 1, nil
}

// canonicalRecord decodes the run file path (content b) and returns the
// record and its current encoding.
func canonicalRecord(path string, b []byte) (Record, []byte, error) {
	rec, err := decodeRecord(path, b)
	if err != nil {
		return Record{}, nil, err
	}
	canon, err := encodeRecord(&rec)
	if err != nil {
		return Record{}, nil, fmt.Errorf("experiment: %s: %w", path, err)
	}
	return rec, canon, nil
}
