package connectome

import (
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadFieldDirReal(t *testing.T) {
	t.Parallel()
	for name, n := range testutil.Fields {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// Strict reading: every real field meets the specification,
			// so there is nothing to warn about.
			f, warnings, err := FieldReader{}.ReadDir(testutil.MicronsField(t, name))
			require.NoError(t, err)
			assert.Empty(t, warnings)
			assert.Empty(t, f.CheckFunctional())
			inf, ok := FieldNeurons(name)
			require.True(t, ok)
			require.Equal(t, n, f.N)
			require.Equal(t, inf, f.N, "INF.md")
			g, _ := GridShape(name)
			assert.Equal(t, g, f.Grid)
			assert.Equal(t, n, g[0]*g[1]*g[2], "grid of INF.md")
			require.NoError(t, f.Check())
			assert.Len(t, f.RootIDs, n)
			assert.Len(t, f.UnitIDs, n)
			assert.Len(t, f.TargetIDs, n)
			require.NotNil(t, f.Precision)
			hasSpikes := name != "6_6_2" && name != "9_3_2"
			assert.Equal(t, hasSpikes, f.Spikes != nil, "spikes present")
			// Diagonals as documented in microns/README.md.
			for i := range n {
				testutil.AssertClose(t, f.Corr.At(i, i), 1, 1e-12, 0, "Corr diagonal")
				testutil.AssertClose(t, f.STTC.At(i, i), 1, 1e-12, 0, "STTC diagonal")
				assert.Zero(t, f.Synapses.At(i, i), "self-synapse at %d", i)
			}
			// Positions are voxels × (4, 4, 40) nm: x and y multiples of 4, z of 40.
			for i := range n {
				require.Zero(t, int64(f.Positions.At(i, 0))%4, "position %d = %v in nm", i, f.Positions.RawRowView(i))
				require.Zero(t, int64(f.Positions.At(i, 2))%40, "position %d = %v in nm", i, f.Positions.RawRowView(i))
			}
		})
	}
}

func TestReadFieldDir662Values(t *testing.T) {
	t.Parallel()
	f, err := ReadFieldDir(testutil.MicronsField(t, "6_6_2"))
	require.NoError(t, err)
	// microns/README.md: first soma (167584, 104848, 26197) voxels; 316
	// non-zero synapse counts, 1–4; 166 neurons without outgoing synapses.
	testutil.AssertSlicesClose(t, f.Positions.RawRowView(0), []float64{167584 * 4, 104848 * 4, 26197 * 40}, 0, 0, "soma 0 in nm")
	nz, maxc, noOut := 0, 0.0, 0
	for i := range f.N {
		out := 0.0
		for j := range f.N {
			v := f.Synapses.At(i, j)
			if v != 0 {
				nz++
				maxc = max(maxc, v)
			}
			out += v
		}
		if out == 0 {
			noOut++
		}
	}
	assert.Equal(t, 316, nz, "non-zeros")
	assert.Equal(t, 4.0, maxc, "largest count")
	assert.Equal(t, 166, noOut, "neurons without outgoing synapses")
	assert.Equal(t, int64(864691135464074909), f.RootIDs[0])
}

// smallFieldFS builds a valid 3-neuron field folder "1_2_3" in memory from
// the fixtures, so each bad-input case changes one file.
func smallFieldFS(t *testing.T) fstest.MapFS {
	t.Helper()
	mat3 := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", f64bytes(1, 0.1, 0.2, 0.1, 1, 0.3, 0.2, 0.3, 1))
	pos, err := os.ReadFile("testdata/npy/positions_numpy1.npy")
	require.NoError(t, err)
	return fstest.MapFS{
		"1_2_3/connectome_1_2_3.csv": {Data: []byte(",0,1,2\n0,0,1,0\n1,2,0,0\n2,0,0,0\n")},
		"1_2_3/corr_matrix.npy":      {Data: mat3},
		"1_2_3/sttc_matrix.npy":      {Data: mat3},
		"1_2_3/precision_matrix.npy": {Data: mat3},
		"1_2_3/positions_1_2_3.npy":  {Data: pos},
	}
}

func f64bytes(v ...float64) []byte {
	out := make([]byte, 0, 8*len(v))
	for _, x := range v {
		b := make([]byte, 8)
		u := math.Float64bits(x)
		for k := range 8 {
			b[k] = byte(u >> (8 * k))
		}
		out = append(out, b...)
	}
	return out
}

func TestReadFieldFS(t *testing.T) {
	t.Parallel()
	f, err := ReadFieldFS(smallFieldFS(t), "1_2_3")
	require.NoError(t, err)
	require.Equal(t, 3, f.N)
	assert.Equal(t, 2.0, f.Synapses.At(1, 0))
	assert.Equal(t, 9.0*40, f.Positions.At(2, 2))
	assert.Nil(t, f.Spikes)
	assert.Nil(t, f.RootIDs)
	assert.NotNil(t, f.Precision)
	assert.NoError(t, f.Check())
}

