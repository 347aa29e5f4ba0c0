package dynamics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/rnn"
)

// Speed is the function whose minima are the fixed and slow points of a
// Network under one constant input x (Sussillo & Barak 2013,
// doi:10.1162/NECO_a_00409):
//
//	q(h) = ½ ‖F(h; x) − h‖²,   F(h) − h = α (f(z) − h),   z = x W_in + h W + b,
//
// with the exact gradient, a Jacobian-transpose–vector product,
//
//	∇q(h) = α (W (f'(z) ⊙ r) − r),   r = F(h) − h   (W times a column vector),
//
// and the exact Jacobian of F, with J[j][i] = ∂F_j/∂h_i,
//
//	J = (1 − α) I + α diag(f'(z)) Wᵀ.
//
// The ReLU's kink is handled as package rnn handles it: f'(0) = 0, the
// one-sided derivative from the left, an element of Clarke's generalised
// gradient. q is piecewise quadratic for ReLU and differentiable except on
// the measure-zero set where some z_j is exactly 0.
//
// A Speed owns its workspace: its methods allocate nothing, and it is not
// safe for concurrent use (make one per goroutine; NewSpeed is cheap).
type Speed struct {
	net           *Network
	c             []float64 // x W_in + b
	z, fz, dfz, r []float64
	v, y          []float64
	w             blas64.General
	alpha         float64
	act           rnn.Activation
}

// NewSpeed returns q for net under input x. It returns an error wrapping
// ErrNetwork for an invalid net and ErrInput for a bad x.
func NewSpeed(net *Network, x []float64) (*Speed, error) {
	if err := net.Validate(); err != nil {
		return nil, err
	}
	c, err := net.Drive(x)
	if err != nil {
		return nil, err
	}
	return newSpeed(net, c), nil
}

// newSpeed builds q from a validated net and its drive c.
func newSpeed(net *Network, c []float64) *Speed {
	n := len(c)
	buf := make([]float64, 6*n)
	return &Speed{net: net, c: c,
		z: buf[0:n], fz: buf[n : 2*n], dfz: buf[2*n : 3*n], r: buf[3*n : 4*n], v: buf[4*n : 5*n], y: buf[5*n:],
		w: net.W.RawMatrix(), alpha: net.Alpha, act: net.Activation}
}

// N returns the state dimension.
func (s *Speed) N() int { return len(s.c) }

// forward computes z, f(z), f'(z) and r = F(h) − h at h, and returns q.
func (s *Speed) forward(h []float64) float64 {
	copy(s.z, s.c)
	// Row vector h W is Wᵀ h as a column.
	blas64.Gemv(blas.Trans, 1, s.w, vec(h), 1, vec(s.z))
	activate(s.act, s.z, s.fz, s.dfz)
	var q float64
	for j, hj := range h {
		r := s.alpha * (s.fz[j] - hj)
		s.r[j] = r
		q += r * r
	}
	return q / 2
}

// Func returns q(h). It panics with a ShapeError if len(h) ≠ N.
func (s *Speed) Func(h []float64) float64 {
	s.check("state", len(h))
	return s.forward(h)
}

// FuncGrad returns q(h) and writes ∇q(h) into grad. It panics with a
// ShapeError if a length is not N.
func (s *Speed) FuncGrad(grad, h []float64) float64 {
	s.check("state", len(h))
	s.check("gradient destination", len(grad))
	q := s.forward(h)
	s.gradFromForward(grad)
	return q
}

// gradFromForward writes ∇q into grad using the last forward pass.
func (s *Speed) gradFromForward(grad []float64) {
	for j := range s.v {
		s.v[j] = s.dfz[j] * s.r[j]
	}
	blas64.Gemv(blas.NoTrans, 1, s.w, vec(s.v), 0, vec(s.y))
	for i := range grad {
		grad[i] = s.alpha * (s.y[i] - s.r[i])
	}
}

// StepTo writes F(h) into dst and returns dst. It panics with a ShapeError
// if a length is not N.
func (s *Speed) StepTo(dst, h []float64) []float64 {
	s.check("state", len(h))
	s.check("step destination", len(dst))
	s.forward(h)
	for j := range dst {
		dst[j] = h[j] + s.r[j]
	}
	return dst
}

// JacobianTo writes the Jacobian J[j][i] = ∂F_j/∂h_i at h into dst (a
// zero-value dst is sized) and returns dst. It panics with a ShapeError if
// h or a non-empty dst has the wrong size.
func (s *Speed) JacobianTo(dst *mat.Dense, h []float64) *mat.Dense {
	n := s.N()
	s.check("state", len(h))
	dst = sized(dst, n, "Jacobian destination")
	s.forward(h)
	a := s.alpha
	for j := 0; j < n; j++ {
		row := dst.RawRowView(j)
		g := a * s.dfz[j]
		// Row j of diag(f') Wᵀ is column j of W scaled by f'_j.
		for i := 0; i < n; i++ {
			row[i] = g * s.w.Data[i*s.w.Stride+j]
		}
		row[j] += 1 - a
	}
	return dst
}

func (s *Speed) check(what string, n int) {
	if n != len(s.c) {
		panicShape(what, n, len(s.c))
	}
}

func sized(dst *mat.Dense, n int, what string) *mat.Dense {
	if dst == nil {
		dst = &mat.Dense{}
	}
	if dst.IsEmpty() {
		dst.ReuseAs(n, n)
	} else if r, c := dst.Dims(); r != n || c != n {
		panicShape(what, fmt.Sprintf("%d×%d", r, c), fmt.Sprintf("%d×%d", n, n))
	}
	return dst
}

func vec(x []float64) blas64.Vector { return blas64.Vector{N: len(x), Inc: 1, Data: x} }

// activate writes f(z) and f'(z) for the activation a.
func activate(a rnn.Activation, z, fz, dfz []float64) {
	switch a {
	case rnn.ReLU:
		for j, v := range z {
			if v > 0 {
				fz[j], dfz[j] = v, 1
			} else {
				fz[j], dfz[j] = 0, 0
			}
		}
	case rnn.Tanh:
		for j, v := range z {
			t := math.Tanh(v)
			fz[j], dfz[j] = t, 1-t*t
		}
	case rnn.Softplus:
		for j, v := range z {
			fz[j], dfz[j] = softplus(v), sigmoid(v)
		}
	case rnn.Identity:
		for j, v := range z {
			fz[j], dfz[j] = v, 1
		}
	default:
		panic(fmt.Sprintf("dynamics: unknown activation %v", a))
	}
}

// softplus is log(1 + eˣ) without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// sigmoid is 1/(1 + e⁻ˣ), the derivative of softplus.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}
