package connectome

import (
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// perronTol is the relative gap between the Collatz–Wielandt bounds at which
// the power iteration for a non-negative matrix stops.
const (
	perronTol     = 1e-14
	perronMaxIter = 2000
)

// SpectralRadius returns ρ(m) = max |λ| over the eigenvalues of the square
// matrix m, in float64.
//
// For an entrywise non-negative m it runs a power iteration and stops when
// the Collatz–Wielandt bounds min_i (mx)_i/x_i ≤ ρ ≤ max_i (mx)_i/x_i
// (x > 0) agree to a relative 1e-14, which by the Perron–Frobenius theorem
// brackets ρ (Meyer, Matrix Analysis and Applied Linear Algebra, SIAM 2000,
// §8.3). When those bounds do not meet (e.g. a reducible matrix with zero
// rows) and for matrices with negative entries it falls back to the full
// eigenvalue decomposition (gonum mat.Eigen, LAPACK Dgeev). It returns an
// error for a non-finite matrix or when the decomposition fails, and panics
// with a DimensionError if m is not square.
func SpectralRadius(m mat.Matrix) (float64, error) {
	n, c := m.Dims()
	if n != c {
		panicDim("SpectralRadius", "matrix is %d×%d, want square", n, c)
	}
	a := mat.DenseCopyOf(m)
	raw := a.RawMatrix()
	nonneg := true
	for i := range n {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+n] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("connectome: SpectralRadius: %w: non-finite entry %v", ErrValue, v)
			}
			if v < 0 {
				nonneg = false
			}
		}
	}
	if nonneg {
		x := make([]float64, n)
		for i := range x {
			x[i] = 1
		}
		if r, ok := perronRoot(raw, x); ok {
			return r, nil
		}
	}
	lambda, err := eigenvalues("SpectralRadius", a)
	if err != nil {
		return 0, err
	}
	r := 0.0
	for _, v := range lambda {
		r = max(r, cmplx.Abs(v))
	}
	return r, nil
}

// perronRoot runs the power iteration on the non-negative n×n matrix a from
// the positive start vector x (len n), which it overwrites with the last
// iterate; ok is false when the Collatz–Wielandt bounds do not close within
// perronMaxIter steps.
func perronRoot(a blas64.General, x []float64) (float64, bool) {
	n := len(x)
	y := make([]float64, n)
	for range perronMaxIter {
		blas64.Gemv(blas.NoTrans, 1, a, blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: n, Inc: 1, Data: y})
		lo, hi, norm := math.Inf(1), 0.0, 0.0
		for i := range n {
			if x[i] <= 0 || y[i] <= 0 {
				return 0, false
			}
			q := y[i] / x[i]
			lo, hi = min(lo, q), max(hi, q)
			norm = max(norm, y[i])
		}
		if hi-lo <= perronTol*hi {
			return (lo + hi) / 2, true
		}
		for i := range n {
			x[i] = y[i] / norm
		}
	}
	return 0, false
}
