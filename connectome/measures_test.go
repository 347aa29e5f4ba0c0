package connectome

import (
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// Parameters of testdata/golden.py's functional measures.
const (
	goldenT0, goldenT1 = 0.0, 6348.0
	goldenBin          = 1.0
	goldenDT           = 0.08
	goldenShrink       = 0.1
)

// TestMeasuresGolden compares BinnedCorrelation, STTC and BinnedPrecision on
// the real spikes of 4_7_2, 5_3_8 and 6_6_8 with testdata/golden.py (numpy
// 1.24.2: np.histogram, np.corrcoef, np.cov, np.linalg.inv, and an
// interval-merging STTC written independently of sttc.go).
func TestMeasuresGolden(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"4_7_2", "5_3_8", "6_6_8"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := ReadFieldDir(testutil.MicronsField(t, name))
			require.NoError(t, err)
			golden := func(m string) []float64 {
				return mustMatrix(t, "testdata/golden/measures_"+name+"_"+m+".npy").RawMatrix().Data
			}
			corr, err := BinnedCorrelation(f.Spikes, goldenT0, goldenT1, goldenBin)
			require.NoError(t, err)
			testutil.AssertSlicesClose(t, corr.RawMatrix().Data, golden("corr"), 1e-10, 1e-12, "corr")
			sttc, err := STTC(f.Spikes, goldenDT, goldenT0, goldenT1)
			require.NoError(t, err)
			testutil.AssertSlicesClose(t, sttc.RawMatrix().Data, golden("sttc"), 1e-10, 1e-12, "sttc")
			for _, c := range []struct {
				file   string
				shrink float64
			}{{"prec0", 0}, {"prec1", goldenShrink}} {
				p, err := BinnedPrecision(f.Spikes, goldenT0, goldenT1, goldenBin, c.shrink)
				require.NoError(t, err)
				testutil.AssertSlicesClose(t, p.RawMatrix().Data, golden(c.file), 1e-9, 1e-12, c.file)
			}
		})
	}
}

func TestSTTCHandCases(t *testing.T) {
	t.Parallel()
	// A = {1}, B = {1.05}, dt = 0.1 on [0, 10]: T_A = T_B = 0.02, P_A = P_B = 1
	// → each term (1 − 0.02)/(1 − 0.02) = 1, STTC = 1.
	m, err := STTC([][]float64{{1}, {1.05}}, 0.1, 0, 10)
	require.NoError(t, err)
	testutil.AssertClose(t, m.At(0, 1), 1, 1e-14, 0, "coincident")
	// B far away: P = 0 → each term −T/1 = −0.02.
	m, _ = STTC([][]float64{{1}, {5}}, 0.1, 0, 10)
	testutil.AssertClose(t, m.At(0, 1), -0.02, 1e-14, 0, "disjoint")
	// Tiles clipped at the ends and merged: A = {0, 0.15}, dt = 0.1 covers
	// [0, 0.25] → T_A = 0.025; B = {9.95} covers [9.85, 10] → T_B = 0.015.
	testutil.AssertClose(t, tiledFraction([]float64{0, 0.15}, 0.1, 0, 10), 0.025, 1e-14, 0, "T_A")
	testutil.AssertClose(t, tiledFraction([]float64{9.95}, 0.1, 0, 10), 0.015, 1e-14, 0, "T_B")
	// Empty train: 0 off the diagonal.
	m, _ = STTC([][]float64{{1}, {}}, 0.1, 0, 10)
	assert.Zero(t, m.At(0, 1), "empty train off the diagonal")
	assert.Equal(t, 1.0, m.At(1, 1), "empty train's diagonal")
	for _, bad := range []struct {
		spikes [][]float64
		dt     float64
		want   error
	}{
		{[][]float64{{2, 1}}, 0.1, ErrValue},
		{[][]float64{{math.NaN()}}, 0.1, ErrValue},
		{[][]float64{{11}}, 0.1, ErrValue},
		{[][]float64{{1}}, 0, ErrConfig},
		{nil, 0.1, ErrShape},
	} {
		_, err := STTC(bad.spikes, bad.dt, 0, 10)
		assert.ErrorIs(t, err, bad.want, "STTC(%v, dt=%v)", bad.spikes, bad.dt)
	}
}

func TestBinnedMeasuresErrors(t *testing.T) {
	t.Parallel()
	// Neuron 1 never fires: its correlation is undefined.
	_, err := BinnedCorrelation([][]float64{{0.5, 2.5}, {}}, 0, 4, 1)
	assert.ErrorIs(t, err, ErrValue, "silent neuron")
	x, err := BinCounts([][]float64{{0.5, 0.7, 2.5, 9}, {1.5}}, 0, 4, 1)
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, x.RawMatrix().Data, []float64{2, 0, 0, 1, 1, 0, 0, 0}, 0, 0, "counts")
	// Two identical neurons: singular covariance without shrinkage.
	same := [][]float64{{0.5, 2.5, 2.7}, {0.5, 2.5, 2.7}}
	_, err = BinnedPrecision(same, 0, 4, 1, 0)
	assert.ErrorIs(t, err, ErrSingular, "singular")
	_, err = BinnedPrecision(same, 0, 4, 1, 0.5)
	assert.NoError(t, err, "with shrinkage")
	_, err = BinCounts(same, 0, 4, -1)
	assert.ErrorIs(t, err, ErrConfig, "negative width")
}

// TestPrecisionShrinkageByHand checks S_λ = (1−λ)S + λ tr(S)/N I on a 2×2 case.
func TestPrecisionShrinkageByHand(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(3, 2, []float64{1, 2, 2, 2, 3, 5})
	// S = [[1, 1.5], [1.5, 3]] (ddof 1); λ = 0.5: tr/N = 2 →
	// S_λ = [[1.5, 0.75], [0.75, 2.5]], det = 3.1875.
	p, err := Precision(x, 0.5)
	require.NoError(t, err)
	want := []float64{2.5 / 3.1875, -0.75 / 3.1875, -0.75 / 3.1875, 1.5 / 3.1875}
	testutil.AssertSlicesClose(t, p.RawMatrix().Data, want, 1e-14, 0, "precision")
}

// TestSparseCountCovariance compares the sparse exact-sum covariance with the
// centred BLAS one on dense random counts and on real binned spikes.
func TestSparseCountCovariance(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, x *mat.Dense) {
		want, err := covariance(x, "test")
		require.NoError(t, err)
		testutil.AssertSlicesClose(t, sparseCountCovariance(x).RawMatrix().Data, want.RawMatrix().Data, 1e-10, 1e-14, "covariance")
	}
	t.Run("dense random counts", func(t *testing.T) {
		rnd := testutil.Rand(8)
		x := mat.NewDense(300, 7, nil)
		for i := range 300 {
			for j := range 7 {
				x.Set(i, j, float64(rnd.IntN(5)))
			}
		}
		check(t, x)
	})
	t.Run("6_6_8", func(t *testing.T) {
		f, err := ReadFieldDir(testutil.MicronsField(t, "6_6_8"))
		require.NoError(t, err)
		for _, w := range []float64{0.5, 2} {
			x, err := BinCounts(f.Spikes, goldenT0, goldenT1, w)
			require.NoError(t, err)
			check(t, x)
		}
	})
}
