package spatial

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// DefaultDistancePower is the exponent of the published distance matrix.
const DefaultDistancePower = 1.0

// Distances returns the N×N matrix D_ij = ‖x_i − x_j‖₂^power of the rows of
// the N×d coordinate matrix coords (power = 1 is the paper's Euclidean
// distance; the diagonal is 0 for every power > 0). A non-finite coordinate,
// or a power that is not finite and > 0, gives an error; an empty coords
// panics with a ShapeError.
func Distances(coords mat.Matrix, power float64) (*mat.Dense, error) {
	const fn = "Distances"
	if !(power > 0) || math.IsInf(power, 0) {
		return nil, paramError(fn, "power", power, ErrConfig)
	}
	n, d := coords.Dims()
	if n < 1 || d < 1 {
		panicShape(fn, "coords", n, d, "N×d with N, d ≥ 1")
	}
	x := mat.DenseCopyOf(coords)
	for i := 0; i < n; i++ {
		for k := 0; k < d; k++ {
			if v := x.At(i, k); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, entryError(fn, "coords", i, k, v, ErrNonFinite)
			}
		}
	}
	out := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		xi := x.RawRowView(i)
		for j := i + 1; j < n; j++ {
			xj := x.RawRowView(j)
			var ss float64
			for k := range xi {
				t := xi[k] - xj[k]
				ss += t * t
			}
			v := math.Sqrt(ss)
			if power != 1 {
				v = math.Pow(v, power)
			}
			out.Set(i, j, v)
			out.Set(j, i, v)
		}
	}
	if math.IsInf(mat.Max(out), 0) {
		return nil, fmt.Errorf("spatial: %s: distance overflows float64: %w", fn, ErrNonFinite)
	}
	return out, nil
}
