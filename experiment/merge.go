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
// byte-identical records (it always does for one configuration, since runs
// are deterministic); a difference is an error. It returns the number of
// run files copied.
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
			from := filepath.Join(src, runsDir, name)
			b, err := os.ReadFile(from)
			if err != nil {
				return copied, fmt.Errorf("experiment: %w", err)
			}
			rec, err := decodeRecord(from, b)
			if err != nil {
				return copied, err
			}
			if rec.Fingerprint != fp {
				return copied, fmt.Errorf("experiment: %s: fingerprint %s, configuration %s: %w", from, rec.Fingerprint, fp, ErrForeignRun)
			}
			to := filepath.Join(dst, runsDir, name)
			old, err := os.ReadFile(to)
			switch {
			case err == nil:
				if !bytes.Equal(old, b) {
					return copied, fmt.Errorf("experiment: %s and %s hold different results for run %v", from, to, rec.Key)
				}
				continue
			case !errors.Is(err, fs.ErrNotExist):
				return copied, fmt.Errorf("experiment: %w", err)
			}
			if err := WriteFileAtomic(to, b); err != nil {
				return copied, err
			}
			copied++
		}
	}
	return copied, nil
}
