// Package atomicfile writes files so that a reader, or a process killed
// midway (even by SIGKILL or a power cut), sees either the old content or
// all of the new one, never a part.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// TempPrefix starts the name of the temporary file Write creates beside
// its target; folder listings skip names with this prefix (a crash can
// leave such a file behind).
const TempPrefix = ".tmp-"

// Write writes data to path so that path holds either its old content or
// all of data, whatever happens to the process: it writes a temporary file
// in the same folder, fsyncs it, renames it over path and fsyncs the folder.
// The file gets mode 0644.
func Write(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, TempPrefix+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("syncing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", path, err)
	}
	if err = os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir fsyncs a folder so that a rename in it is durable; file systems
// that cannot sync a folder (os.ErrInvalid) are accepted.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("syncing folder %s: %w", dir, err)
	}
	return nil
}
