package paper

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/pyfloat"
	"github.com/cortexrnn/cortexrnn/report"
)

// envReproduceDir names a sweep folder to compare with the committed
// reference reproduction, e.g. after
//
//	go run ./examples/paper run -preset reference -field <data>/6_6_2 -tasks 1 -sims 2 -j 2 -out /tmp/exp-check
//	CORTEXRNN_REPRODUCE_DIR=/tmp/exp-check/6_6_2_sttc-corr go test -run TestReproducesCommittedRuns ./internal/cli/paper
const envReproduceDir = "CORTEXRNN_REPRODUCE_DIR"

// TestReproducesCommittedRuns checks that every run of the folder named by
// $CORTEXRNN_REPRODUCE_DIR equals the committed reference sweep
// (docs/evidence/reference/6_6_2_sttc-corr, the published dataset design) bit
// for bit: each value of the published raw CSVs (Task<n>/<Metric>_raw.csv),
// and every field of the committed run record (held-out test values and
// the learning curve included). It is skipped when the variable is unset
// (the run takes minutes).
func TestReproducesCommittedRuns(t *testing.T) {
	dir := os.Getenv(envReproduceDir)
	if dir == "" {
		t.Skip("set " + envReproduceDir + " to a sweep folder of the reference preset on field 6_6_2")
	}
	committed := filepath.Join("..", "..", "..", "docs", "evidence", "reference", "6_6_2_sttc-corr")
	cfg, err := experiment.LoadConfig(dir)
	require.NoError(t, err)
	recs, err := experiment.LoadRecords(dir, &cfg, false)
	require.NoError(t, err)
	ref, err := experiment.LoadConfig(committed)
	require.NoError(t, err)
	want, err := experiment.LoadRecords(committed, &ref, false)
	require.NoError(t, err)
	byKey := map[experiment.RunKey]experiment.Record{}
	for _, r := range want {
		byKey[r.Key] = r
	}
	values := 0
	for _, r := range recs {
		w, ok := byKey[r.Key]
		require.True(t, ok, "%v is not a committed run", r.Key)
		a, b := r.Result, w.Result
		a.Seconds, b.Seconds = 0, 0
		assert.Equal(t, w.Seed, r.Seed, "%v seed", r.Key)
		assert.Equal(t, bitsOf(b), bitsOf(a), "%v: results differ", r.Key)
		// The published CSVs hold the same numbers as the records.
		for _, m := range report.Metrics {
			cell := rawCell(t, committed, r.Key, m)
			got := report.MetricValue(&r.Result, m, ref.AccuracySource)
			switch {
			case math.IsNaN(got):
				assert.Equal(t, "", cell, "%v %v", r.Key, m)
			default:
				assert.Equal(t, cell, pyfloat.Format(got), "%v %v", r.Key, m)
			}
			values++
		}
	}
	t.Logf("%d runs, %d published values and every record field equal to the committed reproduction", len(recs), values)
}

// bitsOf lists the floats of a result as their IEEE 754 bits, so that the
// comparison is bit for bit (NaN included).
func bitsOf(r experiment.RunResult) []uint64 {
	v := []float64{r.Accuracy, r.ValidationAccuracy, r.TestAccuracy,
		r.Modularity, r.SmallWorldness, r.Assortativity, r.Entropy}
	for _, e := range r.History {
		v = append(v, e.Accuracy, e.ValidationAccuracy)
	}
	v = append(v, lossesOf(r)...)
	out := make([]uint64, len(v))
	for i, x := range v {
		out[i] = math.Float64bits(x)
	}
	return out
}

// lossesOf lists a result's losses: final, validation, test, then each
// epoch's training and validation loss.
func lossesOf(r experiment.RunResult) []float64 {
	v := []float64{r.Loss, r.ValidationLoss, r.TestLoss}
	for _, e := range r.History {
		v = append(v, e.Loss, e.ValidationLoss)
	}
	return v
}

// rawCell returns the committed Task<n>/<Metric>_raw.csv cell of k.
func rawCell(t *testing.T, dir string, k experiment.RunKey, m report.Metric) string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "Task"+strconv.Itoa(k.Task), m.String()+"_raw.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	c := slices.Index(rows[0], k.Variant)
	require.NotEqual(t, -1, c, "%v: no column in the committed %v CSV", k, m)
	return rows[1+k.Simulation][c]
}
