package tasks

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Defaults of WorkingMemory (NeuroGym's DelayComparison).
const (
	DefaultWMDT        = 100.0  // ms per step
	DefaultWMFixation  = 500.0  // ms
	DefaultWMStimulus1 = 500.0  // ms
	DefaultWMDelay     = 1000.0 // ms
	DefaultWMStimulus2 = 500.0  // ms
	DefaultWMDecision  = 100.0  // ms
	DefaultWMSigma     = 1.0    // NeuroGym σ; per-step SD σ/√dt
)

// DefaultWMPairs are NeuroGym's vibration-frequency pairs (f_high, f_low) in
// Hz, after Romo et al. 1999.
var DefaultWMPairs = [][2]float64{{18, 10}, {22, 14}, {26, 18}, {30, 22}, {34, 26}}

// Output classes of WorkingMemory.
const (
	WMFirstHigher  = 1 // f1 > f2
	WMSecondHigher = 2 // f1 < f2
)

// WorkingMemoryConfig configures WorkingMemory; start from
// DefaultWorkingMemoryConfig.
type WorkingMemoryConfig struct {
	DT                                              float64
	Fixation, Stimulus1, Delay, Stimulus2, Decision Duration
	Pairs                                           [][2]float64 // frequency pairs, finite, the two values distinct
	Sigma                                           float64      // NeuroGym σ ≥ 0; per-step SD σ/√DT
}

// DefaultWorkingMemoryConfig returns NeuroGym's defaults: dt = 100 ms,
// fixation 500, f1 500, delay 1000, f2 500, decision 100 ms (26 steps),
// DefaultWMPairs, σ = 1.
func DefaultWorkingMemoryConfig() WorkingMemoryConfig {
	return WorkingMemoryConfig{
		DT: DefaultWMDT, Fixation: Fixed(DefaultWMFixation), Stimulus1: Fixed(DefaultWMStimulus1),
		Delay: Fixed(DefaultWMDelay), Stimulus2: Fixed(DefaultWMStimulus2), Decision: Fixed(DefaultWMDecision),
		Pairs: slices.Clone(DefaultWMPairs), Sigma: DefaultWMSigma,
	}
}

// Validate checks the timings (see Duration), the pairs and σ.
func (c WorkingMemoryConfig) Validate() error {
	_, _, _, err := c.schedule()
	return err
}

func (c WorkingMemoryConfig) schedule() (s *Schedule, vmin, vmax float64, err error) {
	if len(c.Pairs) == 0 {
		return nil, 0, 0, fieldErr("WorkingMemoryConfig.Pairs", ErrConfig, "empty")
	}
	vmin, vmax = math.Inf(1), math.Inf(-1)
	for i, p := range c.Pairs {
		for _, v := range p {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, 0, 0, fieldErr("WorkingMemoryConfig.Pairs", ErrConfig, "pair %d has non-finite value %g", i, v)
			}
			vmin, vmax = min(vmin, v), max(vmax, v)
		}
		if p[0] == p[1] {
			return nil, 0, 0, fieldErr("WorkingMemoryConfig.Pairs", ErrConfig, "pair %d has equal values %g", i, p[0])
		}
	}
	if err := checkSigma("WorkingMemoryConfig.Sigma", c.Sigma); err != nil {
		return nil, 0, 0, err
	}
	s, err = NewSchedule("WorkingMemoryConfig", c.DT,
		PeriodSpec{"Fixation", c.Fixation}, PeriodSpec{"Stimulus1", c.Stimulus1}, PeriodSpec{"Delay", c.Delay},
		PeriodSpec{"Stimulus2", c.Stimulus2}, PeriodSpec{"Decision", c.Decision})
	return s, vmin, vmax, err
}

// WorkingMemoryCondition forces a trial: the two frequencies, in order
// (any distinct finite values; the answer is whether F1 > F2).
type WorkingMemoryCondition struct{ F1, F2 float64 }