// TestReadFieldPrecisionOptional: precision_matrix.npy is needed only by
// the precision initialisation.
func TestReadFieldPrecisionOptional(t *testing.T) {
	t.Parallel()
	fsys := smallFieldFS(t)
	delete(fsys, "1_2_3/precision_matrix.npy")
	f, err := ReadFieldFS(fsys, "1_2_3")
	require.NoError(t, err)
	assert.Nil(t, f.Precision)
	_, err = BioInit(f, BioConfig{}, testutil.Rand(1))
	require.NoError(t, err, "the correlation initialisation does not need Precision")
	_, err = BioInit(f, BioConfig{Source: SourcePrecision}, testutil.Rand(1))
	require.ErrorIs(t, err, ErrMissing)
	assert.Contains(t, err.Error(), "precision_matrix.npy")
}

// TestReadFieldOutOfSpec: functional matrices that violate their
// definition are errors naming the file and the worst entry, or, with
// AllowOutOfSpec, warnings returned to the caller. An all-zero matrix is an
// error either way.
func TestReadFieldOutOfSpec(t *testing.T) {
	t.Parallel()
	m3 := func(v ...float64) []byte {
		return npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", f64bytes(v...))
	}
	cases := []struct {
		name     string
		file     string
		data     []byte
		want     error
		msgs     []string
		lenient  bool // loads with AllowOutOfSpec
		warnings int
	}{
		{"corr in (-50, 50)", "corr_matrix.npy", m3(1, 49.5, 0.2, 49.5, 1, -30, 0.2, -30, 1), ErrOutOfSpec,
			[]string{"corr_matrix.npy", "4 entries outside [−1, 1]", "worst [0,1] = 49.5"}, true, 1},
		{"corr asymmetric, diagonal 0.5", "corr_matrix.npy", m3(0.5, 0.1, 0.2, 0.1, 1, 0.3, 0.2, 0.9, 1), ErrOutOfSpec,
			[]string{"corr_matrix.npy", "diagonal entry [0,0] = 0.5"}, true, 2},
		{"corr × 1e300", "corr_matrix.npy", m3(1e300, 1e299, 2e299, 1e299, 1e300, 3e299, 2e299, 3e299, 1e300), ErrOutOfSpec,
			[]string{"corr_matrix.npy", "worst [0,0] = 1e+300"}, true, 2},
		{"corr all zero", "corr_matrix.npy", m3(0, 0, 0, 0, 0, 0, 0, 0, 0), ErrValue, []string{"corr_matrix.npy", "all entries are zero"}, false, 0},
		{"sttc out of range", "sttc_matrix.npy", m3(1, 0, 0, 1.5, 1, 0, 0.2, 0.3, 1), ErrOutOfSpec, []string{"sttc_matrix.npy", "worst [1,0] = 1.5"}, true, 1},
		{"sttc all zero", "sttc_matrix.npy", m3(0, 0, 0, 0, 0, 0, 0, 0, 0), ErrValue, []string{"sttc_matrix.npy", "all entries are zero"}, false, 0},
		{"precision asymmetric", "precision_matrix.npy", m3(2, 0.5, 0, 0.4, 2, 0, 0, 0, 2), ErrOutOfSpec, []string{"precision_matrix.npy", "not symmetric", "[0,1] = 0.5 but [1,0] = 0.4"}, true, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := smallFieldFS(t)
			fsys["1_2_3/"+c.file] = &fstest.MapFile{Data: c.data}
			_, err := ReadFieldFS(fsys, "1_2_3")
			require.ErrorIs(t, err, c.want)
			for _, m := range c.msgs {
				assert.Contains(t, err.Error(), m)
			}
			f, warnings, err := FieldReader{AllowOutOfSpec: true}.ReadFS(fsys, "1_2_3")
			if !c.lenient {
				require.ErrorIs(t, err, c.want, "refused even with AllowOutOfSpec")
				return
			}
			require.NoError(t, err)
			require.NotNil(t, f)
			require.Len(t, warnings, c.warnings, "%v", warnings)
			for _, w := range warnings {
				assert.ErrorIs(t, w, ErrOutOfSpec)
				assert.Contains(t, w.Error(), c.file)
			}
		})
	}
}

// TestPositionNaNIndex: a NaN in neuron 7's position is reported at [7,1],
// not at the element's own [0,1].
func TestPositionNaNIndex(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/npy/positions_nan.npy")
	require.NoError(t, err)
	defer f.Close()
	_, err = decodePositions(f, "positions_nan.npy", 9, "ref")
	require.ErrorIs(t, err, ErrValue)
	assert.Contains(t, err.Error(), "positions_nan.npy")
	assert.Contains(t, err.Error(), "NaN at [7,1]")
}

