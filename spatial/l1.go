package spatial

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// L1 is the baseline penalty of the `W` variant, P(W) = λ Σ_ij |W_ij|
// (docs/method.md §4). The zero value has λ = 0; set Lambda (DefaultLambda is the
// paper's 0.3). It satisfies rnn.Penalty.
type L1 struct {
	Lambda float64
	// IgnoreLambda reproduces the published defect: P(W) = Σ_ij |W_ij|, λ
	// not applied (reference mode).
	IgnoreLambda bool
}

// Validate reports a Lambda that is not finite and ≥ 0.
func (p *L1) Validate() error {
	if p.IgnoreLambda {
		return nil
	}
	return checkStrength("L1", "Lambda", p.Lambda)
}

func (p *L1) strength() float64 {
	if p.IgnoreLambda {
		return 1
	}
	return p.Lambda
}

// Value returns λ Σ|W_ij| for a matrix W of any shape. A non-finite entry or
// an invalid Lambda gives an error.
func (p *L1) Value(w mat.Matrix) (float64, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	r, c := w.Dims()
	var s float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := w.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, entryError("L1.Value", "w", i, j, v, ErrNonFinite)
			}
			s += math.Abs(v)
		}
	}
	return p.strength() * s, nil
}

// ValueGradTo writes ∂P/∂W = λ·sign(W) (sign(0) = 0) into dst and returns
// P(W). A zero-value dst is sized; a dst of another shape than W panics with
// a ShapeError. Errors as for Value (dst is then unspecified).
func (p *L1) ValueGradTo(dst *mat.Dense, w mat.Matrix) (float64, error) {
	const fn = "L1.ValueGradTo"
	r, c := w.Dims()
	if dst.IsEmpty() {
		dst.ReuseAs(r, c)
	} else if dr, dc := dst.Dims(); dr != r || dc != c {
		panicShape(fn, "dst", dr, dc, "the shape of w")
	}
	if err := p.Validate(); err != nil {
		return 0, err
	}
	lam := p.strength()
	var s float64
	if wd, ok := w.(*mat.Dense); ok && r > 0 && c > 0 {
		// The same loop on the raw rows, without At and Set calls.
		wr, dr := wd.RawMatrix(), dst.RawMatrix()
		for i := 0; i < r; i++ {
			row := wr.Data[i*wr.Stride : i*wr.Stride+c]
			out := dr.Data[i*dr.Stride : i*dr.Stride+c]
			for j, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return 0, entryError(fn, "w", i, j, v, ErrNonFinite)
				}
				s += math.Abs(v)
				out[j] = lam * sign(v)
			}
		}
		return lam * s, nil
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := w.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, entryError(fn, "w", i, j, v, ErrNonFinite)
			}
			s += math.Abs(v)
			dst.Set(i, j, lam*sign(v))
		}
	}
	return lam * s, nil
}
