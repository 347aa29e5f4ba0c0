package npyio

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/go/*.npz from the writer")

// goldenArray is one entry of testdata/golden.json (testdata/golden.py,
// numpy 1.24.2): dtype string, shape and values in C order.
type goldenArray struct {
	Descr  string            `json:"descr"`
	Shape  []int             `json:"shape"`
	Values []json.RawMessage `json:"values"`
}

func loadGolden(t *testing.T) map[string]goldenArray {
	t.Helper()
	raw, err := os.ReadFile("testdata/golden.json")
	require.NoError(t, err)
	var g struct {
		Arrays map[string]goldenArray `json:"arrays"`
	}
	require.NoError(t, json.Unmarshal(raw, &g))
	require.NotEmpty(t, g.Arrays)
	return g.Arrays
}

// want builds the Go data a reader must return for g.
func (g goldenArray) want(t *testing.T) any {
	t.Helper()
	d, err := ParseDType(g.Descr)
	require.NoError(t, err, g.Descr)
	n := len(g.Values)
	str := func(i int) string {
		var s string
		require.NoError(t, json.Unmarshal(g.Values[i], &s))
		return s
	}
	num := func(i int) string { return string(g.Values[i]) }
	float := func(i int, bits int) float64 {
		v, err := strconv.ParseFloat(str(i), bits)
		require.NoError(t, err)
		return v
	}
	integer := func(i, bits int) int64 {
		v, err := strconv.ParseInt(num(i), 10, bits)
		require.NoError(t, err)
		return v
	}
	unsigned := func(i, bits int) uint64 {
		v, err := strconv.ParseUint(num(i), 10, bits)
		require.NoError(t, err)
		return v
	}
	switch {
	case d.Kind == 'f' && d.Size == 4:
		return fill(n, func(i int) float32 { return float32(float(i, 32)) })
	case d.Kind == 'f':
		return fill(n, func(i int) float64 { return float(i, 64) })
	case d.Kind == 'i' && d.Size == 1:
		return fill(n, func(i int) int8 { return int8(integer(i, 8)) })
	case d.Kind == 'i' && d.Size == 2:
		return fill(n, func(i int) int16 { return int16(integer(i, 16)) })
	case d.Kind == 'i' && d.Size == 4:
		return fill(n, func(i int) int32 { return int32(integer(i, 32)) })
	case d.Kind == 'i':
		return fill(n, func(i int) int64 { return integer(i, 64) })
	case d.Kind == 'u' && d.Size == 1:
		return fill(n, func(i int) uint8 { return uint8(unsigned(i, 8)) })
	case d.Kind == 'u' && d.Size == 2:
		return fill(n, func(i int) uint16 { return uint16(unsigned(i, 16)) })
	case d.Kind == 'u' && d.Size == 4:
		return fill(n, func(i int) uint32 { return uint32(unsigned(i, 32)) })
	case d.Kind == 'u':
		return fill(n, func(i int) uint64 { return unsigned(i, 64) })
	case d.Kind == 'b':
		return fill(n, func(i int) bool { return num(i) == "true" })
	case d.Kind == 'U':
		return fill(n, str)
	}
	require.FailNow(t, "no Go type for dtype "+g.Descr)
	return nil
}

func fill[T any](n int, f func(int) T) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// assertData compares element by element, bitwise for floats (so that −0,
// ±Inf and subnormals count).
func assertData(t *testing.T, want, got any, msg string) {
	t.Helper()
	switch w := want.(type) {
	case []float32:
		g, ok := got.([]float32)
		require.True(t, ok, "%s: got %T", msg, got)
		require.Len(t, g, len(w), msg)
		for i := range w {
			assert.Equal(t, math.Float32bits(w[i]), math.Float32bits(g[i]), "%s[%d]: %v vs %v", msg, i, w[i], g[i])
		}
	case []float64:
		g, ok := got.([]float64)
		require.True(t, ok, "%s: got %T", msg, got)
		require.Len(t, g, len(w), msg)
		for i := range w {
			assert.Equal(t, math.Float64bits(w[i]), math.Float64bits(g[i]), "%s[%d]: %v vs %v", msg, i, w[i], g[i])
		}
	default:
		assert.Equal(t, want, got, msg)
	}
}

// TestReadNumpyGolden reads every file numpy wrote (testdata/golden.py) and
// compares dtype, shape and values with testdata/golden.json.
func TestReadNumpyGolden(t *testing.T) {
	t.Parallel()
	for key, g := range loadGolden(t) {
		t.Run(key, func(t *testing.T) {
			var h *Header
			var a *Array
			if zname, member, ok := strings.Cut(key, "/"); ok {
				z, err := OpenNPZFile(filepath.Join("testdata/numpy", zname))
				require.NoError(t, err)
				defer z.Close()
				h, err = z.Header(member)
				require.NoError(t, err)
				a, err = z.Read(member)
				require.NoError(t, err)
			} else {
				f, err := os.Open(filepath.Join("testdata/numpy", key))
				require.NoError(t, err)
				defer f.Close()
				h, err = ReadHeader(f)
				require.NoError(t, err)
				a, err = ReadData(f, h)
				require.NoError(t, err)
			}
			assert.Equal(t, g.Descr, h.Descr)
			assert.Equal(t, g.Shape, a.Shape)
			assertData(t, g.want(t), a.Data, key)
		})
	}
}

// TestWriteMatchesNumpy writes the arrays numpy saved in C order,
// little-endian, and requires numpy's bytes exactly.
func TestWriteMatchesNumpy(t *testing.T) {
	t.Parallel()
	golden := loadGolden(t)
	for _, name := range []string{"f4_c", "f4_special", "i1", "i8_big", "u1", "u2", "u8", "b1", "text", "text_0d", "scalar", "empty", "vec"} {
		t.Run(name, func(t *testing.T) {
			g, ok := golden[name+".npy"]
			require.True(t, ok)
			var buf bytes.Buffer
			require.NoError(t, Write(&buf, &Array{Shape: g.Shape, Data: g.want(t)}))
			want, err := os.ReadFile(filepath.Join("testdata/numpy", name+".npy"))
			require.NoError(t, err)
			assert.Equal(t, want, buf.Bytes())
		})
	}
}

// goMembers are the arrays of testdata/go/*.npz, the members numpy's savez
// files hold, in a fixed order.
var goMembers = []string{"f4_c", "i8_big", "b1", "text_0d", "u1", "empty", "scalar"}

// TestWriteNPZGolden writes the savez members with NPZWriter, stored and
// deflated, and compares with testdata/go/*.npz, which
// testdata/check_go.py opened with numpy 1.24.2 (output in
// testdata/check_go.txt). Run with -update to rewrite them.
func TestWriteNPZGolden(t *testing.T) {
	t.Parallel()
	golden := loadGolden(t)
	for file, m := range map[string]Method{"go_stored.npz": Stored, "go_deflated.npz": Deflated} {
		t.Run(file, func(t *testing.T) {
			var buf bytes.Buffer
			zw := NewNPZWriter(&buf, m)
			for _, name := range goMembers {
				g := golden["savez.npz/"+name]
				require.NoError(t, zw.Write(name, &Array{Shape: g.Shape, Data: g.want(t)}))
			}
			require.NoError(t, zw.Close())
			path := filepath.Join("testdata/go", file)
			if *update {
				require.NoError(t, os.MkdirAll("testdata/go", 0o755))
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, want, buf.Bytes(), "writer output differs from the file numpy was checked on")

			// And it reads back.
			z, err := OpenNPZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			require.NoError(t, err)
			assert.Equal(t, goMembers, z.Names())
			for _, name := range goMembers {
				a, err := z.Read(name)
				require.NoError(t, err)
				assertData(t, golden["savez.npz/"+name].want(t), a.Data, name)
			}
		})
	}
}
