package tasks

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestWorkingMemoryElementwise(t *testing.T) {
	t.Parallel()
	cfg := DefaultWorkingMemoryConfig()
	cfg.Sigma = 0
	task, err := NewWorkingMemory(cfg)
	require.NoError(t, err)
	spec := task.Spec()
	require.Equal(t, shape{26, 2, 3, TargetPerStep}, specShape(spec), "spec %+v", spec)
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
		require.NoError(t, task.WriteCondition(bt, 0, c, testutil.Rand(1)))
		checkPerStepTrial(t, bt, 0, 0, segs)
		assertOthersUntouched(t, bt, 0)
	}
	assert.Equal(t, 0.5, task.Represent(10), "Represent(10), the low end")
	assert.Equal(t, 1.0, task.Represent(34), "Represent(34), the high end")
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
			require.Equal(t, want, bt.Input(st, 0, 1), "f1 step %d", st)
		}
		for st := 20; st < 25; st++ {
			want := float32(task.Represent(f2) + 0.1*ref.NormFloat64())
			require.Equal(t, want, bt.Input(st, 0, 1), "f2 step %d", st)
		}
		require.Equal(t, float32(1), bt.Input(7, 0, 0), "fixation channel should be noise-free")
	}
}

func TestWorkingMemoryBadInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		edit func(*WorkingMemoryConfig)
		want error
	}{
		{"no pairs", func(c *WorkingMemoryConfig) { c.Pairs = nil }, ErrConfig},
		{"equal pair", func(c *WorkingMemoryConfig) { c.Pairs = [][2]float64{{10, 10}} }, ErrConfig},
		{"NaN pair", func(c *WorkingMemoryConfig) { c.Pairs = [][2]float64{{10, math.NaN()}} }, ErrConfig},
		{"sigma", func(c *WorkingMemoryConfig) { c.Sigma = math.NaN() }, ErrConfig},
		{"off grid", func(c *WorkingMemoryConfig) { c.Delay = Choice{1000, 1010} }, ErrOffGrid},
	} {
		cfg := DefaultWorkingMemoryConfig()
		c.edit(&cfg)
		assert.ErrorIs(t, cfg.Validate(), c.want, "%s: Validate", c.name)
		_, err := NewWorkingMemory(cfg)
		assert.ErrorIs(t, err, c.want, "%s: NewWorkingMemory", c.name)
	}
	task, _ := NewWorkingMemory(DefaultWorkingMemoryConfig())
	bt := mustBatch(t, task.Spec(), 1)
	for _, c := range []WorkingMemoryCondition{{10, 10}, {math.NaN(), 1}, {math.Inf(1), 2}} {
		assert.ErrorIs(t, task.WriteCondition(bt, 0, c, testutil.Rand(1)), ErrCondition, "%+v", c)
	}
}
