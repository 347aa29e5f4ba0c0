package paper

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// configFile is the file that marks a sweep folder (experiment's
// sweep-config.json).
const configFile = "sweep-config.json"

// resolveSweepDir returns dir if it is a sweep folder, or its only
// sub-folder that is one (so that an output root such as "results" or
// "shards/3" can be named instead of results/6_6_2_sttc-corr). Anything
// else is a usage error naming dir.
func resolveSweepDir(dir string) (string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return "", usagef("%v", err)
	}
	if !st.IsDir() {
		return "", usagef("%s is not a folder", dir)
	}
	if isSweepDir(dir) {
		return dir, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", usagef("%v", err)
	}
	var found []string
	for _, e := range entries {
		if e.IsDir() && isSweepDir(filepath.Join(dir, e.Name())) {
			found = append(found, filepath.Join(dir, e.Name()))
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return "", usagef("%s is not a sweep folder (no %s in it or in a sub-folder)", dir, configFile)
	}
	return "", usagef("%s holds several sweep folders (%v); name one", dir, found)
}

func isSweepDir(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, configFile))
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// describeMissing adds a hint to an error about an incomplete sweep.
func describeMissing(dir string, err error) error {
	return fmt.Errorf("%w (rerun the sweep into %s, or merge its shards)", err, dir)
}
