package tasks

import (
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// refGoNoGo builds a Go/NoGo trial from docs/method.md §7's text.
func refGoNoGo(isGo bool) (x []float32, label int) {
	x = make([]float32, 40*3)
	row := func(t int, v [3]float32) { copy(x[t*3:], v[:]) }
	for t := 0; t <= 4; t++ {
		row(t, [3]float32{1, 0, 0})
	}
	for t := 5; t <= 24; t++ {
		if isGo {
			row(t, [3]float32{0, 0, 1})
		} else {
			row(t, [3]float32{0, 1, 0})
		}
	}
	for t := 25; t <= 34; t++ {
		row(t, [3]float32{1, 0, 0})
	}
	// 35–39: [0,0,0], already zero.
	if isGo {
		return x, 1
	}
	return x, 0
}

func TestGoNoGoElementwise(t *testing.T) {
	t.Parallel()
	task := NewGoNoGo()
	spec := task.Spec()
	if spec.Steps != 40 || spec.NIn() != 3 || spec.NOut() != 2 || spec.Target != TargetLastStep {
		t.Fatalf("spec = %+v, want 40 steps, 3 inputs, 2 classes, last-step", spec)
	}
	for _, isGo := range []bool{false, true} {
		bt := mustBatch(t, spec, 4)
		fillSentinel(bt)
		if err := task.WriteCondition(bt, 3, GoNoGoCondition{Go: isGo}, nil); err != nil {
			t.Fatal(err)
		}
		wantX, wantLabel := refGoNoGo(isGo)
		assertExact(t, trialInputs(bt, 3), wantX, 3, "inputs")
		if bt.Labels[3] != wantLabel {
			t.Errorf("go=%v: label %d, want %d", isGo, bt.Labels[3], wantLabel)
		}
		assertOthersUntouched(t, bt, 3)
	}
}

func TestGoNoGoSampling(t *testing.T) {
	t.Parallel()
	task := NewGoNoGo()
	rnd := testutil.Rand(3)
	const n = 40000
	goes := 0
	for range n {
		if task.SampleCondition(rnd).Go {
			goes++
		}
	}
	if d := math.Abs(float64(goes) - n/2); d > 5*math.Sqrt(n/4.0) {
		t.Errorf("%d Go trials of %d, want about half", goes, n)
	}
}
