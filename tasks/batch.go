package tasks

import (
	"math/rand/v2"
)

// Batch is a batch of trials in time-major layout, the arrays the rnn package
// trains on. rnn declares an identical struct, so rnn.Batch(b) converts.
//
// X[(t*Size+b)*NIn+i] is input channel i of trial b at step t. A last-step
// task (TargetLastStep) sets Labels[b], the class the network must report at
// step Steps−1, and leaves Y and Mask nil. A per-step task (TargetPerStep)
// sets Y[(t*Size+b)*NOut+k] (one-hot targets) and the loss weight
// Mask[t*Size+b], and leaves Labels nil.
type Batch struct {
	Steps int // T time steps
	Size  int // B trials
	NIn   int // input channels
	NOut  int // output channels (classes)

	X      []float32 // T*B*NIn, time-major: X[(t*B+b)*NIn+i]
	Labels []int     // len B: class at the last step (last-step tasks); nil for per-step tasks
	Y      []float32 // T*B*NOut per-step targets (one-hot or values); nil for last-step tasks
	Mask   []float32 // T*B per-step loss weights; nil for last-step tasks
}

// NewBatch allocates a zeroed batch of size trials shaped for spec: X always,
// Labels for a last-step task, Y and Mask for a per-step task. It returns an
// error wrapping ErrBatchSize if size ≤ 0 and ErrConfig if spec is invalid.
func NewBatch(spec Spec, size int) (*Batch, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, fieldErr("NewBatch size", ErrBatchSize, "%d trials, want > 0", size)
	}
	b := &Batch{}
	b.init(spec, size, make([]float32, batchFloats(spec, size)))
	return b, nil
}

// batchFloats is the number of float32 values a batch of spec and size holds
// (X, then Y and Mask for per-step tasks).
func batchFloats(spec Spec, size int) int {
	n := spec.Steps * size * len(spec.Inputs)
	if spec.Target == TargetPerStep {
		n += spec.Steps*size*len(spec.Outputs) + spec.Steps*size
	}
	return n
}

// init points b's slices into buf (len batchFloats(spec, size)).
func (b *Batch) init(spec Spec, size int, buf []float32) {
	b.Steps, b.Size, b.NIn, b.NOut = spec.Steps, size, len(spec.Inputs), len(spec.Outputs)
	nx := b.Steps * size * b.NIn
	b.X = buf[:nx:nx]
	if spec.Target == TargetPerStep {
		ny := b.Steps * size * b.NOut
		b.Y = buf[nx : nx+ny : nx+ny]
		b.Mask = buf[nx+ny : nx+ny+b.Steps*size : nx+ny+b.Steps*size]
		b.Labels = nil
		return
	}
	b.Y, b.Mask = nil, nil
	b.Labels = make([]int, size)
}

// checkShape panics with a ShapeError unless b fits spec and trial is in range.
func (b *Batch) checkShape(spec Spec, trial int) {
	switch {
	case b.Steps != spec.Steps:
		panic(ShapeError{"Steps", b.Steps, spec.Steps})
	case b.NIn != len(spec.Inputs):
		panic(ShapeError{"NIn", b.NIn, len(spec.Inputs)})
	case b.NOut != len(spec.Outputs):
		panic(ShapeError{"NOut", b.NOut, len(spec.Outputs)})
	case len(b.X) != b.Steps*b.Size*b.NIn:
		panic(ShapeError{"len(X)", len(b.X), b.Steps * b.Size * b.NIn})
	case trial < 0 || trial >= b.Size:
		panic(ShapeError{"trial index", trial, b.Size - 1})
	}
	if spec.Target == TargetPerStep {
		if len(b.Y) != b.Steps*b.Size*b.NOut {
			panic(ShapeError{"len(Y)", len(b.Y), b.Steps * b.Size * b.NOut})
		}
		if len(b.Mask) != b.Steps*b.Size {
			panic(ShapeError{"len(Mask)", len(b.Mask), b.Steps * b.Size})
		}
	} else if len(b.Labels) != b.Size {
		panic(ShapeError{"len(Labels)", len(b.Labels), b.Size})
	}
}

// ClearTrial zeroes every input, target and mask entry of one trial (its
// label is left alone). Tasks call it before writing a trial so that batches
// can be reused.
func (b *Batch) ClearTrial(trial int) {
	for t := 0; t < b.Steps; t++ {
		x := b.X[(t*b.Size+trial)*b.NIn:][:b.NIn]
		clear(x)
	}
	if b.Y != nil {
		for t := 0; t < b.Steps; t++ {
			clear(b.Y[(t*b.Size+trial)*b.NOut:][:b.NOut])
		}
	}
	if b.Mask != nil {
		for t := 0; t < b.Steps; t++ {
			b.Mask[t*b.Size+trial] = 0
		}
	}
}

// SetInput sets input channel ch of one trial to v on every step of period p.
func (b *Batch) SetInput(trial int, p Period, ch int, v float32) {
	for t := p.Start; t < p.End(); t++ {
		b.X[(t*b.Size+trial)*b.NIn+ch] = v
	}
}

// SetInputs sets input channels ch, ch+1, … of one trial to vs on every step
// of period p.
func (b *Batch) SetInputs(trial int, p Period, ch int, vs []float32) {
	for t := p.Start; t < p.End(); t++ {
		copy(b.X[(t*b.Size+trial)*b.NIn+ch:][:len(vs)], vs)
	}
}

// SetNoisyInputs sets input channels ch … ch+len(means)−1 of one trial on
// every step of period p to float32(means[i] + sd·n), n ~ Normal(0, 1),
// rounding once. It consumes p.Steps·len(means) NormFloat64 draws from rnd,
// step-major (every channel of the first step, then the next step), even when
// sd is 0. It panics if rnd is nil.
func (b *Batch) SetNoisyInputs(trial int, p Period, ch int, means []float64, sd float64, rnd *rand.Rand) {
	mustRand(rnd, "Batch.SetNoisyInputs")
	for t := p.Start; t < p.End(); t++ {
		x := b.X[(t*b.Size+trial)*b.NIn+ch:][:len(means)]
		for i, m := range means {
			x[i] = float32(m + sd*rnd.NormFloat64())
		}
	}
}

// SetTarget makes class the one-hot per-step target of one trial on every
// step of period p (per-step tasks only).
func (b *Batch) SetTarget(trial int, p Period, class int) {
	for t := p.Start; t < p.End(); t++ {
		y := b.Y[(t*b.Size+trial)*b.NOut:][:b.NOut]
		clear(y)
		y[class] = 1
	}
}

// SetMask sets the loss weight of one trial on every step of period p
// (per-step tasks only).
func (b *Batch) SetMask(trial int, p Period, w float32) {
	for t := p.Start; t < p.End(); t++ {
		b.Mask[t*b.Size+trial] = w
	}
}

// Input returns input channel ch of trial b at step t.
func (b *Batch) Input(t, trial, ch int) float32 { return b.X[(t*b.Size+trial)*b.NIn+ch] }

// Target returns per-step target k of trial b at step t (per-step tasks).
func (b *Batch) Target(t, trial, k int) float32 { return b.Y[(t*b.Size+trial)*b.NOut+k] }

// Weight returns the loss weight of trial b at step t (per-step tasks).
func (b *Batch) Weight(t, trial int) float32 { return b.Mask[t*b.Size+trial] }
