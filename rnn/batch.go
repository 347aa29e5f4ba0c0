package rnn

import (
	"fmt"
	"math"
)

// Batch is a block of trials in time-major layout; the tasks package declares
// an identical struct, so rnn.Batch(b) converts a tasks.Batch.
//
// A last-step task (LastStepCrossEntropy) sets Labels and leaves Y and Mask
// nil; a per-step task (MaskedCrossEntropy, MaskedMSE) sets Y and Mask and
// leaves Labels nil.
type Batch struct {
	Steps  int       // T time steps
	Size   int       // B trials
	NIn    int       // input channels
	NOut   int       // output channels (classes)
	X      []float32 // T*B*NIn, time-major: X[(t*B+b)*NIn+i]
	Labels []int     // len B: class at the last step (last-step tasks); nil for per-step tasks
	Y      []float32 // T*B*NOut per-step targets (one-hot or values); nil for last-step tasks
	Mask   []float32 // T*B per-step loss weights; nil for last-step tasks
}

// checkShape panics with a ShapeError when b's slices disagree with its sizes
// or with the model's sizes and loss.
func (b *Batch) checkShape(cfg *Config) {
	if b.Steps <= 0 || b.Size <= 0 {
		panicShape("Batch.Steps×Size", fmt.Sprintf("%d×%d", b.Steps, b.Size), "positive")
	}
	if b.NIn != cfg.NIn {
		panicShape("Batch.NIn", b.NIn, cfg.NIn)
	}
	if b.NOut != cfg.NOut {
		panicShape("Batch.NOut", b.NOut, cfg.NOut)
	}
	tb := b.Steps * b.Size
	if len(b.X) != tb*b.NIn {
		panicShape("Batch.X", len(b.X), tb*b.NIn)
	}
	if cfg.Loss.perStep() {
		if len(b.Y) != tb*b.NOut {
			panicShape("Batch.Y", len(b.Y), tb*b.NOut)
		}
		if len(b.Mask) != tb {
			panicShape("Batch.Mask", len(b.Mask), tb)
		}
		return
	}
	if len(b.Labels) != b.Size {
		panicShape("Batch.Labels", len(b.Labels), b.Size)
	}
}

// checkData returns an error naming the first non-finite input, target or
// mask entry, the first label out of range, or a mask with no positive
// weight. It assumes checkShape passed.
func (b *Batch) checkData(cfg *Config) error {
	for k, v := range b.X {
		if !finite32(v) {
			i := k % b.NIn
			tb := k / b.NIn
			return fmt.Errorf("rnn: Batch.X at step %d, trial %d, channel %d is %g: %w", tb/b.Size, tb%b.Size, i, v, ErrBatch)
		}
	}
	if !cfg.Loss.perStep() {
		for k, c := range b.Labels {
			if c < 0 || c >= b.NOut {
				return fmt.Errorf("rnn: Batch.Labels[%d] = %d, want in [0, %d): %w", k, c, b.NOut, ErrBatch)
			}
		}
		return nil
	}
	for k, v := range b.Y {
		if !finite32(v) {
			return fmt.Errorf("rnn: Batch.Y[%d] is %g: %w", k, v, ErrBatch)
		}
	}
	var sum float64
	for k, v := range b.Mask {
		if !finite32(v) || v < 0 {
			return fmt.Errorf("rnn: Batch.Mask[%d] is %g, want finite ≥ 0: %w", k, v, ErrBatch)
		}
		sum += float64(v)
	}
	if sum == 0 {
		return fmt.Errorf("rnn: Batch.Mask is all zero: %w", ErrBatch)
	}
	return nil
}

func finite32(v float32) bool {
	f := float64(v)
	return !math.IsNaN(f) && !math.IsInf(f, 0)
}
