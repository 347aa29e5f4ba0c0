package experiment

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// divergingConfig is tinyTrainerConfig made to diverge: positive-only
// weights from an orthogonal start (the published -sign arm) at a huge
// learning rate.
func divergingConfig(p Preset) Config {
	c := tinyTrainerConfig()
	ref := presetConfig(p)
	c.Preset, c.ReshapeCoordinates, c.ZeroStrengthEpsilon, c.UnscaledL1 = p, ref.ReshapeCoordinates, ref.ZeroStrengthEpsilon, ref.UnscaledL1
	c.GridScaling, c.AccuracySource = ref.GridScaling, ref.AccuracySource
	c.Variants = []string{"W"}
	c.PositiveOnly = true
	c.LearningRate = 1e4
	c.Epochs = 3
	return c
}

// TestPaperTrainerDiverged trains a run that diverges deterministically and
// checks what each preset reports: the corrected preset no metric, the
// reference preset the accuracies of Keras with NaN weights (the share of
// class 0 among the evaluated trials once every prediction is NaN), NaN
// losses and graph metrics; both mark the run diverged, and a second run
// reports the same.
func TestPaperTrainerDiverged(t *testing.T) {
	field := tinyField(t)
	for _, p := range []Preset{Corrected, Reference} {
		t.Run(p.String(), func(t *testing.T) {
			cfg := divergingConfig(p)
			tr, err := NewPaperTrainer(&cfg, field)
			require.NoError(t, err)
			spec, err := tr.spec(RunKey{Task: 1, Variant: "W", Simulation: 0})
			require.NoError(t, err)
			res, err := tr.Run(context.Background(), spec)
			require.NoError(t, err, "a divergence is a result, not an error")
			require.NotNil(t, res.Diverged)
			require.NoError(t, res.validate())
			assert.True(t, math.IsNaN(res.Loss))
			assert.True(t, math.IsNaN(res.Modularity))
			assert.True(t, math.IsNaN(res.Entropy))
			again, err := tr.Run(context.Background(), spec)
			require.NoError(t, err)
			assert.Equal(t, *res.Diverged, *again.Diverged, "deterministic")
			if p == Corrected {
				assert.True(t, math.IsNaN(res.Accuracy))
				assert.True(t, math.IsNaN(res.TestAccuracy))
				assert.Len(t, res.History, res.Diverged.Epoch)
				return
			}
			// Reference: every epoch is reported; the evaluations after
			// the divergence score class 0.
			require.Len(t, res.History, cfg.Epochs)
			task, err := tasks.ByName(spec.TaskName)
			require.NoError(t, err)
			ds, err := tasks.NewDataset(task, tasks.DatasetConfig{Train: cfg.TrainTrials, HeldOut: cfg.ValidationTrials,
				Test: cfg.TestTrials, BatchSize: cfg.BatchSize}, spec.dataRand(seeds.StreamTrain))
			require.NoError(t, err)
			z, n := classZero(toRNN(ds.Test))
			assert.Equal(t, float64(z)/float64(n), res.TestAccuracy)
			z, n = classZero(toRNN(ds.HeldOut))
			assert.Equal(t, float64(z)/float64(n), res.ValidationAccuracy)
			if res.Diverged.Epoch < cfg.Epochs-1 {
				z, n = classZero(toRNN(ds.Train))
				assert.Equal(t, float64(z)/float64(n), res.Accuracy)
			}
			for e := res.Diverged.Epoch; e < cfg.Epochs; e++ {
				assert.True(t, math.IsNaN(res.History[e].Loss), "epoch %d", e)
			}
		})
	}
}

func TestClassZero(t *testing.T) {
	t.Parallel()
	last := rnn.Batch{Steps: 1, Size: 4, NIn: 1, NOut: 2, X: make([]float32, 4), Labels: []int{0, 1, 0, 0}}
	perStep := rnn.Batch{Steps: 2, Size: 1, NIn: 1, NOut: 3, X: make([]float32, 2),
		Y: []float32{0, 1, 0, 1, 0, 0}, Mask: []float32{1, 1}}
	masked := perStep
	masked.Mask = []float32{0, 1}
	for _, c := range []struct {
		name        string
		bs          []rnn.Batch
		zeros, want int
	}{
		{"last step", []rnn.Batch{last}, 3, 4},
		{"per step", []rnn.Batch{perStep}, 1, 2},
		{"per step masked", []rnn.Batch{masked}, 1, 1},
		{"both", []rnn.Batch{last, perStep}, 4, 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			z, n := classZero(c.bs)
			assert.Equal(t, c.zeros, z)
			assert.Equal(t, c.want, n)
		})
	}
}

