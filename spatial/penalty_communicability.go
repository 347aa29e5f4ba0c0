package spatial

import (
	"gonum.org/v1/gonum/mat"
)

// Communicability is the communication-aware penalty of the …C variants,
//
//	P(W) = λ Σ_ij A_ij C_ij D_ij,  A = |W|,  C = exp(S^-1/2 A S^-1/2), diag(C) = 0,
//
// with S the out-strengths (PAPER.md §4; Achterberg et al. 2023,
// doi:10.1038/s42256-023-00748-9; Crofts & Higham 2009,
// doi:10.1098/rsif.2008.0484). ValueGradTo returns the exact gradient,
// including the paths through C (one Fréchet derivative of exp, Al-Mohy &
// Higham 2009, doi:10.1137/080716426) and through the strengths S; see
// derivation.md. The published code uses NormAddEpsilon; NormZero is the
// corrected default. SetPrecision(Float32) computes exp and its Fréchet
// derivative in float32 (Taylor, forward mode; derivation.md §4b), about
// 2.8× faster and accurate to float32 rounding entry by entry. It satisfies
// rnn.Penalty. It keeps a workspace, so repeated calls allocate nothing, and
// is not safe for concurrent use.
type Communicability struct {
	lambda float64
	norm   Normalisation
	n      int
	d      []float64
	err    error
	cw     commWorkspace
	grad   []float64
}

// NewCommunicability returns the penalty with strength lambda, the N×N
// distance matrix d (copied) and the normalisation norm. d must be square
// (else a ShapeError panic); a negative or non-finite lambda or entry of d, or
// an unknown norm, is reported by Validate and by every Value/ValueGradTo
// call.
func NewCommunicability(lambda float64, d mat.Matrix, norm Normalisation) *Communicability {
	const fn = "NewCommunicability"
	n, data, err := loadSquareChecked(fn, "d", d, true)
	if err == nil {
		err = checkStrength(fn, "lambda", lambda)
	}
	if err == nil {
		err = norm.validate(fn)
	}
	p := &Communicability{lambda: lambda, norm: norm, n: n, d: data, err: err, grad: make([]float64, n*n)}
	p.cw.reset(n)
	return p
}

// SetPrecision selects the arithmetic of the matrix exponential and its
// Fréchet derivative (default Float64; see Precision). An unknown value is
// reported by Validate and by every Value/ValueGradTo call.
func (p *Communicability) SetPrecision(prec Precision) {
	if err := prec.validate("Communicability.SetPrecision"); err != nil {
		if p.err == nil {
			p.err = err
		}
		return
	}
	p.cw.prec = prec
}

// Precision returns the arithmetic selected by SetPrecision.
func (p *Communicability) Precision() Precision { return p.cw.prec }

// Validate reports a bad argument given to NewCommunicability.
func (p *Communicability) Validate() error { return p.err }

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
	if err := p.cw.backprop(fn, grad); err != nil {
		return 0, err
	}
	applySign(dst, grad, p.cw.w, p.n)
	return val, nil
}

func (p *Communicability) eval(fn string, w mat.Matrix) error {
	checkW(fn, w, p.n)
	if p.err != nil {
		return p.err
	}
	if err := p.cw.load(fn, "w", w); err != nil {
		return err
	}
	return p.cw.communicability(fn, p.norm)
}

func (p *Communicability) sum() float64 {
	var s float64
	a, c := p.cw.abs, p.cw.c
	for k, dk := range p.d {
		s += a[k] * c[k] * dk
	}
	return p.lambda * s
}
