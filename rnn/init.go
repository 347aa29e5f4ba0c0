package rnn

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// NewOrthogonal returns a rows×cols matrix drawn as Keras' Orthogonal(gain =
// 1) initialiser draws it (Saxe, McClelland & Ganguli 2014,
// arXiv:1312.6120): a Gaussian matrix G of shape max×min (row-major draws
// from rnd.NormFloat64), its thin QR factorisation G = QR, Q's column j
// multiplied by sign(R_jj) (so that Q is unique and Haar-distributed), and Q
// transposed when rows < cols. The rows (or columns) are orthonormal. It
// consumes max(rows, cols)·min(rows, cols) normal draws and panics if rnd is
// nil or a size is not positive.
func NewOrthogonal(rows, cols int, rnd *rand.Rand) *mat.Dense {
	if rnd == nil {
		panic("rnn: NewOrthogonal: nil *rand.Rand")
	}
	if rows <= 0 || cols <= 0 {
		panicShape("NewOrthogonal size", [2]int{rows, cols}, "positive")
	}
	r, c := rows, cols
	if r < c {
		r, c = c, r
	}
	g := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			g.Set(i, j, rnd.NormFloat64())
		}
	}
	q := orthogonalFrom(g)
	if rows < cols {
		return mat.DenseCopyOf(q.T())
	}
	return q
}

// orthogonalFrom returns the thin Q factor of g (rows ≥ cols) with column j
// multiplied by sign(R_jj), 1 when R_jj = 0, as numpy's qr followed by
// Keras' `q *= sign(diag(r))`.
func orthogonalFrom(g *mat.Dense) *mat.Dense {
	r, c := g.Dims()
	var qr mat.QR
	qr.Factorize(g)
	var q, rr mat.Dense
	qr.QTo(&q)
	qr.RTo(&rr)
	out := mat.NewDense(r, c, nil)
	for j := 0; j < c; j++ {
		s := 1.0
		if rr.At(j, j) < 0 {
			s = -1
		}
		for i := 0; i < r; i++ {
			out.Set(i, j, s*q.At(i, j))
		}
	}
	return out
}

// NewGlorotUniform returns a rows×cols matrix with entries from U(−l, l),
// l = √(6/(rows + cols)) (Glorot & Bengio 2010,
// https://proceedings.mlr.press/v9/glorot10a.html), Keras' default kernel
// initialiser, drawn row-major from rnd.Float64. It panics if rnd is nil or a
// size is not positive.
func NewGlorotUniform(rows, cols int, rnd *rand.Rand) *mat.Dense {
	if rnd == nil {
		panic("rnn: NewGlorotUniform: nil *rand.Rand")
	}
	if rows <= 0 || cols <= 0 {
		panicShape("NewGlorotUniform size", [2]int{rows, cols}, "positive")
	}
	l := math.Sqrt(6 / float64(rows+cols))
	w := mat.NewDense(rows, cols, nil)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			w.Set(i, j, (2*rnd.Float64()-1)*l)
		}
	}
	return w
}
