package tasks

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestDelayMatchSampleElementwise(t *testing.T) {
	t.Parallel()
	cfg := DefaultDelayMatchSampleConfig()
	cfg.Sigma = 0
	task, err := NewDelayMatchSample(cfg)
	if err != nil {
		t.Fatal(err)
	}
	spec := task.Spec()
	if spec.Steps != 32 || spec.NIn() != 3 || spec.NOut() != 3 || spec.Target != TargetPerStep {
		t.Fatalf("spec %+v, want 32 steps, 3 inputs, 3 outputs, per-step", spec)
	}
	// dt 100 ms: fixation 3, sample 5, delay 10, test 5, decision 9 steps.
	// Ring of two: direction 0 → stim (1, 0), direction 1 → (0, 1).
	ring := [2][]float32{{1, 1, 0}, {1, 0, 1}}
	for _, c := range []DelayMatchSampleCondition{{true, 0}, {true, 1}, {false, 0}, {false, 1}} {
		t.Run(fmt.Sprintf("%+v", c), func(t *testing.T) {
			test, class := ring[1-c.Sample], 2
			if c.Match {
				test, class = ring[c.Sample], 1
			}
			segs := []segment{
				{3, []float32{1, 0, 0}, 0},
				{5, ring[c.Sample], 0},
				{10, []float32{1, 0, 0}, 0},
				{5, test, 0},
				{9, []float32{0, 0, 0}, class},
			}
			bt := mustBatch(t, spec, 2)
			fillSentinel(bt)
			if err := task.WriteCondition(bt, 1, c, testutil.Rand(1)); err != nil {
				t.Fatal(err)
			}
			checkPerStepTrial(t, bt, 1, 0, segs)
			assertOthersUntouched(t, bt, 1)
		})
	}
}

func TestDelayMatchSampleRingAndNoise(t *testing.T) {
	t.Parallel()
	cfg := DefaultDelayMatchSampleConfig()
	cfg.DimRing = 4
	task, err := NewDelayMatchSample(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if task.NoiseSD() != 0.1 {
		t.Fatalf("NoiseSD %v, want 0.1", task.NoiseSD())
	}
	bt := mustBatch(t, task.Spec(), 1)
	rnd, ref := testutil.Rand(4), testutil.Rand(4)
	for range 8 {
		task.WriteTrial(bt, 0, rnd)
		match := ref.IntN(2) == 1
		s := ref.IntN(4)
		thS := 2 * math.Pi * float64(s) / 4
		thT := thS
		if !match {
			thT = math.Mod(thS+math.Pi, 2*math.Pi)
		}
		// Replay the noise: sample period (steps 3–7), then test (18–22).
		for _, per := range []struct {
			start int
			th    float64
		}{{3, thS}, {18, thT}} {
			for st := per.start; st < per.start+5; st++ {
				for i := 0; i < 4; i++ {
					want := float32(math.Cos(2*math.Pi*float64(i)/4-per.th)*0.5 + 0.5 + 0.1*ref.NormFloat64())
					if got := bt.Input(st, 0, 1+i); got != want {
						t.Fatalf("step %d channel %d: %v, want %v", st, 1+i, got, want)
					}
				}
			}
		}
		wantClass := 2
		if match {
			wantClass = 1
		}
		if bt.Target(31, 0, wantClass) != 1 {
			t.Fatalf("decision target wrong for match=%v", match)
		}
	}
}

func TestDelayMatchSampleBadInput(t *testing.T) {
	t.Parallel()
	for name, edit := range map[string]func(*DelayMatchSampleConfig){
		"ring 1":      func(c *DelayMatchSampleConfig) { c.DimRing = 1 },
		"sigma":       func(c *DelayMatchSampleConfig) { c.Sigma = math.Inf(1) },
		"off grid":    func(c *DelayMatchSampleConfig) { c.Test = Fixed(450) },
		"zero delay":  func(c *DelayMatchSampleConfig) { c.Delay = Fixed(0) },
		"nil sample":  func(c *DelayMatchSampleConfig) { c.Sample = nil },
		"negative dt": func(c *DelayMatchSampleConfig) { c.DT = -100 },
	} {
		cfg := DefaultDelayMatchSampleConfig()
		edit(&cfg)
		if _, err := NewDelayMatchSample(cfg); err == nil || cfg.Validate() == nil {
			t.Errorf("%s: no error", name)
		}
	}
	task, _ := NewDelayMatchSample(DefaultDelayMatchSampleConfig())
	bt := mustBatch(t, task.Spec(), 1)
	for _, s := range []int{-1, 2} {
		if err := task.WriteCondition(bt, 0, DelayMatchSampleCondition{Sample: s}, testutil.Rand(1)); !errors.Is(err, ErrCondition) {
			t.Errorf("sample %d: %v", s, err)
		}
	}
}
