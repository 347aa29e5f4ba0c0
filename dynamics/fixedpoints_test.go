package dynamics_test

import (
	"context"
	"errors"
	"math"
	"math/cmplx"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// TestLinearNetwork: with f the identity the only fixed point solves
// h(I − W) = x W_in + b, i.e. (I − Wᵀ) hᵀ = (x W_in + b)ᵀ, and the Jacobian
// (1 − α)I + αWᵀ has eigenvalues (1 − α) + α·eig(W).
func TestLinearNetwork(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		g     float64 // spectral scale of W
		alpha float64
	}{{"contracting", 0.5, 1}, {"leaky", 0.5, 0.3}, {"expanding", 1.6, 0.7}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rnd := testutil.Rand(7)
			const n = 8
			net := randomNetwork(2, n, tc.g, tc.alpha, rnn.Identity, rnd)
			x := []float64{0.5, -1}
			c, err := net.Drive(x)
			require.NoError(t, err)
			var a mat.Dense
			a.Sub(eye(n), net.W.T())
			var want mat.VecDense
			require.NoError(t, want.SolveVec(&a, mat.NewVecDense(n, c)))

			starts := uniformStates(20, n, -2, 2, rnd)
			res, err := dynamics.FindFixedPoints(context.Background(), net, []dynamics.Input{{Name: "x", X: x}}, starts, dynamics.Config{})
			require.NoError(t, err)
			require.Len(t, res.Points, 1, "a linear map has one fixed point")
			p := res.Points[0]
			assert.Equal(t, dynamics.Fixed, p.Kind)
			assert.Equal(t, 20, p.Count)
			assert.Equal(t, 1, res.Inputs[0].Fixed)
			testutil.AssertSlicesClose(t, p.H, want.RawVector().Data, 1e-10, 1e-12, "h*")

			var eig mat.Eigen
			require.True(t, eig.Factorize(net.W, mat.EigenNone))
			wantL := eig.Values(nil)
			for i := range wantL {
				wantL[i] = complex(1-tc.alpha, 0) + complex(tc.alpha, 0)*wantL[i]
			}
			assertSameSpectrum(t, p.Lin.Eigenvalues, wantL, 1e-10)
			unstable := 0
			for _, l := range wantL {
				if cmplx.Abs(l) > 1 {
					unstable++
				}
			}
			assert.Equal(t, unstable, p.Lin.Unstable)
			switch {
			case unstable == 0:
				assert.Equal(t, dynamics.Stable, p.Lin.Stability)
			case unstable == n:
				assert.Equal(t, dynamics.Unstable, p.Lin.Stability)
			default:
				assert.Equal(t, dynamics.Saddle, p.Lin.Stability)
			}
		})
	}
}

// TestTwoUnits: two uncoupled bistable tanh units, h_i = tanh(2 h_i), have
// nine fixed points, the products of {−h*, 0, h*} with h* = tanh(2h*):
// four stable (both at ±h*, eigenvalues 2(1 − h*²) < 1), four saddles (one
// unit at 0: eigenvalues 2 and 2(1 − h*²)), and the unstable origin
// (eigenvalue 2, twice).
func TestTwoUnits(t *testing.T) {
	t.Parallel()
	// h* by bisection of h − tanh(2h) on [0.5, 1].
	lo, hi := 0.5, 1.0
	for range 200 {
		m := (lo + hi) / 2
		if m-math.Tanh(2*m) < 0 {
			lo = m
		} else {
			hi = m
		}
	}
	hs := (lo + hi) / 2
	lam := 2 * (1 - hs*hs)
	net := &dynamics.Network{In: mat.NewDense(1, 2, []float64{0, 0}), W: mat.NewDense(2, 2, []float64{2, 0, 0, 2}),
		B: []float64{0, 0}, Alpha: 1, Activation: rnn.Tanh}
	var starts []float64
	for _, a := range []float64{-1.2, -0.6, -0.05, 0.05, 0.6, 1.2} {
		for _, b := range []float64{-1.2, -0.6, -0.05, 0.05, 0.6, 1.2} {
			starts = append(starts, a, b)
		}
	}
	res, err := dynamics.FindFixedPoints(context.Background(), net, []dynamics.Input{{Name: "none", X: []float64{0}}},
		mat.NewDense(len(starts)/2, 2, starts), dynamics.Config{})
	require.NoError(t, err)
	require.Len(t, res.Points, 9)
	type want struct {
		h     [2]float64
		stab  dynamics.Stability
		eigen []complex128
	}
	var wants []want
	for _, a := range []float64{-hs, 0, hs} {
		for _, b := range []float64{-hs, 0, hs} {
			w := want{h: [2]float64{a, b}}
			switch {
			case a != 0 && b != 0:
				w.stab, w.eigen = dynamics.Stable, []complex128{complex(lam, 0), complex(lam, 0)}
			case a == 0 && b == 0:
				w.stab, w.eigen = dynamics.Unstable, []complex128{2, 2}
			default:
				w.stab, w.eigen = dynamics.Saddle, []complex128{2, complex(lam, 0)}
			}
			wants = append(wants, w)
		}
	}
	for _, p := range res.Points {
		k := slices.IndexFunc(wants, func(w want) bool { return floats.Distance(p.H, w.h[:], 2) < 1e-9 })
		require.GreaterOrEqual(t, k, 0, "point %v is not one of the nine", p.H)
		assert.Equal(t, dynamics.Fixed, p.Kind)
		assert.Equal(t, wants[k].stab, p.Lin.Stability, "point %v", p.H)
		assertSameSpectrum(t, p.Lin.Eigenvalues, wants[k].eigen, 1e-9)
		wants = slices.Delete(wants, k, k+1)
	}
	assert.Empty(t, wants, "points not found")
}

