package dynamics_test

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// randomNetwork returns a network with Gaussian weights of SD g/√n.
func randomNetwork(nIn, n int, g, alpha float64, act rnn.Activation, rnd *rand.Rand) *dynamics.Network {
	w := mat.NewDense(n, n, nil)
	in := mat.NewDense(nIn, n, nil)
	b := make([]float64, n)
	for i := range n {
		for j := range n {
			w.Set(i, j, g/math.Sqrt(float64(n))*rnd.NormFloat64())
		}
		b[i] = 0.1 * rnd.NormFloat64()
	}
	for i := range nIn {
		for j := range n {
			in.Set(i, j, rnd.NormFloat64())
		}
	}
	return &dynamics.Network{In: in, W: w, B: b, Alpha: alpha, Activation: act}
}

// uniformStates returns k states with entries uniform in [lo, hi).
func uniformStates(k, n int, lo, hi float64, rnd *rand.Rand) *mat.Dense {
	s := mat.NewDense(k, n, nil)
	for i := range k {
		for j := range n {
			s.Set(i, j, lo+(hi-lo)*rnd.Float64())
		}
	}
	return s
}
