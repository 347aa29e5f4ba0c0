package tasks

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// refPDM builds a paper Task 3 trial from docs/method.md §7's text, drawing the
// noise from rnd in the documented order (step-major, channel 1 then 2); with
// rnd nil it is noise-free.
func refPDM(coh float64, g int, sd float64, rnd *rand.Rand) []float32 {
	theta := [2]float64{0, math.Pi}
	x := make([]float32, 41*3)
	for t := 0; t < 41; t++ {
		x[t*3] = 1 // fixation on every step
	}
	for t := 1; t <= 30; t++ { // stimulus: steps 1..30 (fixation is 100 ms = 1 step)
		for k := 0; k < 2; k++ {
			v := math.Cos(theta[k]-theta[g])*coh/200 + 0.5
			if rnd != nil {
				v += sd * rnd.NormFloat64()
			}
			x[t*3+1+k] = float32(v)
		}
	}
	return x
}

func TestPerceptualDMSpec(t *testing.T) {
	t.Parallel()
	task, err := NewPerceptualDM(DefaultPerceptualDMConfig())
	require.NoError(t, err)
	spec := task.Spec()
	require.Equal(t, shape{41, 3, 2, TargetLastStep}, specShape(spec), "spec %+v", spec)
	require.Equal(t, 100.0, spec.DT, "spec %+v", spec)
	// NeuroGym: sigma / sqrt(dt) = 1 / sqrt(100) = 0.1.
	assert.Equal(t, 0.1, task.NoiseSD(), "NoiseSD")
}

func TestPerceptualDMElementwiseNoiseFree(t *testing.T) {
	t.Parallel()
	cfg := DefaultPerceptualDMConfig()
	cfg.Sigma = 0
	task, err := NewPerceptualDM(cfg)
	require.NoError(t, err)
	for _, coh := range DefaultPDMCoherences {
		for g := 0; g < 2; g++ {
			bt := mustBatch(t, task.Spec(), 2)
			fillSentinel(bt)
			require.NoError(t, task.WriteCondition(bt, 0, PerceptualDMCondition{Coherence: coh, Choice: g}, testutil.Rand(1)))
			assertExact(t, trialInputs(bt, 0), refPDM(coh, g, 0, nil), 3, "inputs")
			assert.Equal(t, g, bt.Labels[0], "coh %v g %d: label", coh, g)
			assertOthersUntouched(t, bt, 0)
		}
	}
	// Spot values written out by hand: coherence 51.2, g = 1 → channel 1 is
	// 0.5 − 0.256 = 0.244, channel 2 is 0.756.
	bt := mustBatch(t, task.Spec(), 1)
	require.NoError(t, task.WriteCondition(bt, 0, PerceptualDMCondition{Coherence: 51.2, Choice: 1}, testutil.Rand(1)))
	assert.Equal(t, float32(0.244), bt.Input(5, 0, 1), "spot value: step 5 channel 1")
	assert.Equal(t, float32(0.756), bt.Input(5, 0, 2), "spot value: step 5 channel 2")
	assert.Equal(t, float32(0), bt.Input(31, 0, 2), "spot value: step 31 channel 2")
	assert.Equal(t, float32(1), bt.Input(40, 0, 0), "spot value: step 40 channel 0")
}

func TestPerceptualDMElementwiseNoisy(t *testing.T) {
	t.Parallel()
	task, err := NewPerceptualDM(DefaultPerceptualDMConfig())
	require.NoError(t, err)
	bt := mustBatch(t, task.Spec(), 3)
	rnd, ref := testutil.Rand(5), testutil.Rand(5)
	for trial := 0; trial < 3; trial++ {
		task.WriteTrial(bt, trial, rnd)
		// Documented draw order: coherence index, choice, then the noise.
		coh := DefaultPDMCoherences[ref.IntN(5)]
		g := ref.IntN(2)
		assertExact(t, trialInputs(bt, trial), refPDM(coh, g, 0.1, ref), 3, "inputs")
		assert.Equal(t, g, bt.Labels[trial], "trial %d: label", trial)
	}
}