// flipFlop is a three-unit ReLU winner-take-all: self-excitation 0.5,
// mutual inhibition −2, bias 1, input k drives unit k with weight 5. With
// no input its fixed points are: unit k alone at 2 (stable: eigenvalues
// 0.5, 0, 0), two units at 0.4 (saddles: −1.5, 2.5, 0), all three at 1/4.5
// (unstable: −3.5, 2.5, 2.5). Under input k only "unit k alone" (at 12)
// remains stable: the input flips the memory to state k.
func flipFlop() *dynamics.Network {
	w := mat.NewDense(3, 3, []float64{0.5, -2, -2, -2, 0.5, -2, -2, -2, 0.5})
	in := mat.NewDense(3, 3, []float64{5, 0, 0, 0, 5, 0, 0, 0, 5})
	return &dynamics.Network{In: in, W: w, B: []float64{1, 1, 1}, Alpha: 1, Activation: rnn.ReLU}
}

func TestFlipFlop(t *testing.T) {
	t.Parallel()
	net := flipFlop()
	starts := uniformStates(300, 3, 0, 3, testutil.Rand(8))
	inputs := []dynamics.Input{{Name: "none", X: []float64{0, 0, 0}}, {Name: "set 0", X: []float64{1, 0, 0}}}
	res, err := dynamics.FindFixedPoints(context.Background(), net, inputs, starts, dynamics.Config{})
	require.NoError(t, err)

	type want struct {
		h     []float64
		stab  dynamics.Stability
		eigen []complex128
	}
	third := 1 / 4.5
	none := []want{
		{[]float64{2, 0, 0}, dynamics.Stable, []complex128{0.5, 0, 0}},
		{[]float64{0, 2, 0}, dynamics.Stable, []complex128{0.5, 0, 0}},
		{[]float64{0, 0, 2}, dynamics.Stable, []complex128{0.5, 0, 0}},
		{[]float64{0.4, 0.4, 0}, dynamics.Saddle, []complex128{2.5, -1.5, 0}},
		{[]float64{0.4, 0, 0.4}, dynamics.Saddle, []complex128{2.5, -1.5, 0}},
		{[]float64{0, 0.4, 0.4}, dynamics.Saddle, []complex128{2.5, -1.5, 0}},
		{[]float64{third, third, third}, dynamics.Unstable, []complex128{-3.5, 2.5, 2.5}},
	}
	stable := 0
	for _, p := range res.Points {
		if p.Input != 0 {
			continue
		}
		k := slices.IndexFunc(none, func(w want) bool { return floats.Distance(p.H, w.h, 2) < 1e-9 })
		require.GreaterOrEqual(t, k, 0, "point %v is not a fixed point of the flip-flop", p.H)
		assert.Equal(t, dynamics.Fixed, p.Kind)
		assert.Equal(t, none[k].stab, p.Lin.Stability, "point %v", p.H)
		assertSameSpectrum(t, p.Lin.Eigenvalues, none[k].eigen, 1e-12)
		if p.Lin.Stability == dynamics.Stable {
			stable++
		}
	}
	assert.Equal(t, 3, stable, "the three attractors")
	var set0Stable [][]float64
	for _, p := range res.Points {
		if p.Input == 1 && p.Lin.Stability == dynamics.Stable {
			set0Stable = append(set0Stable, p.H)
		}
	}
	require.Len(t, set0Stable, 1, "under input 0 one attractor remains")
	testutil.AssertSlicesClose(t, set0Stable[0], []float64{12, 0, 0}, 1e-12, 1e-12, "attractor under input 0")
	assert.Equal(t, len(none), res.Inputs[0].Fixed, "every fixed point found under no input")
	assert.Zero(t, res.Inputs[0].Slow)
}

