package tasks

import (
	"math"
	"math/rand/v2"
)

// Defaults of DelayMatchSample (NeuroGym's DelayMatchSample).
const (
	DefaultDMSDT       = 100.0  // ms per step
	DefaultDMSFixation = 300.0  // ms
	DefaultDMSSample   = 500.0  // ms
	DefaultDMSDelay    = 1000.0 // ms
	DefaultDMSTest     = 500.0  // ms
	DefaultDMSDecision = 900.0  // ms
	DefaultDMSDimRing  = 2      // stimulus channels
	DefaultDMSSigma    = 1.0    // NeuroGym σ; per-step SD σ/√dt
)

// DelayMatchSampleConfig configures DelayMatchSample; start from
// DefaultDelayMatchSampleConfig.
type DelayMatchSampleConfig struct {
	DT                                      float64
	Fixation, Sample, Delay, Test, Decision Duration
	DimRing                                 int     // stimulus directions on the ring, ≥ 2
	Sigma                                   float64 // NeuroGym σ ≥ 0; per-step SD σ/√DT
}

// DefaultDelayMatchSampleConfig returns NeuroGym's defaults: dt = 100 ms,
// fixation 300, sample 500, delay 1000, test 500, decision 900 ms (32 steps),
// a ring of 2 directions, σ = 1.
func DefaultDelayMatchSampleConfig() DelayMatchSampleConfig {
	return DelayMatchSampleConfig{
		DT: DefaultDMSDT, Fixation: Fixed(DefaultDMSFixation), Sample: Fixed(DefaultDMSSample),
		Delay: Fixed(DefaultDMSDelay), Test: Fixed(DefaultDMSTest), Decision: Fixed(DefaultDMSDecision),
		DimRing: DefaultDMSDimRing, Sigma: DefaultDMSSigma,
	}
}

// Validate checks the timings (see Duration), DimRing ≥ 2 and σ.
func (c DelayMatchSampleConfig) Validate() error {
	_, err := c.schedule()
	return err
}

func (c DelayMatchSampleConfig) schedule() (*Schedule, error) {
	if c.DimRing < 2 {
		return nil, fieldErr("DelayMatchSampleConfig.DimRing", ErrConfig, "%d, want ≥ 2", c.DimRing)
	}
	if err := checkSigma("DelayMatchSampleConfig.Sigma", c.Sigma); err != nil {
		return nil, err
	}
	return NewSchedule("DelayMatchSampleConfig", c.DT,
		PeriodSpec{"Fixation", c.Fixation}, PeriodSpec{"Sample", c.Sample}, PeriodSpec{"Delay", c.Delay},
		PeriodSpec{"Test", c.Test}, PeriodSpec{"Decision", c.Decision})
}

// DelayMatchSampleCondition forces a trial: Sample indexes the ring
// (0 … DimRing−1); Match says whether the test repeats the sample.
type DelayMatchSampleCondition struct {
	Match  bool
	Sample int
}

// Output classes of DelayMatchSample.
const (
	DMSMatch    = 1
	DMSNonMatch = 2
)

// DelayMatchSample is delayed match-to-sample (Miller, Erickson & Desimone
// 1996, doi:10.1523/JNEUROSCI.16-16-05154.1996), as NeuroGym's
// DelayMatchSample: a sample direction θ_s is shown, then withheld; a test
// direction θ_t follows (θ_t = θ_s on match trials, θ_s + π otherwise); in
// the decision period the network reports match or non-match.
//
// Inputs: fixation (1 on every trial step except the decision period) and
// DimRing stimulus channels on a ring θ_i = 2πi/DimRing, set during the
// sample and test periods to cos(θ_i − θ) · 0.5 + 0.5 + n,
// n ~ Normal(0, (σ/√dt)²) per step and channel (NeuroGym's
// sigma/np.sqrt(dt)). Outputs: fixation, match, non-match. Per-step targets:
// fixation on every trial step, match/non-match during the decision period;
// mask 1 on every trial step.
//
// Draws per trial: rnd.IntN(2) (1 = match), rnd.IntN(DimRing) for the sample
// (SampleCondition); the random period lengths in period order; then the
// sample period's noise and the test period's noise (step-major).
type DelayMatchSample struct {
	cfg   DelayMatchSampleConfig
	sched *Schedule
	theta []float64
	sd    float64
	spec  Spec
}

