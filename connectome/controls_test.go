package connectome

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func smallBio(t *testing.T) *mat.Dense {
	t.Helper()
	f := &Field{Name: "small", N: 12,
		Corr: mustMatrix(t, "testdata/golden/bio_small_in_corr.npy"),
		STTC: mustMatrix(t, "testdata/golden/bio_small_in_sttc.npy")}
	w, err := BioInit(f, DefaultBioConfig(SourceCorr), testutil.Rand(2))
	require.NoError(t, err)
	return w
}

func TestResample(t *testing.T) {
	t.Parallel()
	w := smallBio(t)
	w.Set(0, 3, 0) // a zero that must stay zero
	got, err := Resample(w, testutil.Rand(4))
	require.NoError(t, err)
	rhoW, _ := SpectralRadius(w)
	rhoG, _ := SpectralRadius(got)
	testutil.AssertClose(t, rhoG, rhoW, 1e-12, 0, "spectral radius kept")
	for i := range 12 {
		for j := range 12 {
			require.Equal(t, w.At(i, j) == 0, got.At(i, j) == 0, "support changed at [%d,%d]", i, j)
		}
	}
	_, err = Resample(mat.NewDense(2, 2, nil), testutil.Rand(1))
	assert.ErrorIs(t, err, ErrValue, "zero matrix")
	// Before rescaling, values come from w: undo the scale and check.
	raw := mat.NewDense(12, 12, nil)
	rnd := testutil.Rand(4)
	var nz []float64
	for _, v := range w.RawMatrix().Data {
		if v != 0 {
			nz = append(nz, v)
		}
	}
	for i := range 12 {
		for j := range 12 {
			if w.At(i, j) != 0 {
				raw.Set(i, j, nz[rnd.IntN(len(nz))])
			}
		}
	}
	rhoR, _ := SpectralRadius(raw)
	raw.Scale(rhoW/rhoR, raw)
	testutil.AssertSlicesClose(t, got.RawMatrix().Data, raw.RawMatrix().Data, 1e-14, 0, "draw order documented on Resample")
}

