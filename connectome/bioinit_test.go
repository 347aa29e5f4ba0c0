package connectome

import (
	"errors"
	"math"
	"math/cmplx"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

func mustMatrix(t testing.TB, path string) *mat.Dense {
	t.Helper()
	m, err := ReadMatrixNPY(path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBioFromDrawsGolden compares steps 2–5 of PAPER.md §2 against the numpy
// implementation in testdata/golden.py (numpy 1.24.2, np.linalg.eigvals for
// ρ) on the same committed log-normal draws.
func TestBioFromDrawsGolden(t *testing.T) {
	t.Parallel()
	small := &Field{Name: "small", N: 12,
		Corr:      mustMatrix(t, "testdata/golden/bio_small_in_corr.npy"),
		STTC:      mustMatrix(t, "testdata/golden/bio_small_in_sttc.npy"),
		Precision: mustMatrix(t, "testdata/golden/bio_small_in_prec.npy")}
	fields := map[string]func(t *testing.T) *Field{
		"small": func(*testing.T) *Field { return small },
		"5_3_8": func(t *testing.T) *Field {
			f, err := ReadFieldDir(testutil.MicronsField(t, "5_3_8"))
			if err != nil {
				t.Fatal(err)
			}
			return f
		},
	}
	sources := map[string]Source{"corr": SourceCorr, "precision": SourcePrecision, "sttc": SourceSTTC, "none": SourceNone}
	for tag, get := range fields {
		t.Run(tag, func(t *testing.T) {
			f := get(t)
			l := mustMatrix(t, "testdata/golden/bio_"+tag+"_L.npy")
			for name, src := range sources {
				m, err := Modulation(f, src)
				if err != nil {
					t.Fatal(err)
				}
				got, err := BioFromDraws(l, m, DefaultBioConfig(src))
				if err != nil {
					t.Fatal(err)
				}
				want := mustMatrix(t, "testdata/golden/bio_"+tag+"_out_"+name+".npy")
				testutil.AssertSlicesClose(t, got.RawMatrix().Data, want.RawMatrix().Data, 1e-12, 0, "%s %s", tag, name)
				rho, err := SpectralRadius(got)
				if err != nil {
					t.Fatal(err)
				}
				testutil.AssertClose(t, rho, DefaultSpectralRadius, 1e-12, 0, "final spectral radius")
			}
		})
	}
}

func TestBioInitDeterministic(t *testing.T) {
	t.Parallel()
	f := &Field{Name: "small", N: 12,
		Corr: mustMatrix(t, "testdata/golden/bio_small_in_corr.npy"),
		STTC: mustMatrix(t, "testdata/golden/bio_small_in_sttc.npy")}
	cfg := DefaultBioConfig(SourceCorr)
	a, err := BioInit(f, cfg, testutil.Rand(3))
	if err != nil {
		t.Fatal(err)
	}
	// Same draws by hand: BioInit consumes exactly N² NormFloat64 draws.
	rnd := testutil.Rand(3)
	l := DrawLogNormal(12, DefaultLogMu, DefaultLogSigma, rnd)
	m, _ := Modulation(f, SourceCorr)
	b, err := BioFromDraws(l, m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(a, b) {
		t.Error("BioInit differs from BioFromDraws on the same draws")
	}
	// The generator is left exactly N² draws further on.
	r1, r2 := testutil.Rand(3), rnd
	for range 144 {
		r1.NormFloat64()
	}
	if r1.Uint64() != r2.Uint64() {
		t.Error("BioInit did not consume exactly N² NormFloat64 draws")
	}
	if _, err := Modulation(f, SourcePrecision); !errors.Is(err, ErrShape) {
		t.Errorf("missing Precision: err %v, want ErrShape", err)
	}
	c := DefaultBioConfig(SourceCorr)
	c.Radius = 0
	if _, err := BioInit(f, c, testutil.Rand(1)); !errors.Is(err, ErrConfig) {
		t.Errorf("Radius 0: err %v, want ErrConfig", err)
	}
	if err := (BioConfig{}).Validate(); !errors.Is(err, ErrConfig) {
		t.Error("zero BioConfig validated")
	}
}

func TestBioFromDrawsSteps(t *testing.T) {
	t.Parallel()
	// Hand-checkable 2×2 case: L = [[1, 2], [0, 4]], M = ones.
	// mean 7/4 → scale 0.1/1.75: [[0.0571, 0.1143], [0, 0.2286]]; no entry
	// below 0.01 except the exact zero, which stays; triangular, so
	// ρ = 0.2286 and the result is B·0.95/0.2286.
	l := mat.NewDense(2, 2, []float64{1, 2, 0, 4})
	ones := mat.NewDense(2, 2, []float64{1, 1, 1, 1})
	got, err := BioFromDraws(l, ones, DefaultBioConfig(SourceNone))
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.95 / 4, 0.95 / 2, 0, 0.95}
	testutil.AssertSlicesClose(t, got.RawMatrix().Data, want, 1e-14, 0, "2×2")
	// Floor: a tiny non-zero entry is raised to 0.01 before the final scaling.
	l = mat.NewDense(2, 2, []float64{1, 1e-6, 0, 1})
	got, err = BioFromDraws(l, ones, DefaultBioConfig(SourceNone))
	if err != nil {
		t.Fatal(err)
	}
	// After mean scaling: diag 0.2/(1+1e-6)... ≈ 0.2, off 2e-7 → 0.01.
	s := 0.1 / ((2 + 1e-6) / 4)
	testutil.AssertClose(t, got.At(0, 1), 0.01*0.95/s, 1e-12, 0, "floored entry")
	if _, err := BioFromDraws(mat.NewDense(2, 2, nil), ones, DefaultBioConfig(SourceNone)); !errors.Is(err, ErrValue) {
		t.Errorf("all-zero B: err %v, want ErrValue", err)
	}
}

func TestSpectralRadius(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(5)
	for _, n := range []int{1, 2, 7, 40} {
		for _, signed := range []bool{false, true} {
			m := mat.NewDense(n, n, nil)
			for i := range n {
				for j := range n {
					v := rnd.Float64()
					if signed {
						v = rnd.NormFloat64()
					}
					m.Set(i, j, v)
				}
			}
			got, err := SpectralRadius(m)
			if err != nil {
				t.Fatal(err)
			}
			var eig mat.Eigen
			if !eig.Factorize(m, mat.EigenNone) {
				t.Fatal("eigen failed")
			}
			want := 0.0
			for _, v := range eig.Values(nil) {
				want = math.Max(want, cmplx.Abs(v))
			}
			testutil.AssertClose(t, got, want, 1e-12, 0, "n=%d signed=%v", n, signed)
		}
	}
	// Reducible non-negative matrix (zero row): falls back to the eigensolver.
	red := mat.NewDense(3, 3, []float64{0, 0, 0, 1, 2, 0, 0, 1, 3})
	if got, err := SpectralRadius(red); err != nil || math.Abs(got-3) > 1e-12 {
		t.Errorf("reducible: ρ = %v, %v; want 3", got, err)
	}
	if _, err := SpectralRadius(mat.NewDense(1, 1, []float64{math.Inf(1)})); !errors.Is(err, ErrValue) {
		t.Errorf("Inf: err %v, want ErrValue", err)
	}
}

func TestPermute(t *testing.T) {
	t.Parallel()
	w := mat.NewDense(4, 4, nil)
	for i := range 4 {
		for j := range 4 {
			w.Set(i, j, float64(10*i+j))
		}
	}
	rnd := testutil.Rand(9)
	p := testutil.Rand(9).Perm(4)
	got := Permute(w, rnd)
	for i := range 4 {
		for j := range 4 {
			if got.At(i, j) != w.At(p[i], p[j]) {
				t.Fatalf("out[%d][%d] = %v, want w[%d][%d] = %v", i, j, got.At(i, j), p[i], p[j], w.At(p[i], p[j]))
			}
		}
	}
	defer func() {
		if _, ok := recover().(DimensionError); !ok {
			t.Error("non-square Permute did not panic with DimensionError")
		}
	}()
	Permute(mat.NewDense(2, 3, nil), rnd)
}

func TestMinMaxAndSymmetrize(t *testing.T) {
	t.Parallel()
	m := mat.NewDense(2, 2, []float64{1, 0, -0.5, 1})
	s := SymmetrizeSTTC(m)
	testutil.AssertSlicesClose(t, s.RawMatrix().Data, []float64{1, -0.5, -0.5, 1}, 0, 0, "symmetrised")
	testutil.AssertSlicesClose(t, MinMaxScale(s).RawMatrix().Data, []float64{1, 0, 0, 1}, 0, 0, "scaled")
	testutil.AssertSlicesClose(t, MinMaxScale(mat.NewDense(1, 2, []float64{3, 3})).RawMatrix().Data, []float64{1, 1}, 0, 0, "constant")
	if m.At(0, 1) != 0 {
		t.Error("input modified")
	}
}
