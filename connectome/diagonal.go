package connectome

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Two controls split a matrix w at its diagonal, each part scaled back to
// w's spectral radius, to tell apart what self-connections and the
// coupling between units contribute (the biological W* holds much of its
// radius on the diagonal, the unit diagonal of Corr and STTC; Summarize
// measures how much):
//
//	SelfConnections   diag(w) alone: independent units, no coupling
//	Coupling          w with a zero diagonal: the coupling alone
//
// Neither consumes randomness, so paired with the W* they come from they
// differ from it in that one respect.

// SelfConnections returns the diagonal of the square w with every
// off-diagonal entry zero, scaled to w's spectral radius: for a diagonal
// matrix ρ is the largest |w_ii|, so the result is diag(w)·ρ(w)/max_i |w_ii|.
// It returns an error wrapping ErrValue when w is non-finite or its
// diagonal or spectral radius is zero, and panics with a DimensionError if
// w is not square.
func SelfConnections(w mat.Matrix) (*mat.Dense, error) {
	n, c := w.Dims()
	if n != c {
		panicDim("SelfConnections", "matrix is %d×%d, want square", n, c)
	}
	out := mat.NewDense(n, n, nil)
	for i := range n {
		out.Set(i, i, w.At(i, i))
	}
	return scaledTo(w, out, "SelfConnections", "diagonal")
}

// Coupling returns the square w with its diagonal set to zero, scaled to
// w's spectral radius. It returns an error wrapping ErrValue when w is
// non-finite, when w's spectral radius is zero or when the coupling's is
// (e.g. a diagonal or triangular w), and panics with a DimensionError if w
// is not square.
func Coupling(w mat.Matrix) (*mat.Dense, error) {
	n, c := w.Dims()
	if n != c {
		panicDim("Coupling", "matrix is %d×%d, want square", n, c)
	}
	out := mat.DenseCopyOf(w)
	for i := range n {
		out.Set(i, i, 0)
	}
	return scaledTo(w, out, "Coupling", "coupling")
}

// scaledTo scales part in place to the spectral radius of w and returns
// it; what names the part in errors.
func scaledTo(w mat.Matrix, part *mat.Dense, op, what string) (*mat.Dense, error) {
	rho, err := SpectralRadius(w)
	if err != nil {
		return nil, err
	}
	r, err := SpectralRadius(part)
	if err != nil {
		return nil, err
	}
	if rho == 0 || r == 0 {
		return nil, fmt.Errorf("connectome: %s: %w: spectral radius %v of the matrix, %v of its %s: nothing to scale", op, ErrValue, rho, r, what)
	}
	part.Scale(rho/r, part)
	return part, nil
}
