package connectome

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixtures in testdata/npy were written by numpy 1.24.2 (testdata/golden.py).
// base = arange(12).reshape(3, 4) * 1.5 − 4.
func npyBase() []float64 {
	v := make([]float64, 12)
	for i := range v {
		v[i] = float64(i)*1.5 - 4
	}
	return v
}

func TestDecodeNPYFixtures(t *testing.T) {
	t.Parallel()
	base := npyBase()
	apply := func(f func(float64) float64) []float64 {
		out := make([]float64, len(base))
		for i, v := range base {
			out[i] = f(v)
		}
		return out
	}
	trunc := func(v float64) float64 { return math.Trunc(v * 2) }
	cases := []struct {
		file  string
		dtype string
		shape []int
		want  []float64
		isInt bool
	}{
		{"f8.npy", "<f8", []int{3, 4}, base, false},
		{"f4.npy", "<f4", []int{3, 4}, base, false},
		{"f8_big.npy", ">f8", []int{3, 4}, base, false},
		{"f8_fortran.npy", "<f8", []int{3, 4}, base, false},
		{"f8_v2.npy", "<f8", []int{3, 4}, base, false},
		{"f8_v3.npy", "<f8", []int{3, 4}, base, false},
		{"i8.npy", "<i8", []int{3, 4}, apply(trunc), true},
		{"i4.npy", "<i4", []int{3, 4}, apply(trunc), true},
		{"i4_fortran.npy", "<i4", []int{3, 4}, apply(trunc), true},
		{"i2_big.npy", ">i2", []int{3, 4}, apply(trunc), true},
		{"u1.npy", "|u1", []int{3, 4}, apply(func(v float64) float64 { return math.Trunc(math.Abs(v * 2)) }), true},
		{"b1.npy", "|b1", []int{3, 4}, apply(func(v float64) float64 {
			if v > 0 {
				return 1
			}
			return 0
		}), true},
		{"f8_vector.npy", "<f8", []int{3}, []float64{0.5, -1.25, 3}, false},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			a, err := ReadNPY(filepath.Join("testdata", "npy", c.file))
			require.NoError(t, err)
			assert.Equal(t, c.dtype, a.DType)
			assert.Equal(t, c.shape, a.Shape)
			testutil.AssertSlicesClose(t, a.Float, c.want, 0, 0, c.file)
			if !c.isInt {
				assert.Nil(t, a.Int)
				return
			}
			require.Len(t, a.Int, len(c.want))
			for i, v := range a.Int {
				assert.Equal(t, c.want[i], float64(v), "Int[%d]", i)
			}
		})
	}
}

func TestDecodeNPYFortran3D(t *testing.T) {
	t.Parallel()
	a, err := ReadNPY("testdata/npy/f8_3d_fortran.npy")
	require.NoError(t, err)
	want := make([]float64, 24)
	for i := range want {
		want[i] = float64(i) // arange(24).reshape(2,3,4) in C order
	}
	testutil.AssertSlicesClose(t, a.Float, want, 0, 0, "3-D Fortran array in C order")
}

func TestDecodeNPYInt64Exact(t *testing.T) {
	t.Parallel()
	a, err := ReadNPY("testdata/npy/i8_ids.npy")
	require.NoError(t, err)
	assert.Equal(t, []int64{864691136010495406, -5, 1<<62 + 1}, a.Int, "exact int64")
}

func TestReadNPYFS(t *testing.T) {
	t.Parallel()
	a, err := ReadNPYFS(os.DirFS("testdata/npy"), "f8.npy")
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, a.Float, npyBase(), 0, 0, "f8.npy")
	_, err = ReadNPYFS(os.DirFS("testdata/npy"), "none.npy")
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadMatrixNPY(t *testing.T) {
	t.Parallel()
	m, err := ReadMatrixNPY("testdata/npy/f8_fortran.npy")
	require.NoError(t, err)
	r, c := m.Dims()
	require.Equal(t, [2]int{3, 4}, [2]int{r, c})
	assert.Equal(t, 9*1.5-4, m.At(2, 1))
	_, err = ReadMatrixNPY("testdata/npy/f8_vector.npy")
	assert.ErrorIs(t, err, ErrShape, "1-D file")
	_, err = ReadMatrixNPY("testdata/npy/does_not_exist.npy")
	require.ErrorIs(t, err, os.ErrNotExist)
	assert.Contains(t, err.Error(), "does_not_exist.npy")
}

// npyBytes builds a version-1 .npy file by hand.
func npyBytes(header string, body []byte) []byte {
	h := header
	for (10+len(h)+1)%64 != 0 {
		h += " "
	}
	h += "\n"
	out := []byte("\x93NUMPY\x01\x00")
	out = append(out, byte(len(h)), byte(len(h)>>8))
	out = append(out, h...)
	return append(out, body...)
}

func TestDecodeNPYBadInput(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile("testdata/npy/f8.npy")
	require.NoError(t, err)
	cases := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrFormat, "magic"},
		{"bad magic", append([]byte("XNUMPY"), good[6:]...), ErrFormat, "magic"},
		{"bad version", append(append([]byte{}, good[:6]...), append([]byte{9, 0}, good[8:]...)...), ErrFormat, "version 9"},
		{"truncated header", good[:40], ErrFormat, "truncated"},
		{"truncated data", good[:len(good)-3], ErrFormat, "truncated"},
		{"trailing bytes", append(append([]byte{}, good...), 1, 2), ErrFormat, "trailing"},
		{"complex dtype", npyBytes("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", make([]byte, 16)), ErrDType, "<c16"},
		{"string dtype", npyBytes("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }", make([]byte, 12)), ErrDType, "<U3"},
		{"structured dtype", npyBytes("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", make([]byte, 8)), ErrDType, "structured"},
		{"object dtype", npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", nil), ErrDType, "DecodeObjectNPY"},
		{"missing key", npyBytes("{'descr': '<f8', 'shape': (1,), }", make([]byte, 8)), ErrFormat, "keys"},
		{"garbled header", npyBytes("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }", make([]byte, 8)), ErrFormat, "header"},
		{"negative dimension", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", make([]byte, 8)), ErrShape, "dimension"},
		{"huge shape", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000, 2000), }", make([]byte, 8)), ErrFormat, "truncated"},
		{"shape beyond memory", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000, 2000000000), }", make([]byte, 8)), ErrShape, "needs more than"},
		{"overflowing shape", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904,), }", nil), ErrShape, "4611686018427387904"},
		{"bad bool", npyBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }", []byte{7}), ErrValue, "not a valid value"},
		{"uint64 above int64", npyBytes("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }", bytes.Repeat([]byte{0xff}, 8)), ErrValue, "exceeds int64"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeNPY(bytes.NewReader(c.data), "x.npy")
			require.ErrorIs(t, err, c.want)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "x.npy", pe.File)
			assert.Contains(t, err.Error(), c.msg)
		})
	}
	nan := []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f}
	m := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", nan)
	a, err := DecodeNPY(bytes.NewReader(m), "nan.npy")
	require.NoError(t, err)
	_, err = a.matrix("nan.npy")
	require.ErrorIs(t, err, ErrValue)
	assert.Contains(t, err.Error(), "NaN")
}
