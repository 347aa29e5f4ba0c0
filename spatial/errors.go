package spatial

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by the errors this package returns; test for them
// with errors.Is.
var (
	// ErrNonFinite reports a NaN or ±Inf entry in an input matrix or parameter.
	ErrNonFinite = errors.New("non-finite value")
	// ErrNegative reports a negative entry where only non-negative values make
	// sense (synapse counts, distances, penalty strengths).
	ErrNegative = errors.New("negative value")
	// ErrConfig reports an invalid configuration value.
	ErrConfig = errors.New("invalid configuration")
	// ErrSingular reports a Padé denominator that could not be factorised
	// while computing a matrix exponential.
	ErrSingular = errors.New("singular Padé denominator")
)

// ShapeError is the value with which this package panics when matrices
// handed to it have incompatible shapes: a caller bug, like gonum's
// mat.ErrShape. Recover it with a type assertion on ShapeError.
type ShapeError struct {
	Func string // the function or method that panicked, e.g. "Wiring.ValueGradTo"
	Arg  string // the offending argument, e.g. "w"
	Rows int    // its shape
	Cols int
	Want string // what was expected, e.g. "12×12 (the size of D)"
}

func (e ShapeError) Error() string {
	return fmt.Sprintf("spatial: %s: %s is %d×%d, want %s", e.Func, e.Arg, e.Rows, e.Cols, e.Want)
}

// entryError returns an error naming the matrix entry (name[i,j] = v) and
// wrapping sentinel.
func entryError(fn, name string, i, j int, v float64, sentinel error) error {
	return fmt.Errorf("spatial: %s: %s[%d,%d] = %v: %w", fn, name, i, j, v, sentinel)
}

// paramError returns an error naming a scalar parameter and wrapping sentinel.
func paramError(fn, name string, v float64, sentinel error) error {
	return fmt.Errorf("spatial: %s: %s = %v: %w", fn, name, v, sentinel)
}
