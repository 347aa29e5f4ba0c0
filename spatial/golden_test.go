package spatial

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// loadJSON decodes testdata/name into v. The golden files are written by
// testdata/gen_golden.py (numpy 1.24.2, scipy 1.10.1); see testdata/README.md.
func loadJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, v), "%s", name)
}

// square returns the n×n row-major data as a *mat.Dense (a copy).
func square(n int, data []float64) *mat.Dense {
	return mat.NewDense(n, n, append([]float64(nil), data...))
}