// WorkingMemory is parametric working memory, the vibrotactile
// frequency-comparison task of Romo, Brody, Hernández & Lemus 1999
// (doi:10.1038/20939), as NeuroGym's DelayComparison: a first frequency f1
// is shown, held over a delay, then a second f2; the network reports whether
// f1 > f2.
//
// Inputs: fixation (1 on every trial step except the decision period) and one
// stimulus channel, set during the two stimulus periods to
// r(f) + n, r(f) = (1 + (f − f_min)/(f_max − f_min))/2 ∈ [0.5, 1] with
// f_min, f_max over all Pairs, n ~ Normal(0, (σ/√dt)²) per step (NeuroGym's
// sigma/np.sqrt(dt)). NeuroGym also adds that noise to the fixation channel
// during the stimulus periods; here only the stimulus channel is noisy.
// Outputs: fixation, f1>f2, f1<f2. Per-step targets: fixation on every trial
// step, the answer during the decision period; mask 1 on every trial step.
//
// Draws per trial (SampleCondition, NeuroGym's order): rnd.IntN(2) (1: the
// pair's first value comes first), rnd.IntN(len(Pairs)); then the random
// period lengths in period order; then the noise of stimulus 1, then of
// stimulus 2.
type WorkingMemory struct {
	cfg        WorkingMemoryConfig
	sched      *Schedule
	vmin, vmax float64
	sd         float64
	spec       Spec
}

var _ Conditioned[WorkingMemoryCondition] = (*WorkingMemory)(nil)

// NewWorkingMemory validates cfg and returns the task.
func NewWorkingMemory(cfg WorkingMemoryConfig) (*WorkingMemory, error) {
	s, vmin, vmax, err := cfg.schedule()
	if err != nil {
		return nil, err
	}
	cfg.Pairs = slices.Clone(cfg.Pairs)
	return &WorkingMemory{cfg: cfg, sched: s, vmin: vmin, vmax: vmax, sd: cfg.Sigma / math.Sqrt(cfg.DT), spec: Spec{
		Name: "workingmemory", DT: cfg.DT, Steps: s.MaxSteps(),
		Inputs:  []string{"fixation", "stimulus"},
		Outputs: []string{"fixation", "f1>f2", "f1<f2"},
		Target:  TargetPerStep,
	}}, nil
}

// Spec describes the task.
func (w *WorkingMemory) Spec() Spec { return w.spec.clone() }

// NoiseSD returns the per-step noise standard deviation σ/√dt.
func (w *WorkingMemory) NoiseSD() float64 { return w.sd }

// Represent returns the noise-free input value r(f) of frequency f.
func (w *WorkingMemory) Represent(f float64) float64 {
	return (1 + (f-w.vmin)/(w.vmax-w.vmin)) / 2
}

// SampleCondition draws the order, then the pair.
func (w *WorkingMemory) SampleCondition(rnd *rand.Rand) WorkingMemoryCondition {
	firstHigh := rnd.IntN(2) == 1
	p := w.cfg.Pairs[rnd.IntN(len(w.cfg.Pairs))]
	if firstHigh {
		return WorkingMemoryCondition{F1: p[0], F2: p[1]}
	}
	return WorkingMemoryCondition{F1: p[1], F2: p[0]}
}

// WriteTrial writes trial b of dst with a condition drawn from rnd.
func (w *WorkingMemory) WriteTrial(dst *Batch, b int, rnd *rand.Rand) {
	dst.checkShape(w.spec, b)
	mustRand(rnd, "WorkingMemory.WriteTrial")
	w.write(dst, b, w.SampleCondition(rnd), rnd)
}

// WriteCondition writes trial b of dst for condition c.
func (w *WorkingMemory) WriteCondition(dst *Batch, b int, c WorkingMemoryCondition, rnd *rand.Rand) error {
	if math.IsNaN(c.F1) || math.IsNaN(c.F2) || math.IsInf(c.F1, 0) || math.IsInf(c.F2, 0) || c.F1 == c.F2 {
		return fieldErr("WorkingMemoryCondition", ErrCondition, "F1 = %g, F2 = %g, want distinct finite values", c.F1, c.F2)
	}
	w.write(dst, b, c, rnd)
	return nil
}

func (w *WorkingMemory) write(dst *Batch, b int, c WorkingMemoryCondition, rnd *rand.Rand) {
	dst.checkShape(w.spec, b)
	mustRand(rnd, "WorkingMemory.WriteCondition")
	tl := w.sched.Resolve(rnd)
	class := WMSecondHigher
	if c.F1 > c.F2 {
		class = WMFirstHigher
	}
	dst.ClearTrial(b)
	for _, p := range tl.Periods[:4] {
		dst.SetInput(b, p, 0, 1)
	}
	v := [1]float64{w.Represent(c.F1)}
	dst.SetNoisyInputs(b, tl.Periods[1], 1, v[:], w.sd, rnd)
	v[0] = w.Represent(c.F2)
	dst.SetNoisyInputs(b, tl.Periods[3], 1, v[:], w.sd, rnd)
	writeDecisionTargets(dst, b, tl, tl.Periods[4], class)
}
