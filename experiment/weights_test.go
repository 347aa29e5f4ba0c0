package experiment

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// weightsSweep runs a tiny PaperTrainer sweep (a plain and a Dale's-law
// variant) into dir.
func weightsSweep(t *testing.T, dir string, skip bool) Config {
	t.Helper()
	cfg := tinyTrainerConfig()
	cfg.Variants = []string{"W*D*C", "W-EI"}
	tr, err := NewPaperTrainer(&cfg, tinyField(t))
	require.NoError(t, err)
	sw := Sweep{Config: cfg, Trainer: tr, Dir: dir, Jobs: 2, SkipWeights: skip}
	_, err = sw.Run(context.Background())
	require.NoError(t, err)
	return cfg
}

// TestSweepKeepsWeights checks that a sweep stores every run's network
// beside its record, that a rerun reproduces the weights bit for bit, that
// OpenRun reads them back (the trained W_rec_eff and the initial one);
// report.GraphAnalysis's test checks the analysis of the stored weights.
func TestSweepKeepsWeights(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 4 small networks")
	}
	t.Parallel()
	a, b := t.TempDir(), t.TempDir()
	cfg := weightsSweep(t, a, false)
	weightsSweep(t, b, false)
	keys := storedKeys(t, a)
	require.Len(t, keys, 2)
	for _, k := range keys {
		t.Run(k.String(), func(t *testing.T) {
			wa, err := os.ReadFile(filepath.Join(a, runsDir, weightsFileName(k)))
			require.NoError(t, err)
			wb, err := os.ReadFile(filepath.Join(b, runsDir, weightsFileName(k)))
			require.NoError(t, err)
			assert.Equal(t, wa, wb, "rerunning the sweep reproduces the weights bit for bit")

			run, err := OpenRun(a, k)
			require.NoError(t, err)
			assert.Equal(t, digest(wa), run.Record.Weights)
			require.NotNil(t, run.Weights)
			require.NotNil(t, run.Weights.InitialEffective)
			assert.Equal(t, cfg.Fingerprint(run.Provenance.Inputs), run.Config.Fingerprint(run.Provenance.Inputs))
			n, _ := run.Weights.Model.EffectiveRecurrentTo(nil).Dims()
			assert.Equal(t, 60, n)
			if k.Variant == "W*D*C" { // (W-EI does not learn in this tiny setting)
				assert.False(t, mat.Equal(run.Weights.InitialEffective, run.Weights.Model.EffectiveRecurrentTo(nil)), "trained ≠ initial")
			}

		})
	}
}

// TestSweepWeightsOffAndMerge checks SkipWeights (no weights files, no
// digest, the same fingerprint), that Merge carries the weights along and
// that a tampered weights file is refused by OpenRun and Merge.
func TestSweepWeightsOffAndMerge(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 4 small networks")
	}
	t.Parallel()
	with, without := t.TempDir(), t.TempDir()
	weightsSweep(t, with, false)
	weightsSweep(t, without, true)
	cw, err := os.ReadFile(filepath.Join(with, configJSONName))
	require.NoError(t, err)
	co, err := os.ReadFile(filepath.Join(without, configJSONName))
	require.NoError(t, err)
	assert.Equal(t, cw, co, "SkipWeights changes no fingerprint")
	keys := storedKeys(t, without)
	require.Len(t, keys, 2)
	for _, k := range keys {
		run, err := OpenRun(without, k)
		require.NoError(t, err)
		assert.Empty(t, run.Record.Weights)
		assert.Nil(t, run.Weights)
		assert.NoFileExists(t, filepath.Join(without, runsDir, weightsFileName(k)))
	}

	dst := t.TempDir()
	_, err = Merge(dst, []string{without, with}, false)
	require.NoError(t, err, "a folder without weights merges with one that has them")
	for _, k := range keys {
		assert.FileExists(t, filepath.Join(dst, runsDir, weightsFileName(k)), "Merge carries the weights")
	}
	dst2 := t.TempDir()
	_, err = Merge(dst2, []string{with}, false)
	require.NoError(t, err)
	for _, k := range keys {
		run, err := OpenRun(dst2, k)
		require.NoError(t, err)
		require.NotNil(t, run.Weights)
	}

	path := filepath.Join(with, runsDir, weightsFileName(keys[0]))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	b[len(b)/2] ^= 1
	require.NoError(t, os.WriteFile(path, b, 0o644))
	_, err = OpenRun(with, keys[0])
	assert.ErrorIs(t, err, errWeightsDigest)
	_, err = Merge(t.TempDir(), []string{with}, false)
	assert.ErrorIs(t, err, errWeightsDigest)
	require.NoError(t, os.Remove(path))
	_, err = OpenRun(with, keys[0])
	assert.ErrorIs(t, err, errWeightsDigest)
}

