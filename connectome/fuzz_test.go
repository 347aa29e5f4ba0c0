package connectome

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/require"
)

// Fuzz targets for every parser. Seeds are the committed fixtures plus,
// when ../shared/microns is present, the real files (read in place, never
// copied). Run each with e.g.
//
//	go test -run='^$' -fuzz=FuzzDecodeNPY -fuzztime=60s ./connectome/
//
// The property: a parser returns a value or an error, never panics, and an
// error is a *ParseError naming the file.

func addFiles(f *testing.F, paths ...string) {
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// sharedFiles returns existing real files of the smallest field (5_3_8).
func sharedFiles(names ...string) []string {
	root, err := testutil.ModuleRoot()
	if err != nil {
		return nil
	}
	dir := os.Getenv(testutil.SharedEnv)
	if dir == "" {
		dir = filepath.Join(root, "..", "shared", "microns")
	}
	var out []string
	for _, n := range names {
		out = append(out, filepath.Join(dir, "5_3_8", n))
	}
	return out
}

func checkParseError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	pe, ok := err.(*ParseError)
	require.True(t, ok, "error %v (%T) is not a *ParseError", err, err)
	require.Equal(t, "fuzz", pe.File, "error %v names the file", err)
}

func FuzzDecodeNPY(f *testing.F) {
	matches, _ := filepath.Glob("testdata/npy/*.npy")
	addFiles(f, matches...)
	addFiles(f, sharedFiles("root_ids_5_3_8.npy", "corr_matrix.npy")...)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := DecodeNPY(bytes.NewReader(data), "fuzz")
		checkParseError(t, err)
		if err == nil {
			require.Len(t, a.Float, elements(a.Shape, len(data)+1), "values for shape %v", a.Shape)
		}
	})
}

func FuzzDecodeObjectNPY(f *testing.F) {
	addFiles(f, "testdata/npy/positions_numpy1.npy", "testdata/npy/spikes_numpy1.npy")
	addFiles(f, sharedFiles("positions_5_3_8.npy")...)
	// A short prefix of the real spikes file keeps the seed small.
	for _, p := range sharedFiles("spikes_5_3_8.npy") {
		if b, err := os.ReadFile(p); err == nil && len(b) > 4096 {
			f.Add(b[:4096])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		elems, err := DecodeObjectNPY(bytes.NewReader(data), "fuzz")
		checkParseError(t, err)
		for _, e := range elems {
			require.NotNil(t, e)
			require.Len(t, e.Float, elements(e.Shape, len(data)+1), "values for shape %v", e.Shape)
		}
	})
}

func FuzzDecodeCountMatrixCSV(f *testing.F) {
	f.Add([]byte(",0,1,2\n0,0,1,0\n1,2,0,0\n2,0,0,0\n"))
	f.Add([]byte(",0,1\r\n0,0,3.0\r\n1,1e0,0\r\n"))
	addFiles(f, sharedFiles("connectome_5_3_8.csv")...)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := DecodeCountMatrixCSV(data, "fuzz")
		checkParseError(t, err)
		if err == nil {
			r, c := m.Dims()
			require.Equal(t, r, c, "square")
		}
	})
}

func FuzzCAVETables(f *testing.F) {
	for _, n := range []string{"synapses.csv", "somas.csv", "somas_split.csv", "coregistration.csv", "coregistration_target.csv"} {
		addFiles(f, filepath.Join("testdata", "cave", n))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		syn, err1 := ReadSynapseTable(bytes.NewReader(data), "fuzz")
		checkParseError(t, err1)
		somas, err2 := ReadSomaTable(bytes.NewReader(data), "fuzz")
		checkParseError(t, err2)
		coreg, err3 := ReadCoregistrationTable(bytes.NewReader(data), "fuzz")
		checkParseError(t, err3)
		if len(coreg) > 0 {
			c := coreg[0]
			if fl, err := FieldFromTables(Tables{Synapses: syn, Somas: somas, Coregistration: coreg}, c.Session, c.ScanIdx, c.Field); err == nil {
				require.NoError(t, fl.Check(), "FieldFromTables built an invalid field")
			}
		}
	})
}
