package spatial

import (
	"gonum.org/v1/gonum/mat"
)

// Communicability is the communication-aware penalty of the …C variants,
//
//	P(W) = λ Σ_ij A_ij C_ij D_ij,  A = |W|,  C = exp(S^-1/2 A S^-1/2), diag(C) = 0,
//
// with S the out-strengths (docs/method.md §4; Achterberg et al. 2023,
// doi:10.1038/s42256-023-00748-9; Crofts & Higham 2009,
// doi:10.1098/rsif.2008.0484). ValueGradTo returns the exact gradient,
// including the paths through C (one Fréchet derivative of exp, Al-Mohy &
// Higham 2009, doi:10.1137/080716426) and through the strengths S; see
// derivation.md. It satisfies rnn.Penalty. It keeps a workspace, so
// repeated calls allocate nothing, and is not safe for concurrent use.
type Communicability struct {
	commPenalty
}

// CommunicabilityConfig configures NewCommunicability.
type CommunicabilityConfig struct {
	// Lambda is the strength λ, finite and ≥ 0; the published value is
	// DefaultLambda. Zero gives a zero penalty.
	Lambda float64
	// Norm is the normalisation of C. The zero value NormZero is the
	// corrected choice; the published code uses NormAddEpsilon.
	Norm Normalisation
	// Arithmetic is the arithmetic of exp and its Fréchet derivative. The
	// zero value Float32 (Taylor, forward mode; derivation.md §4b) is about
	// 2.8× faster at N = 312 and accurate to float32 rounding entry by
	// entry; Float64 is scipy's algorithm, accurate to float64 rounding.
	Arithmetic Arithmetic
}

// Validate reports a Lambda that is not finite and ≥ 0, or an unknown Norm
// or Arithmetic, wrapping ErrNonFinite, ErrNegative or ErrConfig.
func (c CommunicabilityConfig) Validate() error {
	const fn = "CommunicabilityConfig"
	if err := checkStrength(fn, "Lambda", c.Lambda); err != nil {
		return err
	}
	if err := c.Norm.validate(fn); err != nil {
		return err
	}
	return checkArithmetic(fn, c.Arithmetic)
}

// NewCommunicability returns the penalty with the N×N distance matrix d
// (copied) and the settings cfg. d must be square (else a ShapeError panic);
// a negative or non-finite entry of d or an invalid cfg gives an error.
func NewCommunicability(d mat.Matrix, cfg CommunicabilityConfig) (*Communicability, error) {
	p := new(Communicability)
	if err := p.init("NewCommunicability", d, cfg.Lambda, cfg.Norm, cfg.Arithmetic); err != nil {
		return nil, err
	}
	return p, nil
}

// Value returns P(W). W must be N×N (else a ShapeError panic); a non-finite
// entry or an overflowing exponential gives an error.
func (p *Communicability) Value(w mat.Matrix) (float64, error) {
	const fn = "Communicability.Value"
	if err := p.eval(fn, w); err != nil {
		return 0, err
	}
	return p.sum(), nil
}

// ValueGradTo writes ∂P/∂W into dst (sized if zero-valued; another shape
// than N×N panics with a ShapeError) and returns P(W):
//
//	∂P/∂A = λ C⊙D + D_s H D_s + (∂d/∂s ⊙ r)1ᵀ,  H = L(Mᵀ, λ A⊙D with zero diagonal),
//	∂P/∂W = ∂P/∂A ⊙ sign(W),
//
// with M = D_s A D_s, D_s = S^-1/2, r as in derivation.md.
func (p *Communicability) ValueGradTo(dst *mat.Dense, w mat.Matrix) (float64, error) {
	const fn = "Communicability.ValueGradTo"
	sizeDst(fn, "dst", dst, p.n)
	if err := p.eval(fn, w); err != nil {
		return 0, err
	}
	val := p.sum()
	a, c, g, grad, lam := p.cw.abs, p.cw.c, p.cw.g, p.grad, p.lambda
	for k, dk := range p.d {
		g[k] = lam * a[k] * dk    // ∂P/∂C (diagonal ignored by backprop)
		grad[k] = lam * c[k] * dk // explicit ∂P/∂A
	}
	if err := p.finish(fn, dst); err != nil {
		return 0, err
	}
	return val, nil
}

func (p *Communicability) sum() float64 {
	var s float64
	a, c := p.cw.abs, p.cw.c
	for k, dk := range p.d {
		s += a[k] * c[k] * dk
	}
	return p.lambda * s
}
