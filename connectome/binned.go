package connectome

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

func checkWindow(op string, t0, t1, width float64) error {
	if !(t1 > t0) || math.IsInf(t0, 0) || math.IsInf(t1, 0) {
		return fmt.Errorf("connectome: %s: %w: recording interval [%v, %v] is empty or infinite", op, ErrConfig, t0, t1)
	}
	if !(width > 0) || math.IsInf(width, 0) {
		return fmt.Errorf("connectome: %s: %w: width %v, want finite and > 0", op, ErrConfig, width)
	}
	return nil
}

// BinCounts returns the K×N matrix of spike counts of N trains in K =
// ⌊(t1−t0)/width⌋ bins [t0 + k·width, t0 + (k+1)·width). Row k is a time
// bin, column i a neuron; spikes outside the K bins are ignored. Trains must
// be sorted and finite. It returns an error for an empty interval, a
// non-positive width, fewer than two bins or a bad train.
func BinCounts(spikes [][]float64, t0, t1, width float64) (*mat.Dense, error) {
	if err := checkWindow("BinCounts", t0, t1, width); err != nil {
		return nil, err
	}
	k := int(math.Floor((t1 - t0) / width))
	if k < 2 || len(spikes) == 0 {
		return nil, fmt.Errorf("connectome: BinCounts: %w: %d bins of %d trains, want ≥ 2 bins and ≥ 1 train", ErrShape, k, len(spikes))
	}
	n := len(spikes)
	x := mat.NewDense(k, n, nil)
	raw := x.RawMatrix()
	for i, s := range spikes {
		if err := checkTrain(s); err != nil {
			return nil, fmt.Errorf("connectome: BinCounts: %w: neuron %d: %v", ErrValue, i, err)
		}
		for _, t := range s {
			b := int(math.Floor((t - t0) / width))
			if t < t0 || b >= k {
				continue
			}
			raw.Data[b*raw.Stride+i]++
		}
	}
	return x, nil
}

// Correlation returns the N×N Pearson correlation matrix of the N columns of
// x (K observations × N variables), as numpy.corrcoef(x, rowvar=False):
// r_ij = c_ij / √(c_ii c_jj) with c the covariance. It returns an error
// naming the first column with zero variance (its correlation is undefined).
func Correlation(x mat.Matrix) (*mat.Dense, error) {
	cov, err := covariance(x, "Correlation")
	if err != nil {
		return nil, err
	}
	return corrFromCov(cov)
}

// corrFromCov turns a covariance matrix into a correlation matrix in place.
func corrFromCov(cov *mat.Dense) (*mat.Dense, error) {
	n, _ := cov.Dims()
	sd := make([]float64, n)
	for i := range n {
		v := cov.At(i, i)
		if !(v > 0) { // includes rounding of an exactly constant column
			return nil, fmt.Errorf("connectome: Correlation: %w: column %d has zero variance", ErrValue, i)
		}
		sd[i] = math.Sqrt(v)
	}
	for i := range n {
		for j := range n {
			r := cov.At(i, j) / (sd[i] * sd[j])
			cov.Set(i, j, max(-1, min(1, r)))
		}
		cov.Set(i, i, 1)
	}
	return cov, nil
}

// covariance returns the N×N sample covariance (divisor K−1) of x's columns.
func covariance(x mat.Matrix, op string) (*mat.Dense, error) {
	k, n := x.Dims()
	if k < 2 || n < 1 {
		return nil, fmt.Errorf("connectome: %s: %w: %d×%d data, want ≥ 2 rows", op, ErrShape, k, n)
	}
	c := mat.DenseCopyOf(x)
	for j := range n {
		mean := 0.0
		for i := range k {
			v := c.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("connectome: %s: %w: non-finite value at [%d,%d]", op, ErrValue, i, j)
			}
			mean += v
		}
		mean /= float64(k)
		for i := range k {
			c.Set(i, j, c.At(i, j)-mean)
		}
	}
	var cov mat.SymDense
	cov.SymOuterK(1/float64(k-1), c.T())
	return mat.DenseCopyOf(&cov), nil
}

// countCovariance returns the sample covariance (divisor K−1) of the columns
// of a K×N matrix of non-negative integer counts. Sparse counts (the usual
// case for spikes in short bins) take a path that visits only the non-zero
// pairs of each row: with integer counts the raw sums S_i = Σ_k x_ki and
// S_ij = Σ_k x_ki x_kj are exact in float64 (below 2^53), and
// c_ij = (S_ij − S_i S_j / K)/(K − 1). Dense counts use covariance.
func countCovariance(x *mat.Dense, op string) (*mat.Dense, error) {
	k, n := x.Dims()
	raw := x.RawMatrix()
	nnz := 0
	for r := range k {
		for _, v := range raw.Data[r*raw.Stride : r*raw.Stride+n] {
			if v != 0 {
				nnz++
			}
		}
	}
	if k < 2 || 4*nnz > k*n {
		return covariance(x, op)
	}
	return sparseCountCovariance(x), nil
}

