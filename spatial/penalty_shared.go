package spatial

import "gonum.org/v1/gonum/mat"

// commPenalty is what the Communicability and EMD penalties share: the
// wiring strength λ, the distance matrix D, the normalisation of the
// network's C, and the workspace that computes C(W) and back-propagates
// through it.
type commPenalty struct {
	lambda float64
	norm   Normalisation
	n      int
	d      []float64
	cw     commWorkspace
	grad   []float64 // ∂P/∂A, assembled by each penalty, then through C by finish
}

// init checks and copies D (square, finite, ≥ 0; a non-square d panics with
// a ShapeError) and the settings shared by both penalties.
func (p *commPenalty) init(fn string, d mat.Matrix, lambda float64, norm Normalisation, a Arithmetic) error {
	n, data, err := loadSquareChecked(fn, "d", d, true)
	if err != nil {
		return err
	}
	if err := checkStrength(fn, "Lambda", lambda); err != nil {
		return err
	}
	if err := norm.validate(fn); err != nil {
		return err
	}
	if err := checkArithmetic(fn, a); err != nil {
		return err
	}
	*p = commPenalty{lambda: lambda, norm: norm, n: n, d: data, grad: make([]float64, n*n)}
	p.cw.reset(n)
	p.cw.arith = a
	return nil
}

// eval loads W (N×N, else a ShapeError panic; a non-finite entry is an
// error) and computes A = |W| and C(W) into the workspace.
func (p *commPenalty) eval(fn string, w mat.Matrix) error {
	checkW(fn, w, p.n)
	if err := p.cw.load(fn, "w", w); err != nil {
		return err
	}
	return p.cw.communicability(fn, p.norm)
}

// wiring returns the wiring term λ Σ_ij A_ij D_ij of the loaded W.
func (p *commPenalty) wiring() float64 {
	var s float64
	for k, dk := range p.d {
		s += p.cw.abs[k] * dk
	}
	return p.lambda * s
}

// finish adds the path through C (given ∂P/∂C in cw.g) to the explicit
// ∂P/∂A in p.grad and writes ∂P/∂W = ∂P/∂A ⊙ sign(W) into dst.
func (p *commPenalty) finish(fn string, dst *mat.Dense) error {
	if err := p.cw.backprop(fn, p.grad); err != nil {
		return err
	}
	applySign(dst, p.grad, p.cw.w, p.n)
	return nil
}
