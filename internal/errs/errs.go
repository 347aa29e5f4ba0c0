// Package errs holds the error values that several packages of the module
// share, so that one sentinel or one panic type means one thing whichever
// package reports it: spatial.ErrNonFinite and rnn.ErrNonFinite are the same
// value, and spatial.ShapeError and rnn.ShapeError the same type.
package errs

import "errors"

// ErrNonFinite reports a NaN or ±Inf: in an input matrix or parameter, a
// loss, a weight, a gradient or a penalty's value.
var ErrNonFinite = errors.New("non-finite value")

// ShapeError is the value with which a package panics when it is handed
// arrays of incompatible shapes: a caller bug, like gonum's mat.ErrShape,
// not a data error. Recover it with a type assertion.
type ShapeError struct {
	Func string // the package-qualified function, e.g. "spatial.Wiring.ValueGradTo"
	Arg  string // the offending argument, e.g. "w" or "Batch.X"
	Got  string // its shape or length, e.g. "3×4" or "12"
	Want string // what was expected, e.g. "12×12 (the size of D)"
}

func (e ShapeError) Error() string {
	return e.Func + ": " + e.Arg + " is " + e.Got + ", want " + e.Want
}
