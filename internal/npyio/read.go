package npyio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"
	"unicode/utf8"
)

// chunkBytes is how many data bytes readers take at a time: memory grows
// with the bytes actually read, never with the size a header claims.
const chunkBytes = 1 << 20

// Read reads a .npy file (format versions 1.0–3.0; the dtypes of DType, in
// either byte order; C or Fortran order, returned in C order) and requires
// that nothing follows the data. Errors are *ParseError values wrapping
// ErrFormat, ErrDType, ErrShape, ErrValue or the reader's error. Memory
// grows with the bytes read, so a header claiming a huge shape costs nothing
// before the data runs out.
func Read(r io.Reader) (*Array, error) {
	h, err := ReadHeader(r)
	if err != nil {
		return nil, err
	}
	return ReadData(r, h)
}

// ReadFS reads the .npy file name of fsys (see Read); errors name the file.
func ReadFS(fsys fs.FS, name string) (*Array, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &ParseError{File: name, Offset: -1, Err: err}
	}
	defer f.Close()
	a, err := Read(f)
	return a, named(err, name)
}

// ReadFile reads the .npy file at path (see Read); errors name the file.
func ReadFile(path string) (*Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ParseError{File: path, Offset: -1, Err: err}
	}
	defer f.Close()
	a, err := Read(f)
	return a, named(err, path)
}

// ReadData reads the data that follows header h from r (positioned at the
// first data byte, as ReadHeader leaves it) and requires r to end there.
func ReadData(r io.Reader, h *Header) (*Array, error) {
	d, n, nb, err := h.DataBytes()
	if err != nil {
		return nil, &ParseError{Offset: -1, Err: err}
	}
	data, err := decode(r, d, n, h.Len)
	if err != nil {
		return nil, err
	}
	var one [1]byte
	if k, err := io.ReadFull(r, one[:]); k > 0 {
		return nil, parseErr(h.Len+nb, ErrFormat, "trailing bytes after the data of shape %v", h.Shape)
	} else if err != nil && !errors.Is(err, io.EOF) {
		return nil, &ParseError{Offset: h.Len + nb, Err: err}
	}
	if h.Fortran {
		data = fortranAny(data, h.Shape)
	}
	return &Array{Shape: append([]int{}, h.Shape...), Data: data}, nil
}

func fortranAny(data any, shape []int) any {
	switch v := data.(type) {
	case []float32:
		return fortranToC(v, shape)
	case []float64:
		return fortranToC(v, shape)
	case []int8:
		return fortranToC(v, shape)
	case []int16:
		return fortranToC(v, shape)
	case []int32:
		return fortranToC(v, shape)
	case []int64:
		return fortranToC(v, shape)
	case []uint8:
		return fortranToC(v, shape)
	case []uint16:
		return fortranToC(v, shape)
	case []uint32:
		return fortranToC(v, shape)
	case []uint64:
		return fortranToC(v, shape)
	case []bool:
		return fortranToC(v, shape)
	case []string:
		return fortranToC(v, shape)
	}
	panic(fmt.Sprintf("npyio: fortranAny: unexpected %T", data))
}

