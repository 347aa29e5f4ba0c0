package tasks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestVarDelayGoNoGoElementwise(t *testing.T) {
	t.Parallel()
	task, err := NewVarDelayGoNoGo(DefaultVarDelayGoNoGoConfig())
	require.NoError(t, err)
	spec := task.Spec()
	// dt 100: fixation 1, stimulus 5, delay 5/10/15/20, decision 5: at most 31.
	require.Equal(t, shape{31, 3, 2, TargetPerStep}, specShape(spec), "spec %+v", spec)
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
		require.False(t, t.Failed(), "stopped at the first wrong trial: go=%v delay=%d", isGo, delay)
	}
	assert.Len(t, delays, 4, "delays drawn")
	// Forced condition.
	bt := mustBatch(t, spec, 1)
	require.NoError(t, task.WriteCondition(bt, 0, GoNoGoCondition{Go: true}, testutil.Rand(1)))
	assert.Equal(t, float32(1), bt.Target(30, 0, 1), "forced Go trial has no Go target at the last step")
}

func TestVarDelayGoNoGoBadInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		edit func(*VarDelayGoNoGoConfig)
		want error
	}{
		{"zero fixation", func(c *VarDelayGoNoGoConfig) { c.Fixation = Fixed(0) }, ErrTiming},
		{"off-grid delay", func(c *VarDelayGoNoGoConfig) { c.Delay = Choice{500, 750} }, ErrOffGrid},
		{"empty delay", func(c *VarDelayGoNoGoConfig) { c.Delay = Choice{} }, ErrTiming},
		{"negative", func(c *VarDelayGoNoGoConfig) { c.Decision = Fixed(-500) }, ErrTiming},
	} {
		cfg := DefaultVarDelayGoNoGoConfig()
		c.edit(&cfg)
		assert.ErrorIs(t, cfg.Validate(), c.want, "%s: Validate", c.name)
		_, err := NewVarDelayGoNoGo(cfg)
		assert.ErrorIs(t, err, c.want, "%s: NewVarDelayGoNoGo", c.name)
	}
}
