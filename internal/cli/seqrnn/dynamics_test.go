package seqrnn

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDynamicsOutputs runs a tiny Go/NoGo training with -dynamics and
// checks fixedpoints.csv (header, one row per point with valid fields) and
// the two figures.
func TestDynamicsOutputs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runProgram(tiny(out, "-task", "gonogo", "-epochs", "2", "-dynamics")...)
	require.Equal(t, exitOK, code, "stderr: %s", stderr)
	for _, want := range []string{"participation ratio", `input "cue go"`, fileFixedPoints, figDynamicsPCs, figDynamicsEig} {
		assert.Contains(t, stdout, want, "stdout")
	}
	f, err := os.Open(filepath.Join(out, fileFixedPoints))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows, "fixedpoints.csv")
	require.Equal(t, fixedPointsHeader, rows[0], "fixedpoints.csv header")
	inputs := []string{"fixation", "cue nogo", "cue go", "none"}
	for i, r := range rows[1:] {
		assert.Contains(t, inputs, r[0], "row %d: not a Go/NoGo input", i+1)
		assert.Contains(t, []string{"fixed", "slow"}, r[2], "row %d: kind", i+1)
		for _, col := range []int{5, 7, 10, 11, 12} {
			_, err := strconv.ParseFloat(r[col], 64)
			assert.NoError(t, err, "row %d, %s", i+1, fixedPointsHeader[col])
		}
		assert.Empty(t, r[9], "row %d: tau_ms for a step-defined task", i+1)
	}
	for _, name := range []string{figDynamicsPCs, figDynamicsEig} {
		b, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(b, pngMagic), "%s: not a PNG image", name)
		assert.GreaterOrEqual(t, len(b), 1000, "%s: PNG size in bytes", name)
	}
}

// TestDynamicsPerceptualDM: the perceptual decision task has a time step in
// ms, so fixedpoints.csv gives time constants in ms too.
func TestDynamicsPerceptualDM(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runProgram(tiny(out, "-task", "perceptualdm", "-dynamics")...)
	require.Equal(t, exitOK, code, "stderr: %s", stderr)
	rows, err := readCSV(filepath.Join(out, fileFixedPoints))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(rows), 2, "fixedpoints.csv has no point: %q", rows)
	for i, r := range rows[1:] {
		steps, err1 := strconv.ParseFloat(r[8], 64)
		ms, err2 := strconv.ParseFloat(r[9], 64)
		ok1 := assert.NoError(t, err1, "row %d: tau %q steps", i+1, r[8])
		ok2 := assert.NoError(t, err2, "row %d: tau %q ms", i+1, r[9])
		if !ok1 || !ok2 {
			continue
		}
		assert.InDelta(t, 100*steps, ms, 1e-3*max(1, ms), "row %d: tau in ms ≠ 100 ms × tau in steps", i+1)
	}
}

func TestDynamicsUnknownTask(t *testing.T) {
	code, _, stderr := runProgram(tiny(t.TempDir(), "-task", "contextdm", "-dynamics")...)
	assert.Equal(t, exitUsage, code, "stderr %q", stderr)
	assert.Contains(t, stderr, "-dynamics", "a usage error names -dynamics")
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(f).ReadAll()
}
