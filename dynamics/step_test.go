package dynamics_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// slowStep is F(h) = (1 − α)h + α f(x W_in + h W + b) written with plain
// loops, the obviously correct reference for Speed.
func slowStep(net *dynamics.Network, x, h []float64) []float64 {
	n := net.N()
	out := make([]float64, n)
	for j := range n {
		z := net.B[j]
		for i, xi := range x {
			z += xi * net.In.At(i, j)
		}
		for i, hi := range h {
			z += hi * net.W.At(i, j)
		}
		var f float64
		switch net.Activation {
		case rnn.ReLU:
			f = max(z, 0)
		case rnn.Tanh:
			f = tanh(z)
		case rnn.Softplus:
			f = softplus(z)
		case rnn.Identity:
			f = z
		}
		out[j] = (1-net.Alpha)*h[j] + net.Alpha*f
	}
	return out
}

func TestSpeedAgainstLoops(t *testing.T) {
	t.Parallel()
	for _, act := range []rnn.Activation{rnn.ReLU, rnn.Tanh, rnn.Softplus, rnn.Identity} {
		for _, alpha := range []float64{1, 0.2} {
			t.Run(fmt.Sprintf("%v/alpha=%g", act, alpha), func(t *testing.T) {
				rnd := testutil.Rand(1)
				net := randomNetwork(3, 9, 1.3, alpha, act, rnd)
				x := testutil.Normal(rnd, 3, 1)
				h := testutil.Normal(rnd, 9, 1)
				s, err := dynamics.NewSpeed(net, x)
				require.NoError(t, err)
				want := slowStep(net, x, h)
				got := s.StepTo(make([]float64, 9), h)
				testutil.AssertSlicesClose(t, got, want, 1e-14, 1e-14, "F(h)")
				var q float64
				for j := range h {
					q += (want[j] - h[j]) * (want[j] - h[j]) / 2
				}
				testutil.AssertClose(t, s.Func(h), q, 1e-13, 0, "q(h)")
			})
		}
	}
}

// TestSpeedGradientFD checks ∇q against central finite differences
// (gonum diff/fd) in float64. ReLU is checked at random points, where no
// pre-activation lies within the step of the kink.
func TestSpeedGradientFD(t *testing.T) {
	t.Parallel()
	for _, act := range []rnn.Activation{rnn.ReLU, rnn.Tanh, rnn.Softplus, rnn.Identity} {
		for _, alpha := range []float64{1, 0.35} {
			t.Run(fmt.Sprintf("%v/alpha=%g", act, alpha), func(t *testing.T) {
				rnd := testutil.Rand(2)
				net := randomNetwork(2, 12, 1.5, alpha, act, rnd)
				x := testutil.Normal(rnd, 2, 1)
				s, err := dynamics.NewSpeed(net, x)
				require.NoError(t, err)
				for k := range 3 {
					h := testutil.Normal(rnd, 12, 1)
					g := make([]float64, 12)
					q := s.FuncGrad(g, h)
					assert.Equal(t, s.Func(h), q, "FuncGrad's q")
					f := func(h []float64) float64 { return s.Func(h) }
					testutil.CheckGradient(t, f, g, h, 1e-6, fmt.Sprintf("point %d", k))
				}
			})
		}
	}
}

// TestJacobianFD checks J[j][i] = ∂F_j/∂h_i against central finite
// differences of F (gonum diff/fd.Jacobian).
func TestJacobianFD(t *testing.T) {
	t.Parallel()
	for _, act := range []rnn.Activation{rnn.ReLU, rnn.Tanh, rnn.Softplus, rnn.Identity} {
		for _, alpha := range []float64{1, 0.5} {
			t.Run(fmt.Sprintf("%v/alpha=%g", act, alpha), func(t *testing.T) {
				rnd := testutil.Rand(3)
				net := randomNetwork(2, 10, 1.2, alpha, act, rnd)
				x := testutil.Normal(rnd, 2, 1)
				s, err := dynamics.NewSpeed(net, x)
				require.NoError(t, err)
				h := testutil.Normal(rnd, 10, 1)
				got := s.JacobianTo(nil, h)
				want := mat.NewDense(10, 10, nil)
				fd.Jacobian(want, func(y, h []float64) { s.StepTo(y, h) }, h,
					&fd.JacobianSettings{Formula: fd.Central, Step: testutil.DefaultFDStep})
				testutil.AssertMatClose(t, got, want, 1e-6, 1e-9, "Jacobian")
			})
		}
	}
}

