package npyio

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by ParseError; test for them with errors.Is.
// Package connectome re-exports them under the same names.
var (
	// ErrFormat: the bytes are not a well-formed file of the expected kind
	// (bad magic, truncated data, unparsable header, inconsistent archive).
	ErrFormat = errors.New("malformed file")
	// ErrDType: a type this package does not read or write (structured,
	// complex, datetime or object dtypes), or not the one a caller wants.
	ErrDType = errors.New("unsupported dtype")
	// ErrShape: an array has the wrong number of dimensions or sizes, or a
	// shape whose size does not fit in memory addresses.
	ErrShape = errors.New("unexpected shape")
	// ErrValue: a value is out of its domain (a bool byte other than 0 or
	// 1, a uint64 read as int64 above 2^63−1, an invalid character).
	ErrValue = errors.New("invalid value")
)

// ParseError reports a problem in a file: its name (empty when the caller
// handed in a bare reader), the byte offset where the problem was detected
// (-1 when it concerns the file as a whole) and the underlying error, which
// wraps one of the sentinels above or an I/O error.
type ParseError struct {
	File   string
	Offset int64
	Err    error
}

func (e *ParseError) Error() string {
	var s string
	if e.File != "" {
		s = e.File + ": "
	}
	if e.Offset >= 0 {
		s += fmt.Sprintf("offset %d: ", e.Offset)
	}
	return s + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

func parseErr(off int64, sentinel error, format string, args ...any) *ParseError {
	return &ParseError{Offset: off, Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}

// named sets the file name of a *ParseError that has none, and wraps any
// other error in a *ParseError naming the file.
func named(err error, file string) error {
	if err == nil {
		return nil
	}
	if pe, ok := err.(*ParseError); ok {
		if pe.File == "" {
			pe.File = file
		}
		return pe
	}
	return &ParseError{File: file, Offset: -1, Err: err}
}
