package spatial

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Wiring is the wiring-cost penalty of the WD and WD* variants,
// P(W) = λ Σ_ij |W_ij| D_ij (docs/method.md §4; Achterberg et al. 2023,
// doi:10.1038/s42256-023-00748-9). It satisfies rnn.Penalty. Not safe for
// concurrent use.
type Wiring struct {
	lambda float64
	n      int
	d      []float64
	w      []float64
}

// NewWiring returns the wiring penalty with the N×N distance matrix d
// (copied) and strength lambda (the published value is DefaultLambda). d
// must be square (else a ShapeError panic); a negative or non-finite lambda
// or entry of d gives an error.
func NewWiring(d mat.Matrix, lambda float64) (*Wiring, error) {
	const fn = "NewWiring"
	n, data, err := loadSquareChecked(fn, "d", d, true)
	if err != nil {
		return nil, err
	}
	if err := checkStrength(fn, "lambda", lambda); err != nil {
		return nil, err
	}
	return &Wiring{lambda: lambda, n: n, d: data, w: make([]float64, n*n)}, nil
}

// Value returns λ Σ|W_ij| D_ij. W must be N×N (else a ShapeError panic); a
// non-finite entry gives an error.
func (p *Wiring) Value(w mat.Matrix) (float64, error) {
	const fn = "Wiring.Value"
	if err := p.load(fn, w); err != nil {
		return 0, err
	}
	var s float64
	for k, v := range p.w {
		s += math.Abs(v) * p.d[k]
	}
	return p.lambda * s, nil
}

// ValueGradTo writes ∂P/∂W = λ D ⊙ sign(W) into dst (sized if zero-valued;
// another shape than N×N panics with a ShapeError) and returns P(W).
func (p *Wiring) ValueGradTo(dst *mat.Dense, w mat.Matrix) (float64, error) {
	const fn = "Wiring.ValueGradTo"
	sizeDst(fn, "dst", dst, p.n)
	if err := p.load(fn, w); err != nil {
		return 0, err
	}
	n := p.n
	raw := dst.RawMatrix()
	var s float64
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+n]
		for j := range row {
			v, dij := p.w[i*n+j], p.d[i*n+j]
			s += math.Abs(v) * dij
			row[j] = p.lambda * dij * sign(v)
		}
	}
	return p.lambda * s, nil
}

func (p *Wiring) load(fn string, w mat.Matrix) error {
	checkW(fn, w, p.n)
	return loadFinite(fn, "w", p.w, w)
}
