package npyio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Magic opens every .npy file (NEP 1, "A Simple File Format for NumPy
// Arrays", https://numpy.org/neps/nep-0001-npy-format.html).
const Magic = "\x93NUMPY"

// MaxHeaderLen bounds the header dictionary of versions 2.0 and 3.0; numpy
// itself refuses headers over 10,000 bytes unless asked (max_header_size).
const MaxHeaderLen = 1 << 16

// Header is the parsed header of a .npy file.
type Header struct {
	Major, Minor int    // format version: 1.0, 2.0 or 3.0
	Descr        string // the dtype string as written, e.g. "<f8" or "|O"
	Fortran      bool   // data in column-major order
	Shape        []int  // dimensions; empty for a 0-d array
	Len          int64  // bytes from the magic to the first data byte
}

// DataBytes returns the dtype and the number of items and data bytes the
// header implies. It returns an error wrapping ErrDType for a dtype this
// package does not decode (the object dtype "|O" among them) and ErrShape
// when the size overflows.
func (h *Header) DataBytes() (DType, int, int64, error) {
	d, err := ParseDType(h.Descr)
	if err != nil {
		return DType{}, 0, 0, err
	}
	n, nb, err := size(h.Shape, d.ItemBytes(), math.MaxInt64-h.Len)
	return d, n, nb, err
}

// ReadHeader reads the magic, version and header dictionary
// {'descr': str, 'fortran_order': bool, 'shape': tuple} of format versions
// 1.0 (uint16 length, latin-1), 2.0 (uint32 length) and 3.0 (uint32,
// UTF-8), and nothing more: r is left at the first data byte. Errors are
// *ParseError values with offsets from the start of the file and an empty
// File.
func ReadHeader(r io.Reader) (*Header, error) {
	var pre [12]byte
	if _, err := io.ReadFull(r, pre[:8]); err != nil {
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, &ParseError{Offset: 0, Err: err}
		}
		return nil, parseErr(0, ErrFormat, "not a .npy file (missing \\x93NUMPY magic)")
	}
	if string(pre[:6]) != Magic {
		return nil, parseErr(0, ErrFormat, "not a .npy file (missing \\x93NUMPY magic)")
	}
	h := &Header{Major: int(pre[6]), Minor: int(pre[7])}
	var hlen, start int
	switch h.Major {
	case 1:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return nil, parseErr(8, ErrFormat, "truncated header length")
		}
		hlen, start = int(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		if _, err := io.ReadFull(r, pre[8:12]); err != nil {
			return nil, parseErr(8, ErrFormat, "truncated header length")
		}
		l := binary.LittleEndian.Uint32(pre[8:12])
		if l > MaxHeaderLen {
			return nil, parseErr(8, ErrFormat, "header length %d exceeds %d bytes", l, MaxHeaderLen)
		}
		hlen, start = int(l), 12
	default:
		return nil, parseErr(6, ErrFormat, "unsupported .npy format version %d.%d", h.Major, h.Minor)
	}
	buf := make([]byte, hlen)
	if k, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, parseErr(int64(start), ErrFormat, "header of %d bytes truncated at %d", hlen, k)
		}
		return nil, &ParseError{Offset: int64(start + k), Err: err}
	}
	text := string(buf)
	h.Len = int64(start + hlen)
	if h.Major < 3 {
		for i := 0; i < len(text); i++ {
			if text[i] >= 0x80 {
				return nil, parseErr(int64(start+i), ErrFormat, "non-ASCII byte in a version %d header", h.Major)
			}
		}
	}
	p := &dictParser{s: text}
	v, err := p.value(0)
	if err == nil {
		p.skipSpace()
		if p.i != len(p.s) {
			err = fmt.Errorf("unexpected %q after the header dictionary", p.s[p.i:min(p.i+10, len(p.s))])
		}
	}
	if err != nil {
		return nil, parseErr(int64(start+p.i), ErrFormat, "header: %v", err)
	}
	dict, ok := v.(map[string]any)
	if !ok {
		return nil, parseErr(int64(start), ErrFormat, "header is not a dictionary")
	}
	if len(dict) != 3 {
		return nil, parseErr(int64(start), ErrFormat, "header has %d keys, want descr, fortran_order and shape", len(dict))
	}
	switch d := dict["descr"].(type) {
	case string:
		h.Descr = d
	case nil:
		return nil, parseErr(int64(start), ErrFormat, "header lacks 'descr'")
	default:
		return nil, parseErr(int64(start), ErrDType, "structured dtype %v is not supported", d)
	}
	f, ok := dict["fortran_order"].(bool)
	if !ok {
		return nil, parseErr(int64(start), ErrFormat, "header 'fortran_order' missing or not a bool")
	}
	h.Fortran = f
	shape, ok := dict["shape"].([]any)
	if !ok {
		return nil, parseErr(int64(start), ErrFormat, "header 'shape' missing or not a tuple")
	}
	h.Shape = make([]int, 0, len(shape))
	for _, s := range shape {
		n, ok := s.(int64)
		if !ok || n < 0 || n > math.MaxInt {
			return nil, parseErr(int64(start), ErrShape, "bad dimension %v in shape", s)
		}
		h.Shape = append(h.Shape, int(n))
	}
	return h, nil
}

