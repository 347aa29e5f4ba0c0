package graphstats

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzReadCSV: graphstats' CSV input is refused with an error or read into
// a non-empty matrix of finite values.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"0,1,2\n1,0,3\n2,3,0\n",
		",a,b\na,0,1\nb,1,0\n",
		"1,2\n3\n",
		"\"1\n2\",3\n",
		"nan,1\n1,0\n",
		"1e999,0\n0,0\n",
		",\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "w.csv")
		require.NoError(t, os.WriteFile(path, b, 0o644))
		w, err := readCSV(path)
		if err != nil {
			assert.Contains(t, err.Error(), path, "the error names the file")
			return
		}
		r, c := w.Dims()
		require.Positive(t, r)
		require.Positive(t, c)
		for i := range r {
			for j := range c {
				v := w.At(i, j)
				require.False(t, math.IsNaN(v) || math.IsInf(v, 0), "non-finite value %v accepted at %d,%d", v, i, j)
			}
		}
	})
}
