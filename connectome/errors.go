package connectome

import (
	"errors"
	"fmt"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
)

// Sentinel errors wrapped by ParseError and by the other errors of this
// package; test for them with errors.Is. ErrFormat, ErrDType, ErrShape and
// ErrValue are the values of the module's npy codec, so they also match the
// errors of other packages that read .npy files (rnn's checkpoints).
var (
	// ErrFormat: the bytes are not a well-formed file of the expected kind
	// (bad magic, truncated data, unparsable header, garbled CSV).
	ErrFormat = npyio.ErrFormat
	// ErrDType: a numeric type this package does not read (structured
	// dtypes, complex numbers, strings) or one that does not fit the field.
	ErrDType = npyio.ErrDType
	// ErrShape: an array has the wrong number of dimensions or sizes.
	ErrShape = npyio.ErrShape
	// ErrPickle: a pickle names a class or uses an opcode outside the
	// allowlisted subset that numpy writes for arrays of arrays.
	ErrPickle = errors.New("disallowed pickle content")
	// ErrValue: a value is out of its domain (NaN or ±Inf, a negative or
	// non-integer synapse count, unsorted spike times).
	ErrValue = npyio.ErrValue
	// ErrOutOfSpec: a functional matrix violates its definition beyond
	// SpecTol (a correlation or STTC outside [−1, 1], an asymmetric Corr or
	// Precision, a Corr diagonal other than 1). FieldReader.AllowOutOfSpec
	// turns these errors into warnings.
	ErrOutOfSpec = errors.New("out of specification")
	// ErrMissing: a part of a field that a computation needs is absent
	// (Precision for SourcePrecision when precision_matrix.npy was absent).
	ErrMissing = errors.New("missing data")
	// ErrMismatch: files of one field disagree on the number of neurons, or
	// tables disagree on the neurons they name.
	ErrMismatch = errors.New("inconsistent neuron count")
	// ErrSingular: a matrix that must be inverted is singular or not
	// positive definite.
	ErrSingular = errors.New("singular matrix")
	// ErrConfig: a configuration value is out of range (returned by Validate).
	ErrConfig = errors.New("invalid configuration")
)

// ParseError reports a problem in a file: its name, the byte offset where
// the problem was detected (-1 when it concerns the file as a whole) and the
// underlying error, which wraps one of the sentinels above or an I/O error.
// It is the error type of the module's npy codec, so a *ParseError of this
// package is also the one rnn's weights files and the sweep's .npz files
// report (one type for one meaning: test with errors.As and a
// *connectome.ParseError). Its message is "<file>: offset <n>: <error>"
// (without the offset when it is -1).
type ParseError = npyio.ParseError

// fromCodec returns err, an error of the npy codec, as a *ParseError
// naming file.
func fromCodec(err error, file string) error {
	if err == nil {
		return nil
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: file, Offset: pe.Offset, Err: pe.Err}
	}
	return &ParseError{File: file, Offset: -1, Err: err}
}

func parseErr(file string, off int64, sentinel error, format string, args ...any) *ParseError {
	return &ParseError{File: file, Offset: off, Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}

// DimensionError is the value this package panics with when a caller hands in
// matrices whose shapes do not fit together (a programming error, as in
// gonum's mat.ErrShape). Bad data read from files never panics.
type DimensionError struct {
	Op  string // the function that detected the mismatch
	Msg string
}

func (e DimensionError) Error() string { return "connectome: " + e.Op + ": " + e.Msg }

func panicDim(op, format string, args ...any) {
	panic(DimensionError{Op: op, Msg: fmt.Sprintf(format, args...)})
}
