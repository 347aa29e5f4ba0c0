package npyio

import (
	"fmt"
	"math"
	"strconv"
)

// DType is a numpy array-protocol type: byte order, kind and item size, as
// in the type strings "<f8", ">i4", "|u1", "|b1" and "<U5".
//
// Kinds read and written: 'f' (float32, float64), 'i' (int8–int64), 'u'
// (uint8–uint64), 'b' (bool, size 1) and 'U' (fixed-width UCS-4 text; Size
// counts characters, each stored in 4 bytes).
type DType struct {
	BigEndian bool
	Kind      byte
	Size      int // bytes per item, or characters for kind 'U'
}

// String returns the numpy type string with the byte order normalised: '|'
// for one-byte kinds, '<' or '>' otherwise.
func (d DType) String() string {
	bo := byte('<')
	if d.Kind != 'U' && d.Size == 1 {
		bo = '|'
	} else if d.BigEndian {
		bo = '>'
	}
	return string(bo) + string(d.Kind) + strconv.Itoa(d.Size)
}

// ItemBytes returns the bytes one item occupies in the file.
func (d DType) ItemBytes() int {
	if d.Kind == 'U' {
		return 4 * d.Size
	}
	return d.Size
}

// maxChars bounds the width of a 'U' dtype so that 4·width fits an int.
const maxChars = math.MaxInt32

// ParseDType decodes a numpy type string. The byte order is '<', '>', '|'
// or '=' (native: little-endian on every platform Go targets here). Other
// kinds and sizes, structured and object dtypes are errors wrapping ErrDType.
func ParseDType(s string) (DType, error) {
	bad := func() (DType, error) {
		return DType{}, fmt.Errorf("%w: dtype %q is not supported (want f4, f8, i1–i8, u1–u8, b1 or U<n>)", ErrDType, s)
	}
	if len(s) < 3 {
		return bad()
	}
	var d DType
	switch s[0] {
	case '<', '=', '|':
	case '>':
		d.BigEndian = true
	default:
		return bad()
	}
	d.Kind = s[1]
	for _, c := range s[2:] {
		if c < '0' || c > '9' {
			return bad()
		}
	}
	n, err := strconv.Atoi(s[2:])
	if err != nil {
		return bad()
	}
	d.Size = n
	ok := false
	switch d.Kind {
	case 'f':
		ok = n == 4 || n == 8
	case 'i', 'u':
		ok = n == 1 || n == 2 || n == 4 || n == 8
	case 'b':
		ok = n == 1
	case 'U':
		ok = n >= 1 && n <= maxChars
	}
	if !ok {
		return bad()
	}
	if d.Size == 1 && d.Kind != 'U' {
		d.BigEndian = false
	}
	return d, nil
}

// dtypeOf returns the dtype Write stores for data, and the element count.
func dtypeOf(data any) (DType, int, error) {
	switch v := data.(type) {
	case []float32:
		return DType{Kind: 'f', Size: 4}, len(v), nil
	case []float64:
		return DType{Kind: 'f', Size: 8}, len(v), nil
	case []int8:
		return DType{Kind: 'i', Size: 1}, len(v), nil
	case []int16:
		return DType{Kind: 'i', Size: 2}, len(v), nil
	case []int32:
		return DType{Kind: 'i', Size: 4}, len(v), nil
	case []int64:
		return DType{Kind: 'i', Size: 8}, len(v), nil
	case []uint8:
		return DType{Kind: 'u', Size: 1}, len(v), nil
	case []uint16:
		return DType{Kind: 'u', Size: 2}, len(v), nil
	case []uint32:
		return DType{Kind: 'u', Size: 4}, len(v), nil
	case []uint64:
		return DType{Kind: 'u', Size: 8}, len(v), nil
	case []bool:
		return DType{Kind: 'b', Size: 1}, len(v), nil
	case []string:
		w := 1
		for _, s := range v {
			w = max(w, len([]rune(s)))
		}
		return DType{Kind: 'U', Size: w}, len(v), nil
	}
	return DType{}, 0, fmt.Errorf("%w: data of type %T (want a slice of float32, float64, int8–int64, uint8–uint64, bool or string)", ErrDType, data)
}

// size returns the number of items of shape and the bytes they occupy as
// items of itemBytes bytes, or an error wrapping ErrShape when a dimension
// is negative or the byte count exceeds maxBytes (the overflow check).
func size(shape []int, itemBytes int, maxBytes int64) (n int, nbytes int64, err error) {
	n = 1
	for _, d := range shape {
		if d < 0 {
			return 0, 0, fmt.Errorf("%w: negative dimension in shape %v", ErrShape, shape)
		}
	}
	for _, d := range shape {
		if d == 0 {
			return 0, 0, nil
		}
	}
	limit := maxBytes / int64(max(itemBytes, 1))
	for _, d := range shape {
		if int64(d) > limit/int64(n) {
			return 0, 0, fmt.Errorf("%w: shape %v of %d-byte items needs more than %d bytes", ErrShape, shape, itemBytes, maxBytes)
		}
		n *= d
	}
	return n, int64(n) * int64(itemBytes), nil
}
