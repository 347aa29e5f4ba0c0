package tasks

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func paperTasks(t testing.TB) []Task {
	t.Helper()
	var out []Task
	for _, name := range []string{"task1", "task2", "task3"} {
		task, err := ByName(name)
		require.NoError(t, err)
		out = append(out, task)
	}
	return out
}

func TestDatasetDefaultSizes(t *testing.T) {
	t.Parallel()
	cfg := DefaultDatasetConfig()
	require.Equal(t, DatasetConfig{Train: 5120, HeldOut: 2560, Test: 2560, BatchSize: 128}, cfg, "default config")
	for _, task := range paperTasks(t) {
		spec := task.Spec()
		ds, err := NewDataset(task, cfg, testutil.Rand(1))
		require.NoError(t, err)
		require.Len(t, ds.Train, 40, "%s: train batches", spec.Name)
		require.Len(t, ds.HeldOut, 20, "%s: held-out batches", spec.Name)
		require.Len(t, ds.Test, 20, "%s: test batches", spec.Name)
		for _, b := range slices.Concat(ds.Train, ds.HeldOut, ds.Test) {
			require.Equal(t, [4]int{spec.Steps, 128, spec.NIn(), spec.NOut()}, [4]int{b.Steps, b.Size, b.NIn, b.NOut},
				"%s: batch Steps, Size, NIn, NOut", spec.Name)
			require.Equal(t, spec.Steps*128*spec.NIn(), len(b.X), "%s: len X", spec.Name)
			require.Equal(t, 128, len(b.Labels), "%s: len Labels", spec.Name)
			require.Nil(t, b.Y, "%s: last-step batch has targets", spec.Name)
			require.Nil(t, b.Mask, "%s: last-step batch has a mask", spec.Name)
			for _, l := range b.Labels {
				require.True(t, l >= 0 && l < spec.NOut(), "%s: label %d out of range", spec.Name, l)
			}
		}
	}
}

func batchesEqual(a, b []*Batch) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !slices.Equal(a[i].X, b[i].X) || !slices.Equal(a[i].Labels, b[i].Labels) ||
			!slices.Equal(a[i].Y, b[i].Y) || !slices.Equal(a[i].Mask, b[i].Mask) {
			return false
		}
	}
	return true
}

func TestDatasetDeterministicAndSplitsIndependent(t *testing.T) {
	t.Parallel()
	cfg := DatasetConfig{Train: 64, HeldOut: 32, Test: 32, BatchSize: 16}
	for _, task := range paperTasks(t) {
		a, err := NewDataset(task, cfg, testutil.Rand(7))
		require.NoError(t, err)
		b, err := NewDataset(task, cfg, testutil.Rand(7))
		require.NoError(t, err)
		require.True(t, batchesEqual(a.Train, b.Train), "%s: same seed gave different training sets", a.Spec.Name)
		require.True(t, batchesEqual(a.HeldOut, b.HeldOut), "%s: same seed gave different held-out sets", a.Spec.Name)
		require.True(t, batchesEqual(a.Test, b.Test), "%s: same seed gave different test sets", a.Spec.Name)
		c, err := NewDataset(task, cfg, testutil.Rand(8))
		require.NoError(t, err)
		require.False(t, batchesEqual(a.Train, c.Train), "%s: different seeds gave the same training set", a.Spec.Name)
		require.False(t, batchesEqual(a.Train[:2], a.HeldOut[:2]), "%s: training and held-out sets coincide", a.Spec.Name)
		// Changing the training size leaves the other splits unchanged, and
		// the shorter training set is a prefix of the longer one.
		cfg2 := cfg
		cfg2.Train = 32
		d, err := NewDataset(task, cfg2, testutil.Rand(7))
		require.NoError(t, err)
		require.True(t, batchesEqual(a.HeldOut, d.HeldOut), "%s: resizing the training split changed the held-out set", a.Spec.Name)
		require.True(t, batchesEqual(a.Test, d.Test), "%s: resizing the training split changed the test set", a.Spec.Name)
		require.True(t, batchesEqual(a.Train[:2], d.Train), "%s: the shorter training set is not a prefix of the longer", a.Spec.Name)
	}
}

func TestDatasetConsumesSixDraws(t *testing.T) {
	t.Parallel()
	task := NewGoNoGo()
	rnd, ref := testutil.Rand(4), testutil.Rand(4)
	_, err := NewDataset(task, DatasetConfig{Train: 8, BatchSize: 8}, rnd)
	require.NoError(t, err)
	for range 6 {
		ref.Uint64()
	}
	require.Equal(t, ref.Uint64(), rnd.Uint64(), "NewDataset did not consume exactly six Uint64 draws")
	// The training split is Generate on PCG(first two draws).
	seed := testutil.Rand(4)
	s1, s2 := seed.Uint64(), seed.Uint64()
	ds, err := NewDataset(task, DatasetConfig{Train: 8, BatchSize: 4}, testutil.Rand(4))
	require.NoError(t, err)
	gen, err := Generate(task, 8, 4, newPCG(s1, s2))
	require.NoError(t, err)
	require.True(t, batchesEqual(ds.Train, gen), "training split differs from Generate on its documented stream")
}

