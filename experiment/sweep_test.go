package experiment

import (
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSweepIdenticalForAnyJobs(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	d1, d4 := t.TempDir(), t.TempDir()
	runAndFinish(t, cfg, d1, 1)
	runAndFinish(t, cfg, d4, 4)
	tree := treeBytes(t, d1)
	assertSameTree(t, treeBytes(t, d4), tree, "-j 4 vs -j 1")
	for _, f := range []string{"sweep-config.json", "runs/Task1_WsDsC_sim0000.json"} {
		assert.Contains(t, tree, f, "missing output %s", f)
	}
	// The wall times are kept, outside the records: one .time file per
	// run, parsed into Seconds on load (report's tests check timings.csv).
	recs, err := LoadRecords(d1, &cfg, false)
	require.NoError(t, err)
	for _, r := range recs {
		// The trainer's value lies in [0.25, 1.25).
		assert.GreaterOrEqual(t, r.Result.Seconds, 0.25, "%v: Seconds", r.Key)
		assert.Less(t, r.Result.Seconds, 1.25, "%v: Seconds", r.Key)
		assert.NotContains(t, tree[filepath.Join(runsDir, runFileName(r.Key, folderFormat))], "seconds",
			"%v: the record holds the wall time", r.Key)
	}
}

func TestSweepResumeAfterCancel(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	want := t.TempDir()
	runAndFinish(t, cfg, want, 2)

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int64
	crashing := TrainerFunc(func(ctx context.Context, spec RunSpec) (RunResult, error) {
		if n.Add(1) == 20 {
			cancel() // the "crash": nothing new starts, in-flight runs see ctx cancelled
			return RunResult{}, ctx.Err()
		}
		return fakeResult(spec), nil
	})
	st, err := (&Sweep{Config: cfg, Trainer: crashing, Dir: dir, Jobs: 3}).Run(ctx)
	require.ErrorIs(t, err, context.Canceled, "interrupted sweep")
	require.Positive(t, st.Ran, "runs of the interrupted sweep")
	require.Less(t, st.Ran, 66, "runs of the interrupted sweep")
	require.ErrorContains(t, finish(dir), "missing", "Finish on an incomplete sweep")
	var calls atomic.Int64
	counting := TrainerFunc(func(ctx context.Context, spec RunSpec) (RunResult, error) {
		calls.Add(1)
		return fakeResult(spec), nil
	})
	st2, err := (&Sweep{Config: cfg, Trainer: counting, Dir: dir, Jobs: 3}).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, st.Ran, st2.Skipped, "resume skips the stored runs: first %+v, second %+v", st, st2)
	assert.Equal(t, 66-st.Ran, st2.Ran, "resume runs the others: first %+v, second %+v", st, st2)
	assert.Equal(t, st2.Ran, int(calls.Load()), "trainer calls on resume")
	require.NoError(t, finish(dir))
	assertSameTree(t, treeBytes(t, dir), treeBytes(t, want), "resumed vs uninterrupted")
}

// TestSweepKill9 runs a sweep in a child process (this test binary, see
// TestCrashChild), kills it with SIGKILL mid-sweep, resumes it here and
// checks that the outputs equal an uninterrupted sweep's byte for byte.
func TestSweepKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	t.Parallel()
	cfg := smallConfig()
	want := t.TempDir()
	runAndFinish(t, cfg, want, 1)

	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(os.Environ(), "EXPERIMENT_CRASH_CHILD="+dir)
	require.NoError(t, cmd.Start())
	deadline := time.Now().Add(20 * time.Second)
	finished := 0
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(filepath.Join(dir, runsDir))
		finished = 0
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), tmpPrefix) && strings.HasSuffix(e.Name(), ".json") {
				finished++
			}
		}
		if finished >= 10 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	entries, _ := os.ReadDir(filepath.Join(dir, runsDir))
	// A kill mid-sweep: some runs stored, not every one.
	require.GreaterOrEqual(t, finished, 10, "runs the child had stored when killed")
	require.Less(t, len(entries), 2*66, "files in the runs folder after the kill")
	st, err := (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: dir, Jobs: 2}).Run(context.Background())
	require.NoError(t, err)
	assert.GreaterOrEqual(t, st.Skipped, 10, "resume after kill -9: %+v", st)
	assert.Equal(t, 66, st.Skipped+st.Ran, "resume after kill -9: %+v", st)
	require.NoError(t, finish(dir))
	assertSameTree(t, treeBytes(t, dir), treeBytes(t, want), "resumed after kill -9 vs uninterrupted")
}

