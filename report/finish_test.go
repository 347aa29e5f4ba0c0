package report

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/pyfloat"
)

// TestFinishIdenticalForAnyJobsAndShards checks that every file Finish
// writes is a function of the configuration and the records alone: the same
// bytes whatever Jobs, and for a sweep run as two shards and merged.
// Wall times (timings.csv, runs/*.time) are the one exception.
func TestFinishIdenticalForAnyJobsAndShards(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	d1, d4 := t.TempDir(), t.TempDir()
	runAndFinish(t, cfg, d1, 1)
	runAndFinish(t, cfg, d4, 4)
	tree := treeBytes(t, d1)
	assertSameTree(t, treeBytes(t, d4), tree, "-j 4 vs -j 1")

	var shards []string
	for i := range 2 {
		d := t.TempDir()
		sw := experiment.Sweep{Config: cfg, Trainer: fakeTrainer(), Dir: d, Jobs: 2, Shard: experiment.Shard{Index: i, Count: 2}}
		_, err := sw.Run(context.Background())
		require.NoError(t, err)
		shards = append(shards, d)
	}
	merged := t.TempDir()
	n, err := experiment.Merge(merged, shards, false)
	require.NoError(t, err)
	require.Equal(t, 66, n)
	require.NoError(t, Finish(merged))
	assertSameTree(t, treeBytes(t, merged), tree, "two shards merged vs -j 1")

	for _, f := range []string{"config.txt", "metrics.csv", "metrics_SD.csv", "runs.csv", "learning_curves.csv",
		"summary.txt", "Task1/Accuracy_raw.csv", "Task2/Entropy_raw.csv", "figures/Accuracy.png",
		"figures/Task1_learning_curves.png", TimingsFile} {
		assert.Contains(t, tree, f, "missing output")
	}
	assert.Equal(t, 1+66, strings.Count(tree["runs.csv"], "\n"), "runs.csv lines")
	recs, err := experiment.LoadRecords(d1, &cfg, false)
	require.NoError(t, err)
	timings := strings.Split(strings.TrimSpace(tree[TimingsFile]), "\n")
	require.Len(t, timings, 1+66)
	assert.Equal(t, "task,variant,simulation,seconds", timings[0])
	assert.Equal(t, "Task1,W*D*C,0,"+pyfloat.Format(recs[0].Result.Seconds), timings[1])
}

func TestFinishIncomplete(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants = []string{"onechoice"}, []string{"W", "WD"}
	dir := t.TempDir()
	sw := experiment.Sweep{Config: cfg, Trainer: fakeTrainer(), Dir: dir, Shard: experiment.Shard{Index: 0, Count: 2}}
	_, err := sw.Run(context.Background())
	require.NoError(t, err)
	err = Finish(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing")
	_, err = LoadSweep(dir)
	var miss *experiment.MissingRunsError
	require.ErrorAs(t, err, &miss, "LoadSweep of an incomplete sweep")
	assert.Equal(t, dir, miss.Dir)
	total := len(cfg.Tasks) * len(cfg.Variants) * cfg.Simulations
	require.Equal(t, 6, total, "two variants, three simulations")
	assert.Equal(t, total/2, miss.Missing, "shard 0 of 2 stores half the runs")
	assert.Equal(t, total, miss.Total)
	assert.Len(t, miss.First, 3, "the first three missing are named")
	assert.Contains(t, err.Error(), "3 of 6 runs missing")
	_, err = LoadSweep(filepath.Join(dir, "nothing-here"))
	assert.Error(t, err, "LoadSweep of a folder that is no sweep")
}
