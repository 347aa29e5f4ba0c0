package tasks

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestDelayMatchSampleElementwise(t *testing.T) {
	t.Parallel()
	cfg := DefaultDelayMatchSampleConfig()
	cfg.Sigma = 0
	task, err := NewDelayMatchSample(cfg)
	require.NoError(t, err)
	spec := task.Spec()
	require.Equal(t, shape{32, 3, 3, TargetPerStep}, specShape(spec), "spec %+v", spec)
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
			require.NoError(t, task.WriteCondition(bt, 1, c, testutil.Rand(1)))
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
	require.NoError(t, err)
	require.Equal(t, 0.1, task.NoiseSD(), "NoiseSD")
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
					require.Equal(t, want, bt.Input(st, 0, 1+i), "step %d channel %d", st, 1+i)
				}
			}
		}
		wantClass := 2
		if match {
			wantClass = 1
		}
		require.Equal(t, float32(1), bt.Target(31, 0, wantClass), "decision target for match=%v", match)
	}
}

func TestDelayMatchSampleBadInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		edit func(*DelayMatchSampleConfig)
		want error
	}{
		{"ring 1", func(c *DelayMatchSampleConfig) { c.DimRing = 1 }, ErrConfig},
		{"sigma", func(c *DelayMatchSampleConfig) { c.Sigma = math.Inf(1) }, ErrConfig},
		{"off grid", func(c *DelayMatchSampleConfig) { c.Test = Fixed(450) }, ErrOffGrid},
		{"zero delay", func(c *DelayMatchSampleConfig) { c.Delay = Fixed(0) }, ErrTiming},
		{"nil sample", func(c *DelayMatchSampleConfig) { c.Sample = nil }, ErrTiming},
		{"negative dt", func(c *DelayMatchSampleConfig) { c.DT = -100 }, ErrTiming},
	} {
		cfg := DefaultDelayMatchSampleConfig()
		c.edit(&cfg)
		assert.ErrorIs(t, cfg.Validate(), c.want, "%s: Validate", c.name)
		_, err := NewDelayMatchSample(cfg)
		assert.ErrorIs(t, err, c.want, "%s: NewDelayMatchSample", c.name)
	}
	task, _ := NewDelayMatchSample(DefaultDelayMatchSampleConfig())
	bt := mustBatch(t, task.Spec(), 1)
	for _, s := range []int{-1, 2} {
		err := task.WriteCondition(bt, 0, DelayMatchSampleCondition{Sample: s}, testutil.Rand(1))
		assert.ErrorIs(t, err, ErrCondition, "sample %d", s)
	}
}
