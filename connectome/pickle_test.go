package connectome

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeObjectNPYNumpy1(t *testing.T) {
	t.Parallel()
	// Written by numpy 1.24.2 (numpy.core.multiarray._reconstruct, protocol 3).
	pos, err := ReadObjectNPY("testdata/npy/positions_numpy1.npy")
	require.NoError(t, err)
	require.Len(t, pos, 3)
	for i, e := range pos {
		require.Equal(t, "<i8", e.DType, "element %d", i)
		require.Equal(t, []int{3}, e.Shape, "element %d", i)
		assert.Equal(t, []int64{int64(3*i + 1), int64(3*i + 2), int64(3*i + 3)}, e.Int, "element %d", i)
	}
	sp, err := ReadObjectNPYFS(os.DirFS("testdata/npy"), "spikes_numpy1.npy")
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, sp[0].Float, []float64{0.5, 1.5, 2.25}, 0, 0, "spikes[0]")
	assert.Empty(t, sp[1].Float)
	assert.Equal(t, []int{0}, sp[1].Shape)
}

func TestDecodeObjectNPYReal(t *testing.T) {
	t.Parallel()
	// 6_6_2 positions are a numpy-1 style pickle (GLOBAL numpy.core.multiarray),
	// 5_3_8's are numpy 2 (protocol 4, STACK_GLOBAL numpy._core.multiarray).
	// First soma of 6_6_2 in voxels: 167584, 104848, 26197 (microns/README.md).
	dir := testutil.MicronsField(t, "6_6_2")
	pos, err := ReadObjectNPY(filepath.Join(dir, "positions_6_6_2.npy"))
	require.NoError(t, err)
	require.Len(t, pos, 312)
	assert.Equal(t, []int64{167584, 104848, 26197}, pos[0].Int)
	dir = testutil.MicronsField(t, "5_3_8")
	sp, err := ReadObjectNPY(filepath.Join(dir, "spikes_5_3_8.npy"))
	require.NoError(t, err)
	require.Len(t, sp, 42)
	require.Equal(t, "<f8", sp[0].DType)
	// First spike times of 5_3_8 neuron 0 as numpy 1.24.2 prints them
	// (np.load(..., allow_pickle=True)[0][:3], 8 decimals).
	testutil.AssertSlicesClose(t, sp[0].Float[:3], []float64{5.07863956, 7.93537431, 8.25278928}, 1e-8, 0, "spikes_5_3_8[0][:3]")
}

// objectNPY wraps a pickle payload in a .npy header for a (1,) object array.
func objectNPY(pickle string) []byte {
	return npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", []byte(pickle))
}

func TestDecodeObjectNPYRejects(t *testing.T) {
	t.Parallel()
	real, err := os.ReadFile("testdata/npy/positions_numpy1.npy")
	require.NoError(t, err)
	cases := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"os.system via GLOBAL", objectNPY("\x80\x03cos\nsystem\nq\x00X\x04\x00\x00\x00echoq\x01\x85q\x02Rq\x03."), ErrPickle, "os.system"},
		{"builtins.eval via STACK_GLOBAL", objectNPY("\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c\x011\x85R."), ErrPickle, "builtins.eval"},
		{"numpy but not allowlisted", objectNPY("\x80\x03cnumpy\nload\n."), ErrPickle, "numpy.load"},
		{"INST opcode", objectNPY("\x80\x03(ios\nsystem\n."), ErrPickle, "0x69"},
		{"NEWOBJ opcode", objectNPY("\x80\x03\x81."), ErrPickle, "0x81"},
		{"protocol 1", objectNPY("\x80\x01N."), ErrPickle, "protocol 1"},
		{"not an array", objectNPY("\x80\x03N."), ErrPickle, "want an object ndarray"},
		{"stack underflow", objectNPY("\x80\x03R."), ErrFormat, "underflow"},
		{"no STOP", objectNPY("\x80\x03N"), ErrFormat, "STOP"},
		{"bad memo", objectNPY("\x80\x03h\x05."), ErrFormat, "memo"},
		{"huge bytes length", objectNPY("\x80\x03B\xff\xff\xff\x7f"), ErrFormat, "truncated"},
		{"truncated real file", real[:len(real)-40], ErrFormat, "truncated"},
		{"numeric header", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", make([]byte, 8)), ErrDType, "object array"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeObjectNPY(bytes.NewReader(c.data), "p.npy")
			require.ErrorIs(t, err, c.want)
			assert.Contains(t, err.Error(), c.msg)
			assert.Contains(t, err.Error(), "p.npy")
		})
	}
}

// objectPickle hand-assembles what np.save writes for an object array of k
// float64 arrays of 100 zeros each, except that all k arrays share one
// memoised bytes object (numpy writes each array's bytes separately).
func objectPickle(k int) []byte {
	const dtypeState = "X\x01\x00\x00\x00<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"
	var p strings.Builder
	p.WriteString("\x80\x03cnumpy.core.multiarray\n_reconstruct\nq\x00cnumpy\nndarray\nq\x01K\x00\x85C\x01b\x87R")
	p.WriteString("(K\x01K" + string(rune(k)) + "\x85cnumpy\ndtype\nq\x02X\x02\x00\x00\x00O8\x89\x88\x87R")
	p.WriteString("(K\x03X\x01\x00\x00\x00|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tb\x89](")
	elem := "h\x00h\x01K\x00\x85C\x01b\x87R(K\x01Kd\x85"
	p.WriteString(elem + "h\x02X\x02\x00\x00\x00f8\x89\x88\x87R(K\x03" + dtypeState + "q\x03\x89B\x20\x03\x00\x00" + strings.Repeat("\x00", 800) + "q\x04tb")
	for range k - 1 {
		p.WriteString(elem + "h\x03\x89h\x04tb")
	}
	p.WriteString("etb.")
	hdr := "{'descr': '|O', 'fortran_order': False, 'shape': (" + strconv.Itoa(k) + ",), }"
	return npyBytes(hdr, []byte(p.String()))
}

// Re-using one memoised bytes object for many arrays would amplify a small
// file into a large allocation; it is refused.
func TestDecodeObjectNPYAmplification(t *testing.T) {
	t.Parallel()
	elems, err := DecodeObjectNPY(bytes.NewReader(objectPickle(1)), "one.npy")
	require.NoError(t, err)
	require.Len(t, elems, 1)
	assert.Len(t, elems[0].Float, 100)
	_, err = DecodeObjectNPY(bytes.NewReader(objectPickle(50)), "amp.npy")
	require.ErrorIs(t, err, ErrPickle)
	assert.Contains(t, err.Error(), "re-use")
}
