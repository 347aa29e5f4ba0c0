package experiment

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cortexrnn/cortexrnn/rnn"
)

// Every run of a sweep keeps its trained network: runs/<key>.npz, beside
// its record runs/<key>.json, is the file rnn.WriteWeights writes (the
// initial and final network, float32, row = presynaptic; docs/weights.md).
// It is written atomically before the record, and the record holds its
// SHA-256 (Record.Weights), so a record implies its weights and a changed
// or truncated weights file is detected (OpenRun, Merge). About 0.8 MB per
// run at N = 312, twice that under Dale's law.

// errWeightsDigest is wrapped by the errors about a weights file that is
// missing or whose SHA-256 differs from the one its record holds.
var errWeightsDigest = errors.New("weights file does not match its record")

// weightsFile returns the weights file of a trained network:
// rnn.WriteWeights(tr.InitialModel, tr.Model).
func weightsFile(tr *Training) ([]byte, error) {
	var b bytes.Buffer
	if err := rnn.WriteWeights(&b, tr.InitialModel, tr.Model); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// weightsFileName returns the name, inside the folder's runs/, of the
// weights file of key: the record's name with .npz for .json, e.g.
// Task1_WsDsC_sim0003.npz.
func weightsFileName(k RunKey) string {
	return strings.TrimSuffix(runFileName(k, folderFormat), ".json") + ".npz"
}

// digest returns the hex SHA-256 of b.
func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// writeWeights stores b as dir/runs/<key>.npz atomically and returns its
// digest.
func writeWeights(dir string, k RunKey, b []byte) (string, error) {
	if err := writeFile(filepath.Join(dir, runsDir, weightsFileName(k)), b); err != nil {
		return "", err
	}
	return digest(b), nil
}

// readWeightsChecked reads dir/runs/<key>.npz and checks it against the
// record's digest; errors wrap errWeightsDigest.
func readWeightsChecked(dir string, rec *Record) ([]byte, error) {
	path := filepath.Join(dir, runsDir, weightsFileName(rec.Key))
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("experiment: run %v: its record names weights (sha256 %s) but %s is missing: %w",
			rec.Key, rec.Weights, path, errWeightsDigest)
	}
	if err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	if d := digest(b); d != rec.Weights {
		return nil, fmt.Errorf("experiment: %s has sha256 %s, its record %s: %w", path, d, rec.Weights, errWeightsDigest)
	}
	return b, nil
}

// mergeWeights copies the weights file of rec from src to dst, checking
// its digest, unless dst already holds a file with that digest. A record
// without weights copies nothing.
func mergeWeights(src, dst string, rec *Record) error {
	if rec.Weights == "" {
		return nil
	}
	b, err := readWeightsChecked(src, rec)
	if err != nil {
		return err
	}
	to := filepath.Join(dst, runsDir, weightsFileName(rec.Key))
	if old, err := os.ReadFile(to); err == nil && digest(old) == rec.Weights {
		return nil
	}
	return writeFile(to, b)
}
