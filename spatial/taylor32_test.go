package spatial

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestTaylorPlan checks that the plan meets the truncation bound, that no
// cheaper plan (products + squarings, same bound) exists, and the plans of
// the norms the penalties meet: trained networks have ‖X‖₁ ≈ 1–2.7 (degree
// 12 or 20, no squaring).
func TestTaylorPlan(t *testing.T) {
	cost := func(p, r, s int) int { return p - 1 + r + s }
	for _, norm := range []float64{0, 1e-6, 0.01, 0.5, 1, 1.2, 2, 2.7, 3, 5, 10, 50, 100} {
		p, r, s, ok := taylorPlan(norm)
		require.True(t, ok, "norm %g: no plan", norm)
		b := taylorBound(math.Ldexp(norm, -s), p*(r+1))
		assert.LessOrEqual(t, b, unitRoundoff32, "norm %g: plan p=%d r=%d s=%d has bound %g > u", norm, p, r, s, b)
		for pp := 2; pp <= 12; pp++ {
			for rr := 0; rr <= 12; rr++ {
				for ss := 0; ss <= maxSquarings32; ss++ {
					assert.False(t, cost(pp, rr, ss) < cost(p, r, s) && taylorBound(math.Ldexp(norm, -ss), pp*(rr+1)) <= unitRoundoff32, "norm %g: plan p=%d r=%d s=%d (cost %d) beaten by p=%d r=%d s=%d", norm, p, r, s, cost(p, r, s), pp, rr, ss)
				}
			}
		}
	}
	for _, c := range []struct {
		norm       float64
		m, s, cost int
	}{{1.2, 12, 0, 5}, {2.7, 20, 0, 7}, {0.4, 9, 0, 4}} {
		p, r, s, _ := taylorPlan(c.norm)
		assert.False(t, p*(r+1) != c.m || s != c.s || cost(p, r, s) != c.cost, "norm %g: degree %d, s %d, cost %d; want %d, %d, %d", c.norm, p*(r+1), s, cost(p, r, s), c.m, c.s, c.cost)
	}
	for _, norm := range []float64{1e3, 1e5, math.Inf(1), math.NaN(), -1} {
		_, _, _, ok := taylorPlan(norm)
		assert.False(t, ok, "norm %g: got a float32 plan, want the float64 fallback", norm)
	}
}