func TestReadFieldFSBadInput(t *testing.T) {
	t.Parallel()
	mat2 := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", f64bytes(1, 0, 0, 1))
	nanMat := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", f64bytes(1, 0, 0, 0, 1, 0, 0, 0, math.NaN()))
	ids2 := npyBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", make([]byte, 16))
	idsF := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", make([]byte, 24))
	cases := []struct {
		name   string
		file   string
		data   []byte // nil removes the file
		want   error
		substr string
	}{
		{"missing connectome", "connectome_1_2_3.csv", nil, fs.ErrNotExist, "connectome_1_2_3.csv"},
		{"missing corr", "corr_matrix.npy", nil, fs.ErrNotExist, "corr_matrix.npy"},
		{"missing positions", "positions_1_2_3.npy", nil, fs.ErrNotExist, "positions_1_2_3.npy"},
		{"negative count", "connectome_1_2_3.csv", []byte(",0,1,2\n0,0,-1,0\n1,2,0,0\n2,0,0,0\n"), ErrValue, "line 2, column 3"},
		{"non-integer count", "connectome_1_2_3.csv", []byte(",0,1,2\n0,0,1.5,0\n1,2,0,0\n2,0,0,0\n"), ErrValue, "1.5"},
		{"NaN count", "connectome_1_2_3.csv", []byte(",0,1,2\n0,0,nan,0\n1,2,0,0\n2,0,0,0\n"), ErrValue, "nan"},
		{"non-numeric count", "connectome_1_2_3.csv", []byte(",0,1,2\n0,0,x,0\n1,2,0,0\n2,0,0,0\n"), ErrValue, "\"x\""},
		{"ragged row", "connectome_1_2_3.csv", []byte(",0,1,2\n0,0,1\n1,2,0,0\n2,0,0,0\n"), ErrShape, "ragged"},
		{"missing row", "connectome_1_2_3.csv", []byte(",0,1,2\n0,0,1,0\n1,2,0,0\n"), ErrShape, "square"},
		{"bad label", "connectome_1_2_3.csv", []byte(",0,1,5\n0,0,1,0\n1,2,0,0\n2,0,0,0\n"), ErrFormat, "label"},
		{"mismatched N corr", "corr_matrix.npy", mat2, ErrMismatch, "want (3, 3)"},
		{"NaN in sttc", "sttc_matrix.npy", nanMat, ErrValue, "NaN"},
		{"garbled precision", "precision_matrix.npy", []byte("\x93NUMPY\x01\x00garbage"), ErrFormat, "precision_matrix.npy"},
		{"missing sttc", "sttc_matrix.npy", nil, fs.ErrNotExist, "sttc_matrix.npy"},
		{"mismatched ids", "root_ids_1_2_3.npy", ids2, ErrMismatch, "root_ids_1_2_3.npy"},
		{"float ids", "unit_ids_1_2_3.npy", idsF, ErrDType, "integer"},
		{"integer spike times", "spikes_1_2_3.npy", mustRead(t, "testdata/npy/positions_numpy1.npy"), ErrDType, "float seconds"},
		{"wrong spike count", "spikes_1_2_3.npy", mustRead(t, "testdata/npy/spikes_numpy1.npy"), ErrMismatch, "2 spike trains"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := smallFieldFS(t)
			if c.data == nil {
				delete(fsys, "1_2_3/"+c.file)
			} else {
				fsys["1_2_3/"+c.file] = &fstest.MapFile{Data: c.data}
			}
			_, err := ReadFieldFS(fsys, "1_2_3")
			require.ErrorIs(t, err, c.want)
			assert.Contains(t, err.Error(), c.file)
			assert.Contains(t, err.Error(), c.substr)
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.FromSlash(path))
	require.NoError(t, err)
	return b
}

func TestReadFieldFSDot(t *testing.T) {
	t.Parallel()
	_, err := ReadFieldFS(smallFieldFS(t), ".")
	require.ErrorIs(t, err, ErrFormat)
	assert.Contains(t, err.Error(), "field name")
}

func TestReadFieldDirMissing(t *testing.T) {
	t.Parallel()
	_, err := ReadFieldDir(filepath.Join(t.TempDir(), "7_7_7"))
	require.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "connectome_7_7_7.csv")
}

func TestGridShape(t *testing.T) {
	t.Parallel()
	assert.Len(t, gridShapes, 56, "INF.md lists 56 fields")
	total := 0
	for name, g := range gridShapes {
		total += g.neurons
		assert.Equal(t, g.neurons, g.grid[0]*g.grid[1]*g.grid[2], "%s: grid %v", name, g.grid)
	}
	assert.Equal(t, 19178, total, `"Total Neuorns = 19,178" in INF.md`)
	g, ok := GridShape("6_6_2")
	require.True(t, ok)
	assert.Equal(t, [3]int{12, 13, 2}, g)
	_, ok = GridShape("1_1_1")
	assert.False(t, ok)
}