// sparseCountCovariance is countCovariance's sparse path (k ≥ 2).
func sparseCountCovariance(x *mat.Dense) *mat.Dense {
	k, n := x.Dims()
	raw := x.RawMatrix()
	sum := make([]float64, n)
	cross := mat.NewDense(n, n, nil)
	cr := cross.RawMatrix()
	idx := make([]int, 0, n)
	for r := range k {
		row := raw.Data[r*raw.Stride : r*raw.Stride+n]
		idx = idx[:0]
		for j, v := range row {
			if v != 0 {
				idx = append(idx, j)
				sum[j] += v
			}
		}
		for a, i := range idx {
			vi := row[i]
			ci := cr.Data[i*cr.Stride:]
			for _, j := range idx[a:] {
				ci[j] += vi * row[j]
			}
		}
	}
	kf := float64(k)
	for i := range n {
		for j := i; j < n; j++ {
			c := (cr.Data[i*cr.Stride+j] - sum[i]*sum[j]/kf) / (kf - 1)
			cross.Set(i, j, c)
			cross.Set(j, i, c)
		}
	}
	return cross
}

// BinnedCorrelation is Correlation(BinCounts(spikes, t0, t1, width)): the
// Pearson correlation of spike counts in bins of the given width (seconds).
func BinnedCorrelation(spikes [][]float64, t0, t1, width float64) (*mat.Dense, error) {
	x, err := BinCounts(spikes, t0, t1, width)
	if err != nil {
		return nil, err
	}
	cov, err := countCovariance(x, "BinnedCorrelation")
	if err != nil {
		return nil, err
	}
	return corrFromCov(cov)
}

// Precision returns the precision matrix (inverse covariance) of the columns
// of x (K observations × N variables). With shrinkage λ ∈ (0, 1] the sample
// covariance S (divisor K−1) is first shrunk towards a scaled identity,
// S_λ = (1−λ)·S + λ·(tr S / N)·I (the target of Ledoit & Wolf 2004,
// doi:10.1016/S0047-259X(03)00096-4, with a fixed λ). It returns an error
// wrapping ErrSingular when S_λ is not positive definite (e.g. λ = 0 and
// fewer observations than variables, or a silent neuron).
func Precision(x mat.Matrix, shrinkage float64) (*mat.Dense, error) {
	if !(shrinkage >= 0 && shrinkage <= 1) {
		return nil, fmt.Errorf("connectome: Precision: %w: shrinkage %v, want in [0, 1]", ErrConfig, shrinkage)
	}
	cov, err := covariance(x, "Precision")
	if err != nil {
		return nil, err
	}
	return precisionFromCov(cov, shrinkage)
}

// precisionFromCov shrinks and inverts a covariance matrix (modified in place).
func precisionFromCov(cov *mat.Dense, shrinkage float64) (*mat.Dense, error) {
	n, _ := cov.Dims()
	if shrinkage > 0 {
		tr := mat.Trace(cov) / float64(n)
		cov.Scale(1-shrinkage, cov)
		for i := range n {
			cov.Set(i, i, cov.At(i, i)+shrinkage*tr)
		}
	}
	sym := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			sym.SetSym(i, j, cov.At(i, j))
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(sym) {
		return nil, fmt.Errorf("connectome: Precision: %w: covariance is not positive definite (use shrinkage > 0)", ErrSingular)
	}
	if c := ch.Cond(); c > 1e14 {
		return nil, fmt.Errorf("connectome: Precision: %w: covariance condition number %.3g (use shrinkage > 0)", ErrSingular, c)
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return nil, fmt.Errorf("connectome: Precision: %w: %v", ErrSingular, err)
	}
	return mat.DenseCopyOf(&inv), nil
}

// BinnedPrecision is Precision(BinCounts(spikes, t0, t1, width), shrinkage).
func BinnedPrecision(spikes [][]float64, t0, t1, width, shrinkage float64) (*mat.Dense, error) {
	if !(shrinkage >= 0 && shrinkage <= 1) {
		return nil, fmt.Errorf("connectome: BinnedPrecision: %w: shrinkage %v, want in [0, 1]", ErrConfig, shrinkage)
	}
	x, err := BinCounts(spikes, t0, t1, width)
	if err != nil {
		return nil, err
	}
	cov, err := countCovariance(x, "BinnedPrecision")
	if err != nil {
		return nil, err
	}
	return precisionFromCov(cov, shrinkage)
}
