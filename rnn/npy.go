package rnn

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// npyArray is one array of an .npz archive: little-endian float32, float64,
// uint8 or a 0-d unicode string, C order.
type npyArray struct {
	descr string // "<f4", "<f8", "|u1" or "<U<n>"
	shape []int
	f32   []float32
	f64   []float64
	u8    []byte
	str   string
}

func (a *npyArray) size() int {
	n := 1
	for _, d := range a.shape {
		n *= d
	}
	return n
}

// writeNpy writes a in .npy format version 1.0.
func writeNpy(w io.Writer, a *npyArray) error {
	shape := make([]string, len(a.shape))
	for i, d := range a.shape {
		shape[i] = strconv.Itoa(d)
	}
	sh := strings.Join(shape, ", ")
	if len(a.shape) == 1 {
		sh += ","
	}
	header := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", a.descr, sh)
	// Magic (6) + version (2) + length (2) + header + '\n', padded to 64.
	pad := 64 - (10+len(header)+1)%64
	if pad == 64 {
		pad = 0
	}
	header += strings.Repeat(" ", pad) + "\n"
	var buf bytes.Buffer
	buf.WriteString("\x93NUMPY\x01\x00")
	_ = binary.Write(&buf, binary.LittleEndian, uint16(len(header)))
	buf.WriteString(header)
	switch {
	case a.f32 != nil:
		_ = binary.Write(&buf, binary.LittleEndian, a.f32)
	case a.f64 != nil:
		_ = binary.Write(&buf, binary.LittleEndian, a.f64)
	case a.u8 != nil:
		buf.Write(a.u8)
	default: // UTF-32LE string
		for _, r := range a.str {
			_ = binary.Write(&buf, binary.LittleEndian, uint32(r))
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

var (
	npyDescr = regexp.MustCompile(`'descr':\s*'([^']*)'`)
	npyOrder = regexp.MustCompile(`'fortran_order':\s*(True|False)`)
	npyShape = regexp.MustCompile(`'shape':\s*\(([^)]*)\)`)
)

// readNpy parses an .npy stream (versions 1–3) of a supported dtype.
func readNpy(raw []byte) (*npyArray, error) {
	if len(raw) < 10 || string(raw[:6]) != "\x93NUMPY" {
		return nil, fmt.Errorf("not an .npy array (bad magic)")
	}
	var hlen, off int
	switch raw[6] {
	case 1:
		hlen, off = int(binary.LittleEndian.Uint16(raw[8:10])), 10
	case 2, 3:
		if len(raw) < 12 {
			return nil, fmt.Errorf("truncated header")
		}
		hlen, off = int(binary.LittleEndian.Uint32(raw[8:12])), 12
	default:
		return nil, fmt.Errorf("unsupported .npy version %d", raw[6])
	}
	if off+hlen > len(raw) {
		return nil, fmt.Errorf("truncated header")
	}
	header := string(raw[off : off+hlen])
	data := raw[off+hlen:]
	d, o, s := npyDescr.FindStringSubmatch(header), npyOrder.FindStringSubmatch(header), npyShape.FindStringSubmatch(header)
	if d == nil || o == nil || s == nil {
		return nil, fmt.Errorf("malformed header %q", header)
	}
	if o[1] == "True" {
		return nil, fmt.Errorf("fortran_order arrays are not supported")
	}
	a := &npyArray{descr: d[1]}
	for _, f := range strings.Split(s[1], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("bad shape %q", s[1])
		}
		a.shape = append(a.shape, n)
	}
	n := a.size()
	switch {
	case a.descr == "<f4":
		if len(data) != 4*n {
			return nil, fmt.Errorf("%d data bytes, want %d", len(data), 4*n)
		}
		a.f32 = make([]float32, n)
		for i := range a.f32 {
			a.f32[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
		}
	case a.descr == "<f8":
		if len(data) != 8*n {
			return nil, fmt.Errorf("%d data bytes, want %d", len(data), 8*n)
		}
		a.f64 = make([]float64, n)
		for i := range a.f64 {
			a.f64[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
		}
	case a.descr == "|u1" || a.descr == "<u1":
		if len(data) != n {
			return nil, fmt.Errorf("%d data bytes, want %d", len(data), n)
		}
		a.u8 = append([]byte{}, data...)
	case strings.HasPrefix(a.descr, "<U"):
		w, err := strconv.Atoi(a.descr[2:])
		if err != nil || len(data) != 4*w*n || n != 1 {
			return nil, fmt.Errorf("unsupported string array %s of shape %v", a.descr, a.shape)
		}
		var sb strings.Builder
		for i := 0; i < w; i++ {
			r := rune(binary.LittleEndian.Uint32(data[4*i:]))
			if r == 0 {
				break
			}
			if !utf8.ValidRune(r) {
				return nil, fmt.Errorf("invalid character in string array")
			}
			sb.WriteRune(r)
		}
		a.str = sb.String()
	default:
		return nil, fmt.Errorf("unsupported dtype %q", a.descr)
	}
	return a, nil
}

// floats returns a's values as float64 (float arrays only).
func (a *npyArray) floats() ([]float64, bool) {
	switch {
	case a.f64 != nil:
		return a.f64, true
	case a.f32 != nil:
		out := make([]float64, len(a.f32))
		for i, v := range a.f32 {
			out[i] = float64(v)
		}
		return out, true
	case a.size() == 0 && (a.descr == "<f4" || a.descr == "<f8"):
		return []float64{}, true
	}
	return nil, false
}

// writeNpz writes the arrays, in the given order of names, as an
// uncompressed .npz archive (what numpy.savez writes).
func writeNpz(w io.Writer, names []string, arrays map[string]*npyArray) error {
	zw := zip.NewWriter(w)
	for _, name := range names {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name + ".npy", Method: zip.Store})
		if err != nil {
			return err
		}
		if err := writeNpy(f, arrays[name]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// readNpz reads every .npy member of an .npz archive.
func readNpz(r io.ReaderAt, size int64) (map[string]*npyArray, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*npyArray)
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		raw, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		a, err := readNpy(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		out[name] = a
	}
	return out, nil
}
