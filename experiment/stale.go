package experiment

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// staleTempAge is the age (by modification time) from which Sweep.Run
// removes a leftover temporary file (atomicfile.TempPrefix) from the sweep
// folder and its runs/ folder. A temporary file lives from the start of one
// atomic write to its rename, milliseconds for a record, so one an hour
// old was left by a killed process; younger ones may belong to another
// process writing into the same folder (a shard) and are left alone.
const staleTempAge = time.Hour

// removeStaleTemps removes the temporary files of dir and dir/runs last
// modified before now − staleTempAge and returns their paths.
func removeStaleTemps(dir string, now time.Time) ([]string, error) {
	var removed []string
	for _, d := range []string{dir, filepath.Join(dir, runsDir)} {
		entries, err := os.ReadDir(d)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return removed, fmt.Errorf("experiment: %w", err)
		}
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), tmpPrefix) || !e.Type().IsRegular() {
				continue
			}
			info, err := e.Info()
			if errors.Is(err, fs.ErrNotExist) {
				continue // renamed or removed by its writer meanwhile
			}
			if err != nil {
				return removed, fmt.Errorf("experiment: %w", err)
			}
			if now.Sub(info.ModTime()) < staleTempAge {
				continue
			}
			p := filepath.Join(d, e.Name())
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return removed, fmt.Errorf("experiment: removing a stale temporary file: %w", err)
			}
			removed = append(removed, p)
		}
	}
	return removed, nil
}

// badSuffix ends the name of a run record moved aside as invalid.
const badSuffix = ".bad"

// moveAside renames the invalid record path to path.bad (path.bad.1, … if
// taken) and returns the new name. Readers ignore such files: only the
// record's own name counts.
func moveAside(path string) (string, error) {
	to := path + badSuffix
	for i := 1; ; i++ {
		if _, err := os.Lstat(to); errors.Is(err, fs.ErrNotExist) {
			break
		}
		to = fmt.Sprintf("%s%s.%d", path, badSuffix, i)
	}
	if err := os.Rename(path, to); err != nil {
		return "", fmt.Errorf("experiment: %w", err)
	}
	return to, nil
}
