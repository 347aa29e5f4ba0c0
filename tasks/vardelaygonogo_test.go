package tasks

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestVarDelayGoNoGoElementwise(t *testing.T) {
	t.Parallel()
	task, err := NewVarDelayGoNoGo(DefaultVarDelayGoNoGoConfig())
	if err != nil {
		t.Fatal(err)
	}
	spec := task.Spec()
	// dt 100: fixation 1, stimulus 5, delay 5/10/15/20, decision 5: at most 31.
	if spec.Steps != 31 || spec.NIn() != 3 || spec.NOut() != 2 || spec.Target != TargetPerStep {
		t.Fatalf("spec %+v", spec)
	}
	rnd, ref := testutil.Rand(12), testutil.Rand(12)
	delays := map[int]int{}
	for range 400 {
		bt := mustBatch(t, spec, 2)
		fillSentinel(bt)
		task.WriteTrial(bt, 1, rnd)
		isGo := ref.IntN(2) == 1
		delay := []int{5, 10, 15, 20}[ref.IntN(4)]
		delays[delay]++
		cue, class := []float32{1, 1, 0}, 0
		if isGo {
			cue, class = []float32{1, 0, 1}, 1
		}
		segs := []segment{
			{1, []float32{1, 0, 0}, 0},
			{5, cue, 0},
			{delay, []float32{1, 0, 0}, 0},
			{5, []float32{0, 0, 0}, class},
		}
		checkPerStepTrial(t, bt, 1, 31-(11+delay), segs)
		assertOthersUntouched(t, bt, 1)
		if t.Failed() {
			t.Fatalf("go=%v delay=%d", isGo, delay)
		}
	}
	if len(delays) != 4 {
		t.Errorf("delays drawn: %v", delays)
	}
	// Forced condition.
	bt := mustBatch(t, spec, 1)
	if err := task.WriteCondition(bt, 0, GoNoGoCondition{Go: true}, testutil.Rand(1)); err != nil {
		t.Fatal(err)
	}
	if bt.Target(30, 0, 1) != 1 {
		t.Error("forced Go trial has no Go target at the last step")
	}
}

func TestVarDelayGoNoGoBadInput(t *testing.T) {
	t.Parallel()
	for name, edit := range map[string]func(*VarDelayGoNoGoConfig){
		"zero fixation":  func(c *VarDelayGoNoGoConfig) { c.Fixation = Fixed(0) },
		"off-grid delay": func(c *VarDelayGoNoGoConfig) { c.Delay = Choice{500, 750} },
		"empty delay":    func(c *VarDelayGoNoGoConfig) { c.Delay = Choice{} },
		"negative":       func(c *VarDelayGoNoGoConfig) { c.Decision = Fixed(-500) },
	} {
		cfg := DefaultVarDelayGoNoGoConfig()
		edit(&cfg)
		if _, err := NewVarDelayGoNoGo(cfg); err == nil || cfg.Validate() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