// dictParser parses the Python literal subset numpy writes in .npy headers:
// dicts, tuples and lists, single- or double-quoted strings, integers, True,
// False and None.
type dictParser struct {
	s string
	i int
}

const maxLiteralDepth = 16

func (p *dictParser) skipSpace() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *dictParser) value(depth int) (any, error) {
	if depth > maxLiteralDepth {
		return nil, fmt.Errorf("nesting deeper than %d", maxLiteralDepth)
	}
	p.skipSpace()
	if p.i >= len(p.s) {
		return nil, fmt.Errorf("unexpected end of header")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		d := map[string]any{}
		for {
			p.skipSpace()
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return d, nil
			}
			k, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			ks, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("dictionary key %v is not a string", k)
			}
			p.skipSpace()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, fmt.Errorf("missing ':' after key %q", ks)
			}
			p.i++
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			if _, dup := d[ks]; dup {
				return nil, fmt.Errorf("duplicate key %q", ks)
			}
			d[ks] = v
			if err := p.sep('}'); err != nil {
				return nil, err
			}
		}
	case c == '(' || c == '[':
		end := byte(')')
		if c == '[' {
			end = ']'
		}
		p.i++
		var items []any
		for {
			p.skipSpace()
			if p.i < len(p.s) && p.s[p.i] == end {
				p.i++
				if items == nil {
					items = []any{}
				}
				return items, nil
			}
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
			if err := p.sep(end); err != nil {
				return nil, err
			}
		}
	case c == '\'' || c == '"':
		j := strings.IndexByte(p.s[p.i+1:], c)
		if j < 0 {
			return nil, fmt.Errorf("unterminated string")
		}
		v := p.s[p.i+1 : p.i+1+j]
		if strings.IndexByte(v, '\\') >= 0 {
			return nil, fmt.Errorf("escape sequences in strings are not supported")
		}
		p.i += j + 2
		return v, nil
	case c == '-' || (c >= '0' && c <= '9'):
		j := p.i + 1
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		n, err := strconv.ParseInt(p.s[p.i:j], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad integer %q", p.s[p.i:j])
		}
		p.i = j
		if p.i < len(p.s) && p.s[p.i] == 'L' { // Python 2 long suffix
			p.i++
		}
		return n, nil
	default:
		for _, w := range []struct {
			name string
			v    any
		}{{"True", true}, {"False", false}, {"None", nil}} {
			if strings.HasPrefix(p.s[p.i:], w.name) {
				p.i += len(w.name)
				return w.v, nil
			}
		}
		return nil, fmt.Errorf("unexpected character %q", c)
	}
}

// sep consumes ',' or peeks at end.
func (p *dictParser) sep(end byte) error {
	p.skipSpace()
	if p.i >= len(p.s) {
		return fmt.Errorf("unexpected end of header, want ',' or %q", end)
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		return nil
	case end:
		return nil
	}
	return fmt.Errorf("unexpected %q, want ',' or %q", p.s[p.i], end)
}