// decode reads n items of dtype d; off is the file offset of the first.
func decode(r io.Reader, d DType, n int, off int64) (any, error) {
	var bo binary.ByteOrder = binary.LittleEndian
	if d.BigEndian {
		bo = binary.BigEndian
	}
	ok := func(b []byte) bool { return true }
	switch {
	case d.Kind == 'f' && d.Size == 4:
		return readItems(r, n, 4, off, func(b []byte) float32 { return math.Float32frombits(bo.Uint32(b)) }, ok)
	case d.Kind == 'f' && d.Size == 8:
		return readItems(r, n, 8, off, func(b []byte) float64 { return math.Float64frombits(bo.Uint64(b)) }, ok)
	case d.Kind == 'i' && d.Size == 1:
		return readItems(r, n, 1, off, func(b []byte) int8 { return int8(b[0]) }, ok)
	case d.Kind == 'i' && d.Size == 2:
		return readItems(r, n, 2, off, func(b []byte) int16 { return int16(bo.Uint16(b)) }, ok)
	case d.Kind == 'i' && d.Size == 4:
		return readItems(r, n, 4, off, func(b []byte) int32 { return int32(bo.Uint32(b)) }, ok)
	case d.Kind == 'i' && d.Size == 8:
		return readItems(r, n, 8, off, func(b []byte) int64 { return int64(bo.Uint64(b)) }, ok)
	case d.Kind == 'u' && d.Size == 1:
		return readItems(r, n, 1, off, func(b []byte) uint8 { return b[0] }, ok)
	case d.Kind == 'u' && d.Size == 2:
		return readItems(r, n, 2, off, bo.Uint16, ok)
	case d.Kind == 'u' && d.Size == 4:
		return readItems(r, n, 4, off, bo.Uint32, ok)
	case d.Kind == 'u' && d.Size == 8:
		return readItems(r, n, 8, off, bo.Uint64, ok)
	case d.Kind == 'b':
		return readItems(r, n, 1, off, func(b []byte) bool { return b[0] == 1 }, func(b []byte) bool { return b[0] <= 1 })
	case d.Kind == 'U':
		valid := func(b []byte) bool {
			for k := 0; k < len(b); k += 4 {
				if c := bo.Uint32(b[k:]); c != 0 && (c > utf8.MaxRune || !utf8.ValidRune(rune(c))) {
					return false
				}
			}
			return true
		}
		return readItems(r, n, 4*d.Size, off, func(b []byte) string {
			var sb strings.Builder
			end := len(b)
			for end >= 4 && bo.Uint32(b[end-4:]) == 0 { // numpy strips trailing NULs
				end -= 4
			}
			for k := 0; k < end; k += 4 {
				sb.WriteRune(rune(bo.Uint32(b[k:])))
			}
			return sb.String()
		}, valid)
	}
	return nil, parseErr(-1, ErrDType, "dtype %s is not supported", d)
}

// readItems reads n items of item bytes each, decoding them with dec after
// checking them with valid. The result grows as bytes arrive.
func readItems[T any](r io.Reader, n, item int, off int64, dec func([]byte) T, valid func([]byte) bool) ([]T, error) {
	per := max(1, chunkBytes/item)
	out := make([]T, 0, min(n, per))
	var buf []byte
	for len(out) < n {
		k := min(n-len(out), per)
		b, got, err := readFull(r, buf, k*item)
		buf = b[:0]
		if err != nil {
			at := off + int64(len(out))*int64(item) + int64(got)
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, parseErr(at, ErrFormat, "data truncated: %d of %d items read", len(out)+got/item, n)
			}
			return nil, &ParseError{Offset: at, Err: err}
		}
		for j := 0; j < len(b); j += item {
			if !valid(b[j : j+item]) {
				return nil, parseErr(off+int64(len(out))*int64(item), ErrValue, "item %d: bytes % x are not a valid value", len(out), b[j:j+item])
			}
			out = append(out, dec(b[j:j+item]))
		}
	}
	return out, nil
}

// readFull reads exactly need bytes into buf (reallocated if too small),
// growing it in chunkBytes steps as bytes arrive, so that an item whose
// header-declared width is huge costs memory only for bytes present.
func readFull(r io.Reader, buf []byte, need int) ([]byte, int, error) {
	if need <= cap(buf) {
		got, err := io.ReadFull(r, buf[:need])
		return buf[:need], got, err
	}
	buf = buf[:0]
	for len(buf) < need {
		k := min(need-len(buf), max(chunkBytes, len(buf)))
		buf = append(buf, make([]byte, k)...)
		got, err := io.ReadFull(r, buf[len(buf)-k:])
		if err != nil {
			return buf, len(buf) - k + got, err
		}
	}
	return buf, len(buf), nil
}
