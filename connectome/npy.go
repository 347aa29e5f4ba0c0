package connectome

import (
	"encoding/binary"
	"io/fs"
	"math"
	"os"
	"strconv"

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

// dtype is a decoded numeric numpy type.
type dtype struct {
	bigEndian bool
	kind      byte // 'f', 'i', 'u', 'b'
	size      int
}

func (d dtype) String() string {
	bo := byte('<')
	if d.size == 1 {
		bo = '|'
	} else if d.bigEndian {
		bo = '>'
	}
	return string(bo) + string(d.kind) + strconv.Itoa(d.size)
}

// parseDType decodes a numpy type string such as "<f8", ">i4", "|u1", "|b1"
// or "=f4" ('=' is native order, little-endian on every platform Go targets
// here). Only the numeric kinds f4, f8, i1–i8, u1–u8 and b1 are accepted.
func parseDType(s string) (dtype, bool) {
	if len(s) < 3 {
		return dtype{}, false
	}
	var d dtype
	switch s[0] {
	case '<', '=', '|':
	case '>':
		d.bigEndian = true
	default:
		return dtype{}, false
	}
	d.kind = s[1]
	n, err := strconv.Atoi(s[2:])
	if err != nil {
		return dtype{}, false
	}
	d.size = n
	switch d.kind {
	case 'f':
		return d, n == 4 || n == 8
	case 'i', 'u':
		return d, n == 1 || n == 2 || n == 4 || n == 8
	case 'b':
		return d, n == 1
	}
	return dtype{}, false
}

// decodeValues converts n elements of raw bytes of type d.
func decodeValues(raw []byte, d dtype, n int) (fl []float64, in []int64, ok bool) {
	var bo binary.ByteOrder = binary.LittleEndian
	if d.bigEndian {
		bo = binary.BigEndian
	}
	fl = make([]float64, n)
	if d.kind != 'f' {
		in = make([]int64, n)
	}
	for k := range n {
		b := raw[k*d.size : (k+1)*d.size]
		switch d.kind {
		case 'f':
			if d.size == 8 {
				fl[k] = math.Float64frombits(bo.Uint64(b))
			} else {
				fl[k] = float64(math.Float32frombits(bo.Uint32(b)))
			}
			continue
		case 'b':
			if b[0] > 1 {
				return nil, nil, false
			}
			in[k] = int64(b[0])
		case 'i':
			switch d.size {
			case 1:
				in[k] = int64(int8(b[0]))
			case 2:
				in[k] = int64(int16(bo.Uint16(b)))
			case 4:
				in[k] = int64(int32(bo.Uint32(b)))
			case 8:
				in[k] = int64(bo.Uint64(b))
			}
		case 'u':
			switch d.size {
			case 1:
				in[k] = int64(b[0])
			case 2:
				in[k] = int64(bo.Uint16(b))
			case 4:
				in[k] = int64(bo.Uint32(b))
			case 8:
				u := bo.Uint64(b)
				if u > math.MaxInt64 {
					return nil, nil, false
				}
				in[k] = int64(u)
			}
		}
		fl[k] = float64(in[k])
	}
	return fl, in, true
}

// fortranToC reorders column-major values of the given shape into row-major
// (a nil v, or fewer than two dimensions, is returned as is).
func fortranToC[T any](v []T, shape []int) []T {
	if v == nil || len(shape) < 2 {
		return v
	}
	out := make([]T, len(v))
	idx := make([]int, len(shape))
	for c := range out { // c walks C order; compute its Fortran offset
		f, stride := 0, 1
		for d := range shape {
			f += idx[d] * stride
			stride *= shape[d]
		}
		out[c] = v[f]
		for d := len(shape) - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	return out
}

// DecodeNPY decodes the bytes of a numeric .npy file (format versions 1.0,
// 2.0 and 3.0; dtypes f4, f8, i1–i8, u1–u8 and b1 in either byte order; C or
// Fortran order). file names the source in errors. Object arrays ('|O') are
// rejected with ErrDType: read them with DecodeObjectNPY.
func DecodeNPY(data []byte, file string) (*Array, error) {
	h, err := parseNPYHeader(data, file)
	if err != nil {
		return nil, err
	}
	if h.descr == "|O" || h.descr == "O" {
		return nil, parseErr(file, -1, ErrDType, "object array ('|O'): read it with DecodeObjectNPY")
	}
	d, ok := parseDType(h.descr)
	if !ok {
		return nil, parseErr(file, -1, ErrDType, "dtype %q is not supported (want f4, f8, i1–i8, u1–u8 or b1)", h.descr)
	}
	body := data[h.dataOffset:]
	n := elements(h.shape, len(body)/d.size+1)
	if n < 0 || n*d.size > len(body) {
		return nil, parseErr(file, int64(len(data)), ErrFormat, "data truncated: shape %v of %s needs %s bytes, file has %d", h.shape, h.descr, needBytes(h.shape, d.size), len(body))
	}
	if n*d.size != len(body) {
		return nil, parseErr(file, int64(h.dataOffset+n*d.size), ErrFormat, "%d trailing bytes after the data of shape %v", len(body)-n*d.size, h.shape)
	}
	fl, in, ok := decodeValues(body, d, n)
	if !ok {
		return nil, parseErr(file, int64(h.dataOffset), ErrValue, "value out of range for %s", h.descr)
	}
	if h.fortran {
		fl = fortranToC(fl, h.shape)
		in = fortranToC(in, h.shape)
	}
	return &Array{DType: d.String(), Shape: h.shape, Float: fl, Int: in}, nil
}

func needBytes(shape []int, size int) string {
	n := uint64(size)
	for _, d := range shape {
		if d != 0 && n > math.MaxUint64/uint64(d) {
			return "more than 2^64"
		}
		n *= uint64(d)
	}
	return strconv.FormatUint(n, 10)
}

// ReadNPY reads a numeric .npy file (see DecodeNPY).
func ReadNPY(path string) (*Array, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ParseError{File: path, Offset: -1, Err: err}
	}
	return DecodeNPY(data, path)
}

// ReadNPYFS reads a numeric .npy file from fsys (see DecodeNPY).
func ReadNPYFS(fsys fs.FS, name string) (*Array, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &ParseError{File: name, Offset: -1, Err: err}
	}
	return DecodeNPY(data, name)
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
	if err := checkFinite(a.Float, a.Shape[1], file); err != nil {
		return nil, err
	}
	return mat.NewDense(a.Shape[0], a.Shape[1], a.Float), nil
}

// checkFinite returns an ErrValue error naming the first NaN or ±Inf.
func checkFinite(v []float64, cols int, file string) error {
	for k, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return parseErr(file, -1, ErrValue, "non-finite value %v at [%d,%d]", x, k/cols, k%cols)
		}
	}
	return nil
}
