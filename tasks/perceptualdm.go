package tasks

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Defaults of the perceptual decision-making task (docs/method.md §7, Task 3).
const (
	DefaultPDMDT       = 100.0  // ms per step
	DefaultPDMFixation = 100.0  // ms
	DefaultPDMStimulus = 3000.0 // ms
	DefaultPDMDelay    = 1000.0 // ms
	// DefaultPDMSigma is NeuroGym's unscaled noise level σ; the per-step
	// standard deviation is σ/√dt = 0.1 at dt = 100 ms.
	DefaultPDMSigma = 1.0
)

// DefaultPDMCoherences are the paper's (and NeuroGym's) coherences in percent.
var DefaultPDMCoherences = []float64{0, 6.4, 12.8, 25.6, 51.2}

// PerceptualDMConfig configures PerceptualDM. Start from
// DefaultPerceptualDMConfig and change fields: a field left at its zero value
// is used as zero, not replaced by a default, so the zero PerceptualDMConfig
// is invalid (no time step, no coherences). The comments give the value
// DefaultPerceptualDMConfig sets.
type PerceptualDMConfig struct {
	DT         float64   // ms per step, > 0; DefaultPDMDT
	Fixation   Duration  // Fixed(DefaultPDMFixation)
	Stimulus   Duration  // Fixed(DefaultPDMStimulus)
	Delay      Duration  // Fixed(DefaultPDMDelay)
	Coherences []float64 // percent, each in [0, 100], at least one; DefaultPDMCoherences
	Sigma      float64   // NeuroGym σ ≥ 0 (0: noise-free); per-step SD σ/√DT; DefaultPDMSigma
}

// DefaultPerceptualDMConfig returns the paper's configuration: dt = 100 ms,
// fixation 100 ms, stimulus 3000 ms, delay 1000 ms (41 steps), coherences
// {0, 6.4, 12.8, 25.6, 51.2} %, σ = 1 (per-step SD 0.1).
func DefaultPerceptualDMConfig() PerceptualDMConfig {
	return PerceptualDMConfig{
		DT:         DefaultPDMDT,
		Fixation:   Fixed(DefaultPDMFixation),
		Stimulus:   Fixed(DefaultPDMStimulus),
		Delay:      Fixed(DefaultPDMDelay),
		Coherences: slices.Clone(DefaultPDMCoherences),
		Sigma:      DefaultPDMSigma,
	}
}

// Validate checks the configuration: the timings (see Duration; Fixed values
// must be multiples of DT), at least one coherence, each in [0, 100], and a
// finite σ ≥ 0.
func (c PerceptualDMConfig) Validate() error {
	_, err := c.schedule()
	return err
}

func (c PerceptualDMConfig) schedule() (*Schedule, error) {
	if len(c.Coherences) == 0 {
		return nil, fieldErr("PerceptualDMConfig.Coherences", ErrConfig, "empty")
	}
	for i, coh := range c.Coherences {
		if !(coh >= 0 && coh <= 100) {
			return nil, fieldErr("PerceptualDMConfig.Coherences", ErrConfig, "value %d is %g, want in [0, 100]", i, coh)
		}
	}
	if !(c.Sigma >= 0) || math.IsInf(c.Sigma, 0) {
		return nil, fieldErr("PerceptualDMConfig.Sigma", ErrConfig, "%g, want finite and ≥ 0", c.Sigma)
	}
	return NewSchedule("PerceptualDMConfig", c.DT,
		PeriodSpec{"Fixation", c.Fixation},
		PeriodSpec{"Stimulus", c.Stimulus},
		PeriodSpec{"Delay", c.Delay},
	)
}

// PerceptualDMCondition forces a perceptual decision trial: the coherence in
// percent (any value in [0, 100], not only the configured ones) and the
// correct choice (0 or 1).
type PerceptualDMCondition struct {
	Coherence float64
	Choice    int
}

