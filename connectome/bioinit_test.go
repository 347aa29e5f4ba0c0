package connectome

import (
	"math"
	"math/cmplx"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func mustMatrix(t testing.TB, path string) *mat.Dense {
	t.Helper()
	m, err := ReadMatrixNPY(path)
	require.NoError(t, err)
	return m
}

// TestBioFromDrawsGolden compares steps 2–5 of docs/method.md §2 against the numpy
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
			require.NoError(t, err)
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
				require.NoError(t, err)
				got, err := BioFromDraws(l, m, DefaultBioConfig(src))
				require.NoError(t, err)
				want := mustMatrix(t, "testdata/golden/bio_"+tag+"_out_"+name+".npy")
				testutil.AssertSlicesClose(t, got.RawMatrix().Data, want.RawMatrix().Data, 1e-12, 0, "%s %s", tag, name)
				rho, err := SpectralRadius(got)
				require.NoError(t, err)
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
	require.NoError(t, err)
	// Same draws by hand: BioInit consumes exactly N² NormFloat64 draws.
	rnd := testutil.Rand(3)
	l := DrawLogNormal(12, DefaultLogMu, DefaultLogSigma, rnd)
	m, _ := Modulation(f, SourceCorr)
	b, err := BioFromDraws(l, m, cfg)
	require.NoError(t, err)
	assert.True(t, mat.Equal(a, b), "BioInit differs from BioFromDraws on the same draws")
	// The generator is left exactly N² draws further on.
	r1, r2 := testutil.Rand(3), rnd
	for range 144 {
		r1.NormFloat64()
	}
	assert.Equal(t, r1.Uint64(), r2.Uint64(), "BioInit consumes exactly N² NormFloat64 draws")
	_, err = Modulation(f, SourcePrecision)
	require.ErrorIs(t, err, ErrMissing, "missing Precision")
	assert.Contains(t, err.Error(), "precision_matrix.npy")
	_, err = BioInit(f, BioConfig{Source: SourcePrecision}, testutil.Rand(1))
	assert.ErrorIs(t, err, ErrMissing, "precision initialisation without Precision")
}

// TestBioConfigDefaults: the zero value of every field means its default.
func TestBioConfigDefaults(t *testing.T) {
	t.Parallel()
	for _, src := range []Source{SourceCorr, SourcePrecision, SourceSTTC, SourceNone} {
		assert.Equal(t, DefaultBioConfig(src), BioConfig{Source: src}.WithDefaults(), "%s", src)
	}
	require.NoError(t, BioConfig{}.Validate())
	f := &Field{Name: "small", N: 12,
		Corr: mustMatrix(t, "testdata/golden/bio_small_in_corr.npy"),
		STTC: mustMatrix(t, "testdata/golden/bio_small_in_sttc.npy")}
	a, err := BioInit(f, BioConfig{}, testutil.Rand(3))
	require.NoError(t, err)
	b, err := BioInit(f, DefaultBioConfig(SourceCorr), testutil.Rand(3))
	require.NoError(t, err)
	assert.True(t, mat.Equal(a, b), "BioConfig{} is the published configuration")
	// A set field is kept.
	c := BioConfig{Sigma: 0.25, Radius: 0.5}.WithDefaults()
	assert.Equal(t, 0.25, c.Sigma)
	assert.Equal(t, 0.5, c.Radius)
	assert.Equal(t, DefaultTargetMean, c.TargetMean)

	cases := []struct {
		name string
		cfg  BioConfig
	}{
		{"negative Sigma", BioConfig{Sigma: -1}},
		{"negative TargetMean", BioConfig{TargetMean: -0.1}},
		{"negative Radius", BioConfig{Radius: -1}},
		{"NaN Mu", BioConfig{Mu: math.NaN()}},
		{"Inf Floor", BioConfig{Floor: math.Inf(1)}},
		{"unknown Source", BioConfig{Source: Source(9)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.ErrorIs(t, c.cfg.Validate(), ErrConfig)
		})
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
	require.NoError(t, err)
	want := []float64{0.95 / 4, 0.95 / 2, 0, 0.95}
	testutil.AssertSlicesClose(t, got.RawMatrix().Data, want, 1e-14, 0, "2×2")
	// Floor: a tiny non-zero entry is raised to 0.01 before the final scaling.
	l = mat.NewDense(2, 2, []float64{1, 1e-6, 0, 1})
	got, err = BioFromDraws(l, ones, DefaultBioConfig(SourceNone))
	require.NoError(t, err)
	// After mean scaling: diag 0.2/(1+1e-6)... ≈ 0.2, off 2e-7 → 0.01.
	s := 0.1 / ((2 + 1e-6) / 4)
	testutil.AssertClose(t, got.At(0, 1), 0.01*0.95/s, 1e-12, 0, "floored entry")
	// A negative Floor disables the floor: the entry keeps its share.
	noFloor, err := BioFromDraws(l, ones, BioConfig{Source: SourceNone, Floor: -1})
	require.NoError(t, err)
	testutil.AssertClose(t, noFloor.At(0, 1)/noFloor.At(0, 0), 1e-6, 1e-12, 0, "unfloored entry")
	_, err = BioFromDraws(mat.NewDense(2, 2, nil), ones, DefaultBioConfig(SourceNone))
	assert.ErrorIs(t, err, ErrValue, "all-zero B")
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
			require.NoError(t, err)
			var eig mat.Eigen
			require.True(t, eig.Factorize(m, mat.EigenNone), "eigen")
			want := 0.0
			for _, v := range eig.Values(nil) {
				want = math.Max(want, cmplx.Abs(v))
			}
			testutil.AssertClose(t, got, want, 1e-12, 0, "n=%d signed=%v", n, signed)
		}
	}
	// Reducible non-negative matrix (zero row): falls back to the eigensolver.
	red := mat.NewDense(3, 3, []float64{0, 0, 0, 1, 2, 0, 0, 1, 3})
	got, err := SpectralRadius(red)
	require.NoError(t, err)
	testutil.AssertClose(t, got, 3, 1e-12, 0, "reducible")
	_, err = SpectralRadius(mat.NewDense(1, 1, []float64{math.Inf(1)}))
	assert.ErrorIs(t, err, ErrValue, "Inf")
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
			assert.Equal(t, w.At(p[i], p[j]), got.At(i, j), "out[%d][%d]", i, j)
		}
	}
	assert.PanicsWithValue(t, DimensionError{Op: "Permute", Msg: "matrix is 2×3, want square"}, func() { Permute(mat.NewDense(2, 3, nil), rnd) })
}

func TestMinMaxAndSymmetrize(t *testing.T) {
	t.Parallel()
	m := mat.NewDense(2, 2, []float64{1, 0, -0.5, 1})
	s := SymmetrizeSTTC(m)
	testutil.AssertSlicesClose(t, s.RawMatrix().Data, []float64{1, -0.5, -0.5, 1}, 0, 0, "symmetrised")
	testutil.AssertSlicesClose(t, MinMaxScale(s).RawMatrix().Data, []float64{1, 0, 0, 1}, 0, 0, "scaled")
	testutil.AssertSlicesClose(t, MinMaxScale(mat.NewDense(1, 2, []float64{3, 3})).RawMatrix().Data, []float64{1, 1}, 0, 0, "constant")
	assert.Zero(t, m.At(0, 1), "input modified")
}
