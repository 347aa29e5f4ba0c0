package tasks

import (
	"errors"
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestWorkingMemoryElementwise(t *testing.T) {
	t.Parallel()
	cfg := DefaultWorkingMemoryConfig()
	cfg.Sigma = 0
	task, err := NewWorkingMemory(cfg)
	if err != nil {
		t.Fatal(err)
	}
	spec := task.Spec()
	if spec.Steps != 26 || spec.NIn() != 2 || spec.NOut() != 3 || spec.Target != TargetPerStep {
		t.Fatalf("spec %+v", spec)
	}
	// Frequencies span 10–34 Hz: r(f) = (1 + (f − 10)/24)/2.
	r := func(f float64) float32 { return float32((1 + (f-10)/24) / 2) }
	for _, c := range []WorkingMemoryCondition{{18, 10}, {10, 18}, {34, 26}, {26, 34}, {22, 14}} {
		class := 2
		if c.F1 > c.F2 {
			class = 1
		}
		segs := []segment{
			{5, []float32{1, 0}, 0},
			{5, []float32{1, r(c.F1)}, 0},
			{10, []float32{1, 0}, 0},
			{5, []float32{1, r(c.F2)}, 0},
			{1, []float32{0, 0}, class},
		}
		bt := mustBatch(t, spec, 2)
		fillSentinel(bt)
		if err := task.WriteCondition(bt, 0, c, testutil.Rand(1)); err != nil {
			t.Fatal(err)
		}
		checkPerStepTrial(t, bt, 0, 0, segs)
		assertOthersUntouched(t, bt, 0)
	}
	if task.Represent(10) != 0.5 || task.Represent(34) != 1 {
		t.Errorf("Represent range: %v … %v, want 0.5 … 1", task.Represent(10), task.Represent(34))
	}
}

func TestWorkingMemorySampling(t *testing.T) {
	t.Parallel()
	task, _ := NewWorkingMemory(DefaultWorkingMemoryConfig())
	bt := mustBatch(t, task.Spec(), 1)
	rnd, ref := testutil.Rand(8), testutil.Rand(8)
	for range 50 {
		task.WriteTrial(bt, 0, rnd)
		first := ref.IntN(2) == 1
		p := DefaultWMPairs[ref.IntN(5)]
		f1, f2 := p[1], p[0]
		if first {
			f1, f2 = p[0], p[1]
		}
		for st := 5; st < 10; st++ {
			want := float32(task.Represent(f1) + 0.1*ref.NormFloat64())
			if bt.Input(st, 0, 1) != want {
				t.Fatalf("f1 step %d: %v, want %v", st, bt.Input(st, 0, 1), want)
			}
		}
		for st := 20; st < 25; st++ {
			want := float32(task.Represent(f2) + 0.1*ref.NormFloat64())
			if bt.Input(st, 0, 1) != want {
				t.Fatalf("f2 step %d: %v, want %v", st, bt.Input(st, 0, 1), want)
			}
		}
		if bt.Input(7, 0, 0) != 1 {
			t.Fatal("fixation channel should be noise-free")
		}
	}
}

func TestWorkingMemoryBadInput(t *testing.T) {
	t.Parallel()
	for name, edit := range map[string]func(*WorkingMemoryConfig){
		"no pairs":   func(c *WorkingMemoryConfig) { c.Pairs = nil },
		"equal pair": func(c *WorkingMemoryConfig) { c.Pairs = [][2]float64{{10, 10}} },
		"NaN pair":   func(c *WorkingMemoryConfig) { c.Pairs = [][2]float64{{10, math.NaN()}} },
		"sigma":      func(c *WorkingMemoryConfig) { c.Sigma = math.NaN() },
		"off grid":   func(c *WorkingMemoryConfig) { c.Delay = Choice{1000, 1010} },
	} {
		cfg := DefaultWorkingMemoryConfig()
		edit(&cfg)
		if _, err := NewWorkingMemory(cfg); err == nil || cfg.Validate() == nil {
			t.Errorf("%s: no error", name)
		}
	}
	task, _ := NewWorkingMemory(DefaultWorkingMemoryConfig())
	bt := mustBatch(t, task.Spec(), 1)
	for _, c := range []WorkingMemoryCondition{{10, 10}, {math.NaN(), 1}, {math.Inf(1), 2}} {
		if err := task.WriteCondition(bt, 0, c, testutil.Rand(1)); !errors.Is(err, ErrCondition) {
			t.Errorf("%+v: %v", c, err)
		}
	}
}
