package tasks

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	require.Equal(t, shape{40, 3, 2, TargetLastStep}, specShape(spec), "spec %+v", spec)
	for _, isGo := range []bool{false, true} {
		bt := mustBatch(t, spec, 4)
		fillSentinel(bt)
		require.NoError(t, task.WriteCondition(bt, 3, GoNoGoCondition{Go: isGo}, nil))
		wantX, wantLabel := refGoNoGo(isGo)
		assertExact(t, trialInputs(bt, 3), wantX, 3, "inputs")
		assert.Equal(t, wantLabel, bt.Labels[3], "go=%v: label", isGo)
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
	assert.InDelta(t, n/2, goes, 5*math.Sqrt(n/4.0), "Go trials of %d, want about half", n)
}