func TestPerceptualDMNoiseAndConditionStatistics(t *testing.T) {
	t.Parallel()
	task, err := NewPerceptualDM(DefaultPerceptualDMConfig())
	require.NoError(t, err)
	const trials = 2000
	bt := mustBatch(t, task.Spec(), trials)
	rnd := testutil.Rand(9)
	var sum, sumSq float64
	n := 0
	var choice [2]int
	cohCount := map[float64]int{}
	for b := 0; b < trials; b++ {
		c := task.SampleCondition(rnd)
		choice[c.Choice]++
		cohCount[c.Coherence]++
		require.NoError(t, task.WriteCondition(bt, b, c, rnd))
		for s := 1; s <= 30; s++ {
			for k := 0; k < 2; k++ {
				mean := 0.5 + c.Coherence/200
				if k != c.Choice {
					mean = 0.5 - c.Coherence/200
				}
				r := float64(bt.Input(s, b, 1+k)) - mean
				sum += r
				sumSq += r * r
				n++
			}
		}
	}
	// n = 120,000 residuals: the mean's SE is 0.1/√n ≈ 2.9e-4 and the SD's SE
	// is about 0.1/√(2n) ≈ 2.0e-4; allow 5 SE.
	mean := sum / float64(n)
	sd := math.Sqrt(sumSq/float64(n) - mean*mean)
	assert.InDelta(t, 0, mean, 5*0.1/math.Sqrt(float64(n)), "noise mean")
	assert.InDelta(t, 0.1, sd, 5*0.1/math.Sqrt(2*float64(n)), "noise SD")
	assert.InDelta(t, trials/2, choice[0], 5*math.Sqrt(trials/4.0), "choice counts %v, want about equal", choice)
	for _, c := range DefaultPDMCoherences {
		p := 1.0 / 5
		assert.InDelta(t, trials*p, cohCount[c], 5*math.Sqrt(trials*p*(1-p)), "coherence %v drawn of %d", c, trials)
	}
	assert.Len(t, cohCount, 5, "coherences drawn")
}

func TestPerceptualDMBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		edit func(*PerceptualDMConfig)
		want error
	}{
		{"off-grid stimulus", func(c *PerceptualDMConfig) { c.Stimulus = Fixed(3050) }, ErrOffGrid},
		{"zero delay", func(c *PerceptualDMConfig) { c.Delay = Fixed(0) }, ErrTiming},
		{"negative fixation", func(c *PerceptualDMConfig) { c.Fixation = Fixed(-100) }, ErrTiming},
		{"nil delay", func(c *PerceptualDMConfig) { c.Delay = nil }, ErrTiming},
		{"zero dt", func(c *PerceptualDMConfig) { c.DT = 0 }, ErrTiming},
		{"NaN dt", func(c *PerceptualDMConfig) { c.DT = math.NaN() }, ErrTiming},
		{"no coherences", func(c *PerceptualDMConfig) { c.Coherences = nil }, ErrConfig},
		{"coherence > 100", func(c *PerceptualDMConfig) { c.Coherences = []float64{101} }, ErrConfig},
		{"negative sigma", func(c *PerceptualDMConfig) { c.Sigma = -1 }, ErrConfig},
		{"NaN sigma", func(c *PerceptualDMConfig) { c.Sigma = math.NaN() }, ErrConfig},
	}
	for _, c := range cases {
		cfg := DefaultPerceptualDMConfig()
		c.edit(&cfg)
		assert.ErrorIs(t, cfg.Validate(), c.want, "%s: Validate", c.name)
		_, err := NewPerceptualDM(cfg)
		assert.ErrorIs(t, err, c.want, "%s: NewPerceptualDM", c.name)
	}
	task, _ := NewPerceptualDM(DefaultPerceptualDMConfig())
	bt := mustBatch(t, task.Spec(), 1)
	for _, c := range []PerceptualDMCondition{{-1, 0}, {101, 0}, {math.NaN(), 0}, {10, 2}, {10, -1}} {
		assert.ErrorIs(t, task.WriteCondition(bt, 0, c, testutil.Rand(1)), ErrCondition, "condition %+v", c)
	}
}
