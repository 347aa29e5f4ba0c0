package connectome

import (
	"io"
	"io/fs"
	"math"
	"os"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
	"gonum.org/v1/gonum/mat"
)

// Array is a numeric array decoded from a .npy file or from one element of a
// pickled numpy object array. Values are in C (row-major) order whatever the
// order on disk.
type Array struct {
	// DType is the normalised numpy type string: byte order ('<', '>' or
	// '|' for one-byte types) followed by kind and size, e.g. "<f8", "|b1".
	DType string
	// Shape holds the dimensions; a 0-d array has an empty Shape.
	Shape []int
	// Float holds every element converted to float64.
	Float []float64
	// Int holds every element exactly, for integer and bool dtypes only
	// (nil for floating-point arrays). int64 ids above 2^53 survive here.
	Int []int64
}

// fromNPY converts a codec array of dtype d.
func fromNPY(a *npyio.Array, d npyio.DType, file string) (*Array, error) {
	if d.Kind == 'U' {
		return nil, parseErr(file, -1, ErrDType, "dtype %s is text, want a numeric array", d)
	}
	fl, err := a.Float64s()
	if err != nil {
		return nil, fromCodec(err, file)
	}
	out := &Array{DType: d.String(), Shape: a.Shape, Float: fl}
	if d.Kind != 'f' {
		if out.Int, err = a.Int64s(); err != nil {
			return nil, fromCodec(err, file)
		}
	}
	return out, nil
}

// DecodeNPY reads a numeric .npy file from r (format versions 1.0, 2.0 and
// 3.0; dtypes f4, f8, i1–i8, u1–u8 and b1 in either byte order; C or Fortran
// order). file names the source in errors. Object arrays ('|O') are
// rejected with ErrDType: read them with DecodeObjectNPY. Memory grows with
// the bytes read, never with the shape a header claims.
func DecodeNPY(r io.Reader, file string) (*Array, error) {
	h, err := npyio.ReadHeader(r)
	if err != nil {
		return nil, fromCodec(err, file)
	}
	if h.Descr == "|O" || h.Descr == "O" {
		return nil, parseErr(file, -1, ErrDType, "object array ('|O'): read it with DecodeObjectNPY")
	}
	d, err := npyio.ParseDType(h.Descr)
	if err != nil {
		return nil, parseErr(file, -1, ErrDType, "dtype %q is not supported (want f4, f8, i1–i8, u1–u8 or b1)", h.Descr)
	}
	if d.Kind == 'U' {
		return nil, parseErr(file, -1, ErrDType, "dtype %s is text, want a numeric array", d)
	}
	a, err := npyio.ReadData(r, h)
	if err != nil {
		return nil, fromCodec(err, file)
	}
	return fromNPY(a, d, file)
}

// ReadNPY reads a numeric .npy file (see DecodeNPY).
func ReadNPY(path string) (*Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ParseError{File: path, Offset: -1, Err: err}
	}
	defer f.Close()
	return DecodeNPY(f, path)
}

// ReadNPYFS reads a numeric .npy file from fsys (see DecodeNPY).
func ReadNPYFS(fsys fs.FS, name string) (*Array, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &ParseError{File: name, Offset: -1, Err: err}
	}
	defer f.Close()
	return DecodeNPY(f, name)
}

// ReadMatrixNPY reads a 2-D numeric .npy file into a float64 matrix. It
// returns an error wrapping ErrShape when the array is not 2-D or has a zero
// dimension, and ErrValue when an entry is NaN or ±Inf.
func ReadMatrixNPY(path string) (*mat.Dense, error) {
	a, err := ReadNPY(path)
	if err != nil {
		return nil, err
	}
	return a.matrix(path)
}

func (a *Array) matrix(file string) (*mat.Dense, error) {
	if len(a.Shape) != 2 || a.Shape[0] == 0 || a.Shape[1] == 0 {
		return nil, parseErr(file, -1, ErrShape, "shape %v, want a non-empty 2-D matrix", a.Shape)
	}
	if err := checkFinite(a.Float, a.Shape[1], 0, file); err != nil {
		return nil, err
	}
	return mat.NewDense(a.Shape[0], a.Shape[1], a.Float), nil
}

// checkFinite returns an ErrValue error naming the first NaN or ±Inf of the
// row-major values v with cols columns, whose first row is row0.
func checkFinite(v []float64, cols, row0 int, file string) error {
	for k, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return parseErr(file, -1, ErrValue, "non-finite value %v at [%d,%d]", x, row0+k/cols, k%cols)
		}
	}
	return nil
}
