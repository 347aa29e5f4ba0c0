package spatial

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// EMD is the penalty of the …C* variants: a wiring cost plus the 1-D
// earth mover's distance between the value distributions of an empirical
// communicability C_emp and the network's own C (PAPER.md §4),
//
//	P(W) = λ Σ_ij A_ij D_ij + λ_emd · (1/N²) Σ_k |sort(C_emp)_k − sort(C)_k|,
//
// over all N² entries, diagonals included as zeros; A = |W| and C as in
// Communicability. The gradient through the sort is the subgradient
// ∂/∂C_p = λ_emd/N² · sign(sort(C)_k − sort(C_emp)_k) at the rank k of entry
// p (sign(0) = 0), then through C exactly as for Communicability; see
// derivation.md. The published code uses NormAddEpsilon for C and
// NormReplaceZero for C_emp (EmpiricalCommunicability). SetPrecision
// selects the exponential's arithmetic as for Communicability. It satisfies
// rnn.Penalty, keeps a workspace (repeated calls allocate nothing) and is not
// safe for concurrent use.
type EMD struct {
	lambda, lambdaEMD float64
	norm              Normalisation
	n                 int
	d                 []float64
	empSorted         []float64
	err               error
	cw                commWorkspace
	grad              []float64
	sorter            radixSorter
}

// NewEMD returns the EMD penalty with strengths lambda (wiring term) and
// lambdaEMD, the N×N distance matrix d and empirical communicability cEmp
// (both copied), and the normalisation norm of the network's C. d and cEmp
// must be square of one size (else a ShapeError panic); a bad strength, a
// negative or non-finite entry of d, a non-finite entry of cEmp, or an
// unknown norm is reported by Validate and by every Value/ValueGradTo call.
func NewEMD(lambda, lambdaEMD float64, d, cEmp mat.Matrix, norm Normalisation) *EMD {
	const fn = "NewEMD"
	n, data, err := loadSquareChecked(fn, "d", d, true)
	if r, c := cEmp.Dims(); r != n || c != n {
		panic(ShapeError{Func: fn, Arg: "cEmp", Rows: r, Cols: c, Want: shapeOf(n, "the size of d")})
	}
	_, emp, errEmp := loadSquareChecked(fn, "cEmp", cEmp, false)
	if err == nil {
		err = errEmp
	}
	if err == nil {
		err = checkStrength(fn, "lambda", lambda)
	}
	if err == nil {
		err = checkStrength(fn, "lambdaEMD", lambdaEMD)
	}
	if err == nil {
		err = norm.validate(fn)
	}
	slices.Sort(emp)
	p := &EMD{lambda: lambda, lambdaEMD: lambdaEMD, norm: norm, n: n, d: data, empSorted: emp, err: err,
		grad: make([]float64, n*n)}
	p.cw.reset(n)
	return p
}

// SetPrecision selects the arithmetic of the matrix exponential and its
// Fréchet derivative (default Float64; see Precision). An unknown value is
// reported by Validate and by every Value/ValueGradTo call.
func (p *EMD) SetPrecision(prec Precision) {
	if err := prec.validate("EMD.SetPrecision"); err != nil {
		if p.err == nil {
			p.err = err
		}
		return
	}
	p.cw.prec = prec
}

// Precision returns the arithmetic selected by SetPrecision.
func (p *EMD) Precision() Precision { return p.cw.prec }

// Validate reports a bad argument given to NewEMD.
func (p *EMD) Validate() error { return p.err }

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
	if err := p.cw.backprop(fn, p.grad); err != nil {
		return 0, err
	}
	applySign(dst, p.grad, p.cw.w, p.n)
	return val, nil
}

func (p *EMD) eval(fn string, w mat.Matrix) error {
	checkW(fn, w, p.n)
	if p.err != nil {
		return p.err
	}
	if err := p.cw.load(fn, "w", w); err != nil {
		return err
	}
	return p.cw.communicability(fn, p.norm)
}

func (p *EMD) wiring() float64 {
	var s float64
	for k, dk := range p.d {
		s += p.cw.abs[k] * dk
	}
	return p.lambda * s
}