// TestNoFixedPoint: h ↦ h + 1 (identity, W = I, b = 1) has no fixed point,
// q ≡ ½ everywhere: the result says so.
func TestNoFixedPoint(t *testing.T) {
	t.Parallel()
	net := &dynamics.Network{In: mat.NewDense(1, 2, nil), W: eye(2), B: []float64{0.01, 0.01}, Alpha: 1, Activation: rnn.Identity}
	res, err := dynamics.FindFixedPoints(context.Background(), net, []dynamics.Input{{Name: "none", X: []float64{0}}},
		uniformStates(5, 2, -1, 1, testutil.Rand(9)), dynamics.Config{})
	require.NoError(t, err)
	assert.Empty(t, res.Points)
	assert.Equal(t, 5, res.Inputs[0].Discarded)
	testutil.AssertClose(t, res.Inputs[0].MinQ, 1e-4, 1e-12, 0, "q = ½‖b‖²")
	assert.Contains(t, res.Inputs[0].Note(), "no fixed or slow point")
	// With a looser SlowQ the same minima are slow points, still no fixed point.
	res, err = dynamics.FindFixedPoints(context.Background(), net, []dynamics.Input{{Name: "none", X: []float64{0}}},
		uniformStates(5, 2, -1, 1, testutil.Rand(9)), dynamics.Config{SlowQ: 1e-3, UniqueTol: 10})
	require.NoError(t, err)
	require.Len(t, res.Points, 1)
	assert.Equal(t, dynamics.Slow, res.Points[0].Kind)
	assert.Contains(t, res.Inputs[0].Note(), "no fixed point near the 5 initial states")
}

// TestDeterministic: the result does not depend on the number of workers.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(10)
	net := randomNetwork(2, 20, 1.8, 1, rnn.Tanh, rnd)
	starts := uniformStates(40, 20, -1, 1, rnd)
	in := []dynamics.Input{{Name: "a", X: []float64{0.2, 0.1}}}
	one, err := dynamics.FindFixedPoints(context.Background(), net, in, starts, dynamics.Config{Workers: 1})
	require.NoError(t, err)
	three, err := dynamics.FindFixedPoints(context.Background(), net, in, starts, dynamics.Config{Workers: 3})
	require.NoError(t, err)
	require.NotEmpty(t, one.Points)
	assert.Equal(t, one, three)
}

func TestCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rnd := testutil.Rand(11)
	net := randomNetwork(1, 10, 1.2, 1, rnn.Tanh, rnd)
	_, err := dynamics.FindFixedPoints(ctx, net, []dynamics.Input{{X: []float64{0}}}, uniformStates(10, 10, -1, 1, rnd), dynamics.Config{})
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
}

func TestFindErrors(t *testing.T) {
	t.Parallel()
	net := flipFlop()
	starts := uniformStates(3, 3, 0, 1, testutil.Rand(12))
	in := []dynamics.Input{{Name: "none", X: []float64{0, 0, 0}}}
	for _, tc := range []struct {
		name string
		cfg  dynamics.Config
	}{
		{"negative FixedQ", dynamics.Config{FixedQ: -1}},
		{"SlowQ below FixedQ", dynamics.Config{FixedQ: 1e-3, SlowQ: 1e-6}},
		{"NaN UniqueTol", dynamics.Config{UniqueTol: math.NaN()}},
		{"negative workers", dynamics.Config{Workers: -1}},
		{"negative iterations", dynamics.Config{MaxIterations: -2}},
	} {
		_, err := dynamics.FindFixedPoints(context.Background(), net, in, starts, tc.cfg)
		assert.ErrorIs(t, err, dynamics.ErrConfig, tc.name)
	}
	_, err := dynamics.FindFixedPoints(context.Background(), net, []dynamics.Input{{Name: "short", X: []float64{0}}}, starts, dynamics.Config{})
	assert.ErrorIs(t, err, dynamics.ErrInput)
	_, err = dynamics.FindFixedPoints(context.Background(), net, nil, starts, dynamics.Config{})
	assert.ErrorIs(t, err, dynamics.ErrInput)
	bad := mat.DenseCopyOf(starts)
	bad.Set(1, 1, math.Inf(1))
	_, err = dynamics.FindFixedPoints(context.Background(), net, in, bad, dynamics.Config{})
	assert.ErrorIs(t, err, dynamics.ErrInput)
	assert.Panics(t, func() {
		_, _ = dynamics.FindFixedPoints(context.Background(), net, in, mat.NewDense(2, 4, nil), dynamics.Config{})
	})
}

func eye(n int) *mat.Dense {
	d := mat.NewDense(n, n, nil)
	for i := range n {
		d.Set(i, i, 1)
	}
	return d
}

// assertSameSpectrum matches got to want as multisets, within tol.
func assertSameSpectrum(t *testing.T, got, want []complex128, tol float64) {
	t.Helper()
	require.Len(t, got, len(want))
	left := slices.Clone(want)
	for _, g := range got {
		k := slices.IndexFunc(left, func(w complex128) bool { return cmplx.Abs(g-w) <= tol*math.Max(1, cmplx.Abs(w)) })
		if !assert.GreaterOrEqual(t, k, 0, "eigenvalue %v not in %v", g, want) {
			return
		}
		left = slices.Delete(left, k, k+1)
	}
}
