package spatial

import (
	"errors"
	"fmt"

	"github.com/cortexrnn/cortexrnn/internal/errs"
)

// Sentinel errors wrapped by the errors this package returns; test for them
// with errors.Is.
var (
	// ErrNonFinite reports a NaN or ±Inf entry in an input matrix or
	// parameter. It is the same value as rnn.ErrNonFinite, so an error a
	// penalty returns through rnn's trainer matches either.
	ErrNonFinite = errs.ErrNonFinite
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
// mat.ErrShape. Recover it with a type assertion on ShapeError; Func names
// the function (e.g. "spatial.Wiring.ValueGradTo"), Arg the argument, Got
// its shape (e.g. "3×4"). It is the same type as rnn.ShapeError.
type ShapeError = errs.ShapeError

// panicShape panics with the ShapeError for argument arg of fn, r×c.
func panicShape(fn, arg string, r, c int, want string) {
	panic(ShapeError{Func: "spatial." + fn, Arg: arg, Got: fmt.Sprintf("%d×%d", r, c), Want: want})
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