// TestShardedWeights checks that shards into one folder, and shards into
// two folders merged, keep the same weights as the unsharded sweep.
func TestShardedWeights(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 8 small networks")
	}
	t.Parallel()
	cfg := tinyTrainerConfig()
	cfg.Variants = []string{"W*D*C", "W"}
	cfg.Simulations = 2
	tr, err := NewPaperTrainer(&cfg, tinyField(t))
	require.NoError(t, err)
	whole, one, s0, s1, merged := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	run := func(dir string, sh Shard) {
		sw := Sweep{Config: cfg, Trainer: tr, Dir: dir, Shard: sh}
		_, err := sw.Run(context.Background())
		require.NoError(t, err)
	}
	run(whole, Shard{})
	run(one, Shard{Index: 0, Count: 2})
	run(one, Shard{Index: 1, Count: 2})
	run(s0, Shard{Index: 0, Count: 2})
	run(s1, Shard{Index: 1, Count: 2})
	_, err = Merge(merged, []string{s0, s1}, false)
	require.NoError(t, err)
	keys := storedKeys(t, whole)
	require.Len(t, keys, 4)
	for _, k := range keys {
		want, err := os.ReadFile(filepath.Join(whole, runsDir, weightsFileName(k)))
		require.NoError(t, err)
		for _, dir := range []string{one, merged} {
			got, err := os.ReadFile(filepath.Join(dir, runsDir, weightsFileName(k)))
			require.NoError(t, err)
			assert.Equal(t, want, got, "%v", k)
		}
	}
}

// TestTrainingInitialModel checks that Training.InitialModel is the network
// before training: its effective W_rec is Training.Initial, its other
// parameters are those the trained model started from (a fresh rnn.New from
// the same stream), and training did not touch it; and that
// PaperTrainer.InitialRecurrent, without training, gives the same W_rec.
func TestTrainingInitialModel(t *testing.T) {
	t.Parallel()
	cfg := tinyTrainerConfig()
	cfg.Variants = []string{"W*D*C", "W-EI", "WD"}
	tr, err := NewPaperTrainer(&cfg, tinyField(t))
	require.NoError(t, err)
	task, err := tasks.ByName("onechoice")
	require.NoError(t, err)
	for _, v := range cfg.Variants {
		t.Run(v, func(t *testing.T) {
			spec, err := tr.spec(RunKey{Task: 1, Variant: v})
			require.NoError(t, err)
			out, err := tr.Train(context.Background(), spec, task, nil)
			require.NoError(t, err)
			require.NotNil(t, out.InitialModel)
			assert.True(t, mat.Equal(out.Initial, out.InitialModel.EffectiveRecurrentTo(nil)))
			w0, err := tr.InitialRecurrent(spec)
			require.NoError(t, err)
			assert.True(t, mat.Equal(out.Initial, w0), "InitialRecurrent is not the W_rec training starts from")
			fresh, err := rnn.New(out.Model.Config(), spec.runRand(seeds.StreamInit))
			require.NoError(t, err)
			for _, k := range []rnn.Param{rnn.InputKernel, rnn.OutputKernel} {
				assert.True(t, mat.Equal(fresh.WeightsTo(nil, k), out.InitialModel.WeightsTo(nil, k)), "%v", k)
			}
		})
	}
}

// TestInitialRecurrentRefusesForeignSpec checks that InitialRecurrent, like
// Train, refuses a spec of another configuration.
func TestInitialRecurrentRefusesForeignSpec(t *testing.T) {
	t.Parallel()
	cfg := tinyTrainerConfig()
	tr, err := NewPaperTrainer(&cfg, tinyField(t))
	require.NoError(t, err)
	spec, err := tr.spec(RunKey{Task: 1, Variant: cfg.Variants[0]})
	require.NoError(t, err)
	spec.Fingerprint = "0000000000000000"
	_, err = tr.InitialRecurrent(spec)
	require.ErrorIs(t, err, ErrForeignRun)
}
