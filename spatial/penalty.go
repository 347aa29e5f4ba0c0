package spatial

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Default penalty strengths of the paper (docs/method.md §4).
const (
	DefaultLambda    = 0.3 // λ of every penalty
	DefaultLambdaEMD = 0.1 // λ_emd of the EMD penalty
)

// checkStrength reports a penalty strength that is not finite and ≥ 0.
func checkStrength(fn, name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return paramError(fn, name, v, ErrNonFinite)
	}
	if v < 0 {
		return paramError(fn, name, v, ErrNegative)
	}
	return nil
}

// loadSquareChecked copies the square matrix m into a new row-major slice and
// reports a non-finite (or, with nonNegative, negative) entry. A non-square
// or empty m panics with a ShapeError.
func loadSquareChecked(fn, name string, m mat.Matrix, nonNegative bool) (int, []float64, error) {
	n := squareSize(fn, name, m)
	data := make([]float64, n*n)
	if err := loadFinite(fn, name, data, m); err != nil {
		return n, data, err
	}
	if nonNegative {
		for k, v := range data {
			if v < 0 {
				return n, data, entryError(fn, name, k/n, k%n, v, ErrNegative)
			}
		}
	}
	return n, data, nil
}

// checkW panics with a ShapeError unless w is n×n.
func checkW(fn string, w mat.Matrix, n int) {
	if r, c := w.Dims(); r != n || c != n {
		panicShape(fn, "w", r, c, shapeOf(n, "the size of D"))
	}
}

// sign is the sign of x with sign(0) = 0 (and sign(NaN) = 0): the
// subgradient of |x| at the kink that this package uses
// (∂P/∂W_ij = ∂P/∂A_ij·sign(W_ij)). It selects with an integer conditional
// move rather than branching on the sign of x, which is unpredictable for
// weight matrices.
func sign(x float64) float64 {
	return signTimes(x, 1)
}

// signTimes returns g if x > 0, −g if x < 0 and +0 otherwise (x zero or
// NaN), exactly, by flipping g's sign bit with x's and masking; the
// compiler turns the condition into CMOV.
func signTimes(x, g float64) float64 {
	var m uint64
	if math.Abs(x) > 0 {
		m = ^uint64(0)
	}
	const signBit = 1 << 63
	return math.Float64frombits((math.Float64bits(g) ^ math.Float64bits(x)&signBit) & m)
}

// applySign writes gradA ⊙ sign(W) into dst (already n×n).
func applySign(dst *mat.Dense, gradA, w []float64, n int) {
	raw := dst.RawMatrix()
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+n]
		wr := w[i*n : i*n+n]
		gr := gradA[i*n : i*n+n]
		for j := range row {
			row[j] = signTimes(wr[j], gr[j])
		}
	}
}
