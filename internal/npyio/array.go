package npyio

import (
	"fmt"
	"math"
)

// Array is an n-dimensional array in C (row-major) order.
//
// Data is one of []float32, []float64, []int8, []int16, []int32, []int64,
// []uint8, []uint16, []uint32, []uint64, []bool or []string, with as many
// elements as the product of Shape (1 for a 0-d array, whose Shape is
// empty). Readers return the Go type of the file's dtype (">f8" and "<f8"
// both give []float64) and C order whatever the order on disk; writers
// store the dtype of Data's type, little-endian.
type Array struct {
	Shape []int
	Data  any
}

// DType returns the dtype Write stores for a.Data, or an error wrapping
// ErrDType for an unsupported type.
func (a *Array) DType() (DType, error) {
	d, _, err := dtypeOf(a.Data)
	return d, err
}

// Len returns the number of elements of a.Data.
func (a *Array) Len() int {
	_, n, _ := dtypeOf(a.Data)
	return n
}

// Float64s returns the elements as float64: float data converted exactly,
// integers and bools rounded to the nearest float64 (exact up to 2^53). It
// returns an error wrapping ErrDType for strings. The result shares memory
// with a.Data when that is a []float64.
func (a *Array) Float64s() ([]float64, error) {
	switch v := a.Data.(type) {
	case []float64:
		return v, nil
	case []float32:
		return widen(v), nil
	case []int8:
		return widen(v), nil
	case []int16:
		return widen(v), nil
	case []int32:
		return widen(v), nil
	case []int64:
		return widen(v), nil
	case []uint8:
		return widen(v), nil
	case []uint16:
		return widen(v), nil
	case []uint32:
		return widen(v), nil
	case []uint64:
		return widen(v), nil
	case []bool:
		out := make([]float64, len(v))
		for i, b := range v {
			if b {
				out[i] = 1
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: %T is not numeric", ErrDType, a.Data)
}

// Int64s returns integer and bool elements exactly as int64. It returns an
// error wrapping ErrDType for float and string data, and ErrValue for a
// uint64 above 2^63−1. The result shares memory with a.Data when that is an
// []int64.
func (a *Array) Int64s() ([]int64, error) {
	switch v := a.Data.(type) {
	case []int64:
		return v, nil
	case []int8:
		return toInt64(v), nil
	case []int16:
		return toInt64(v), nil
	case []int32:
		return toInt64(v), nil
	case []uint8:
		return toInt64(v), nil
	case []uint16:
		return toInt64(v), nil
	case []uint32:
		return toInt64(v), nil
	case []uint64:
		for i, u := range v {
			if u > math.MaxInt64 {
				return nil, fmt.Errorf("%w: element %d = %d exceeds int64", ErrValue, i, u)
			}
		}
		return toInt64(v), nil
	case []bool:
		out := make([]int64, len(v))
		for i, b := range v {
			if b {
				out[i] = 1
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: %T is not an integer type", ErrDType, a.Data)
}

type number interface {
	~float32 | ~float64 | ~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

func widen[T number](v []T) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func toInt64[T ~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64](v []T) []int64 {
	out := make([]int64, len(v))
	for i, x := range v {
		out[i] = int64(x)
	}
	return out
}

// fortranToC reorders column-major values of the given shape into row-major
// (fewer than two dimensions are returned as is).
func fortranToC[T any](v []T, shape []int) []T {
	if len(shape) < 2 || len(v) == 0 {
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
