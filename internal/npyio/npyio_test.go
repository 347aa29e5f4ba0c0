package npyio

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// npyBytes returns a version 1.0 .npy file with the given header dictionary
// text followed by data.
func npyBytes(dict string, data []byte) []byte {
	h := dict + strings.Repeat(" ", 63-(10+len(dict))%64) + "\n"
	out := append([]byte(Magic+"\x01\x00"), 0, 0)
	binary.LittleEndian.PutUint16(out[8:], uint16(len(h)))
	return append(append(out, h...), data...)
}

func header(descr, shape string) string {
	return fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape)
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		shape []int
		data  any
		descr string
	}{
		{"float32", []int{2, 2}, []float32{1, -2, float32(math.Inf(1)), 0.1}, "<f4"},
		{"float64", []int{3}, []float64{math.Pi, -0.0, 1e-310}, "<f8"},
		{"int8", []int{2}, []int8{-128, 127}, "|i1"},
		{"int16", []int{1}, []int16{-300}, "<i2"},
		{"int32", []int{1, 1}, []int32{math.MinInt32}, "<i4"},
		{"int64", []int{2}, []int64{math.MinInt64, math.MaxInt64}, "<i8"},
		{"uint8", []int{3}, []uint8{0, 1, 255}, "|u1"},
		{"uint16", []int{1}, []uint16{65535}, "<u2"},
		{"uint32", []int{1}, []uint32{1 << 31}, "<u4"},
		{"uint64", []int{1}, []uint64{math.MaxUint64}, "<u8"},
		{"bool", []int{2, 1}, []bool{true, false}, "|b1"},
		{"text", []int{3}, []string{"αβγ", "", "x"}, "<U3"},
		{"0-d", []int{}, []float64{2.5}, "<f8"},
		{"empty", []int{0, 4}, []float32{}, "<f4"},
		{"3-d", []int{2, 1, 2}, []int64{1, 2, 3, 4}, "<i8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a := &Array{Shape: c.shape, Data: c.data}
			d, err := a.DType()
			require.NoError(t, err)
			assert.Equal(t, c.descr, d.String())
			var buf bytes.Buffer
			require.NoError(t, Write(&buf, a))
			h, err := ReadHeader(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			assert.Zero(t, h.Len%64, "data aligned to 64 bytes")
			got, err := Read(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			assert.Equal(t, c.shape, got.Shape)
			assert.Equal(t, c.data, got.Data)
		})
	}
}

func TestFortranOrder(t *testing.T) {
	t.Parallel()
	// Column-major (2, 3): columns (1, 4), (2, 5), (3, 6).
	raw := npyBytes("{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3), }", []byte{1, 0, 4, 0, 2, 0, 5, 0, 3, 0, 6, 0})
	a, err := Read(bytes.NewReader(raw))
	require.NoError(t, err)
	assert.Equal(t, []int16{1, 2, 3, 4, 5, 6}, a.Data)
}

func TestConversions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		data    any
		floats  []float64
		ints    []int64
		intsErr error
		fltErr  error
	}{
		{"float32", []float32{1.5, -2}, []float64{1.5, -2}, nil, ErrDType, nil},
		{"int64 beyond 2^53", []int64{1<<53 + 1}, []float64{1 << 53}, []int64{1<<53 + 1}, nil, nil},
		{"uint64 max", []uint64{math.MaxUint64}, []float64{math.MaxUint64}, nil, ErrValue, nil},
		{"bool", []bool{true, false}, []float64{1, 0}, []int64{1, 0}, nil, nil},
		{"uint8", []uint8{7}, []float64{7}, []int64{7}, nil, nil},
		{"text", []string{"a"}, nil, nil, ErrDType, ErrDType},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a := &Array{Shape: []int{}, Data: c.data}
			f, err := a.Float64s()
			if c.fltErr != nil {
				require.ErrorIs(t, err, c.fltErr)
			} else {
				require.NoError(t, err)
				assert.Equal(t, c.floats, f)
			}
			i, err := a.Int64s()
			if c.intsErr != nil {
				require.ErrorIs(t, err, c.intsErr)
			} else {
				require.NoError(t, err)
				assert.Equal(t, c.ints, i)
			}
		})
	}
}

