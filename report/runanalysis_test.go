package report

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// TestGraphAnalysisReproducesTraining checks that analysing the stored
// weights of PaperTrainer runs (a plain and a Dale's-law variant)
// reproduces the graph metrics computed at training time bit for bit, and
// that applyAnalysis sets exactly those four metrics.
func TestGraphAnalysisReproducesTraining(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 2 small networks")
	}
	t.Parallel()
	cfg := experiment.CorrectedConfig()
	cfg.SyntheticN = 40
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W*D*C", "W-EI"}, 1
	cfg.Epochs, cfg.BatchSize = 2, 32
	cfg.TrainTrials, cfg.ValidationTrials, cfg.TestTrials, cfg.SmallWorldNulls = 64, 32, 32, 4
	field, err := experiment.LoadField(&cfg)
	require.NoError(t, err)
	tr, err := experiment.NewPaperTrainer(&cfg, field)
	require.NoError(t, err)
	dir := t.TempDir()
	sw := experiment.Sweep{Config: cfg, Trainer: tr, Dir: dir, Jobs: 2}
	_, err = sw.Run(context.Background())
	require.NoError(t, err)
	recs, err := experiment.LoadRecords(dir, &cfg, false)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	for _, rec := range recs {
		t.Run(rec.Key.String(), func(t *testing.T) {
			run, err := experiment.OpenRun(dir, rec.Key)
			require.NoError(t, err)
			got, err := GraphAnalysis{}.Analyze(run)
			require.NoError(t, err)
			res := run.Record.Result
			want := []float64{res.Modularity, res.SmallWorldness, res.Assortativity, res.Entropy}
			for i, name := range (GraphAnalysis{}).Metrics() {
				assert.Equal(t, math.Float64bits(want[i]), math.Float64bits(got[i]), "%s: analysed %v, recorded %v", name, got[i], want[i])
			}
			var applied experiment.RunResult
			nset, err := applyAnalysis(&applied, GraphAnalysis{}, got)
			require.NoError(t, err)
			assert.Equal(t, 4, nset)
			assert.Equal(t, math.Float64bits(res.Entropy), math.Float64bits(applied.Entropy))
			assert.Zero(t, applied.Accuracy, "training-time metrics are left alone")

			run.Weights = nil
			_, err = GraphAnalysis{}.Analyze(run)
			assert.Error(t, err, "a run without stored weights cannot be analysed")
		})
	}
}
