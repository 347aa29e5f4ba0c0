package tasks

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestContextDMElementwise(t *testing.T) {
	t.Parallel()
	cfg := DefaultContextDMConfig()
	cfg.Sigma = 0
	cfg.Delay = Fixed(600) // fixed, so the layout is known: 6 + 15 + 12 + 2 = 35 steps at dt 50
	task, err := NewContextDM(cfg)
	require.NoError(t, err)
	spec := task.Spec()
	require.Equal(t, shape{35, 7, 3, TargetPerStep}, specShape(spec), "spec %+v", spec)
	// A modality pointing to direction d with coherence c reads
	// (0.5 + c/200, 0.5 − c/200) for d = 0 and the reverse for d = 1.
	mod := func(d int, c float64) []float32 {
		hi, lo := float32(0.5+c/200), float32(0.5-c/200)
		if d == 0 {
			return []float32{hi, lo}
		}
		return []float32{lo, hi}
	}
	for _, ctx := range []int{0, 1} {
		for _, choice := range []int{0, 1} {
			for _, other := range []int{0, 1} {
				c := ContextDMCondition{Context: ctx, Choice: choice, Other: other, Coherence: [2]float64{15, 50}}
				t.Run(fmt.Sprintf("%+v", c), func(t *testing.T) {
					d1, d2 := choice, other // modality 1 is relevant in context 0
					if ctx == 1 {
						d1, d2 = other, choice
					}
					ctxIn := []float32{0, 0}
					ctxIn[ctx] = 1
					row := func(fix float32, stim []float32) []float32 {
						r := append([]float32{fix}, stim...)
						return append(r, ctxIn...)
					}
					stim := append(mod(d1, 15), mod(d2, 50)...)
					zero := []float32{0, 0, 0, 0}
					segs := []segment{
						{6, row(1, zero), 0},
						{15, row(1, stim), 0},
						{12, row(1, zero), 0},
						{2, row(0, zero), 1 + choice},
					}
					bt := mustBatch(t, spec, 3)
					fillSentinel(bt)
					require.NoError(t, task.WriteCondition(bt, 2, c, testutil.Rand(1)))
					checkPerStepTrial(t, bt, 2, 0, segs)
					assertOthersUntouched(t, bt, 2)
				})
			}
		}
	}
}

func TestContextDMVariableDelayPadding(t *testing.T) {
	t.Parallel()
	cfg := DefaultContextDMConfig()
	cfg.Sigma = 0
	task, err := NewContextDM(cfg)
	require.NoError(t, err)
	// Delay TruncExp(600, 300, 3000) at dt 50: 6 … 59 steps; max 6+15+59+2 = 82.
	require.Equal(t, 82, task.Spec().Steps, "Steps")
	bt := mustBatch(t, task.Spec(), 1)
	rnd, ref := testutil.Rand(6), testutil.Rand(6)
	for range 200 {
		task.WriteTrial(bt, 0, rnd)
		c := task.SampleCondition(ref)
		delay := int(math.Floor(DefaultContextDMDelay.Quantile(ref.Float64())/50 + 1e-9))
		pad := 82 - (6 + 15 + delay + 2)
		for range 15 * 4 { // the stimulus noise, drawn even at σ = 0
			ref.NormFloat64()
		}
		for st := 0; st < 82; st++ {
			w := bt.Weight(st, 0)
			require.Equal(t, st < pad, w == 0, "step %d: mask %v with %d pad steps", st, w, pad)
			if st < pad {
				for i := 0; i < 7; i++ {
					require.Equal(t, float32(0), bt.Input(st, 0, i), "pad step %d has input on channel %d", st, i)
				}
			}
		}
		require.Equal(t, float32(1), bt.Input(pad, 0, 5+c.Context), "trial not aligned to the end (pad %d): context input", pad)
		require.Equal(t, float32(1), bt.Target(81, 0, 1+c.Choice), "trial not aligned to the end (pad %d): choice target", pad)
		require.Equal(t, float32(1), bt.Target(79, 0, 0), "trial not aligned to the end (pad %d): fixation target", pad)
	}
}

func TestContextDMBadInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		edit func(*ContextDMConfig)
		want error
	}{
		{"no coherences", func(c *ContextDMConfig) { c.Coherences = nil }, ErrConfig},
		{"coherence", func(c *ContextDMConfig) { c.Coherences = []float64{-5} }, ErrConfig},
		{"sigma", func(c *ContextDMConfig) { c.Sigma = -1 }, ErrConfig},
		{"off grid (100)", func(c *ContextDMConfig) { c.DT = 100 }, ErrOffGrid},
		{"delay min", func(c *ContextDMConfig) { c.Delay = TruncExp{600, 20, 3000} }, ErrTiming},
	} {
		cfg := DefaultContextDMConfig()
		c.edit(&cfg)
		assert.ErrorIs(t, cfg.Validate(), c.want, "%s: Validate", c.name)
		_, err := NewContextDM(cfg)
		assert.ErrorIs(t, err, c.want, "%s: NewContextDM", c.name)
	}
	task, _ := NewContextDM(DefaultContextDMConfig())
	bt := mustBatch(t, task.Spec(), 1)
	for _, c := range []ContextDMCondition{{Context: 2}, {Choice: -1}, {Other: 3}, {Coherence: [2]float64{0, 101}}} {
		assert.ErrorIs(t, task.WriteCondition(bt, 0, c, testutil.Rand(1)), ErrCondition, "%+v", c)
	}
}