func TestLargeLoss(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		losses []float64
		want   bool
	}{
		{"none", nil, false},
		{"one epoch", []float64{1e30}, false},
		{"decreasing", []float64{2, 1, 0.5}, false},
		{"just below", []float64{2, 1.9e6}, false},
		{"above", []float64{2, 2.1e6}, true},
		{"seen at lr 0.3", []float64{0.7, 9.6e35}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := make([]Epoch, len(c.losses))
			for i, l := range c.losses {
				h[i].Loss = l
			}
			assert.Equal(t, c.want, largeLoss(h))
		})
	}
}

// divergingTrainer is fakeTrainer, except that the runs of variant WD
// diverge (as an rnn.TrainError, the way rnn reports a NaN loss); it counts
// its calls.
func divergingTrainer(calls *atomic.Int64) Trainer {
	return TrainerFunc(func(ctx context.Context, spec RunSpec) (RunResult, error) {
		calls.Add(1)
		if spec.Key.Variant == "WD" {
			return RunResult{}, &rnn.TrainError{Epoch: 0, Batch: 1, Err: fmt.Errorf("loss is NaN: %w", rnn.ErrNonFinite)}
		}
		return fakeResult(spec), nil
	})
}

// TestSweepGoesOnAfterDivergence: a diverging run is stored as diverged,
// the sweep finishes, a resume does not retrain it unless asked.
func TestSweepGoesOnAfterDivergence(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W", "WD"}, 2
	dir := t.TempDir()
	var calls atomic.Int64
	sw := Sweep{Config: cfg, Trainer: divergingTrainer(&calls), Dir: dir, Jobs: 2}
	st, err := sw.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 4, st.Ran)
	assert.Equal(t, 2, st.Diverged)
	recs, err := LoadRecords(dir, &cfg, false)
	require.NoError(t, err, "a sweep with diverged runs finishes")
	require.Len(t, recs, 4)
	for _, r := range recs {
		if r.Key.Variant != "WD" {
			assert.Nil(t, r.Result.Diverged)
			continue
		}
		require.NotNil(t, r.Result.Diverged, "%v", r.Key)
		assert.Equal(t, 0, r.Result.Diverged.Epoch)
		assert.Equal(t, 1, r.Result.Diverged.Batch)
		assert.Contains(t, r.Result.Diverged.Reason, "loss is NaN")
		assert.True(t, math.IsNaN(r.Result.Accuracy), "metrics not available")
	}
	// Resume: nothing to do, the diverged runs are kept.
	calls.Store(0)
	st, err = sw.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(0), calls.Load())
	assert.Equal(t, 4, st.Skipped)
	assert.Equal(t, 2, st.Diverged)
	// Asked to: only the diverged ones are retrained.
	sw.RetrainDiverged = true
	st, err = sw.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(2), calls.Load())
	assert.Equal(t, 2, st.Retrained)
	assert.Equal(t, 2, st.Ran)
}

// TestSweepDefendsItsStore: stale temporary files go, fresh ones (another
// process may be writing them) stay; a truncated record and a hand-edited
// impossible one are moved aside and retrained by Run, refused by
// LoadRecords with the file named.
func TestSweepDefendsItsStore(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W"}, 3
	dir := t.TempDir()
	runAndFinish(t, cfg, dir, 1)
	runs := filepath.Join(dir, runsDir)
	stale := filepath.Join(runs, tmpPrefix+"Task1_W_sim0000.json-123")
	fresh := filepath.Join(runs, tmpPrefix+"Task1_W_sim0001.json-456")
	for _, p := range []string{stale, fresh} {
		require.NoError(t, os.WriteFile(p, []byte("{"), 0o644))
	}
	old := time.Now().Add(-staleTempAge - time.Minute)
	require.NoError(t, os.Chtimes(stale, old, old))

	truncated := filepath.Join(runs, "Task1_W_sim0001.json")
	b, err := os.ReadFile(truncated)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(truncated, b[:len(b)/2], 0o644))
	edited := filepath.Join(runs, "Task1_W_sim0002.json")
	b, err = os.ReadFile(edited)
	require.NoError(t, err)
	e := strings.Replace(string(b), `"Accuracy": 0.`, `"Accuracy": 7.`, 1)
	require.NotEqual(t, string(b), e)
	require.NoError(t, os.WriteFile(edited, []byte(e), 0o644))

	_, err = LoadRecords(dir, &cfg, false)
	require.ErrorIs(t, err, errBadRecord)
	assert.Contains(t, err.Error(), truncated)

	var calls atomic.Int64
	sw := Sweep{Config: cfg, Trainer: divergingTrainer(&calls), Dir: dir}
	st, err := sw.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{stale}, st.Stale)
	assert.NoFileExists(t, stale)
	assert.FileExists(t, fresh, "a young temporary file may be another process's")
	assert.Equal(t, map[string]string{truncated: truncated + ".bad", edited: edited + ".bad"}, st.MovedAside)
	assert.FileExists(t, truncated+".bad")
	assert.Equal(t, int64(2), calls.Load(), "the two bad records were retrained")
	recs, err := LoadRecords(dir, &cfg, false)
	require.NoError(t, err)
	assert.Len(t, recs, 3)

	// LoadRecords names the file of an impossible value.
	b, err = os.ReadFile(edited)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(edited, []byte(strings.Replace(string(b), `"Validation_Accuracy": 0.`, `"Validation_Accuracy": -0.`, 1)), 0o644))
	_, err = LoadRecords(dir, &cfg, false)
	require.ErrorIs(t, err, errBadRecord)
	assert.Contains(t, err.Error(), edited)
	assert.Contains(t, err.Error(), "Validation_Accuracy")
}

