package npyio

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// arrayAlign is the alignment of the data, as numpy writes it.
const arrayAlign = 64

// growthDigits is numpy's GROWTH_AXIS_MAX_DIGITS: numpy ≥ 1.24 pads the
// header so that the first dimension can grow in place to 21 digits.
const growthDigits = 21

// MaxDims is the most dimensions Write stores (numpy 2's NPY_MAXDIMS), so
// that every header fits format version 1.0.
const MaxDims = 64

// header returns the header Write puts before a's data (format version
// 1.0), byte for byte what numpy.save writes for the same array.
func (a *Array) header() ([]byte, error) {
	d, n, err := dtypeOf(a.Data)
	if err != nil {
		return nil, err
	}
	want, _, err := size(a.Shape, d.ItemBytes(), math.MaxInt64)
	if err != nil {
		return nil, err
	}
	if want != n {
		return nil, fmt.Errorf("%w: shape %v holds %d elements, data has %d", ErrShape, a.Shape, want, n)
	}
	if len(a.Shape) > MaxDims {
		return nil, fmt.Errorf("%w: %d dimensions, at most %d", ErrShape, len(a.Shape), MaxDims)
	}
	dims := make([]string, len(a.Shape))
	for i, s := range a.Shape {
		dims[i] = strconv.Itoa(s)
	}
	shape := "(" + strings.Join(dims, ", ") + ")"
	if len(a.Shape) == 1 {
		shape = "(" + dims[0] + ",)"
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", d, shape)
	if len(a.Shape) > 0 {
		dict += strings.Repeat(" ", max(0, growthDigits-len(dims[0])))
	}
	hlen := len(dict) + 1
	pad := arrayAlign - (10+hlen)%arrayAlign
	out := make([]byte, 0, 10+hlen+pad)
	out = append(out, Magic...)
	out = append(out, 1, 0)
	out = binary.LittleEndian.AppendUint16(out, uint16(hlen+pad))
	out = append(out, dict...)
	out = append(out, strings.Repeat(" ", pad)...)
	return append(out, '\n'), nil
}

// Write writes a as a .npy file that numpy.load reads: little-endian, C
// order, format version 1.0. It returns an error wrapping ErrDType for an
// unsupported Data type and ErrShape when Shape does not match the length
// of Data or has more than MaxDims dimensions. Strings are stored as UCS-4 of
// the longest string's width; numpy drops trailing NUL characters.
func Write(w io.Writer, a *Array) error {
	h, err := a.header()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(h)
	le := binary.LittleEndian
	var b [8]byte
	switch v := a.Data.(type) {
	case []float32:
		for _, x := range v {
			bw.Write(le.AppendUint32(b[:0], math.Float32bits(x)))
		}
	case []float64:
		for _, x := range v {
			bw.Write(le.AppendUint64(b[:0], math.Float64bits(x)))
		}
	case []int8:
		for _, x := range v {
			bw.WriteByte(byte(x))
		}
	case []int16:
		for _, x := range v {
			bw.Write(le.AppendUint16(b[:0], uint16(x)))
		}
	case []int32:
		for _, x := range v {
			bw.Write(le.AppendUint32(b[:0], uint32(x)))
		}
	case []int64:
		for _, x := range v {
			bw.Write(le.AppendUint64(b[:0], uint64(x)))
		}
	case []uint8:
		bw.Write(v)
	case []uint16:
		for _, x := range v {
			bw.Write(le.AppendUint16(b[:0], x))
		}
	case []uint32:
		for _, x := range v {
			bw.Write(le.AppendUint32(b[:0], x))
		}
	case []uint64:
		for _, x := range v {
			bw.Write(le.AppendUint64(b[:0], x))
		}
	case []bool:
		for _, x := range v {
			if x {
				bw.WriteByte(1)
			} else {
				bw.WriteByte(0)
			}
		}
	case []string:
		d, _ := a.DType()
		for _, s := range v {
			k := 0
			for _, r := range s {
				bw.Write(le.AppendUint32(b[:0], uint32(r)))
				k++
			}
			for ; k < d.Size; k++ {
				bw.Write([]byte{0, 0, 0, 0})
			}
		}
	}
	return bw.Flush()
}

// WriteFile writes a to a new file at path (see Write).
func WriteFile(path string, a *Array) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := Write(f, a); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