// TestReadErrors covers malformed files: each must be a *ParseError
// wrapping the sentinel, at the offset given (-2: any).
func TestReadErrors(t *testing.T) {
	t.Parallel()
	f8 := make([]byte, 16)
	cases := []struct {
		name   string
		data   []byte
		want   error
		offset int64
	}{
		{"empty", nil, ErrFormat, 0},
		{"bad magic", []byte("\x93NUMPZ\x01\x00\x00\x00"), ErrFormat, 0},
		{"version 4", []byte(Magic + "\x04\x00\x00\x00"), ErrFormat, 6},
		{"truncated length", []byte(Magic + "\x02\x00\x01"), ErrFormat, 8},
		{"v2 header too long", []byte(Magic + "\x02\x00\xff\xff\xff\x7f"), ErrFormat, 8},
		{"header truncated", []byte(Magic + "\x01\x00\x40\x00{'descr'"), ErrFormat, 10},
		{"not a dict", npyBytes("[1, 2]", nil), ErrFormat, 10},
		{"extra key", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", f8), ErrFormat, 10},
		{"duplicate key", npyBytes("{'descr': '<f8', 'descr': '<f8', 'shape': (2,)}", f8), ErrFormat, -2},
		{"structured", npyBytes("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }", f8), ErrDType, 10},
		{"complex", npyBytes(header("<c16", "(1,)"), f8), ErrDType, -1},
		{"object", npyBytes(header("|O", "(1,)"), f8), ErrDType, -1},
		{"U0", npyBytes(header("<U0", "(1,)"), nil), ErrDType, -1},
		{"negative dim", npyBytes(header("<f8", "(-1,)"), nil), ErrShape, 10},
		{"shape overflows", npyBytes(header("<f4", "(4611686018427387904,)"), nil), ErrShape, -1},
		{"product overflows", npyBytes(header("<f8", "(4294967296, 4294967296)"), nil), ErrShape, -1},
		{"text width overflows", npyBytes(header("<U4611686018427387904", "()"), nil), ErrDType, -1},
		{"truncated data", npyBytes(header("<f8", "(3,)"), f8), ErrFormat, -2},
		{"trailing bytes", npyBytes(header("<f8", "(1,)"), f8), ErrFormat, -2},
		{"bool byte 2", npyBytes(header("|b1", "(2,)"), []byte{1, 2}), ErrValue, -2},
		{"surrogate", npyBytes(header("<U1", "(1,)"), []byte{0x00, 0xd8, 0, 0}), ErrValue, -2},
		{"non-ASCII v1 header", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'é': 1}", nil), ErrFormat, -2},
		{"escape in string", npyBytes(`{'descr': '<\x66', 'fortran_order': False, 'shape': (2,), }`, nil), ErrFormat, -2},
		{"deep nesting", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': "+strings.Repeat("(", 40)+strings.Repeat(")", 40)+"}", nil), ErrFormat, -2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(bytes.NewReader(c.data))
			require.ErrorIs(t, err, c.want)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			if c.offset != -2 {
				assert.Equal(t, c.offset, pe.Offset, "%v", err)
			}
		})
	}
}

// TestReadBoundedByBytes: a header claiming a huge array costs memory only
// for the bytes present. Not parallel: it measures allocation.
func TestReadBoundedByBytes(t *testing.T) {
	cases := []struct{ name, descr, shape string }{
		{"1 TB of float64", "<f8", "(137438953472,)"},
		{"2^40 bools", "|b1", "(1099511627776,)"},
		{"one 8 GB string", "<U2147483647", "()"},
		{"2^30 strings", "<U1", "(1073741824,)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := npyBytes(header(c.descr, c.shape), make([]byte, 4096))
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := Read(bytes.NewReader(raw))
			runtime.ReadMemStats(&after)
			require.ErrorIs(t, err, ErrFormat)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(8<<20), "bytes allocated")
		})
	}
}

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		a    *Array
		want error
	}{
		{"shape mismatch", &Array{Shape: []int{2, 2}, Data: []float32{1, 2, 3}}, ErrShape},
		{"negative dim", &Array{Shape: []int{-1}, Data: []float32{}}, ErrShape},
		{"unsupported type", &Array{Shape: []int{1}, Data: []complex128{1}}, ErrDType},
		{"nil data", &Array{Shape: []int{}}, ErrDType},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			require.ErrorIs(t, Write(&buf, c.a), c.want)
			assert.Zero(t, buf.Len(), "nothing written")
		})
	}
}

// TestMaxDims: 64 dimensions are written (format 1.0, as numpy), 65 refused.
func TestMaxDims(t *testing.T) {
	t.Parallel()
	shape := make([]int, MaxDims+1)
	for i := range shape {
		shape[i] = 1
	}
	var buf bytes.Buffer
	require.ErrorIs(t, Write(&buf, &Array{Shape: shape, Data: []float64{7}}), ErrShape)
	require.NoError(t, Write(&buf, &Array{Shape: shape[1:], Data: []float64{7}}))
	h, err := ReadHeader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, 1, h.Major)
	a, err := Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, []float64{7}, a.Data)
}

