package tasks

import (
	"math"
	"math/rand/v2"
	"slices"
)

// PeriodSpec names one period of a trial and its duration.
type PeriodSpec struct {
	Name     string
	Duration Duration
}

// Period is one resolved period of a trial: Steps steps starting at step
// Start of the batch's time axis (padding included).
type Period struct {
	Name  string
	Start int
	Steps int
}

// End returns the first step after the period.
func (p Period) End() int { return p.Start + p.Steps }

// Timeline is one trial's resolved sequence of periods. Trials shorter than
// the schedule's longest possible trial are left-padded: the first Pad steps
// belong to no period (inputs 0, targets 0, mask 0), so every trial ends on
// the batch's last step, where last-step tasks read their label.
type Timeline struct {
	Pad     int
	Periods []Period
}

// Period returns the period called name and whether it exists.
func (tl *Timeline) Period(name string) (Period, bool) {
	for _, p := range tl.Periods {
		if p.Name == name {
			return p, true
		}
	}
	return Period{}, false
}

// Trial returns the span of the whole trial (all periods, no padding).
func (tl *Timeline) Trial() Period {
	last := tl.Periods[len(tl.Periods)-1]
	return Period{Name: "trial", Start: tl.Pad, Steps: last.End() - tl.Pad}
}

// Schedule is a validated sequence of periods on a dt grid: the timeline
// template a task resolves once per trial (NeuroGym's timing dict with
// add_period). Create it with NewSchedule.
type Schedule struct {
	dt       float64
	specs    []PeriodSpec
	lo, hi   []int // step range of each period
	maxSteps int
	random   bool
	fixed    Timeline // the timeline when nothing is random
}

// NewSchedule validates the periods against the time step dt and returns the
// schedule. Errors (wrapping ErrTiming or ErrOffGrid) name the field as
// owner+"."+period name; dt must be finite and > 0; there must be at least one
// period and period names must be distinct and non-empty.
func NewSchedule(owner string, dt float64, periods ...PeriodSpec) (*Schedule, error) {
	if math.IsNaN(dt) || math.IsInf(dt, 0) || dt <= 0 {
		return nil, fieldErr(owner+".DT", ErrTiming, "dt = %g, want finite and > 0", dt)
	}
	if len(periods) == 0 {
		return nil, fieldErr(owner, ErrTiming, "no periods")
	}
	s := &Schedule{dt: dt, specs: append([]PeriodSpec(nil), periods...)}
	seen := map[string]bool{}
	for i, p := range periods {
		field := owner + "." + p.Name
		if p.Name == "" || seen[p.Name] {
			return nil, fieldErr(field, ErrConfig, "period names must be non-empty and distinct")
		}
		seen[p.Name] = true
		if p.Duration == nil {
			return nil, fieldErr(field, ErrTiming, "nil Duration")
		}
		if c, ok := p.Duration.(Choice); ok {
			s.specs[i].Duration = slices.Clone(c) // the caller may reuse its slice
		}
		lo, hi, err := p.Duration.steps(dt, field)
		if err != nil {
			return nil, err
		}
		s.lo, s.hi = append(s.lo, lo), append(s.hi, hi)
		s.maxSteps += hi
		s.random = s.random || p.Duration.Random()
	}
	if !s.random {
		s.fixed = s.layout(s.lo)
	}
	return s, nil
}

// DT returns the time step.
func (s *Schedule) DT() float64 { return s.dt }

// MaxSteps returns the length of the longest possible trial, the batch's
// Steps.
func (s *Schedule) MaxSteps() int { return s.maxSteps }

// Random reports whether any period length varies between trials.
func (s *Schedule) Random() bool { return s.random }

// Names returns the period names in order.
func (s *Schedule) Names() []string {
	names := make([]string, len(s.specs))
	for i, p := range s.specs {
		names[i] = p.Name
	}
	return names
}

func (s *Schedule) layout(steps []int) Timeline {
	total := 0
	for _, n := range steps {
		total += n
	}
	tl := Timeline{Pad: s.maxSteps - total, Periods: make([]Period, len(steps))}
	t := tl.Pad
	for i, n := range steps {
		tl.Periods[i] = Period{Name: s.specs[i].Name, Start: t, Steps: n}
		t += n
	}
	return tl
}

// Resolve draws one trial's period lengths, in period order (each random
// duration consumes the draws its type documents; fixed ones none), and
// returns the left-padded timeline. For a schedule with nothing random it
// returns a shared timeline without drawing; callers must not modify it.
// Resolve panics if rnd is nil and a draw is needed.
func (s *Schedule) Resolve(rnd *rand.Rand) Timeline {
	if !s.random {
		return s.fixed
	}
	if rnd == nil {
		panic("tasks: Schedule.Resolve: nil *rand.Rand")
	}
	var buf [16]int
	steps := buf[:0]
	for i, p := range s.specs {
		n := s.lo[i]
		if p.Duration.Random() {
			n = p.Duration.sample(s.dt, s.lo[i], s.hi[i], rnd)
		}
		steps = append(steps, n)
	}
	return s.layout(steps)
}
