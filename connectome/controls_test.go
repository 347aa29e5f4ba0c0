package connectome

import (
	"errors"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

func smallBio(t *testing.T) *mat.Dense {
	t.Helper()
	f := &Field{Name: "small", N: 12,
		Corr: mustMatrix(t, "testdata/golden/bio_small_in_corr.npy"),
		STTC: mustMatrix(t, "testdata/golden/bio_small_in_sttc.npy")}
	w, err := BioInit(f, DefaultBioConfig(SourceCorr), testutil.Rand(2))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestResample(t *testing.T) {
	t.Parallel()
	w := smallBio(t)
	w.Set(0, 3, 0) // a zero that must stay zero
	got, err := Resample(w, testutil.Rand(4))
	if err != nil {
		t.Fatal(err)
	}
	vals := map[float64]bool{}
	for _, v := range w.RawMatrix().Data {
		vals[v] = true
	}
	rhoW, _ := SpectralRadius(w)
	rhoG, _ := SpectralRadius(got)
	testutil.AssertClose(t, rhoG, rhoW, 1e-12, 0, "spectral radius kept")
	for i := range 12 {
		for j := range 12 {
			if (w.At(i, j) == 0) != (got.At(i, j) == 0) {
				t.Fatalf("support changed at [%d,%d]", i, j)
			}
		}
	}
	if _, err := Resample(mat.NewDense(2, 2, nil), testutil.Rand(1)); !errors.Is(err, ErrValue) {
		t.Errorf("zero matrix: err %v, want ErrValue", err)
	}
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
	targets := map[string]func(t *testing.T) *mat.Dense{
		"small": smallBio,
		"5_3_8": func(t *testing.T) *mat.Dense {
			f, err := ReadFieldDir(testutil.MicronsField(t, "5_3_8"))
			if err != nil {
				t.Fatal(err)
			}
			w, err := BioInit(f, DefaultBioConfig(SourceCorr), testutil.Rand(3))
			if err != nil {
				t.Fatal(err)
			}
			return w
		},
	}
	for name, get := range targets {
		t.Run(name, func(t *testing.T) {
			w := get(t)
			got, err := ScaleMatched(w, DefaultLogMu, DefaultLogSigma, testutil.Rand(5))
			if err != nil {
				t.Fatal(err)
			}
			rhoW, _ := SpectralRadius(w)
			rhoG, _ := SpectralRadius(got)
			testutil.AssertClose(t, rhoG, rhoW, 1e-12, 0, "spectral radius")
			testutil.AssertClose(t, L1Norm(got), L1Norm(w), 1e-10, 0, "L1 norm")
			for _, v := range got.RawMatrix().Data {
				if v < 0 {
					t.Fatal("negative entry")
				}
			}
		})
	}
	// A matrix whose ρ·N/‖·‖₁ no such random matrix reaches: ρ = ‖·‖₁
	// (one entry) is far above what a·E + b·D spans.
	one := mat.NewDense(20, 20, nil)
	one.Set(3, 3, 1)
	if _, err := ScaleMatched(one, DefaultLogMu, DefaultLogSigma, testutil.Rand(1)); !errors.Is(err, ErrValue) {
		t.Errorf("unreachable target: err %v, want ErrValue", err)
	}
}