func TestGenerateMatchesTrialByTrial(t *testing.T) {
	t.Parallel()
	for _, task := range paperTasks(t) {
		gen, err := Generate(task, 10, 4, testutil.Rand(3))
		require.NoError(t, err)
		require.Len(t, gen, 3, "batches")
		require.Equal(t, 2, gen[2].Size, "size of the last batch")
		rnd := testutil.Rand(3)
		for i, g := range gen {
			want := mustBatch(t, task.Spec(), g.Size)
			for b := 0; b < g.Size; b++ {
				task.WriteTrial(want, b, rnd)
			}
			require.True(t, batchesEqual([]*Batch{g}, []*Batch{want}), "%s: batch %d differs from trial-by-trial writing", task.Spec().Name, i)
		}
	}
}

func TestDatasetBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		cfg  DatasetConfig
		want error
	}{
		{DatasetConfig{Train: 0, HeldOut: 128, BatchSize: 128}, ErrTrials},
		{DatasetConfig{Train: -128, BatchSize: 128}, ErrTrials},
		{DatasetConfig{Train: 128, HeldOut: -128, BatchSize: 128}, ErrTrials},
		{DatasetConfig{Train: 128, Test: -1, BatchSize: 128}, ErrTrials},
		{DatasetConfig{Train: 128, BatchSize: 0}, ErrBatchSize},
		{DatasetConfig{Train: 128, BatchSize: -4}, ErrBatchSize},
		{DatasetConfig{Train: 5120, HeldOut: 2560, BatchSize: 100}, ErrBatchSize},
		{DatasetConfig{Train: 128, HeldOut: 100, BatchSize: 64}, ErrBatchSize},
	}
	for _, c := range cases {
		assert.ErrorIs(t, c.cfg.Validate(), c.want, "%+v: Validate", c.cfg)
		_, err := NewDataset(NewGoNoGo(), c.cfg, testutil.Rand(1))
		assert.ErrorIs(t, err, c.want, "%+v: NewDataset", c.cfg)
	}
	_, err := Generate(NewGoNoGo(), 0, 4, testutil.Rand(1))
	assert.ErrorIs(t, err, ErrTrials, "Generate 0 trials")
	_, err = Generate(NewGoNoGo(), 4, 0, testutil.Rand(1))
	assert.ErrorIs(t, err, ErrBatchSize, "Generate batch 0")
	_, err = NewBatch(NewGoNoGo().Spec(), 0)
	assert.ErrorIs(t, err, ErrBatchSize, "NewBatch size 0")
}

func TestDatasetPerStepTasks(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"delaymatchsample", "contextdm", "workingmemory", "vardelaygonogo"} {
		task, err := ByName(name)
		require.NoError(t, err)
		spec := task.Spec()
		ds, err := NewDataset(task, DatasetConfig{Train: 64, HeldOut: 32, Test: 32, BatchSize: 32}, testutil.Rand(2))
		require.NoError(t, err)
		require.Len(t, ds.Train, 2, "%s: train batches", name)
		require.Len(t, ds.HeldOut, 1, "%s: held-out batches", name)
		require.Len(t, ds.Test, 1, "%s: test batches", name)
		for _, b := range ds.Train {
			require.Nil(t, b.Labels, "%s: per-step batch has labels", name)
			require.Equal(t, spec.Steps*32*spec.NOut(), len(b.Y), "%s: len Y", name)
			require.Equal(t, spec.Steps*32, len(b.Mask), "%s: len Mask", name)
			// Every supervised step has exactly one target class; padded steps none.
			for st := 0; st < b.Steps; st++ {
				for tr := 0; tr < b.Size; tr++ {
					var sum float32
					for k := 0; k < b.NOut; k++ {
						sum += b.Target(st, tr, k)
					}
					w := b.Weight(st, tr)
					require.True(t, w == 0 || w == 1, "%s: step %d trial %d: mask %v", name, st, tr, w)
					require.Equal(t, w, sum, "%s: step %d trial %d: target sum vs mask", name, st, tr)
				}
			}
			// The last step of every trial is supervised (trials end together).
			for tr := 0; tr < b.Size; tr++ {
				require.Equal(t, float32(1), b.Weight(b.Steps-1, tr), "%s: trial %d does not end on the last step", name, tr)
			}
		}
	}
}

func TestNilRandPanics(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		task, err := ByName(name)
		require.NoError(t, err)
		bt := mustBatch(t, task.Spec(), 1)
		assert.Panics(t, func() { task.WriteTrial(bt, 0, nil) }, "%s: WriteTrial with nil rnd", name)
	}
	assert.Panics(t, func() { _, _ = NewDataset(NewGoNoGo(), DefaultDatasetConfig(), nil) }, "NewDataset with nil rnd")
}

func TestSpecLookups(t *testing.T) {
	t.Parallel()
	spec := NewGoNoGo().Spec()
	assert.Equal(t, 2, spec.Input("go"), `Input("go")`)
	assert.Equal(t, -1, spec.Input("nope"), `Input("nope")`)
	assert.Equal(t, 0, spec.Output("nogo"), `Output("nogo")`)
	// Spec returns a copy: editing it does not change the task.
	task := NewGoNoGo()
	s := task.Spec()
	s.Inputs[0] = "changed"
	assert.Equal(t, "fixation", task.Spec().Inputs[0], "Spec shares its slices with the task")
	assert.ErrorIs(t, (Spec{}).Validate(), ErrConfig, "empty spec")
	assert.Equal(t, "last-step", TargetLastStep.String())
	assert.Equal(t, "per-step", TargetPerStep.String())
}
