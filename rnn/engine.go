package rnn

import "math/rand/v2"

// Param names one trainable parameter array.
type Param int

// The trainable parameters, in checkpoint order.
const (
	InputKernel     Param = iota // W_in, NIn×NRec
	RecurrentKernel              // W_rec (raw), NRec×NRec, row = presynaptic
	Bias                         // b, 1×NRec
	OutputKernel                 // W_out, NRec×NOut
	OutputBias                   // b_out, 1×NOut
	numParams
)

// String returns the parameter's name as used in checkpoints.
func (p Param) String() string {
	switch p {
	case InputKernel:
		return "W_in"
	case RecurrentKernel:
		return "W_rec"
	case Bias:
		return "b"
	case OutputKernel:
		return "W_out"
	case OutputBias:
		return "b_out"
	}
	return "Param(?)"
}

// paramShape returns the rows and columns of parameter p.
func paramShape(c *Config, p Param) (rows, cols int) {
	switch p {
	case InputKernel:
		return c.NIn, c.NRec
	case RecurrentKernel:
		return c.NRec, c.NRec
	case Bias:
		return 1, c.NRec
	case OutputKernel:
		return c.NRec, c.NOut
	case OutputBias:
		return 1, c.NOut
	}
	panic("rnn: unknown Param")
}

func paramSizes(c *Config) [numParams]int {
	var s [numParams]int
	for p := range numParams {
		r, k := paramShape(c, p)
		s[p] = r * k
	}
	return s
}

// engine is the precision-specific core: engine64 and the generated
// engine32. Scalars crossing it are accum (float64).
type engine interface {
	resize(steps, size int)
	prepare()
	load(b *Batch)
	drawNoise(rnd *rand.Rand)
	forward(b *Batch, withXi bool) (loss accum, correct, count int)
	backward()
	gradNormSq() accum
	adamStep(lrT, beta1, beta2, eps, scale accum)
	sgdStep(lr, scale accum)
	clampNonNeg()
	param(k Param) any
	grad(k Param) any
	moments(k Param) (m, v any)
	getParam(k Param, dst wide)
	setParam(k Param, src wide)
	getGrad(k Param, dst wide)
	addGrad(k Param, src wide)
	effectiveTo(dst wide)
	statesTo(dst wide)
	logitsTo(dst wide)
	setMoments(k Param, m, v wide)
	resetMoments()
}

var (
	_ engine = (*engine64)(nil)
	_ engine = (*engine32)(nil)
)
