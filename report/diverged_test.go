package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/pyfloat"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// TestFinishCountsDiverged: a corrected sweep in which one run of Task1 W
// diverges and one blows up finishes; diverged.csv counts them per cell,
// the mean of the cell leaves the diverged run out, and the summary says
// so.
func TestFinishCountsDiverged(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Preset = experiment.Corrected
	cfg.Tasks, cfg.Variants = []string{"onechoice"}, []string{"W", "WD"}
	tr := experiment.TrainerFunc(func(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
		k := spec.Key
		if k.Variant == "W" && k.Simulation == 1 {
			return experiment.RunResult{}, &rnn.TrainError{Epoch: 0, Batch: 2, Err: fmt.Errorf("loss is NaN: %w", rnn.ErrNonFinite)}
		}
		res := fakeResult(spec, 1)
		if k.Variant == "WD" && k.Simulation == 2 {
			res.LargeLoss = true
		}
		return res, nil
	})
	dir := t.TempDir()
	_, err := (&experiment.Sweep{Config: cfg, Trainer: tr, Dir: dir}).Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, Finish(dir))

	b, err := os.ReadFile(filepath.Join(dir, DivergedFile))
	require.NoError(t, err)
	assert.Equal(t, "task,variant,runs,diverged,large_loss\nTask1,W,3,1,0\nTask1,WD,3,0,1\n", string(b))

	recs, err := experiment.LoadRecords(dir, &cfg, false)
	require.NoError(t, err)
	var w []float64
	for _, r := range recs {
		if r.Key.Variant == "W" && r.Result.Diverged == nil {
			w = append(w, MetricValue(&r.Result, Accuracy, cfg.AccuracySource))
		}
	}
	require.Len(t, w, 2)
	metrics, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(metrics), "Task1,Accuracy,"+pyfloat.Format((w[0]+w[1])/2)+",",
		"the mean over the two runs that did not diverge")

	summary, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(summary), "Diverged runs: 1 ("), string(summary)[:min(200, len(summary))])
	assert.Contains(t, string(summary), "Task1 W: 1 of 3 diverged, 0 blew up")
	assert.Contains(t, string(summary), "Task1 WD: 0 of 3 diverged, 1 blew up")
}

func TestWriteDivergenceNone(t *testing.T) {
	t.Parallel()
	var sb strings.Builder
	require.NoError(t, WriteDivergence(&sb, experiment.Corrected, []DivergedCell{{Task: 1, Variant: "W", Runs: 3}}))
	assert.Empty(t, sb.String())
}
