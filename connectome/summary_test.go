package connectome

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// TestSummarizeGolden compares Summarize with numpy (testdata/summary_golden.py,
// numpy 1.24.2: np.linalg.eigvals, np.std, np.corrcoef) on a signed matrix with
// zeros, a symmetric one and a biological W* of 12 units.
func TestSummarizeGolden(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/golden/summary.json")
	require.NoError(t, err)
	var golden map[string]map[string]float64
	require.NoError(t, json.Unmarshal(b, &golden))
	inputs := map[string]string{
		"signed":             "testdata/golden/summary_in_signed.npy",
		"symmetric":          "testdata/golden/summary_in_symmetric.npy",
		"bio_small_out_corr": "testdata/golden/bio_small_out_corr.npy",
	}
	require.Len(t, golden, len(inputs))
	for name, path := range inputs {
		t.Run(name, func(t *testing.T) {
			s, err := Summarize(mustMatrix(t, path))
			require.NoError(t, err)
			want := golden[name]
			got := map[string]float64{
				"N": float64(s.N), "SpectralRadius": s.SpectralRadius, "OffDiagonalRadius": s.OffDiagonalRadius,
				"L1": s.L1, "Frobenius": s.Frobenius, "DiagonalShare": s.DiagonalShare, "Density": s.Density,
				"PositiveShare": s.PositiveShare, "EntryCV": s.EntryCV, "OutStrengthCV": s.OutStrengthCV,
				"InStrengthCV": s.InStrengthCV, "Reciprocity": s.Reciprocity, "NonNormality": s.NonNormality,
			}
			require.Len(t, want, len(got), "every statistic has a golden value")
			for k, w := range want {
				abs := 0.0
				if k == "NonNormality" {
					// A square root of ‖W‖_F² − Σ|λ|², a difference of
					// nearly equal sums for a (nearly) normal matrix:
					// rounding of 1e-16·‖W‖_F² becomes 1e-8 after it.
					abs = 1e-7
				}
				testutil.AssertClose(t, got[k], w, 1e-11, abs, "%s of %s", k, name)
			}
		})
	}
}

// TestSummarizeBySight checks statistics that follow from a matrix's
// construction: a diagonal matrix, a permuted one, and a matrix of one unit.
func TestSummarizeBySight(t *testing.T) {
	t.Parallel()
	d, err := Summarize(mat.NewDiagDense(3, []float64{0.5, -2, 1}))
	require.NoError(t, err)
	assert.Equal(t, 2.0, d.SpectralRadius)
	assert.Equal(t, 0.0, d.OffDiagonalRadius)
	assert.Equal(t, 1.0, d.DiagonalShare)
	assert.Equal(t, 0.0, d.Density)
	assert.InDelta(t, 2.0/3, d.PositiveShare, 1e-15)
	assert.True(t, math.IsNaN(d.EntryCV), "no non-zero off-diagonal entry")
	assert.True(t, math.IsNaN(d.OutStrengthCV), "every out-strength is 0")
	assert.True(t, math.IsNaN(d.Reciprocity), "constant pairs")
	assert.Equal(t, 0.0, d.NonNormality, "a diagonal matrix is normal")

	// A nilpotent Jordan block: all eigenvalues 0, as far from normal as
	// can be.
	j, err := Summarize(mat.NewDense(2, 2, []float64{0, 1, 0, 0}))
	require.NoError(t, err)
	assert.Equal(t, 0.0, j.SpectralRadius)
	assert.Equal(t, 1.0, j.NonNormality)
	assert.Equal(t, 0.5, j.Density)

	one, err := Summarize(mat.NewDense(1, 1, []float64{3}))
	require.NoError(t, err)
	assert.Equal(t, 3.0, one.SpectralRadius)
	for _, v := range []float64{one.Density, one.EntryCV, one.OutStrengthCV, one.InStrengthCV, one.Reciprocity} {
		assert.True(t, math.IsNaN(v), "undefined for one unit: %v", v)
	}
}

