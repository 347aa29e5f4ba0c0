package tasks

import (
	"math/rand/v2"
)

// Go/NoGo classes and input channels (docs/method.md §7, Task 2).
const (
	NoGo = 0 // class 0, cue channel 1
	Go   = 1 // class 1, cue channel 2
)

// GoNoGo step counts (docs/method.md §7, Task 2).
const (
	GoNoGoFixationSteps = 5  // steps 0–4: [1,0,0]
	GoNoGoCueSteps      = 20 // steps 5–24: [0,1,0] NoGo or [0,0,1] Go
	GoNoGoDelaySteps    = 10 // steps 25–34: [1,0,0]
	GoNoGoResponseSteps = 5  // steps 35–39: [0,0,0]
)

// GoNoGoCondition forces a Go/NoGo trial: Go true for a Go trial.
type GoNoGoCondition struct{ Go bool }

// GoNoGo is Task 2 of the paper, a fixed-timing Go/NoGo task: 40 steps
// (dt = 1 step), 3 inputs (fixation, NoGo cue, Go cue), 2 classes (NoGo, Go),
// last-step target, drawn uniformly. Steps 0–4: [1,0,0]; 5–24: [0,1,0] for
// NoGo or [0,0,1] for Go; 25–34: [1,0,0]; 35–39: [0,0,0]. Label: NoGo = 0,
// Go = 1.
//
// SampleCondition consumes one rnd.IntN(2) draw (1 = Go); writing consumes
// none. VarDelayGoNoGo is the NeuroGym-style version with a variable delay and
// per-step targets.
type GoNoGo struct {
	sched *Schedule
	spec  Spec
}

var _ Conditioned[GoNoGoCondition] = (*GoNoGo)(nil)

// NewGoNoGo returns the paper's Go/NoGo task.
func NewGoNoGo() *GoNoGo {
	s, err := NewSchedule("GoNoGo", 1,
		PeriodSpec{"fixation", Fixed(GoNoGoFixationSteps)},
		PeriodSpec{"cue", Fixed(GoNoGoCueSteps)},
		PeriodSpec{"delay", Fixed(GoNoGoDelaySteps)},
		PeriodSpec{"response", Fixed(GoNoGoResponseSteps)},
	)
	if err != nil {
		panic(err) // constant schedule: cannot fail
	}
	return &GoNoGo{sched: s, spec: Spec{
		Name:    "gonogo",
		DT:      1,
		Steps:   s.MaxSteps(),
		Inputs:  []string{"fixation", "nogo", "go"},
		Outputs: []string{"nogo", "go"},
		Target:  TargetLastStep,
	}}
}

// Spec describes the task.
func (g *GoNoGo) Spec() Spec { return g.spec.clone() }

// SampleCondition draws Go or NoGo with probability 1/2 each (one
// rnd.IntN(2) draw).
func (*GoNoGo) SampleCondition(rnd *rand.Rand) GoNoGoCondition {
	return GoNoGoCondition{Go: rnd.IntN(2) == Go}
}

// WriteTrial writes trial b of dst with a condition drawn from rnd.
func (g *GoNoGo) WriteTrial(dst *Batch, b int, rnd *rand.Rand) {
	dst.checkShape(g.spec, b)
	mustRand(rnd, "GoNoGo.WriteTrial")
	g.write(dst, b, g.SampleCondition(rnd))
}

// WriteCondition writes trial b of dst for condition c; it draws nothing
// from rnd (which may be nil) and never fails.
func (g *GoNoGo) WriteCondition(dst *Batch, b int, c GoNoGoCondition, _ *rand.Rand) error {
	g.write(dst, b, c)
	return nil
}

func (g *GoNoGo) write(dst *Batch, b int, c GoNoGoCondition) {
	dst.checkShape(g.spec, b)
	tl := g.sched.Resolve(nil)
	class := NoGo
	if c.Go {
		class = Go
	}
	dst.ClearTrial(b)
	dst.SetInput(b, tl.Periods[0], 0, 1)
	dst.SetInput(b, tl.Periods[1], 1+class, 1)
	dst.SetInput(b, tl.Periods[2], 0, 1)
	dst.Labels[b] = class
}
