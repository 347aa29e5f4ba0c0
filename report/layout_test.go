package report

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// TestLayoutMatchesPandas writes the published layout for the values in
// testdata/layout_golden/values.json and compares metrics.csv,
// metrics_SD.csv and every Task<n>/<Metric>_raw.csv byte for byte with the
// files pandas 1.5.3 wrote from the same values (testdata/layout_golden.py:
// DataFrame.mean(), .std() (ddof 1), .to_csv(index=False)).
func TestLayoutMatchesPandas(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/layout_golden/values.json")
	require.NoError(t, err)
	var g struct {
		Tasks       []int    `json:"tasks"`
		Variants    []string `json:"variants"`
		Metrics     []string `json:"metrics"`
		Simulations int      `json:"simulations"`
		Values      [][]any  `json:"values"`
	}
	require.NoError(t, json.Unmarshal(b, &g))
	cfg := experiment.ReferenceConfig()
	cfg.Variants, cfg.Simulations = g.Variants, g.Simulations
	paper := experiment.ReferenceConfig() // the paper's tasks are numbered 1, 2, 3
	cfg.Tasks = nil
	for _, n := range g.Tasks {
		cfg.Tasks = append(cfg.Tasks, paper.Tasks[n-1])
	}
	recs := map[experiment.RunKey]*experiment.Record{}
	var order []experiment.RunKey
	for _, row := range g.Values {
		k := experiment.RunKey{Task: int(row[0].(float64)), Variant: row[1].(string), Simulation: int(row[3].(float64))}
		r, ok := recs[k]
		if !ok {
			r = &experiment.Record{Key: k}
			recs[k] = r
			order = append(order, k)
		}
		v := math.NaN()
		if row[4] != nil {
			v = row[4].(float64)
		}
		m, err := ParseMetric(row[2].(string))
		require.NoError(t, err)
		x := &r.Result
		switch m {
		case Accuracy:
			x.Accuracy = v
		case Loss:
			x.Loss = v
		case ValidationAccuracy:
			x.ValidationAccuracy = v
		case ValidationLoss:
			x.ValidationLoss = v
		case Modularity:
			x.Modularity = v
		case SmallWorldness:
			x.SmallWorldness = v
		case Assortativity:
			x.Assortativity = v
		case Entropy:
			x.Entropy = v
		}
	}
	list := make([]experiment.Record, len(order))
	for i, k := range order {
		list[i] = *recs[k]
	}
	dir := t.TempDir()
	require.NoError(t, WriteLayout(dir, &cfg, list))
	files := []string{"metrics.csv", "metrics_SD.csv"}
	for _, task := range g.Tasks {
		for _, m := range g.Metrics {
			files = append(files, filepath.Join("Task"+string(rune('0'+task)), m+"_raw.csv"))
		}
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		want, err := os.ReadFile(filepath.Join("testdata/layout_golden", f))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s differs from pandas'", f)
	}
	// An incomplete set of runs cannot be laid out.
	assert.Error(t, WriteLayout(t.TempDir(), &cfg, list[1:]), "WriteLayout with a missing run succeeded")
}