// TestCrashChild is the child of TestSweepKill9; it does nothing unless
// EXPERIMENT_CRASH_CHILD names a folder.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("EXPERIMENT_CRASH_CHILD")
	if dir == "" {
		t.Skip("helper process of TestSweepKill9")
	}
	sw := Sweep{Config: smallConfig(), Trainer: fakeTrainer(15 * time.Millisecond), Dir: dir, Jobs: 3}
	_, err := sw.Run(context.Background())
	require.NoError(t, err)
}

func TestShardsMerge(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	want := t.TempDir()
	runAndFinish(t, cfg, want, 2)

	root := t.TempDir()
	var srcs []string
	total := 0
	for i := range 3 {
		d := filepath.Join(root, "shard", string(rune('a'+i)))
		st, err := (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: d, Jobs: 2, Shard: Shard{Index: i, Count: 3}}).Run(context.Background())
		require.NoError(t, err)
		assert.Equal(t, 22, st.Planned, "shard %d/3: %+v", i, st)
		assert.Equal(t, 22, st.Ran, "shard %d/3: %+v", i, st)
		total += st.Ran
		srcs = append(srcs, d)
	}
	assert.Equal(t, 66, total, "runs of all shards")
	dst := filepath.Join(root, cfg.FolderName())
	n, err := Merge(dst, srcs, false)
	require.NoError(t, err)
	assert.Equal(t, 66, n, "runs Merge copied")
	// Merging again is a no-op.
	n, err = Merge(dst, srcs, false)
	assert.NoError(t, err, "second Merge")
	assert.Zero(t, n, "runs the second Merge copied")
	require.NoError(t, finish(dst))
	assertSameTree(t, treeBytes(t, dst), treeBytes(t, want), "merged shards vs whole sweep")

	// Shards sharing one folder give the same result too.
	shared := t.TempDir()
	for i := range 2 {
		_, err := (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: shared, Jobs: 2, Shard: Shard{Index: i, Count: 2}}).Run(context.Background())
		require.NoError(t, err, "shard %d/2", i)
	}
	require.NoError(t, finish(shared))
	assertSameTree(t, treeBytes(t, shared), treeBytes(t, want), "shards in one folder vs whole sweep")
}

func TestMergeConflicts(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W", "WD"}, 2
	a, b := t.TempDir(), t.TempDir()
	runAndFinish(t, cfg, a, 1)
	other := cfg.Clone()
	other.Lambda = 0.5
	_, err := (&Sweep{Config: other, Trainer: fakeTrainer(0), Dir: b}).Run(context.Background())
	require.NoError(t, err)
	_, err = Merge(t.TempDir(), []string{a, b}, false)
	require.ErrorIs(t, err, ErrForeignRun)
	assert.Contains(t, err.Error(), "another configuration")
	assert.Contains(t, err.Error(), "Lambda 0.5, now 0.3", "the refusal names the setting")
	// A run file that differs from the destination's copy.
	c := t.TempDir()
	runAndFinish(t, cfg, c, 1)
	f, err := openFolder(c)
	require.NoError(t, err)
	rec, ok, err := f.readRecord(&cfg, RunKey{Task: 1, Variant: "W", Simulation: 0})
	require.NoError(t, err)
	require.True(t, ok)
	rec.Result.Accuracy -= 0.5
	require.NoError(t, writeRecord(c, &rec))
	_, err = Merge(a, []string{c}, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "different results")
}

