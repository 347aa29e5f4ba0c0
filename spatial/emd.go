package spatial

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// EMD is the penalty of the …C* variants: a wiring cost plus the 1-D
// earth mover's distance between the value distributions of an empirical
// communicability C_emp and the network's own C (docs/method.md §4),
//
//	P(W) = λ Σ_ij A_ij D_ij + λ_emd · (1/N²) Σ_k |sort(C_emp)_k − sort(C)_k|,
//
// over all N² entries, diagonals included as zeros; A = |W| and C as in
// Communicability. The gradient through the sort is the subgradient
// ∂/∂C_p = λ_emd/N² · sign(sort(C)_k − sort(C_emp)_k) at the rank k of entry
// p (sign(0) = 0), then through C exactly as for Communicability; see
// derivation.md. The published code uses NormAddEpsilon for C and
// NormReplaceZero for C_emp (EmpiricalCommunicability). It satisfies
// rnn.Penalty, keeps a workspace (repeated calls allocate nothing) and is not
// safe for concurrent use.
type EMD struct {
	commPenalty
	lambdaEMD float64
	empSorted []float64
	sorter    radixSorter
}

// EMDConfig configures NewEMD.
type EMDConfig struct {
	// Lambda is the strength λ of the wiring term, finite and ≥ 0; the
	// published value is DefaultLambda. Zero drops the term.
	Lambda float64
	// LambdaEMD is the strength λ_emd of the distribution term, finite and
	// ≥ 0; the published value is DefaultLambdaEMD. Zero drops the term.
	LambdaEMD float64
	// Norm is the normalisation of the network's C (C_emp is computed by the
	// caller). The zero value NormZero is the corrected choice; the
	// published code uses NormAddEpsilon.
	Norm Normalisation
	// Arithmetic is the arithmetic of exp and its Fréchet derivative, as in
	// CommunicabilityConfig; the zero value is Float32.
	Arithmetic Arithmetic
}

// Validate reports a strength that is not finite and ≥ 0, or an unknown
// Norm or Arithmetic, wrapping ErrNonFinite, ErrNegative or ErrConfig.
func (c EMDConfig) Validate() error {
	const fn = "EMDConfig"
	if err := checkStrength(fn, "LambdaEMD", c.LambdaEMD); err != nil {
		return err
	}
	return CommunicabilityConfig{Lambda: c.Lambda, Norm: c.Norm, Arithmetic: c.Arithmetic}.Validate()
}

// NewEMD returns the EMD penalty with the N×N distance matrix d and
// empirical communicability cEmp (both copied) and the settings cfg. d and
// cEmp must be square of one size (else a ShapeError panic); a negative or
// non-finite entry of d, a non-finite entry of cEmp or an invalid cfg gives
// an error.
func NewEMD(d, cEmp mat.Matrix, cfg EMDConfig) (*EMD, error) {
	const fn = "NewEMD"
	n := squareSize(fn, "d", d)
	if r, c := cEmp.Dims(); r != n || c != n {
		panicShape(fn, "cEmp", r, c, shapeOf(n, "the size of d"))
	}
	p := &EMD{lambdaEMD: cfg.LambdaEMD}
	if err := p.init(fn, d, cfg.Lambda, cfg.Norm, cfg.Arithmetic); err != nil {
		return nil, err
	}
	if err := checkStrength(fn, "LambdaEMD", cfg.LambdaEMD); err != nil {
		return nil, err
	}
	_, emp, err := loadSquareChecked(fn, "cEmp", cEmp, false)
	if err != nil {
		return nil, err
	}
	slices.Sort(emp)
	p.empSorted = emp
	return p, nil
}

// Value returns P(W). W must be N×N (else a ShapeError panic); a non-finite
// entry or an overflowing exponential gives an error.
func (p *EMD) Value(w mat.Matrix) (float64, error) {
	const fn = "EMD.Value"
	if err := p.eval(fn, w); err != nil {
		return 0, err
	}
	c := p.cw.c
	var emd float64
	for k, i := range p.sorter.sortedOrder(c) {
		emd += math.Abs(c[i] - p.empSorted[k])
	}
	return p.wiring() + p.lambdaEMD/float64(len(c))*emd, nil
}

// ValueGradTo writes ∂P/∂W into dst (sized if zero-valued; another shape
// than N×N panics with a ShapeError) and returns P(W).
func (p *EMD) ValueGradTo(dst *mat.Dense, w mat.Matrix) (float64, error) {
	const fn = "EMD.ValueGradTo"
	sizeDst(fn, "dst", dst, p.n)
	if err := p.eval(fn, w); err != nil {
		return 0, err
	}
	c, g := p.cw.c, p.cw.g
	scale := p.lambdaEMD / float64(len(c))
	var emd float64
	for k, i := range p.sorter.sortedOrder(c) {
		diff := c[i] - p.empSorted[k]
		emd += math.Abs(diff)
		g[i] = scale * sign(diff)
	}
	val := p.wiring() + scale*emd
	for k, dk := range p.d {
		p.grad[k] = p.lambda * dk
	}
	if err := p.finish(fn, dst); err != nil {
		return 0, err
	}
	return val, nil
}