var _ Conditioned[DelayMatchSampleCondition] = (*DelayMatchSample)(nil)

// NewDelayMatchSample validates cfg and returns the task.
func NewDelayMatchSample(cfg DelayMatchSampleConfig) (*DelayMatchSample, error) {
	s, err := cfg.schedule()
	if err != nil {
		return nil, err
	}
	return &DelayMatchSample{cfg: cfg, sched: s, theta: ringAngles(cfg.DimRing), sd: cfg.Sigma / math.Sqrt(cfg.DT),
		spec: Spec{
			Name: "delaymatchsample", DT: cfg.DT, Steps: s.MaxSteps(),
			Inputs:  append([]string{"fixation"}, names("stim", cfg.DimRing)...),
			Outputs: []string{"fixation", "match", "nonmatch"},
			Target:  TargetPerStep,
		}}, nil
}

// Spec describes the task.
func (d *DelayMatchSample) Spec() Spec { return d.spec.clone() }

// NoiseSD returns the per-step noise standard deviation σ/√dt.
func (d *DelayMatchSample) NoiseSD() float64 { return d.sd }

// SampleCondition draws match (one rnd.IntN(2)) then the sample
// (one rnd.IntN(DimRing)).
func (d *DelayMatchSample) SampleCondition(rnd *rand.Rand) DelayMatchSampleCondition {
	m := rnd.IntN(2) == 1
	return DelayMatchSampleCondition{Match: m, Sample: rnd.IntN(d.cfg.DimRing)}
}

// WriteTrial writes trial b of dst with a condition drawn from rnd.
func (d *DelayMatchSample) WriteTrial(dst *Batch, b int, rnd *rand.Rand) {
	dst.checkShape(d.spec, b)
	mustRand(rnd, "DelayMatchSample.WriteTrial")
	d.write(dst, b, d.SampleCondition(rnd), rnd)
}

// WriteCondition writes trial b of dst for condition c.
func (d *DelayMatchSample) WriteCondition(dst *Batch, b int, c DelayMatchSampleCondition, rnd *rand.Rand) error {
	if c.Sample < 0 || c.Sample >= d.cfg.DimRing {
		return fieldErr("DelayMatchSampleCondition.Sample", ErrCondition, "%d, want 0–%d", c.Sample, d.cfg.DimRing-1)
	}
	d.write(dst, b, c, rnd)
	return nil
}

func (d *DelayMatchSample) write(dst *Batch, b int, c DelayMatchSampleCondition, rnd *rand.Rand) {
	dst.checkShape(d.spec, b)
	mustRand(rnd, "DelayMatchSample.WriteCondition")
	tl := d.sched.Resolve(rnd)
	sample, test, decision := tl.Periods[1], tl.Periods[3], tl.Periods[4]
	thS := d.theta[c.Sample]
	thT := math.Mod(thS+math.Pi, 2*math.Pi)
	class := DMSNonMatch
	if c.Match {
		thT, class = thS, DMSMatch
	}
	dst.ClearTrial(b)
	for _, p := range tl.Periods[:4] {
		dst.SetInput(b, p, 0, 1)
	}
	var buf [16]float64
	means := buf[:0]
	if d.cfg.DimRing > len(buf) {
		means = make([]float64, 0, d.cfg.DimRing)
	}
	means = ringStim(means, d.theta, thS, 0.5)
	dst.SetNoisyInputs(b, sample, 1, means, d.sd, rnd)
	means = ringStim(means[:0], d.theta, thT, 0.5)
	dst.SetNoisyInputs(b, test, 1, means, d.sd, rnd)
	writeDecisionTargets(dst, b, tl, decision, class)
}

// ringStim appends cos(θ_i − θ)·amp + 0.5 for each ring angle θ_i.
func ringStim(dst, theta []float64, th, amp float64) []float64 {
	for _, t := range theta {
		dst = append(dst, math.Cos(t-th)*amp+0.5)
	}
	return dst
}