func TestSpeedErrors(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(4)
	net := randomNetwork(2, 4, 1, 1, rnn.ReLU, rnd)
	_, err := dynamics.NewSpeed(net, []float64{1})
	assert.ErrorIs(t, err, dynamics.ErrInput, "short input")
	_, err = dynamics.NewSpeed(net, []float64{1, nan()})
	assert.ErrorIs(t, err, dynamics.ErrInput, "NaN input")
	bad := *net
	bad.Alpha = 0
	_, err = dynamics.NewSpeed(&bad, []float64{1, 0})
	assert.ErrorIs(t, err, dynamics.ErrNetwork, "α = 0")
	bad = *net
	bad.W = mat.DenseCopyOf(net.W)
	bad.W.Set(1, 2, nan())
	_, err = dynamics.NewSpeed(&bad, []float64{1, 0})
	assert.ErrorIs(t, err, dynamics.ErrNetwork, "NaN weight")
	s, err := dynamics.NewSpeed(net, []float64{1, 0})
	require.NoError(t, err)
	assert.PanicsWithValue(t, dynamics.ShapeError{What: "state", Got: "3", Want: "4"}, func() { s.Func(make([]float64, 3)) })
}

// TestFromModel checks that the Network of an rnn model under Dale's law
// has the effective matrix diag(s)|W_rec| and steps as the model does.
func TestFromModel(t *testing.T) {
	t.Parallel()
	cfg := rnn.Config{NIn: 2, NRec: 10, NOut: 2, Alpha: 0.4, Activation: rnn.Tanh, Dale: true, Arithmetic: rnn.Float64,
		Loss: rnn.MaskedMSE}
	m, err := rnn.New(cfg, testutil.Rand(5))
	require.NoError(t, err)
	require.NoError(t, m.SetWeights(rnn.Bias, mat.NewDense(1, 10, testutil.Normal(testutil.Rand(6), 10, 0.3))))
	net := dynamics.FromModel(m)
	require.NoError(t, net.Validate())
	raw := m.WeightsTo(nil, rnn.RecurrentKernel)
	ne := cfg.NumExcitatory()
	for i := range 10 {
		sign := 1.0
		if i >= ne {
			sign = -1
		}
		for j := range 10 {
			assert.Equal(t, sign*abs(raw.At(i, j)), net.W.At(i, j), "W_eff[%d][%d]", i, j)
		}
	}
	// Two steps of the model on a constant input equal F(F(0)).
	x := []float64{0.7, -0.3}
	b := rnn.Batch{Steps: 2, Size: 1, NIn: 2, NOut: 2, X: []float32{0.7, -0.3, 0.7, -0.3},
		Y: make([]float32, 4), Mask: []float32{1, 1}}
	states, err := m.States(b)
	require.NoError(t, err)
	s, err := dynamics.NewSpeed(net, []float64{float64(float32(0.7)), float64(float32(-0.3))})
	require.NoError(t, err)
	h1 := s.StepTo(make([]float64, 10), make([]float64, 10))
	h2 := s.StepTo(make([]float64, 10), h1)
	testutil.AssertSlicesClose(t, h1, mat.Row(nil, 0, states), 1e-12, 1e-14, "h_1")
	testutil.AssertSlicesClose(t, h2, mat.Row(nil, 1, states), 1e-12, 1e-14, "h_2")
	_ = x
}

// TestSpeedAllocs: the hot path of the search allocates nothing.
func TestSpeedAllocs(t *testing.T) {
	rnd := testutil.Rand(30)
	net := randomNetwork(3, 50, 1.2, 0.5, rnn.Tanh, rnd)
	s, err := dynamics.NewSpeed(net, []float64{1, 0, 0})
	require.NoError(t, err)
	h := testutil.Normal(rnd, 50, 1)
	g := make([]float64, 50)
	y := make([]float64, 50)
	j := mat.NewDense(50, 50, nil)
	assert.Zero(t, testing.AllocsPerRun(20, func() { s.FuncGrad(g, h) }), "FuncGrad")
	assert.Zero(t, testing.AllocsPerRun(20, func() { s.StepTo(y, h) }), "StepTo")
	assert.Zero(t, testing.AllocsPerRun(20, func() { s.JacobianTo(j, h) }), "JacobianTo")
}
