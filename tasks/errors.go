package tasks

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers can test with errors.Is; the message names the offending field.
var (
	// ErrTiming reports an invalid period duration or time step: negative,
	// zero, non-finite, an empty choice set, min ≥ max, or shorter than one
	// step.
	ErrTiming = errors.New("invalid timing")
	// ErrOffGrid reports a duration that must be an exact multiple of the time
	// step dt but is not.
	ErrOffGrid = errors.New("duration not on the dt grid")
	// ErrTrials reports a non-positive or negative number of trials.
	ErrTrials = errors.New("invalid number of trials")
	// ErrBatchSize reports a non-positive batch size or one that does not
	// divide a split's number of trials.
	ErrBatchSize = errors.New("invalid batch size")
	// ErrCondition reports a trial condition outside the task's domain (an
	// unknown problem index, a negative coherence, …).
	ErrCondition = errors.New("invalid trial condition")
	// ErrConfig reports any other invalid task configuration value.
	ErrConfig = errors.New("invalid task configuration")
	// ErrUnknownTask reports a name that ByName does not know.
	ErrUnknownTask = errors.New("unknown task")
)

// FieldError is an error about one configuration field or argument. Err is
// one of the package's sentinels; Field names the offending value, e.g.
// "PerceptualDMConfig.Stimulus".
type FieldError struct {
	Field  string
	Err    error
	Detail string
}

func (e *FieldError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("tasks: %s: %v", e.Field, e.Err)
	}
	return fmt.Sprintf("tasks: %s: %v: %s", e.Field, e.Err, e.Detail)
}

// Unwrap returns the sentinel error.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(field string, err error, format string, args ...any) error {
	return &FieldError{Field: field, Err: err, Detail: fmt.Sprintf(format, args...)}
}

// ShapeError is the value that the Batch writing methods and Task.WriteTrial
// panic with when the caller hands in a batch of the wrong shape or a trial
// index out of range. It is a caller bug, not a data error.
type ShapeError struct {
	What      string // what is wrong, e.g. "NIn", "trial index"
	Got, Want int
}

func (e ShapeError) Error() string {
	return fmt.Sprintf("tasks: batch shape mismatch: %s is %d, want %d", e.What, e.Got, e.Want)
}