// TestSummarizeControls checks what the controls of the biological
// initialisation keep: Permute relabels the units, which changes none of
// the statistics.
func TestSummarizeControls(t *testing.T) {
	t.Parallel()
	w := mustMatrix(t, "testdata/golden/bio_small_out_corr.npy")
	s, err := Summarize(w)
	require.NoError(t, err)
	p, err := Summarize(Permute(w, testutil.Rand(5)))
	require.NoError(t, err)
	for _, pair := range [][2]float64{{s.SpectralRadius, p.SpectralRadius}, {s.OffDiagonalRadius, p.OffDiagonalRadius},
		{s.L1, p.L1}, {s.DiagonalShare, p.DiagonalShare}, {s.EntryCV, p.EntryCV}, {s.OutStrengthCV, p.OutStrengthCV},
		{s.InStrengthCV, p.InStrengthCV}, {s.Density, p.Density}, {s.PositiveShare, p.PositiveShare},
		{s.Reciprocity, p.Reciprocity}, {s.NonNormality, p.NonNormality}} {
		testutil.AssertClose(t, pair[1], pair[0], 1e-10, 1e-12)
	}
}

func TestSummarizeRefuses(t *testing.T) {
	t.Parallel()
	_, err := Summarize(mat.NewDense(2, 2, []float64{1, math.NaN(), 0, 1}))
	require.ErrorIs(t, err, ErrValue)
	assert.Contains(t, err.Error(), "(0, 1)")
	_, err = Summarize(mat.NewDense(2, 2, []float64{1, math.Inf(-1), 0, 1}))
	require.ErrorIs(t, err, ErrValue)
	assert.Panics(t, func() { _, _ = Summarize(mat.NewDense(2, 3, nil)) })
}

// TestSplitControls checks the two halves of a matrix split at its
// diagonal: each keeps the spectral radius and exactly its own entries (up
// to one scale factor), as Summarize sees them.
func TestSplitControls(t *testing.T) {
	t.Parallel()
	w := mustMatrix(t, "testdata/golden/bio_small_out_corr.npy") // ρ = 0.95
	self, err := SelfConnections(w)
	require.NoError(t, err)
	coup, err := Coupling(w)
	require.NoError(t, err)
	ss, err := Summarize(self)
	require.NoError(t, err)
	cs, err := Summarize(coup)
	require.NoError(t, err)
	testutil.AssertClose(t, ss.SpectralRadius, 0.95, 1e-12, 0)
	testutil.AssertClose(t, cs.SpectralRadius, 0.95, 1e-12, 0)
	assert.Equal(t, 1.0, ss.DiagonalShare)
	assert.Equal(t, 0.0, ss.OffDiagonalRadius)
	assert.Equal(t, 0.0, cs.DiagonalShare)
	testutil.AssertClose(t, cs.OffDiagonalRadius, 0.95, 1e-12, 0)
	n, _ := w.Dims()
	ks := self.At(0, 0) / w.At(0, 0)
	kc := coup.At(0, 1) / w.At(0, 1)
	for i := range n {
		for j := range n {
			if i == j {
				testutil.AssertClose(t, self.At(i, j), ks*w.At(i, j), 1e-14, 0)
				assert.Zero(t, coup.At(i, j))
			} else {
				assert.Zero(t, self.At(i, j))
				testutil.AssertClose(t, coup.At(i, j), kc*w.At(i, j), 1e-14, 0)
			}
		}
	}
	// By sight: diag(1, 2) has radius 2 and no coupling; [[0, 1], [4, 0]]
	// has radius 2 and no diagonal.
	_, err = Coupling(mat.NewDiagDense(2, []float64{1, 2}))
	require.ErrorIs(t, err, ErrValue)
	_, err = SelfConnections(mat.NewDense(2, 2, []float64{0, 1, 4, 0}))
	require.ErrorIs(t, err, ErrValue)
	_, err = SelfConnections(mat.NewDense(2, 2, []float64{1, math.NaN(), 0, 1}))
	require.ErrorIs(t, err, ErrValue)
	assert.Panics(t, func() { _, _ = Coupling(mat.NewDense(2, 3, nil)) })
}