// TestMergeKeepsDiverged: diverged runs of shard folders merge like any
// other, and merging a folder into a copy of itself finds the same
// results (their unavailable values compare equal).
func TestMergeKeepsDiverged(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W", "WD"}, 2
	var calls atomic.Int64
	var shards []string
	for i := range 2 {
		d := t.TempDir()
		sw := Sweep{Config: cfg, Trainer: divergingTrainer(&calls), Dir: d, Shard: Shard{Index: i, Count: 2}}
		_, err := sw.Run(context.Background())
		require.NoError(t, err)
		shards = append(shards, d)
	}
	dst := t.TempDir()
	n, err := Merge(dst, shards, false)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	_, err = Merge(dst, shards, false)
	require.NoError(t, err, "the same diverged records merge again")
	recs, err := LoadRecords(dst, &cfg, false)
	require.NoError(t, err)
	var div int
	for _, r := range recs {
		if r.Result.Diverged != nil {
			div++
		}
	}
	assert.Equal(t, 2, div)
}

// TestBadTimingFile: an impossible wall time is refused naming its file.
func TestBadTimingFile(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W"}, 1
	dir := t.TempDir()
	runAndFinish(t, cfg, dir, 1)
	for _, bad := range []string{"-1\n", "Inf\n", "NaN\n", "soon\n"} {
		p := filepath.Join(dir, runsDir, "Task1_W_sim0000.time")
		require.NoError(t, os.WriteFile(p, []byte(bad), 0o644))
		_, err := LoadRecords(dir, &cfg, false)
		require.ErrorIs(t, err, errBadRecord, bad)
		assert.Contains(t, err.Error(), p)
	}
}

// TestKerasFitEqualsFit: without a divergence, kerasFit is rnn's Fit bit
// for bit (the reference preset's results do not change).
func TestKerasFitEqualsFit(t *testing.T) {
	t.Parallel()
	task, err := tasks.ByName("onechoice")
	require.NoError(t, err)
	ds, err := tasks.NewDataset(task, tasks.DatasetConfig{Train: 64, HeldOut: 32, Test: 32, BatchSize: 32}, seeds.Rand(7, seeds.StreamTrain))
	require.NoError(t, err)
	train, val := toRNN(ds.Train), toRNN(ds.HeldOut)
	fit := func(keras bool) ([]rnn.EpochStats, []float64) {
		m, err := rnn.New(rnn.PaperConfig(ds.Spec.NIn(), 20, ds.Spec.NOut()), seeds.Rand(7, seeds.StreamInit))
		require.NoError(t, err)
		pen := &spatial.L1{Lambda: 0.01}
		tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Optimizer: rnn.OptimizerConfig{Kind: rnn.Adam, LearningRate: 1e-2}, Penalty: pen}, seeds.Rand(7, seeds.StreamNoise))
		require.NoError(t, err)
		var hist []rnn.EpochStats
		if keras {
			var div *Divergence
			div, hist, err = kerasFit(tr, train, val, 3, pen, nil)
			require.Nil(t, div)
		} else {
			hist, err = tr.Fit(train, val, 3)
		}
		require.NoError(t, err)
		return hist, m.WeightsTo(nil, rnn.RecurrentKernel).RawMatrix().Data
	}
	h1, w1 := fit(false)
	h2, w2 := fit(true)
	assert.Equal(t, h1, h2)
	assert.Equal(t, w1, w2)
}
