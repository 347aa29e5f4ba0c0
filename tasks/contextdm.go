package tasks

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Defaults of ContextDM (NeuroGym's ContextDecisionMaking with an explicit
// context cue).
const (
	DefaultContextDMDT       = 50.0  // ms per step (NeuroGym: 100, which puts the 750 ms stimulus off the grid)
	DefaultContextDMFixation = 300.0 // ms
	DefaultContextDMStimulus = 750.0 // ms
	DefaultContextDMDecision = 100.0 // ms
	DefaultContextDMSigma    = 1.0   // NeuroGym σ; per-step SD σ/√dt
)

// DefaultContextDMDelay is NeuroGym's delay: TruncExp(600, 300, 3000) ms.
var DefaultContextDMDelay = TruncExp{Mean: 600, Min: 300, Max: 3000}

// DefaultContextDMCoherences are NeuroGym's coherences in percent.
var DefaultContextDMCoherences = []float64{5, 15, 50}

// ContextDMConfig configures ContextDM; start from DefaultContextDMConfig.
type ContextDMConfig struct {
	DT                                  float64
	Fixation, Stimulus, Delay, Decision Duration
	Coherences                          []float64 // percent, each in [0, 100]
	Sigma                               float64   // NeuroGym σ ≥ 0; per-step SD σ/√DT
}

// DefaultContextDMConfig returns NeuroGym's defaults at dt = 50 ms (NeuroGym
// uses 100 ms and silently floors the 750 ms stimulus to 700 ms; here Fixed
// durations must lie on the grid): fixation 300, stimulus 750, delay
// TruncExp(600, 300, 3000), decision 100 ms (at most 82 steps), coherences
// {5, 15, 50} %, σ = 1.
func DefaultContextDMConfig() ContextDMConfig {
	return ContextDMConfig{
		DT: DefaultContextDMDT, Fixation: Fixed(DefaultContextDMFixation), Stimulus: Fixed(DefaultContextDMStimulus),
		Delay: DefaultContextDMDelay, Decision: Fixed(DefaultContextDMDecision),
		Coherences: slices.Clone(DefaultContextDMCoherences), Sigma: DefaultContextDMSigma,
	}
}

// Validate checks the timings (see Duration), the coherences and σ.
func (c ContextDMConfig) Validate() error {
	_, err := c.schedule()
	return err
}

func (c ContextDMConfig) schedule() (*Schedule, error) {
	if len(c.Coherences) == 0 {
		return nil, fieldErr("ContextDMConfig.Coherences", ErrConfig, "empty")
	}
	for i, coh := range c.Coherences {
		if !(coh >= 0 && coh <= 100) {
			return nil, fieldErr("ContextDMConfig.Coherences", ErrConfig, "value %d is %g, want in [0, 100]", i, coh)
		}
	}
	if err := checkSigma("ContextDMConfig.Sigma", c.Sigma); err != nil {
		return nil, err
	}
	return NewSchedule("ContextDMConfig", c.DT,
		PeriodSpec{"Fixation", c.Fixation}, PeriodSpec{"Stimulus", c.Stimulus},
		PeriodSpec{"Delay", c.Delay}, PeriodSpec{"Decision", c.Decision})
}

// ContextDMCondition forces a context-dependent trial. Context 0 makes
// modality 1 relevant, 1 modality 2. Choice (0 or 1) is the direction of the
// relevant modality and the correct answer; Other is the direction of the
// irrelevant modality. Coherence[m] is modality m+1's coherence in percent.
type ContextDMCondition struct {
	Context   int
	Choice    int
	Other     int
	Coherence [2]float64
}

// ContextDM is context-dependent decision making (Mante, Sussillo, Shenoy &
// Newsome 2013, doi:10.1038/nature12742), as NeuroGym's ContextDecisionMaking
// with an explicit context cue: two noisy modalities (motion and colour)
// each point to one of two directions; a context cue says which modality to
// report, and the network reports its direction after a delay.
//
// Inputs (7): fixation (1 on every trial step except the decision period);
// modality 1 directions mod1_0, mod1_1 and modality 2 directions mod2_0,
// mod2_1, set during the stimulus period to cos(θ_k − θ_dir)·coh/200 + 0.5 +
// n with θ = (0, π) and n ~ Normal(0, (σ/√dt)²) per step and channel
// (NeuroGym's sigma/np.sqrt(dt)); context0, context1, the one-hot context on
// every trial step. Outputs: fixation, choice0, choice1. Per-step targets:
// fixation on every trial step, 1+Choice during the decision period; mask 1
// on every trial step.
//
// Draws per trial (SampleCondition, NeuroGym's order): rnd.IntN(2) Choice,
// rnd.IntN(2) Other, rnd.IntN(2) Context, rnd.IntN(len(Coherences)) for each
// modality's coherence; then the random period lengths in period order (the
// default delay takes one rnd.Float64); then the stimulus noise, step-major
// over the four stimulus channels.
type ContextDM struct {
	cfg   ContextDMConfig
	sched *Schedule
	sd    float64
	spec  Spec
}

var _ Conditioned[ContextDMCondition] = (*ContextDM)(nil)

// NewContextDM validates cfg and returns the task.
func NewContextDM(cfg ContextDMConfig) (*ContextDM, error) {
	s, err := cfg.schedule()
	if err != nil {
		return nil, err
	}
	cfg.Coherences = slices.Clone(cfg.Coherences)
	return &ContextDM{cfg: cfg, sched: s, sd: cfg.Sigma / math.Sqrt(cfg.DT), spec: Spec{
		Name: "contextdm", DT: cfg.DT, Steps: s.MaxSteps(),
		Inputs:  []string{"fixation", "mod1_0", "mod1_1", "mod2_0", "mod2_1", "context0", "context1"},
		Outputs: []string{"fixation", "choice0", "choice1"},
		Target:  TargetPerStep,
	}}, nil
}

// Spec describes the task.
func (m *ContextDM) Spec() Spec { return m.spec.clone() }

// NoiseSD returns the per-step noise standard deviation σ/√dt.
func (m *ContextDM) NoiseSD() float64 { return m.sd }

// SampleCondition draws Choice, Other, Context and the two coherences.
func (m *ContextDM) SampleCondition(rnd *rand.Rand) ContextDMCondition {
	var c ContextDMCondition
	c.Choice = rnd.IntN(2)
	c.Other = rnd.IntN(2)
	c.Context = rnd.IntN(2)
	c.Coherence[0] = m.cfg.Coherences[rnd.IntN(len(m.cfg.Coherences))]
	c.Coherence[1] = m.cfg.Coherences[rnd.IntN(len(m.cfg.Coherences))]
	return c
}

// WriteTrial writes trial b of dst with a condition drawn from rnd.
func (m *ContextDM) WriteTrial(dst *Batch, b int, rnd *rand.Rand) {
	dst.checkShape(m.spec, b)
	mustRand(rnd, "ContextDM.WriteTrial")
	m.write(dst, b, m.SampleCondition(rnd), rnd)
}

// WriteCondition writes trial b of dst for condition c.
func (m *ContextDM) WriteCondition(dst *Batch, b int, c ContextDMCondition, rnd *rand.Rand) error {
	for _, v := range [...]struct {
		name string
		v    int
	}{{"Context", c.Context}, {"Choice", c.Choice}, {"Other", c.Other}} {
		if v.v != 0 && v.v != 1 {
			return fieldErr("ContextDMCondition."+v.name, ErrCondition, "%d, want 0 or 1", v.v)
		}
	}
	for _, coh := range c.Coherence {
		if !(coh >= 0 && coh <= 100) {
			return fieldErr("ContextDMCondition.Coherence", ErrCondition, "%g, want in [0, 100]", coh)
		}
	}
	m.write(dst, b, c, rnd)
	return nil
}

func (m *ContextDM) write(dst *Batch, b int, c ContextDMCondition, rnd *rand.Rand) {
	dst.checkShape(m.spec, b)
	mustRand(rnd, "ContextDM.WriteCondition")
	tl := m.sched.Resolve(rnd)
	stim, decision := tl.Periods[1], tl.Periods[3]
	dir := [2]int{c.Choice, c.Other} // directions of modalities 1 and 2
	if c.Context == 1 {
		dir = [2]int{c.Other, c.Choice}
	}
	dst.ClearTrial(b)
	for _, p := range tl.Periods[:3] {
		dst.SetInput(b, p, 0, 1)
	}
	dst.SetInput(b, tl.Trial(), 5+c.Context, 1)
	var means [4]float64
	for mod := 0; mod < 2; mod++ {
		for k := 0; k < 2; k++ {
			means[2*mod+k] = math.Cos(pdmTheta[k]-pdmTheta[dir[mod]])*c.Coherence[mod]/200 + 0.5
		}
	}
	dst.SetNoisyInputs(b, stim, 1, means[:], m.sd, rnd)
	writeDecisionTargets(dst, b, tl, decision, 1+c.Choice)
}
