package spatial

import (
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

type expmCase struct {
	Name        string    `json:"name"`
	N           int       `json:"n"`
	A           []float64 `json:"a"`
	E           []float64 `json:"e"`
	Expm        []float64 `json:"expm"`         // scipy.linalg.expm(a)
	FrechetExpm []float64 `json:"frechet_expm"` // scipy.linalg.expm_frechet(a, e)[0]
	Frechet     []float64 `json:"frechet"`      // scipy.linalg.expm_frechet(a, e)[1]
}

// TestExpFrechetScipy checks exp(A) and L(A, E) against scipy 1.10.1
// (testdata/gen_golden.py): Padé degrees 3–13, scaling s = 0 and s > 0,
// a large norm, a non-normal triangular matrix, zero rows and columns.
// Tolerance: norm-wise relative error 1e-10 (max|got−want| / max|want|).
func TestExpFrechetScipy(t *testing.T) {
	t.Parallel()
	var g struct{ Cases []expmCase }
	loadJSON(t, "expm_golden.json", &g)
	require.GreaterOrEqual(t, len(g.Cases), 10, "only %d golden cases", len(g.Cases))
	const tol = 1e-10
	var ws ExpWorkspace // reused across sizes on purpose
	for _, c := range g.Cases {
		t.Run(c.Name, func(t *testing.T) {
			a, e := square(c.N, c.A), square(c.N, c.E)
			var ex, ex2, l mat.Dense
			require.NoError(t, ws.ExpTo(&ex, a), "%s: ExpTo", c.Name)
			require.NoError(t, ws.ExpFrechetTo(&ex2, &l, a, e), "%s: ExpFrechetTo", c.Name)
			for _, chk := range []struct {
				what      string
				got, want []float64
			}{
				{"expm vs scipy.linalg.expm", ex.RawMatrix().Data, c.Expm},
				{"expm vs scipy expm_frechet", ex2.RawMatrix().Data, c.FrechetExpm},
				{"Fréchet vs scipy expm_frechet", l.RawMatrix().Data, c.Frechet},
			} {
				e := testutil.MaxRelErr(chk.got, chk.want)
				assert.LessOrEqual(t, e, tol, "%s: %s: relative error %.3g > %.3g", c.Name, chk.what, e, tol)
			}
			// The value phase is shared: ExpTo and ExpFrechetTo agree bit for bit.
			assert.True(t, mat.Equal(&ex, &ex2), "%s: ExpTo and ExpFrechetTo give different exp(A)", c.Name)
		})
	}
}

// TestFrechetAdjoint checks ⟨G, L(A, E)⟩ = ⟨L(Aᵀ, G), E⟩, the identity behind
// the one-Fréchet-derivative gradient, and linearity in E by central
// differences of exp.
func TestFrechetAdjoint(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(3)
	for _, scale := range []float64{0.01, 0.5, 3, 40} {
		n := 9
		a := mat.NewDense(n, n, testutil.Normal(rnd, n*n, scale/float64(n)))
		e := mat.NewDense(n, n, testutil.Normal(rnd, n*n, 1))
		g := mat.NewDense(n, n, testutil.Normal(rnd, n*n, 1))
		var l1, l2 mat.Dense
		require.NoError(t, ExpFrechetTo(nil, &l1, a, e))
		require.NoError(t, ExpFrechetTo(nil, &l2, a.T(), g))
		lhs := mat.Sum(elemMul(g, &l1))
		rhs := mat.Sum(elemMul(&l2, e))
		testutil.AssertClose(t, lhs, rhs, 1e-11, 0, "adjoint identity, scale %g", scale)

		// Directional central difference of exp: (e^{A+hE} − e^{A−hE})/2h.
		h := 1e-6
		var ap, am, ep, em mat.Dense
		ap.Scale(h, e)
		am.Sub(a, &ap)
		ap.Add(a, &ap)
		require.NoError(t, ExpTo(&ep, &ap))
		require.NoError(t, ExpTo(&em, &am))
		var fd mat.Dense
		fd.Sub(&ep, &em)
		fd.Scale(1/(2*h), &fd)
		err := testutil.MaxRelErr(l1.RawMatrix().Data, fd.RawMatrix().Data)
		assert.LessOrEqual(t, err, 1e-6, "scale %g: Fréchet vs central difference: relative error %.3g", scale, err)
	}
}

func elemMul(a, b mat.Matrix) *mat.Dense {
	var m mat.Dense
	m.MulElem(a, b)
	return &m
}

func TestExpBadInput(t *testing.T) {
	t.Parallel()
	a := mat.NewDense(2, 2, []float64{1, math.NaN(), 0, 1})
	var dst mat.Dense
	assert.ErrorIs(t, ExpTo(&dst, a), ErrNonFinite, "NaN input")
	big := mat.NewDense(2, 2, []float64{800, 0, 0, 800})
	assert.ErrorIs(t, ExpTo(&dst, big), ErrNonFinite, "overflow")
	assertShapePanic(t, "non-square", func() { _ = ExpTo(&dst, mat.NewDense(2, 3, nil)) })
	assertShapePanic(t, "e size", func() {
		_ = ExpFrechetTo(nil, &dst, mat.NewDense(2, 2, nil), mat.NewDense(3, 3, nil))
	})
	assertShapePanic(t, "dst size", func() {
		_ = ExpTo(mat.NewDense(3, 3, nil), mat.NewDense(2, 2, nil))
	})
}

// assertShapePanic fails t unless f panics with a ShapeError.
func assertShapePanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		_, ok := r.(ShapeError)
		assert.True(t, ok, "%s: recovered %v (%T), want a ShapeError panic", name, r, r)
	}()
	f()
}
