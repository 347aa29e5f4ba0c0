package tasks

import (
	"math/rand/v2"
	"slices"
)

// Defaults of VarDelayGoNoGo.
const (
	DefaultVGNGDT       = 100.0 // ms per step
	DefaultVGNGFixation = 100.0 // ms
	DefaultVGNGStimulus = 500.0 // ms (NeuroGym GoNogo)
	DefaultVGNGDecision = 500.0 // ms (NeuroGym GoNogo)
)

// DefaultVGNGDelays are the delays (ms) VarDelayGoNoGo draws from uniformly.
var DefaultVGNGDelays = Choice{500, 1000, 1500, 2000}

// VarDelayGoNoGoConfig configures VarDelayGoNoGo; start from
// DefaultVarDelayGoNoGoConfig.
type VarDelayGoNoGoConfig struct {
	DT                                  float64
	Fixation, Stimulus, Delay, Decision Duration
}

// DefaultVarDelayGoNoGoConfig returns dt = 100 ms, fixation 100, stimulus
// 500, delay drawn from {500, 1000, 1500, 2000}, decision 500 ms (at most 31
// steps).
func DefaultVarDelayGoNoGoConfig() VarDelayGoNoGoConfig {
	return VarDelayGoNoGoConfig{
		DT: DefaultVGNGDT, Fixation: Fixed(DefaultVGNGFixation), Stimulus: Fixed(DefaultVGNGStimulus),
		Delay: slices.Clone(DefaultVGNGDelays), Decision: Fixed(DefaultVGNGDecision),
	}
}

// Validate checks the timings (see Duration).
func (c VarDelayGoNoGoConfig) Validate() error {
	_, err := c.schedule()
	return err
}

func (c VarDelayGoNoGoConfig) schedule() (*Schedule, error) {
	return NewSchedule("VarDelayGoNoGoConfig", c.DT,
		PeriodSpec{"Fixation", c.Fixation}, PeriodSpec{"Stimulus", c.Stimulus},
		PeriodSpec{"Delay", c.Delay}, PeriodSpec{"Decision", c.Decision})
}

// VarDelayGoNoGo is a Go/NoGo task with a variable delay and per-step
// targets, as NeuroGym's GoNogo (after Zhu et al. 2019, "Active information
// maintenance in working memory by a sensory cortex",
// doi:10.7554/eLife.43191) with its delay drawn per trial: a Go or NoGo cue is
// shown, held over a delay of unpredictable length, and the network must
// respond Go during the decision period on Go trials and keep fixating on
// NoGo trials.
//
// Inputs (as the paper's GoNoGo): fixation (1 on every trial step except the
// decision period), NoGo cue, Go cue (1 during the stimulus period). Outputs:
// fixation (also the correct NoGo response), go. Per-step targets: fixation
// on every trial step; Go during the decision period on Go trials; mask 1 on
// every trial step. No input noise.
//
// Draws per trial: rnd.IntN(2) (1 = Go; SampleCondition), then the random
// period lengths in period order (the default delay takes one rnd.IntN(4)).
type VarDelayGoNoGo struct {
	cfg   VarDelayGoNoGoConfig
	sched *Schedule
	spec  Spec
}

var _ Conditioned[GoNoGoCondition] = (*VarDelayGoNoGo)(nil)

// NewVarDelayGoNoGo validates cfg and returns the task.
func NewVarDelayGoNoGo(cfg VarDelayGoNoGoConfig) (*VarDelayGoNoGo, error) {
	s, err := cfg.schedule()
	if err != nil {
		return nil, err
	}
	if c, ok := cfg.Delay.(Choice); ok {
		cfg.Delay = slices.Clone(c)
	}
	return &VarDelayGoNoGo{cfg: cfg, sched: s, spec: Spec{
		Name: "vardelaygonogo", DT: cfg.DT, Steps: s.MaxSteps(),
		Inputs:  []string{"fixation", "nogo", "go"},
		Outputs: []string{"fixation", "go"},
		Target:  TargetPerStep,
	}}, nil
}

// Spec describes the task.
func (v *VarDelayGoNoGo) Spec() Spec { return v.spec.clone() }

// SampleCondition draws Go or NoGo with probability 1/2 (one rnd.IntN(2)).
func (*VarDelayGoNoGo) SampleCondition(rnd *rand.Rand) GoNoGoCondition {
	return GoNoGoCondition{Go: rnd.IntN(2) == Go}
}

// WriteTrial writes trial b of dst with a condition drawn from rnd.
func (v *VarDelayGoNoGo) WriteTrial(dst *Batch, b int, rnd *rand.Rand) {
	dst.checkShape(v.spec, b)
	mustRand(rnd, "VarDelayGoNoGo.WriteTrial")
	v.write(dst, b, v.SampleCondition(rnd), rnd)
}

// WriteCondition writes trial b of dst for condition c, drawing the delay
// from rnd; it never fails.
func (v *VarDelayGoNoGo) WriteCondition(dst *Batch, b int, c GoNoGoCondition, rnd *rand.Rand) error {
	v.write(dst, b, c, rnd)
	return nil
}

func (v *VarDelayGoNoGo) write(dst *Batch, b int, c GoNoGoCondition, rnd *rand.Rand) {
	dst.checkShape(v.spec, b)
	mustRand(rnd, "VarDelayGoNoGo.WriteCondition")
	tl := v.sched.Resolve(rnd)
	cue, class := 1, FixationClass
	if c.Go {
		cue, class = 2, 1
	}
	dst.ClearTrial(b)
	for _, p := range tl.Periods[:3] {
		dst.SetInput(b, p, 0, 1)
	}
	dst.SetInput(b, tl.Periods[1], cue, 1)
	writeDecisionTargets(dst, b, tl, tl.Periods[3], class)
}
