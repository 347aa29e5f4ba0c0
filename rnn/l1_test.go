package rnn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// L1 is the test penalty λ Σ_ij |W_ij|, with subgradient λ sign(W_ij) (0 at
// 0, as TensorFlow's abs): a copy of spatial.L1 that keeps rnn's tests free
// of other packages of the module.
type L1 struct {
	Lambda float64
}

var _ Penalty = L1{}

// Value returns λ Σ |W_ij|, or an error naming the first non-finite entry.
func (p L1) Value(w mat.Matrix) (float64, error) {
	r, c := w.Dims()
	var s float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := w.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("rnn: L1: W[%d][%d] is %g: %w", i, j, v, ErrNonFinite)
			}
			s += math.Abs(v)
		}
	}
	return p.Lambda * s, nil
}

// ValueGradTo writes λ sign(W) into dst (sized if empty; it panics with
// mat.ErrShape if dst has another shape) and returns λ Σ |W_ij|.
func (p L1) ValueGradTo(dst *mat.Dense, w mat.Matrix) (float64, error) {
	r, c := w.Dims()
	if dst.IsEmpty() {
		dst.ReuseAs(r, c)
	} else if dr, dc := dst.Dims(); dr != r || dc != c {
		panic(mat.ErrShape)
	}
	var s float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := w.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("rnn: L1: W[%d][%d] is %g: %w", i, j, v, ErrNonFinite)
			}
			s += math.Abs(v)
			var g float64
			switch {
			case v > 0:
				g = p.Lambda
			case v < 0:
				g = -p.Lambda
			}
			dst.Set(i, j, g)
		}
	}
	return p.Lambda * s, nil
}
