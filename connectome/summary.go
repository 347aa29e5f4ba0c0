package connectome

import (
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// MatrixSummary describes a recurrent weight matrix W (row = presynaptic)
// by the properties that shape a network's dynamics at initialisation. The
// controls of the biological initialisation (Permute, Resample,
// ScaleMatched, BioInit with SourceNone) keep some of these and change
// others, so comparing their summaries says what a control tests. Values
// that are undefined for a matrix (a share of nothing, the spread of a
// constant) are NaN.
type MatrixSummary struct {
	// N is the number of units.
	N int
	// SpectralRadius is ρ(W) = max |λ| over the eigenvalues of W, and
	// OffDiagonalRadius ρ(W − diag W), the part of ρ that coupling between
	// units carries (a diagonal-dominated W has a small one).
	SpectralRadius, OffDiagonalRadius float64
	// L1 is Σ_ij |w_ij| and Frobenius ‖W‖_F = (Σ_ij w_ij²)^½.
	L1, Frobenius float64
	// DiagonalShare is Σ_i |w_ii| / L1: the share of the weight on
	// self-connections.
	DiagonalShare float64
	// Density is the share of non-zero off-diagonal entries among the
	// N(N−1), and PositiveShare the share of positive entries among the
	// non-zero ones (diagonal included).
	Density, PositiveShare float64
	// EntryCV is the coefficient of variation (population standard
	// deviation over mean) of the non-zero off-diagonal |w_ij|.
	EntryCV float64
	// OutStrengthCV and InStrengthCV are the coefficients of variation of
	// the units' off-diagonal out-strengths Σ_{j≠i} |w_ij| (row sums) and
	// in-strengths Σ_{j≠i} |w_ji| (column sums).
	OutStrengthCV, InStrengthCV float64
	// Reciprocity is the Pearson correlation of w_ij and w_ji over the
	// N(N−1) ordered pairs i ≠ j (each pair both ways, so relabelling the
	// units does not change it): 1 for a symmetric W, −1 for an
	// antisymmetric one.
	Reciprocity float64
	// NonNormality is Henrici's departure from normality relative to
	// ‖W‖_F, (‖W‖_F² − Σ_k |λ_k|²)^½ / ‖W‖_F, in [0, 1]: 0 for a normal
	// matrix (W Wᵀ = Wᵀ W), whose eigenvectors are orthogonal, and near 1
	// when transient amplification dominates (Henrici, Numer. Math. 4,
	// 1962; Trefethen and Embree, Spectra and Pseudospectra, 2005, §48).
	NonNormality float64
}

// Summarize returns the MatrixSummary of the square matrix w. It returns
// an error wrapping ErrValue for a non-finite or empty matrix and one
// wrapping ErrSingular when an eigenvalue decomposition (gonum mat.Eigen)
// fails, and panics with a DimensionError if w is not square.
func Summarize(w mat.Matrix) (MatrixSummary, error) {
	n, c := w.Dims()
	if n != c {
		panicDim("Summarize", "matrix is %d×%d, want square", n, c)
	}
	if n == 0 {
		return MatrixSummary{}, fmt.Errorf("connectome: Summarize: %w: empty matrix", ErrValue)
	}
	a := mat.DenseCopyOf(w)
	s := MatrixSummary{N: n}
	var diag, nonzero, positive, offNonzero float64
	var entries []float64
	out, in := make([]float64, n), make([]float64, n)
	for i := range n {
		for j := range n {
			v := a.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return MatrixSummary{}, fmt.Errorf("connectome: Summarize: %w: non-finite entry %v at (%d, %d)", ErrValue, v, i, j)
			}
			s.L1 += math.Abs(v)
			s.Frobenius += v * v
			if v != 0 {
				nonzero++
			}
			if v > 0 {
				positive++
			}
			if i == j {
				diag += math.Abs(v)
				continue
			}
			out[i] += math.Abs(v)
			in[j] += math.Abs(v)
			if v != 0 {
				offNonzero++
				entries = append(entries, math.Abs(v))
			}
		}
	}
	s.Frobenius = math.Sqrt(s.Frobenius)
	s.DiagonalShare = ratio(diag, s.L1)
	s.Density = ratio(offNonzero, float64(n*(n-1)))
	s.PositiveShare = ratio(positive, nonzero)
	s.EntryCV = cv(entries)
	if n > 1 {
		s.OutStrengthCV, s.InStrengthCV = cv(out), cv(in)
	} else {
		s.OutStrengthCV, s.InStrengthCV = math.NaN(), math.NaN()
	}
	s.Reciprocity = reciprocity(a)

	lambda, err := eigenvalues("Summarize", a)
	if err != nil {
		return MatrixSummary{}, err
	}
	var sq float64
	for _, l := range lambda {
		s.SpectralRadius = max(s.SpectralRadius, cmplx.Abs(l))
		sq += real(l)*real(l) + imag(l)*imag(l)
	}
	// Schur's inequality: Σ|λ|² ≤ ‖W‖_F², equal for a normal W; rounding
	// can make the difference slightly negative.
	s.NonNormality = ratio(math.Sqrt(max(0, s.Frobenius*s.Frobenius-sq)), s.Frobenius)
	for i := range n {
		a.Set(i, i, 0)
	}
	if lambda, err = eigenvalues("Summarize", a); err != nil {
		return MatrixSummary{}, err
	}
	for _, l := range lambda {
		s.OffDiagonalRadius = max(s.OffDiagonalRadius, cmplx.Abs(l))
	}
	return s, nil
}

// eigenvalues returns the eigenvalues of the square a.
func eigenvalues(op string, a *mat.Dense) ([]complex128, error) {
	var eig mat.Eigen
	if !eig.Factorize(a, mat.EigenNone) {
		return nil, fmt.Errorf("connectome: %s: %w: eigenvalue decomposition did not converge", op, ErrSingular)
	}
	return eig.Values(nil), nil
}

// ratio returns num/den, NaN when den is 0.
func ratio(num, den float64) float64 {
	if den == 0 {
		return math.NaN()
	}
	return num / den
}

// cv returns the coefficient of variation of x with the population
// standard deviation, NaN when x is empty or its mean is 0.
func cv(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	mean, variance := stat.PopMeanVariance(x, nil)
	return ratio(math.Sqrt(variance), mean)
}

// reciprocity returns the Pearson correlation of a_ij and a_ji over the
// ordered pairs i ≠ j (each pair in both orders, so it does not depend on
// the units' labels), NaN when the off-diagonal entries are constant or
// there are none.
func reciprocity(a *mat.Dense) float64 {
	n, _ := a.Dims()
	if n < 2 {
		return math.NaN()
	}
	x := make([]float64, 0, n*(n-1))
	y := make([]float64, 0, n*(n-1))
	for i := range n {
		for j := range n {
			if i != j {
				x = append(x, a.At(i, j))
				y = append(y, a.At(j, i))
			}
		}
	}
	if _, v := stat.PopMeanVariance(x, nil); v == 0 {
		return math.NaN()
	}
	return stat.Correlation(x, y, nil)
}
