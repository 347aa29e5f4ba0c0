package tasks

import (
	"errors"
	"slices"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func paperTasks(t testing.TB) []Task {
	t.Helper()
	var out []Task
	for _, name := range []string{"task1", "task2", "task3"} {
		task, err := ByName(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, task)
	}
	return out
}

func TestDatasetDefaultSizes(t *testing.T) {
	t.Parallel()
	cfg := DefaultDatasetConfig()
	if cfg.Train != 5120 || cfg.HeldOut != 2560 || cfg.BatchSize != 128 || cfg.Test != 2560 {
		t.Fatalf("default config %+v, want 5120/2560/2560 in batches of 128", cfg)
	}
	for _, task := range paperTasks(t) {
		spec := task.Spec()
		ds, err := NewDataset(task, cfg, testutil.Rand(1))
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Train) != 40 || len(ds.HeldOut) != 20 || len(ds.Test) != 20 {
			t.Fatalf("%s: %d train, %d held-out, %d test batches; want 40, 20, 20", spec.Name, len(ds.Train), len(ds.HeldOut), len(ds.Test))
		}
		for _, b := range slices.Concat(ds.Train, ds.HeldOut, ds.Test) {
			if b.Size != 128 || b.Steps != spec.Steps || b.NIn != spec.NIn() || b.NOut != spec.NOut() ||
				len(b.X) != spec.Steps*128*spec.NIn() || len(b.Labels) != 128 || b.Y != nil || b.Mask != nil {
				t.Fatalf("%s: batch shape %d×%d×%d/%d, len X %d", spec.Name, b.Steps, b.Size, b.NIn, b.NOut, len(b.X))
			}
			for _, l := range b.Labels {
				if l < 0 || l >= spec.NOut() {
					t.Fatalf("%s: label %d out of range", spec.Name, l)
				}
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
		if err != nil {
			t.Fatal(err)
		}
		b, _ := NewDataset(task, cfg, testutil.Rand(7))
		if !batchesEqual(a.Train, b.Train) || !batchesEqual(a.HeldOut, b.HeldOut) || !batchesEqual(a.Test, b.Test) {
			t.Fatalf("%s: same seed gave different datasets", a.Spec.Name)
		}
		c, _ := NewDataset(task, cfg, testutil.Rand(8))
		if batchesEqual(a.Train, c.Train) {
			t.Fatalf("%s: different seeds gave the same training set", a.Spec.Name)
		}
		if batchesEqual(a.Train[:2], a.HeldOut[:2]) {
			t.Fatalf("%s: training and held-out sets coincide", a.Spec.Name)
		}
		// Changing the training size leaves the other splits unchanged, and
		// the shorter training set is a prefix of the longer one.
		cfg2 := cfg
		cfg2.Train = 32
		d, _ := NewDataset(task, cfg2, testutil.Rand(7))
		if !batchesEqual(a.HeldOut, d.HeldOut) || !batchesEqual(a.Test, d.Test) || !batchesEqual(a.Train[:2], d.Train) {
			t.Fatalf("%s: resizing the training split changed other data", a.Spec.Name)
		}
	}
}

func TestDatasetConsumesSixDraws(t *testing.T) {
	t.Parallel()
	task := NewGoNoGo()
	rnd, ref := testutil.Rand(4), testutil.Rand(4)
	if _, err := NewDataset(task, DatasetConfig{Train: 8, BatchSize: 8}, rnd); err != nil {
		t.Fatal(err)
	}
	for range 6 {
		ref.Uint64()
	}
	if rnd.Uint64() != ref.Uint64() {
		t.Fatal("NewDataset did not consume exactly six Uint64 draws")
	}
	// The training split is Generate on PCG(first two draws).
	seed := testutil.Rand(4)
	s1, s2 := seed.Uint64(), seed.Uint64()
	ds, _ := NewDataset(task, DatasetConfig{Train: 8, BatchSize: 4}, testutil.Rand(4))
	gen, err := Generate(task, 8, 4, newPCG(s1, s2))
	if err != nil {
		t.Fatal(err)
	}
	if !batchesEqual(ds.Train, gen) {
		t.Fatal("training split differs from Generate on its documented stream")
	}
}

func TestGenerateMatchesTrialByTrial(t *testing.T) {
	t.Parallel()
	for _, task := range paperTasks(t) {
		gen, err := Generate(task, 10, 4, testutil.Rand(3))
		if err != nil {
			t.Fatal(err)
		}
		if len(gen) != 3 || gen[2].Size != 2 {
			t.Fatalf("batches %d, last size %d; want 3 and 2", len(gen), gen[2].Size)
		}
		rnd := testutil.Rand(3)
		for i, g := range gen {
			want := mustBatch(t, task.Spec(), g.Size)
			for b := 0; b < g.Size; b++ {
				task.WriteTrial(want, b, rnd)
			}
			if !batchesEqual([]*Batch{g}, []*Batch{want}) {
				t.Fatalf("%s: batch %d differs from trial-by-trial writing", task.Spec().Name, i)
			}
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
		if err := c.cfg.Validate(); !errors.Is(err, c.want) {
			t.Errorf("%+v: Validate = %v, want %v", c.cfg, err, c.want)
		}
		if _, err := NewDataset(NewGoNoGo(), c.cfg, testutil.Rand(1)); !errors.Is(err, c.want) {
			t.Errorf("%+v: NewDataset = %v, want %v", c.cfg, err, c.want)
		}
	}
	if _, err := Generate(NewGoNoGo(), 0, 4, testutil.Rand(1)); !errors.Is(err, ErrTrials) {
		t.Errorf("Generate 0 trials: %v", err)
	}
	if _, err := Generate(NewGoNoGo(), 4, 0, testutil.Rand(1)); !errors.Is(err, ErrBatchSize) {
		t.Errorf("Generate batch 0: %v", err)
	}
	if _, err := NewBatch(NewGoNoGo().Spec(), 0); !errors.Is(err, ErrBatchSize) {
		t.Errorf("NewBatch size 0: %v", err)
	}
}

func TestDatasetPerStepTasks(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"delaymatchsample", "contextdm", "workingmemory", "vardelaygonogo"} {
		task, err := ByName(name)
		if err != nil {
			t.Fatal(err)
		}
		spec := task.Spec()
		ds, err := NewDataset(task, DatasetConfig{Train: 64, HeldOut: 32, Test: 32, BatchSize: 32}, testutil.Rand(2))
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Train) != 2 || len(ds.HeldOut) != 1 || len(ds.Test) != 1 {
			t.Fatalf("%s: split sizes %d %d %d", name, len(ds.Train), len(ds.HeldOut), len(ds.Test))
		}
		for _, b := range ds.Train {
			if b.Labels != nil || len(b.Y) != spec.Steps*32*spec.NOut() || len(b.Mask) != spec.Steps*32 {
				t.Fatalf("%s: per-step batch has labels %v, len Y %d, len Mask %d", name, b.Labels != nil, len(b.Y), len(b.Mask))
			}
			// Every supervised step has exactly one target class; padded steps none.
			for st := 0; st < b.Steps; st++ {
				for tr := 0; tr < b.Size; tr++ {
					var sum float32
					for k := 0; k < b.NOut; k++ {
						sum += b.Target(st, tr, k)
					}
					if w := b.Weight(st, tr); (w == 1 && sum != 1) || (w == 0 && sum != 0) || (w != 0 && w != 1) {
						t.Fatalf("%s: step %d trial %d: mask %v, target sum %v", name, st, tr, w, sum)
					}
				}
			}
			// The last step of every trial is supervised (trials end together).
			for tr := 0; tr < b.Size; tr++ {
				if b.Weight(b.Steps-1, tr) != 1 {
					t.Fatalf("%s: trial %d does not end on the last step", name, tr)
				}
			}
		}
	}
}

func TestNilRandPanics(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		task, _ := ByName(name)
		bt := mustBatch(t, task.Spec(), 1)
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: WriteTrial with nil rnd did not panic", name)
				}
			}()
			task.WriteTrial(bt, 0, nil)
		}()
	}
	defer func() {
		if recover() == nil {
			t.Error("NewDataset with nil rnd did not panic")
		}
	}()
	_, _ = NewDataset(NewGoNoGo(), DefaultDatasetConfig(), nil)
}

func TestSpecLookups(t *testing.T) {
	t.Parallel()
	spec := NewGoNoGo().Spec()
	if spec.Input("go") != 2 || spec.Input("nope") != -1 || spec.Output("nogo") != 0 {
		t.Errorf("lookups: %d %d %d", spec.Input("go"), spec.Input("nope"), spec.Output("nogo"))
	}
	// Spec returns a copy: editing it does not change the task.
	task := NewGoNoGo()
	s := task.Spec()
	s.Inputs[0] = "changed"
	if task.Spec().Inputs[0] != "fixation" {
		t.Error("Spec shares its slices with the task")
	}
	if err := (Spec{}).Validate(); !errors.Is(err, ErrConfig) {
		t.Errorf("empty spec: %v", err)
	}
	if TargetLastStep.String() != "last-step" || TargetPerStep.String() != "per-step" {
		t.Error("TargetKind strings")
	}
}