func TestSweepRejectsForeignRuns(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W"}, 2
	dir := t.TempDir()
	runAndFinish(t, cfg, dir, 1)
	changed := cfg.Clone()
	changed.Epochs = 3
	_, err := (&Sweep{Config: changed, Trainer: fakeTrainer(0), Dir: dir}).Run(context.Background())
	require.ErrorIs(t, err, ErrForeignRun, "resume with other epochs")
	assert.Contains(t, err.Error(), "Epochs 10, now 3")
	// A stored run of another configuration is refused too.
	runFile := filepath.Join(dir, runsDir, runFileName(RunKey{Task: 1, Variant: "W", Simulation: 0}, folderFormat))
	orig, err := os.ReadFile(runFile)
	require.NoError(t, err)
	fp := cfg.RunFingerprint(mustVariant(t, "W"), mustInputs(t, &cfg))
	require.Contains(t, string(orig), fp)
	require.NoError(t, os.WriteFile(runFile, []byte(strings.Replace(string(orig), fp, "0000000000000000", 1)), 0o644))
	_, err = (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: dir}).Run(context.Background())
	require.ErrorIs(t, err, ErrForeignRun, "a record with another fingerprint")
	require.NoError(t, os.WriteFile(runFile, orig, 0o644))
	// More simulations with the same settings reuse the finished runs.
	more := cfg.Clone()
	more.Simulations = 4
	st, err := (&Sweep{Config: more, Trainer: fakeTrainer(0), Dir: dir}).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, SweepStats{Planned: 4, Skipped: 2, Ran: 2}, st)
	// A stale temporary file from a kill -9 is ignored.
	require.NoError(t, os.WriteFile(filepath.Join(dir, runsDir, tmpPrefix+"junk"), []byte("{"), 0o644))
	assert.NoError(t, finish(dir), "Finish with a stale temporary file")
}

// mustVariant returns VariantByName(name).
func mustVariant(t *testing.T, name string) Variant {
	t.Helper()
	v, err := VariantByName(name)
	require.NoError(t, err)
	return v
}

// mustInputs returns fieldInputs(cfg).
func mustInputs(t *testing.T, cfg *Config) []Input {
	t.Helper()
	in, err := fieldInputs(cfg)
	require.NoError(t, err)
	return in
}

func TestSweepTrainerErrors(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W", "WD", "WDC"}, 3
	boom := errors.New("boom")
	failing := TrainerFunc(func(ctx context.Context, spec RunSpec) (RunResult, error) {
		if spec.Key.Variant == "WD" && spec.Key.Simulation == 1 {
			return RunResult{}, boom
		}
		return fakeResult(spec), nil
	})
	_, err := (&Sweep{Config: cfg, Trainer: failing, Dir: t.TempDir(), Jobs: 2}).Run(context.Background())
	assert.ErrorIs(t, err, boom)
	assert.ErrorContains(t, err, "Task1/WD/sim1", "the error names the run")
	nan := TrainerFunc(func(ctx context.Context, spec RunSpec) (RunResult, error) {
		r := fakeResult(spec)
		r.Loss = math.NaN()
		return r, nil
	})
	_, err = (&Sweep{Config: cfg, Trainer: nan, Dir: t.TempDir()}).Run(context.Background())
	assert.ErrorContains(t, err, "Loss = NaN", "NaN loss")
	// A file, below which no output folder can be made.
	f := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(f, nil, 0o644))
	for _, c := range []struct {
		name string
		sw   Sweep
	}{
		{"no trainer", Sweep{Config: cfg, Dir: t.TempDir()}},
		{"no folder", Sweep{Config: cfg, Trainer: failing}},
		{"shard out of range", Sweep{Config: cfg, Trainer: failing, Dir: t.TempDir(), Shard: Shard{Index: 3, Count: 2}}},
		{"invalid config", Sweep{Config: Config{}, Trainer: failing, Dir: t.TempDir()}},
		{"folder below a file", Sweep{Config: cfg, Trainer: failing, Dir: filepath.Join(f, "out")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.sw.Run(context.Background())
			assert.Error(t, err, "invalid sweep %+v ran", c.sw)
		})
	}
}
