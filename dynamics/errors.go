package dynamics

import (
	"errors"
	"fmt"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrNetwork marks a Network that cannot be analysed: a non-finite
	// weight, a leak outside (0, 1], an unknown activation.
	ErrNetwork = errors.New("invalid network")
	// ErrConfig marks an invalid Config.
	ErrConfig = errors.New("invalid configuration")
	// ErrInput marks a bad constant input or set of initial states: the wrong
	// length, a non-finite entry, none at all.
	ErrInput = errors.New("bad input")
	// ErrUnknownTask marks a task name DefaultInputs does not know.
	ErrUnknownTask = errors.New("unknown task")
)

// ShapeError is the value dynamics panics with when a caller hands in
// matrices whose sizes disagree with the network (a programming error, like
// gonum's mat.ErrShape).
type ShapeError struct {
	What string // what was wrong, e.g. "Jacobian destination"
	Got  string // the size found
	Want string // the size expected
}

func (e ShapeError) Error() string {
	return fmt.Sprintf("dynamics: %s has size %s, want %s", e.What, e.Got, e.Want)
}

func panicShape(what string, got, want any) {
	panic(ShapeError{What: what, Got: fmt.Sprint(got), Want: fmt.Sprint(want)})
}