// TestTaylorBound checks the closed-form tail bound against the summed tail
// Σ_{i≥m} θ^i/i!.
func TestTaylorBound(t *testing.T) {
	for _, theta := range []float64{0.01, 0.5, 1, 2.7, 6} {
		for _, m := range []int{2, 6, 12, 20} {
			var tail float64
			for i := m; i < m+200; i++ {
				tail += math.Exp(float64(i)*math.Log(theta) - lgamma(float64(i+1)))
			}
			b := taylorBound(theta, m)
			if theta >= float64(m+1) {
				assert.True(t, math.IsInf(b, 1), "θ=%g m=%d: bound %g, want +Inf", theta, m, b)
				continue
			}
			// An upper bound, and within the geometric factor 2 when θ ≤ (m+1)/2.
			assert.False(t, b < tail*(1-1e-12) || (theta <= float64(m+1)/2 && b > 2*tail), "θ=%g m=%d: bound %g, tail %g", theta, m, b, tail)
		}
	}
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// nonnegX returns an n×n nonnegative matrix with about 30% zeros, scaled to
// 1-norm norm.
func nonnegX(rnd *rand.Rand, n int, norm float64) []float64 {
	x := make([]float64, n*n)
	for i := range x {
		if i > 0 && rnd.Float64() < 0.3 {
			continue
		}
		x[i] = 0.01 + rnd.Float64()*rnd.Float64()
	}
	scale(norm/norm1(x, n), x)
	return x
}

// float32Tolerance is the componentwise error allowed for the float32 path
// against float64: every entry is a sum of nonnegative products, so its
// relative rounding error is at most about (products+1)·(n+p+2)·u per
// evaluation, doubled by each squaring (first-order bound from Higham 2002,
// §3.5, for inner products of nonnegative vectors), and the normwise
// truncation error ≤ u‖·‖₁ per plan, also doubled by each squaring; the
// input's own rounding to float32 (u per entry of X) moves exp(X) by at most
// u‖X‖₁ relatively.
func float32Tolerance(n int, norm float64) (rel, absOfNorm float64) {
	p, r, s, _ := taylorPlan(norm)
	products := p - 1 + r + s
	scaleS := math.Ldexp(1, s)
	rel = scaleS*float64((products+1)*(n+p+2))*unitRoundoff32 + norm*unitRoundoff32
	return rel, 2 * scaleS * unitRoundoff32
}

// TestTaylor32AgainstPade compares exp and the Fréchet derivative of the
// float32 Taylor path with the float64 Padé algorithm (itself checked against
// scipy.linalg.expm_frechet in TestExpFrechetScipy) entry by entry, within
// float32Tolerance, for nonnegative X of norms with and without squaring and
// directions E ≥ 0 and of mixed sign (then against L(X, |E|)).
func TestTaylor32AgainstPade(t *testing.T) {
	for _, n := range []int{1, 7, 60} {
		for _, norm := range []float64{0.01, 0.4, 1.2, 2.7, 9, 40} {
			t.Run(fmt.Sprintf("n=%d/norm=%g", n, norm), func(t *testing.T) {
				rnd := testutil.Rand(uint64(n*1000) + uint64(norm*100))
				x := nonnegX(rnd, n, norm)
				e := testutil.Uniform(rnd, n*n, 0, 1)
				mixed := testutil.Uniform(rnd, n*n, -1, 1)
				abs := make([]float64, n*n)
				for i, v := range mixed {
					abs[i] = math.Abs(v)
				}
				ref := func(dir []float64) (expA, l *mat.Dense) {
					var ws ExpWorkspace
					expA, l = &mat.Dense{}, &mat.Dense{}
					require.NoError(t, ws.ExpFrechetTo(expA, l, mat.NewDense(n, n, x), mat.NewDense(n, n, dir)))
					return expA, l
				}
				rel, absN := float32Tolerance(n, norm)
				var tw taylor32
				run := func(dir []float64) (expA, l []float64) {
					x32 := make([]float32, n*n)
					for i, v := range x {
						x32[i] = float32(v)
					}
					r, ok := tw.exp(x32, n, norm)
					require.True(t, ok, "no float32 plan for norm %g", norm)
					expA = widen(r)
					e32 := make([]float32, n*n)
					for i, v := range dir {
						e32[i] = float32(v)
					}
					return expA, widen(tw.frechet(e32))
				}
				check := func(what string, got []float64, want, mag *mat.Dense) {
					t.Helper()
					bound := absN * mat.Norm(mag, 1)
					worst := 0.0
					for i := 0; i < n; i++ {
						for j := 0; j < n; j++ {
							diff := math.Abs(got[i*n+j] - want.At(i, j))
							tol := rel*math.Abs(mag.At(i, j)) + bound
							require.LessOrEqual(t, diff, tol, "%s[%d][%d] = %g, float64 %g: |diff| %g > %g", what, i, j, got[i*n+j], want.At(i, j), diff, tol)
							if m := math.Abs(mag.At(i, j)); m > 0 {
								worst = math.Max(worst, diff/m)
							}
						}
					}
					t.Logf("%s: largest relative difference %.2g (bound %.2g)", what, worst, rel)
				}
				expWant, lWant := ref(e)
				expGot, lGot := run(e)
				check("exp", expGot, expWant, expWant)
				check("L(X,E)", lGot, lWant, lWant)
				_, lMixed := ref(mixed)
				_, lAbs := ref(abs)
				_, lMixedGot := run(mixed)
				check("L(X,E±)", lMixedGot, lMixed, lAbs)
			})
		}
	}
}

func widen(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// TestCommunicabilityFloat32 compares the Float32 penalties with Float64:
// the value within the componentwise bound (a sum of nonnegative terms), the
// gradient of Communicability entry by entry within the bound applied to the
// magnitudes of its three terms (λC⊙D, D_s H D_s and (∂d/∂s)·r, all from the
// float64 run), and EMD's value. With NormAddEpsilon, a node without
// outgoing weight scales its column by 1e5, ‖X‖₁ is far beyond the float32
// plans, and the result must be the float64 one exactly.
func TestCommunicabilityFloat32(t *testing.T) {
	const n, lambda = 40, 0.3
	rnd := testutil.Rand(32)
	w, d := testW(rnd, n), testD(rnd, n)
	emp, err := EmpiricalCommunicability(testCounts(rnd, n), NormZero)
	require.NoError(t, err)
	for _, norm := range []Normalisation{NormZero, NormAddEpsilon} {
		p64 := newComm(t, d, norm)
		p32, err := NewCommunicability(d, CommunicabilityConfig{Lambda: lambda, Norm: norm}) // the zero value: Float32
		require.NoError(t, err)
		require.Equal(t, Float32, p32.cw.arith)
		require.Equal(t, Float64, p64.cw.arith)
		var g64, g32 mat.Dense
		v64, err := p64.ValueGradTo(&g64, w)
		require.NoError(t, err)
		v32, err := p32.ValueGradTo(&g32, w)
		require.NoError(t, err)
		if norm == NormAddEpsilon {
			assert.False(t, p32.cw.used32, "%v: want the float64 fallback", norm)
			assert.Equal(t, v64, v32, "%v: value, bit for bit", norm)
			testutil.AssertSameBits(t, g32.RawMatrix().Data, g64.RawMatrix().Data, "%v: gradient, bit for bit", norm)
			continue
		}
		require.True(t, p32.cw.used32, "%v: the float32 path did not run", norm)
		xnorm := 0.0
		for i := 0; i < n; i++ {
			var s float64
			for j := 0; j < n; j++ {
				s += p64.cw.d[i] * p64.cw.abs[i*n+j] * p64.cw.d[j]
			}
			xnorm = math.Max(xnorm, s)
		}
		rel, absN := float32Tolerance(n, xnorm)
		// Truncation is normwise: allow it on the largest term.
		cw := &p64.cw
		var cmax float64
		for _, v := range cw.c {
			cmax = math.Max(cmax, v)
		}
		assert.LessOrEqual(t, math.Abs(v32-v64), (rel+absN*float64(n)*cmax)*v64, "%v: value %g, float64 %g", norm, v32, v64)
		// Magnitudes of the gradient's terms from the float64 workspace.
		h := frechetOfWorkspace(t, cw)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				k := i*n + j
				mag := lambda*cw.c[k]*d.At(i, j) + cw.d[i]*h[k]*cw.d[j] + math.Abs(cw.dds[i]*cw.r[i])
				tol := (rel+absN*float64(n))*mag + absN*float64(n)*lambda*cmax
				require.LessOrEqual(t, math.Abs(g32.At(i, j)-g64.At(i, j)), tol,
					"%v: ∂P/∂W[%d][%d] = %g, float64 %g", norm, i, j, g32.At(i, j), g64.At(i, j))
			}
		}
	}

	e64 := newEMD(t, d, emp, NormZero)
	e32, err := NewEMD(d, emp, EMDConfig{Lambda: lambda, LambdaEMD: 0.1})
	require.NoError(t, err)
	v64, err := e64.Value(w)
	require.NoError(t, err)
	v32, err := e32.Value(w)
	require.NoError(t, err)
	require.True(t, e32.cw.used32, "EMD: the float32 path did not run")
	testutil.AssertClose(t, v32, v64, 1e-5, 0, "EMD value")
}