func TestFSAndFileForms(t *testing.T) {
	t.Parallel()
	var npy, npz bytes.Buffer
	a := &Array{Shape: []int{2}, Data: []float32{1, 2}}
	require.NoError(t, Write(&npy, a))
	zw := NewNPZWriter(&npz, Deflated)
	require.NoError(t, zw.Write("a", a))
	require.NoError(t, zw.Close())
	fsys := fstest.MapFS{"d/a.npy": {Data: npy.Bytes()}, "d/a.npz": {Data: npz.Bytes()}, "d/bad.npy": {Data: []byte("x")}}

	got, err := ReadFS(fsys, "d/a.npy")
	require.NoError(t, err)
	assert.Equal(t, a.Data, got.Data)
	_, err = ReadFS(fsys, "d/bad.npy")
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "d/bad.npy", pe.File)
	_, err = ReadFS(fsys, "d/none.npy")
	require.ErrorIs(t, err, fs.ErrNotExist)

	z, err := OpenNPZFS(fsys, "d/a.npz")
	require.NoError(t, err)
	got, err = z.Read("a")
	require.NoError(t, err)
	assert.Equal(t, a.Data, got.Data)
	_, err = z.Read("b")
	require.ErrorIs(t, err, fs.ErrNotExist)
	require.NoError(t, z.Close())

	dir := t.TempDir()
	path := filepath.Join(dir, "w.npz")
	require.NoError(t, WriteNPZFile(path, Stored, Named{"x", a}, Named{"y", &Array{Shape: []int{}, Data: []int64{3}}}))
	z, err = OpenNPZFile(path)
	require.NoError(t, err)
	defer z.Close()
	assert.Equal(t, []string{"x", "y"}, z.Names())
	assert.True(t, z.Has("y"))
	got, err = z.Read("y")
	require.NoError(t, err)
	assert.Equal(t, []int64{3}, got.Data)

	require.NoError(t, WriteFile(filepath.Join(dir, "a.npy"), a))
	got, err = ReadFile(filepath.Join(dir, "a.npy"))
	require.NoError(t, err)
	assert.Equal(t, a.Data, got.Data)
	_, err = ReadFile(filepath.Join(dir, "none.npy"))
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, filepath.Join(dir, "none.npy"), pe.File)
}

func TestNPZWriterErrors(t *testing.T) {
	t.Parallel()
	zw := NewNPZWriter(io.Discard, Stored)
	a := &Array{Shape: []int{1}, Data: []float32{1}}
	require.NoError(t, zw.Write("a", a))
	assert.Error(t, zw.Write("a", a), "repeated name")
	assert.Error(t, zw.Write("", a), "empty name")
	assert.ErrorIs(t, zw.Write("b", &Array{Shape: []int{2}, Data: []float32{1}}), ErrShape)
	assert.Error(t, NewNPZWriter(io.Discard, Method(99)).Write("a", a), "unknown method")
	require.NoError(t, zw.Close())
}

// zipOf writes raw members (name → bytes) with the given method.
func zipOf(t *testing.T, method uint16, members ...[2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m[0], Method: method})
		require.NoError(t, err)
		_, err = w.Write([]byte(m[1]))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestArchiveErrors(t *testing.T) {
	t.Parallel()
	good := string(npyBytes(header("<f8", "(2,)"), make([]byte, 16)))
	cases := []struct {
		name    string
		archive []byte
		member  string
		want    error
	}{
		{"not a zip", []byte("PK garbage"), "", ErrFormat},
		{"duplicate member", zipOf(t, zip.Store, [2]string{"a.npy", good}, [2]string{"a.npy", good}), "", ErrFormat},
		{"object array", zipOf(t, zip.Store, [2]string{"a.npy", string(npyBytes(header("|O", "(2,)"), nil))}), "a", ErrDType},
		{"bad member", zipOf(t, zip.Deflate, [2]string{"a.npy", "not npy"}), "a", ErrFormat},
		{"trailing bytes", zipOf(t, zip.Deflate, [2]string{"a.npy", good + "x"}), "a", ErrFormat},
		{"truncated member", zipOf(t, zip.Store, [2]string{"a.npy", good[:len(good)-3]}), "a", ErrFormat},
		{"missing", zipOf(t, zip.Store, [2]string{"a.npy", good}), "b", fs.ErrNotExist},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			z, err := OpenNPZ(bytes.NewReader(c.archive), int64(len(c.archive)))
			if c.member == "" {
				require.ErrorIs(t, err, c.want)
				return
			}
			require.NoError(t, err)
			_, err = z.Read(c.member)
			require.ErrorIs(t, err, c.want)
		})
	}
	// Members that are not .npy are ignored.
	raw := zipOf(t, zip.Store, [2]string{"a.npy", good}, [2]string{"notes.txt", "hi"})
	z, err := OpenNPZ(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, z.Names())
	assert.False(t, z.Has("notes.txt"))
}

// TestArchiveCRC: a member whose bytes do not match its CRC-32 is refused.
func TestArchiveCRC(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	zw := NewNPZWriter(&buf, Stored)
	require.NoError(t, zw.Write("a", &Array{Shape: []int{4}, Data: []float64{1, 2, 3, 4}}))
	require.NoError(t, zw.Close())
	raw := buf.Bytes()
	i := bytes.Index(raw, []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f}) // 1.0
	require.Positive(t, i)
	raw[i+7] = 0x40 // 1.0 → 2.0
	z, err := OpenNPZ(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	_, err = z.Read("a")
	require.Error(t, err)
	assert.True(t, errors.Is(err, zip.ErrChecksum) || errors.Is(err, ErrFormat), "%v", err)
}
