package graphstats

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// tinySweep trains a 4-run sweep on a 16-neuron synthetic field into a
// temporary folder and returns it.
func tinySweep(t *testing.T) string {
	t.Helper()
	cfg := experiment.CorrectedConfig()
	cfg.SyntheticN = 16
	cfg.Tasks = []string{"onechoice"}
	cfg.Variants = []string{"W*D*C", "WD*C"}
	cfg.Simulations, cfg.Epochs, cfg.BatchSize = 2, 1, 16
	cfg.TrainTrials, cfg.ValidationTrials, cfg.TestTrials, cfg.SmallWorldNulls = 32, 16, 16, 5
	field, err := experiment.LoadField(&cfg)
	require.NoError(t, err)
	tr, err := experiment.NewPaperTrainer(&cfg, field)
	require.NoError(t, err)
	dir := t.TempDir()
	sw := experiment.Sweep{Config: cfg, Trainer: tr, Dir: dir}
	_, err = sw.Run(context.Background())
	require.NoError(t, err)
	return dir
}

// TestSweepFolder checks that -w on a sweep folder prints one CSV row per
// stored run whose modularity, assortativity and entropy (the measures
// without random nulls) are those recorded at training time.
func TestSweepFolder(t *testing.T) {
	dir := tinySweep(t)
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-w", dir, "-nperm", "5"}, &out, &errb), errb.String())
	rows, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	keys, err := storedKeys(dir)
	require.NoError(t, err)
	require.Len(t, rows, len(keys)+1)
	assert.Equal(t, sweepHeader, rows[0])
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for i, k := range keys {
		row := rows[i+1]
		assert.Equal(t, strconv.Itoa(k.Task), row[col["task"]])
		assert.Equal(t, k.Variant, row[col["variant"]])
		r, err := experiment.OpenRun(dir, k)
		require.NoError(t, err)
		for _, c := range []struct {
			name string
			want float64
		}{{"modularity", r.Record.Result.Modularity}, {"assortativity", r.Record.Result.Assortativity},
			{"entropy_bits", r.Record.Result.Entropy}} {
			got, err := strconv.ParseFloat(row[col[c.name]], 64)
			require.NoError(t, err)
			assert.Equal(t, c.want, got, "%v %s", k, c.name)
		}
	}

	t.Run("-json refused", func(t *testing.T) {
		var o, e bytes.Buffer
		assert.Equal(t, exitUsage, run([]string{"-w", dir, "-json"}, &o, &e))
	})
	t.Run("tampered weights", func(t *testing.T) {
		r, err := experiment.OpenRun(dir, keys[0])
		require.NoError(t, err)
		p := r.WeightsFile
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		b[len(b)-100] ^= 1
		require.NoError(t, os.WriteFile(p, b, 0o644))
		var o, e bytes.Buffer
		assert.Equal(t, exitInput, run([]string{"-w", dir, "-nperm", "5"}, &o, &e))
		assert.Contains(t, e.String(), "does not match its record")
	})
}