// frechetOfWorkspace recomputes H = L(Mᵀ, G) (G with a zero diagonal) from
// a float64 workspace after ValueGradTo.
func frechetOfWorkspace(t *testing.T, cw *commWorkspace) []float64 {
	n := cw.n
	x, e := mat.NewDense(n, n, nil), mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			x.Set(j, i, cw.d[i]*cw.abs[i*n+j]*cw.d[j])
			if i != j {
				e.Set(i, j, cw.g[i*n+j])
			}
		}
	}
	var h mat.Dense
	require.NoError(t, ExpFrechetTo(nil, &h, x, e))
	return h.RawMatrix().Data
}

// TestArithmeticDefault checks that the zero-value configuration computes
// in Float32, as the presets do, and that CommunicabilityTo and
// EmpiricalCommunicability (analysis, not training) stay in Float64.
func TestArithmeticDefault(t *testing.T) {
	rnd := testutil.Rand(3)
	const n = 12
	w, d := testW(rnd, n), testD(rnd, n)
	p, err := NewCommunicability(d, CommunicabilityConfig{Lambda: 0.3})
	require.NoError(t, err)
	_, err = p.Value(w)
	require.NoError(t, err)
	assert.True(t, p.cw.used32, "zero-value Arithmetic: the float32 path must run")
	var c mat.Dense
	require.NoError(t, CommunicabilityTo(&c, w, NormZero))
	_, err = p.Value(w)
	require.NoError(t, err)
	want := make([]float64, n*n)
	copy(want, p.cw.c)
	p64 := newComm(t, d, NormZero)
	_, err = p64.Value(w)
	require.NoError(t, err)
	testutil.AssertSameBits(t, c.RawMatrix().Data, p64.cw.c, "CommunicabilityTo is the float64 C")
}
