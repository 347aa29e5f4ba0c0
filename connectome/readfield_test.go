package connectome

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestReadFieldDirReal(t *testing.T) {
	t.Parallel()
	for name, n := range testutil.Fields {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := ReadFieldDir(testutil.MicronsField(t, name))
			if err != nil {
				t.Fatal(err)
			}
			inf, ok := FieldNeurons(name)
			if !ok || f.N != n || f.N != inf {
				t.Fatalf("N = %d, want %d (INF.md %d)", f.N, n, inf)
			}
			g, _ := GridShape(name)
			if f.Grid != g || g[0]*g[1]*g[2] != n {
				t.Errorf("grid %v, INF.md %v", f.Grid, g)
			}
			if err := f.Check(); err != nil {
				t.Fatal(err)
			}
			if len(f.RootIDs) != n || len(f.UnitIDs) != n || len(f.TargetIDs) != n {
				t.Errorf("ids missing")
			}
			hasSpikes := name != "6_6_2" && name != "9_3_2"
			if (f.Spikes != nil) != hasSpikes {
				t.Errorf("spikes present = %v, want %v", f.Spikes != nil, hasSpikes)
			}
			// Diagonals as documented in microns/README.md.
			for i := range n {
				testutil.AssertClose(t, f.Corr.At(i, i), 1, 1e-12, 0, "Corr diagonal")
				testutil.AssertClose(t, f.STTC.At(i, i), 1, 1e-12, 0, "STTC diagonal")
				if f.Synapses.At(i, i) != 0 {
					t.Errorf("self-synapse at %d", i)
				}
			}
			// Positions are voxels × (4, 4, 40) nm: x and y multiples of 4, z of 40.
			for i := range n {
				if int64(f.Positions.At(i, 0))%4 != 0 || int64(f.Positions.At(i, 2))%40 != 0 {
					t.Fatalf("position %d = %v not in nm from voxels", i, f.Positions.RawRowView(i))
				}
			}
		})
	}
}

func TestReadFieldDir662Values(t *testing.T) {
	t.Parallel()
	f, err := ReadFieldDir(testutil.MicronsField(t, "6_6_2"))
	if err != nil {
		t.Fatal(err)
	}
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
	if nz != 316 || maxc != 4 || noOut != 166 {
		t.Errorf("non-zeros %d, max %v, no-outgoing %d; want 316, 4, 166", nz, maxc, noOut)
	}
	if f.RootIDs[0] != 864691135464074909 {
		t.Errorf("root id 0 = %d", f.RootIDs[0])
	}
}

// smallFieldFS builds a valid 3-neuron field folder "1_2_3" in memory from
// the fixtures, so each bad-input case changes one file.
func smallFieldFS(t *testing.T) fstest.MapFS {
	t.Helper()
	mat3 := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", f64bytes(1, 0.1, 0.2, 0.1, 1, 0.3, 0.2, 0.3, 1))
	pos, err := os.ReadFile("testdata/npy/positions_numpy1.npy")
	if err != nil {
		t.Fatal(err)
	}
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
	if err != nil {
		t.Fatal(err)
	}
	if f.N != 3 || f.Synapses.At(1, 0) != 2 || f.Positions.At(2, 2) != 9*40 || f.Spikes != nil || f.RootIDs != nil {
		t.Errorf("field %+v", f)
	}
	if err := f.Check(); err != nil {
		t.Error(err)
	}
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
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.file) || !strings.Contains(err.Error(), c.substr) {
				t.Errorf("err %q does not name %s and %q", err, c.file, c.substr)
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadFieldFSDot(t *testing.T) {
	t.Parallel()
	if _, err := ReadFieldFS(smallFieldFS(t), "."); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "field name") {
		t.Errorf("err = %v, want ErrFormat about the field name", err)
	}
}

func TestReadFieldDirMissing(t *testing.T) {
	t.Parallel()
	_, err := ReadFieldDir(filepath.Join(t.TempDir(), "7_7_7"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "connectome_7_7_7.csv") {
		t.Errorf("err = %v, want not-exist naming connectome_7_7_7.csv", err)
	}
}

func TestGridShape(t *testing.T) {
	t.Parallel()
	if len(gridShapes) != 56 {
		t.Errorf("%d fields, INF.md lists 56", len(gridShapes))
	}
	total := 0
	for name, g := range gridShapes {
		total += g.neurons
		if g.grid[0]*g.grid[1]*g.grid[2] != g.neurons {
			t.Errorf("%s: grid %v does not multiply to %d", name, g.grid, g.neurons)
		}
	}
	if total != 19178 { // "Total Neuorns = 19,178" in INF.md
		t.Errorf("total neurons %d, INF.md says 19178", total)
	}
	if g, ok := GridShape("6_6_2"); !ok || g != [3]int{12, 13, 2} {
		t.Errorf("GridShape(6_6_2) = %v, %v", g, ok)
	}
	if _, ok := GridShape("1_1_1"); ok {
		t.Error("GridShape(1_1_1) found")
	}
}
