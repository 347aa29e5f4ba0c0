package tasks

import (
	"math/rand/v2"
	"slices"
)

// TargetKind says how a task's targets are given.
type TargetKind int

const (
	// TargetLastStep: one class per trial, read at the last step
	// (Batch.Labels), as in the paper (Keras' dense readout of the last state).
	TargetLastStep TargetKind = iota
	// TargetPerStep: one-hot targets and loss weights on every step
	// (Batch.Y and Batch.Mask), as in NeuroGym and Yang et al. 2019.
	TargetPerStep
)

func (k TargetKind) String() string {
	switch k {
	case TargetLastStep:
		return "last-step"
	case TargetPerStep:
		return "per-step"
	}
	return "TargetKind(?)"
}

// Spec describes a task's batches: its time step, number of steps, named
// input channels and output classes, and the kind of target.
type Spec struct {
	Name    string
	DT      float64    // time step: ms for NeuroGym-style tasks, 1 for step-defined tasks
	Steps   int        // T: steps per trial (the longest trial when timing varies)
	Inputs  []string   // input channel names; NIn = len(Inputs)
	Outputs []string   // output class names; NOut = len(Outputs)
	Target  TargetKind // last-step class or per-step targets with mask
}

// NIn returns the number of input channels.
func (s Spec) NIn() int { return len(s.Inputs) }

// NOut returns the number of output classes.
func (s Spec) NOut() int { return len(s.Outputs) }

// Input returns the index of the input channel called name, or −1.
func (s Spec) Input(name string) int { return slices.Index(s.Inputs, name) }

// Output returns the index of the output class called name, or −1.
func (s Spec) Output(name string) int { return slices.Index(s.Outputs, name) }

// Validate checks that Steps, Inputs and Outputs are non-empty and Target is
// known.
func (s Spec) Validate() error {
	switch {
	case s.Steps <= 0:
		return fieldErr("Spec.Steps", ErrConfig, "%d, want > 0", s.Steps)
	case len(s.Inputs) == 0:
		return fieldErr("Spec.Inputs", ErrConfig, "no input channels")
	case len(s.Outputs) == 0:
		return fieldErr("Spec.Outputs", ErrConfig, "no output classes")
	case s.Target != TargetLastStep && s.Target != TargetPerStep:
		return fieldErr("Spec.Target", ErrConfig, "unknown target kind %d", int(s.Target))
	}
	return nil
}

// Task generates trials. Implementations must be safe for concurrent use
// (they hold only read-only configuration; all randomness comes from rnd).
type Task interface {
	// Spec describes the task's batches.
	Spec() Spec
	// WriteTrial draws a condition and any timing and noise from rnd and
	// writes trial b of dst: every input, the label (last-step tasks) or the
	// targets and mask (per-step tasks). Entries of other trials are not
	// touched. It panics with a ShapeError if dst does not have the task's
	// shape or b is out of range, and if rnd is nil.
	WriteTrial(dst *Batch, b int, rnd *rand.Rand)
}

// Conditioned is a Task whose trial condition has the type C, so a caller can
// force a condition (a given coherence, a given maze problem) instead of
// drawing it.
type Conditioned[C any] interface {
	Task
	// SampleCondition draws a condition from rnd.
	SampleCondition(rnd *rand.Rand) C
	// WriteCondition writes trial b of dst with condition c, drawing only the
	// timing and noise from rnd. It returns an error wrapping ErrCondition if c
	// is outside the task's domain, and panics like WriteTrial on a shape
	// mismatch.
	WriteCondition(dst *Batch, b int, c C, rnd *rand.Rand) error
}

// mustRand panics with a message naming who if rnd is nil.
func mustRand(rnd *rand.Rand, who string) {
	if rnd == nil {
		panic("tasks: " + who + ": nil *rand.Rand")
	}
}

// clone returns a copy of s that shares no slices with it.
func (s Spec) clone() Spec {
	s.Inputs = slices.Clone(s.Inputs)
	s.Outputs = slices.Clone(s.Outputs)
	return s
}
