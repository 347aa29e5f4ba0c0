package rnn

import (
	"errors"
	"fmt"

	"github.com/cortexrnn/cortexrnn/internal/errs"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrConfig marks an invalid Config, TrainConfig or OptimizerConfig.
	ErrConfig = errors.New("invalid configuration")
	// ErrBatch marks bad data in a Batch: a non-finite input, target or mask,
	// a label out of range, or a mask that sums to zero.
	ErrBatch = errors.New("bad batch")
	// ErrNonFinite marks a non-finite loss, weight, gradient or penalty
	// during training. It is the same value as spatial.ErrNonFinite: an error
	// a penalty returns for a non-finite matrix, wrapped by Fit in a
	// *TrainError, matches errors.Is(err, rnn.ErrNonFinite). Penalties of
	// other packages should wrap this sentinel too.
	ErrNonFinite = errs.ErrNonFinite
	// ErrCheckpoint marks an unreadable or inconsistent checkpoint.
	ErrCheckpoint = errors.New("bad checkpoint")
)

// ShapeError is the value rnn panics with when a caller hands in arrays
// whose sizes disagree with each other or with the model: a Batch whose
// slices do not match its Steps, Size, NIn and NOut, a Batch whose NIn or
// NOut differs from the model's, or a matrix of the wrong shape. Like gonum's
// mat.ErrShape these are programming errors, not data errors. Func is "rnn",
// Arg the offending value (e.g. "Batch.X"). It is the same type as
// spatial.ShapeError.
type ShapeError = errs.ShapeError

func panicShape(what string, got, want any) {
	panic(ShapeError{Func: "rnn", Arg: what, Got: fmt.Sprint(got), Want: fmt.Sprint(want)})
}

// TrainError reports a failure during Fit at a given epoch and batch (both
// counted from 0; Batch is −1 for a failure in validation or in a Recorder).
// It wraps the cause, e.g. ErrNonFinite or ErrBatch.
type TrainError struct {
	Epoch, Batch int
	Err          error
}

func (e *TrainError) Error() string {
	if e.Batch < 0 {
		return fmt.Sprintf("rnn: epoch %d: %v", e.Epoch, e.Err)
	}
	return fmt.Sprintf("rnn: epoch %d, batch %d: %v", e.Epoch, e.Batch, e.Err)
}

func (e *TrainError) Unwrap() error { return e.Err }