// PerceptualDM is Task 3 of the paper, perceptual decision making in the style
// of random-dot motion discrimination (Britten et al. 1992,
// doi:10.1523/JNEUROSCI.12-12-04745.1992; NeuroGym's
// PerceptualDecisionMaking): noisy evidence for one of two directions is
// shown; the network reports the direction at the last step.
//
// With the paper's configuration: 41 steps (fixation 1, stimulus 30, delay
// 10), 3 inputs (fixation, stim0, stim1), 2 classes, last-step target. Per
// trial a coherence c is drawn uniformly from Coherences and a choice g
// uniformly from {0, 1}. The fixation channel is 1 on every step of the trial
// (as in the paper; NeuroGym sets it only during fixation). On stimulus steps,
//
//	x_{1+k} = cos(θ_k − θ_g)·c/200 + 0.5 + n,  θ = (0, π),  n ~ Normal(0, (σ/√dt)²),
//
// with n drawn independently per step and channel; on other steps channels 1
// and 2 are 0. The noise follows NeuroGym's convention sigma/np.sqrt(dt):
// σ = 1 at dt = 100 ms gives the paper's per-step SD 0.1 (the published code
// writes it "σ = 1/√dt"). Label: g.
//
// Draws per trial, in order: rnd.IntN(len(Coherences)) for c, rnd.IntN(2)
// for g (SampleCondition), then the random period lengths (none by default),
// then 2·StimulusSteps NormFloat64 draws, step-major (channel 1 then 2 of each
// step). σ = 0 still consumes them, so noise-free and noisy sets share their
// conditions.
type PerceptualDM struct {
	cfg   PerceptualDMConfig
	sched *Schedule
	sd    float64
	spec  Spec
}

var _ Conditioned[PerceptualDMCondition] = (*PerceptualDM)(nil)

// NewPerceptualDM validates cfg and returns the task.
func NewPerceptualDM(cfg PerceptualDMConfig) (*PerceptualDM, error) {
	s, err := cfg.schedule()
	if err != nil {
		return nil, err
	}
	cfg.Coherences = slices.Clone(cfg.Coherences)
	return &PerceptualDM{cfg: cfg, sched: s, sd: cfg.Sigma / math.Sqrt(cfg.DT), spec: Spec{
		Name:    "perceptualdm",
		DT:      cfg.DT,
		Steps:   s.MaxSteps(),
		Inputs:  []string{"fixation", "stim0", "stim1"},
		Outputs: []string{"choice0", "choice1"},
		Target:  TargetLastStep,
	}}, nil
}

// Config returns the task's configuration.
func (p *PerceptualDM) Config() PerceptualDMConfig {
	c := p.cfg
	c.Coherences = slices.Clone(c.Coherences)
	return c
}

// NoiseSD returns the per-step noise standard deviation σ/√dt.
func (p *PerceptualDM) NoiseSD() float64 { return p.sd }

// Spec describes the task.
func (p *PerceptualDM) Spec() Spec { return p.spec.clone() }

// SampleCondition draws the coherence, then the choice.
func (p *PerceptualDM) SampleCondition(rnd *rand.Rand) PerceptualDMCondition {
	c := p.cfg.Coherences[rnd.IntN(len(p.cfg.Coherences))]
	return PerceptualDMCondition{Coherence: c, Choice: rnd.IntN(2)}
}

// WriteTrial writes trial b of dst with a condition drawn from rnd.
func (p *PerceptualDM) WriteTrial(dst *Batch, b int, rnd *rand.Rand) {
	dst.checkShape(p.spec, b)
	mustRand(rnd, "PerceptualDM.WriteTrial")
	p.write(dst, b, p.SampleCondition(rnd), rnd)
}

// WriteCondition writes trial b of dst for condition c, drawing timing and
// noise from rnd.
func (p *PerceptualDM) WriteCondition(dst *Batch, b int, c PerceptualDMCondition, rnd *rand.Rand) error {
	if !(c.Coherence >= 0 && c.Coherence <= 100) {
		return fieldErr("PerceptualDMCondition.Coherence", ErrCondition, "%g, want in [0, 100]", c.Coherence)
	}
	if c.Choice != 0 && c.Choice != 1 {
		return fieldErr("PerceptualDMCondition.Choice", ErrCondition, "%d, want 0 or 1", c.Choice)
	}
	p.write(dst, b, c, rnd)
	return nil
}

// pdmTheta are the two directions' angles θ_k.
var pdmTheta = [2]float64{0, math.Pi}

func (p *PerceptualDM) write(dst *Batch, b int, c PerceptualDMCondition, rnd *rand.Rand) {
	dst.checkShape(p.spec, b)
	mustRand(rnd, "PerceptualDM.WriteCondition")
	tl := p.sched.Resolve(rnd)
	stim := tl.Periods[1]
	dst.ClearTrial(b)
	dst.SetInput(b, tl.Trial(), 0, 1)
	var mean [2]float64
	for k := range mean {
		mean[k] = math.Cos(pdmTheta[k]-pdmTheta[c.Choice])*c.Coherence/200 + 0.5
	}
	dst.SetNoisyInputs(b, stim, 1, mean[:], p.sd, rnd)
	dst.Labels[b] = c.Choice
}