func TestScaleMatched(t *testing.T) {
	t.Parallel()
	bioOf := func(n int, fieldSeed, seed uint64) func(t *testing.T) *mat.Dense {
		return func(t *testing.T) *mat.Dense {
			f, err := Synthetic(DefaultSyntheticConfig(n, fieldSeed))
			require.NoError(t, err)
			w, err := BioInit(f, DefaultBioConfig(SourceCorr), testutil.Rand(seed))
			require.NoError(t, err)
			return w
		}
	}
	realBio := func(name string) func(t *testing.T) *mat.Dense {
		return func(t *testing.T) *mat.Dense {
			f, err := ReadFieldDir(testutil.MicronsField(t, name))
			require.NoError(t, err)
			w, err := BioInit(f, DefaultBioConfig(SourceCorr), testutil.Rand(3))
			require.NoError(t, err)
			return w
		}
	}
	// lowRatio is nearly nilpotent (ρ/‖·‖₁ ≈ 0.0015, below the plain
	// off-diagonal draws' ratio): a strictly upper triangular matrix closed
	// into a cycle by one small entry.
	lowRatio := func(*testing.T) *mat.Dense {
		m := mat.NewDense(10, 10, nil)
		for i := range 10 {
			for j := i + 1; j < 10; j++ {
				m.Set(i, j, 1)
			}
		}
		m.Set(9, 0, 1e-6)
		return m
	}
	// highRatio has one dominant diagonal entry (ρ/‖·‖₁ ≈ 0.9).
	highRatio := func(*testing.T) *mat.Dense {
		m := mat.NewDense(12, 12, nil)
		for i := range 12 {
			for j := range 12 {
				m.Set(i, j, 1e-3)
			}
		}
		m.Set(4, 4, 1.3)
		return m
	}
	targets := []struct {
		name string
		get  func(t *testing.T) *mat.Dense
	}{
		{"small", smallBio},
		{"5_3_8", realBio("5_3_8")},
		{"6_6_2", realBio("6_6_2")},
		// Biological matrices of small synthetic fields; on synthetic16
		// and synthetic100 ρ·N/‖·‖₁ lies above what the plain draws
		// a·E + b·D reach (the earlier construction failed there).
		{"synthetic8", bioOf(8, 1, 2)},
		{"synthetic16", bioOf(16, 1, 2)},
		{"synthetic16b", bioOf(16, 1, 4)},
		{"synthetic100", bioOf(100, 1, 12)},
		{"lowRatio", lowRatio},
		{"highRatio", highRatio},
	}
	for _, tc := range targets {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.get(t)
			n, _ := w.Dims()
			got, err := ScaleMatched(w, DefaultLogMu, DefaultLogSigma, testutil.Rand(5))
			require.NoError(t, err)
			rhoW, _ := SpectralRadius(w)
			rhoG, _ := SpectralRadius(got)
			testutil.AssertClose(t, rhoG, rhoW, 1e-12, 0, "spectral radius")
			testutil.AssertClose(t, L1Norm(got), L1Norm(w), 1e-12, 0, "L1 norm")
			for _, v := range got.RawMatrix().Data {
				require.GreaterOrEqual(t, v, 0.0, "negative entry")
			}
			// Deterministic, and it consumes exactly the n² draws of
			// DrawLogNormal.
			rnd := testutil.Rand(5)
			again, err := ScaleMatched(w, DefaultLogMu, DefaultLogSigma, rnd)
			require.NoError(t, err)
			assert.True(t, mat.Equal(again, got), "second call differs")
			ref := testutil.Rand(5)
			DrawLogNormal(n, DefaultLogMu, DefaultLogSigma, ref)
			assert.Equal(t, ref.Uint64(), rnd.Uint64(), "ScaleMatched consumes exactly DrawLogNormal's n² draws")
		})
	}
	// ρ = ‖·‖₁ (a single diagonal entry) is the one ratio no positive
	// matrix reaches.
	one := mat.NewDense(20, 20, nil)
	one.Set(3, 3, 1)
	_, err := ScaleMatched(one, DefaultLogMu, DefaultLogSigma, testutil.Rand(1))
	assert.ErrorIs(t, err, ErrValue, "unreachable target")
	neg := mat.NewDense(2, 2, []float64{1, -1, 1, 1})
	_, err = ScaleMatched(neg, DefaultLogMu, DefaultLogSigma, testutil.Rand(1))
	assert.ErrorIs(t, err, ErrValue, "negative target")
	got, err := ScaleMatched(mat.NewDense(1, 1, []float64{2.5}), DefaultLogMu, DefaultLogSigma, testutil.Rand(1))
	require.NoError(t, err)
	assert.Equal(t, 2.5, got.At(0, 0), "1×1 target")
}

// The scale-matched random control of a biological W* on a small field
// (ρ·N/‖W*‖₁ = 2.48, beyond what the plain draws reach, so the diagonal's
// log-normal spread is widened):
// the same spectral radius and L1 norm, log-normal structure otherwise.
func ExampleScaleMatched() {
	f, err := Synthetic(DefaultSyntheticConfig(16, 1))
	if err != nil {
		fmt.Println(err)
		return
	}
	w, err := BioInit(f, DefaultBioConfig(SourceCorr), rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := ScaleMatched(w, DefaultLogMu, DefaultLogSigma, rand.New(rand.NewPCG(5, 5)))
	if err != nil {
		fmt.Println(err)
		return
	}
	rhoW, _ := SpectralRadius(w)
	rhoR, _ := SpectralRadius(r)
	fmt.Printf("ρ: %.3f and %.3f; ‖·‖₁: %.3f and %.3f\n", rhoW, rhoR, L1Norm(w), L1Norm(r))
	// Output:
	// ρ: 0.950 and 0.950; ‖·‖₁: 6.134 and 6.134
}

// BenchmarkScaleMatched312 times the scale-matched control of the
// biological W* of the default synthetic field (N = 312, like 6_6_2),
// including the target's own spectral radius.
func BenchmarkScaleMatched312(b *testing.B) {
	f, err := Synthetic(DefaultSyntheticConfig(DefaultSyntheticN, 1))
	require.NoError(b, err)
	w, err := BioInit(f, DefaultBioConfig(SourceCorr), testutil.Rand(1))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ScaleMatched(w, DefaultLogMu, DefaultLogSigma, testutil.Rand(2)); err != nil {
			require.NoError(b, err)
		}
	}
}
