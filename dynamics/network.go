package dynamics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/rnn"
)

// Network is the one-step map of a trained leaky RNN with its input held
// constant, in float64 and on row vectors (one row per presynaptic unit, as
// package rnn stores every weight matrix):
//
//	F(h; x) = (1 − α) h + α f(x W_in + h W + b).
//
// W is the effective recurrent matrix W_eff (Dale's law and the connectivity
// mask already applied). A Network is read-only once built and safe for
// concurrent use.
type Network struct {
	// In is W_in, NIn×N.
	In *mat.Dense
	// W is the effective recurrent matrix, N×N, W[i][j] the weight i → j.
	W *mat.Dense
	// B is the recurrent bias b, length N.
	B []float64
	// Alpha is the leak α = dt/τ in (0, 1].
	Alpha float64
	// Activation is f.
	Activation rnn.Activation
}

// FromModel copies the recurrent part of m into a Network: W_in, the
// effective W_rec (Model.EffectiveRecurrentTo, so Dale's law and the mask
// are included), b, α (rnn.DefaultAlpha when the Config leaves it 0) and f.
// Noise is a training-time device and is not part of F.
func FromModel(m *rnn.Model) *Network {
	cfg := m.Config()
	alpha := cfg.Alpha
	if alpha == 0 {
		alpha = rnn.DefaultAlpha
	}
	b := m.WeightsTo(nil, rnn.Bias)
	return &Network{
		In:         m.WeightsTo(nil, rnn.InputKernel),
		W:          m.EffectiveRecurrentTo(nil),
		B:          append([]float64(nil), b.RawRowView(0)...),
		Alpha:      alpha,
		Activation: cfg.Activation,
	}
}

// N returns the number of recurrent units.
func (n *Network) N() int { r, _ := n.W.Dims(); return r }

// NIn returns the number of input channels.
func (n *Network) NIn() int { r, _ := n.In.Dims(); return r }

// Validate reports the first problem with n: missing or mis-shaped
// matrices, a non-finite entry, α outside (0, 1], an unknown activation.
func (n *Network) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("dynamics: Network: %s: %w", fmt.Sprintf(format, args...), ErrNetwork)
	}
	if n.W == nil || n.In == nil {
		return bad("nil W or In")
	}
	r, c := n.W.Dims()
	if r != c || r == 0 {
		return bad("W is %d×%d, want square", r, c)
	}
	if ir, ic := n.In.Dims(); ic != r || ir == 0 {
		return bad("In is %d×%d, want NIn×%d", ir, ic, r)
	}
	if len(n.B) != r {
		return bad("B has length %d, want %d", len(n.B), r)
	}
	if !(n.Alpha > 0 && n.Alpha <= 1) {
		return bad("Alpha %g, want in (0, 1]", n.Alpha)
	}
	if n.Activation < rnn.ReLU || n.Activation > rnn.Identity {
		return bad("unknown activation %v", n.Activation)
	}
	for name, m := range map[string]*mat.Dense{"W": n.W, "In": n.In} {
		if i, j, v, ok := firstNonFinite(m); ok {
			return bad("%s[%d][%d] is %g", name, i, j, v)
		}
	}
	for i, v := range n.B {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return bad("B[%d] is %g", i, v)
		}
	}
	return nil
}

func firstNonFinite(m *mat.Dense) (i, j int, v float64, found bool) {
	r, c := m.Dims()
	for i := 0; i < r; i++ {
		for j, v := range m.RawRowView(i)[:c] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return i, j, v, true
			}
		}
	}
	return 0, 0, 0, false
}

// Drive returns c = x W_in + b, the constant part of the pre-activation
// under input x. It returns an error wrapping ErrInput if x has the wrong
// length or a non-finite entry.
func (n *Network) Drive(x []float64) ([]float64, error) {
	if len(x) != n.NIn() {
		return nil, fmt.Errorf("dynamics: input has %d channels, want %d: %w", len(x), n.NIn(), ErrInput)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("dynamics: input channel %d is %g: %w", i, v, ErrInput)
		}
	}
	c := append([]float64(nil), n.B...)
	// Row vector x W_in is W_inᵀ x as a column.
	blas64.Gemv(blas.Trans, 1, n.In.RawMatrix(), blas64.Vector{N: len(x), Inc: 1, Data: x}, 1, blas64.Vector{N: len(c), Inc: 1, Data: c})
	return c, nil
}
