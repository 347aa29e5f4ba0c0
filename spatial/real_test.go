package spatial

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// readSynapses returns the synapse counts of the published field folder dir,
// read by the connectome package (the library does not import it; tests may).
func readSynapses(t *testing.T, dir string) *mat.Dense {
	t.Helper()
	f, err := connectome.ReadFieldDir(dir)
	require.NoError(t, err)
	return f.Synapses
}

// TestEmpiricalCommunicabilitySixSixTwo checks C_emp of the canonical field
// against numpy/scipy summaries (testdata/real_golden.json, written by
// testdata/gen_golden.py with numpy 1.24.2 and scipy 1.10.1): with the
// published 1e-10 substitution the largest entry is 1e5·√2 ≈ 1.4e5
// (docs/method.md §4), with the corrected normalisation about 1.5.
func TestEmpiricalCommunicabilitySixSixTwo(t *testing.T) {
	dir := testutil.MicronsField(t, "6_6_2")
	var g struct {
		N          int        `json:"n"`
		EmpZero    empSummary `json:"emp_zero"`
		EmpReplace empSummary `json:"emp_replace"`
	}
	loadJSON(t, "real_golden.json", &g)
	counts := readSynapses(t, dir)
	r, _ := counts.Dims()
	require.Equal(t, g.N, r, "N = %d, want %d", r, g.N)
	for _, c := range []struct {
		key  string
		norm Normalisation
		want empSummary
	}{{"emp_zero", NormZero, g.EmpZero}, {"emp_replace", NormReplaceZero, g.EmpReplace}} {
		want := c.want
		got, err := EmpiricalCommunicability(counts, c.norm)
		require.NoError(t, err)
		testutil.AssertClose(t, mat.Max(got), want.Max, 1e-10, 0, "%s max", c.key)
		testutil.AssertClose(t, mat.Sum(got), want.Sum, 1e-10, 0, "%s sum", c.key)
		v := got.At(want.Argmax[0], want.Argmax[1])
		assert.Equal(t, mat.Max(got), v, "%s: C[%v] = %g is not the maximum %g", c.key, want.Argmax, v, mat.Max(got))
		// Exact zeros depend on the algorithm (scipy's expm fills some
		// structural zeros with ~1e-300 values); count significant entries.
		nz := 0
		for _, v := range got.RawMatrix().Data {
			if v > 1e-12*want.Max {
				nz++
			}
		}
		assert.Equal(t, want.Significant, nz, "%s: %d entries above 1e-12·max, want %d", c.key, nz, want.Significant)
	}
}

// empSummary is one normalisation's summary in real_golden.json.
type empSummary struct {
	Max    float64 `json:"max"`
	Argmax [2]int  `json:"argmax"`
	Sum    float64 `json:"sum"`
	// Significant counts the entries above 1e-12 times the maximum.
	Significant int `json:"significant"`
}
