package dynamics

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// pcaBlock is the number of rows centred and multiplied at a time: the
// covariance of a large set of states is accumulated without a centred copy
// of the whole set.
const pcaBlock = 4096

// PCA is the principal component analysis of a set of states (one per
// row): the mean μ, the eigenvalues λ_1 ≥ … ≥ λ_N of the sample covariance
// C = (X − μ)ᵀ(X − μ)/(T − 1) and its unit eigenvectors, the principal
// axes, in the columns of Axes. It gives the same components as gonum's
// stat.PC (which takes the SVD of the centred data) at the cost of one
// blocked GEMM and one N×N symmetric eigen-decomposition, so that 2,560
// trials × 50 steps of a 312-unit network take well under a second.
type PCA struct {
	Mean      []float64
	Variances []float64  // λ_k, decreasing
	Axes      *mat.Dense // N×N, column k is the k-th principal axis
}

// FitPCA computes the PCA of the rows of x (at least two rows, finite). The
// sign of each axis is fixed so that its largest-magnitude entry is
// positive. It returns an error wrapping ErrInput for fewer than two rows
// or a non-finite entry, and an error if the eigen-decomposition fails.
func FitPCA(x mat.Matrix) (*PCA, error) {
	t, n := x.Dims()
	if t < 2 {
		return nil, fmt.Errorf("dynamics: FitPCA: %d states, want at least 2: %w", t, ErrInput)
	}
	mean := make([]float64, n)
	buf := make([]float64, n)
	row := func(i int) []float64 {
		if d, ok := x.(mat.RawMatrixer); ok {
			m := d.RawMatrix()
			return m.Data[i*m.Stride : i*m.Stride+n]
		}
		return mat.Row(buf, i, x)
	}
	for i := range t {
		for j, v := range row(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("dynamics: FitPCA: state %d, unit %d is %g: %w", i, j, v, ErrInput)
			}
			mean[j] += v
		}
	}
	block := mat.NewDense(min(pcaBlock, t), n, nil)
	for j := range mean {
		mean[j] /= float64(t)
	}
	cov := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	for r0 := 0; r0 < t; r0 += pcaBlock {
		r1 := min(r0+pcaBlock, t)
		b := block.Slice(0, r1-r0, 0, n).(*mat.Dense)
		for i := r0; i < r1; i++ {
			dst := b.RawRowView(i - r0)
			for j, v := range row(i) {
				dst[j] = v - mean[j]
			}
		}
		// C += Bᵀ B through the installed BLAS (GEMM, not SYRK: a faster
		// BLAS such as fastblas accelerates GEMM).
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, b.RawMatrix(), b.RawMatrix(), 1, cov)
	}
	sym := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			sym.SetSym(i, j, (cov.Data[i*n+j]+cov.Data[j*n+i])/2/float64(t-1))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return nil, fmt.Errorf("dynamics: FitPCA: eigen-decomposition of the %d×%d covariance did not converge", n, n)
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	p := &PCA{Mean: mean, Variances: make([]float64, n), Axes: mat.NewDense(n, n, nil)}
	// EigenSym sorts ascending; PCA wants descending.
	for k := range n {
		src := n - 1 - k
		p.Variances[k] = max(vals[src], 0) // rounding can make a zero variance slightly negative
		col := mat.Col(nil, src, &vecs)
		big := 0
		for i := range col {
			if math.Abs(col[i]) > math.Abs(col[big]) {
				big = i
			}
		}
		if col[big] < 0 {
			for i := range col {
				col[i] = -col[i]
			}
		}
		p.Axes.SetCol(k, col)
	}
	return p, nil
}

// ExplainedVariance returns λ_k / Σ_j λ_j for every component, decreasing.
func (p *PCA) ExplainedVariance() []float64 {
	out := slices.Clone(p.Variances)
	var s float64
	for _, v := range out {
		s += v
	}
	for i := range out {
		out[i] /= s
	}
	return out
}

// ParticipationRatio returns the dimensionality
//
//	PR = (Σ_k λ_k)² / Σ_k λ_k²,
//
// between 1 (one component carries all the variance) and N (isotropic):
// Gao, Trautmann, Yu, Santhanam, Ryu, Shenoy & Ganguli 2017, "A theory of
// multineuronal dimensionality, dynamics and measurement",
// doi:10.1101/214262. It is NaN when every variance is zero.
func (p *PCA) ParticipationRatio() float64 {
	var s, s2 float64
	for _, v := range p.Variances {
		s += v
		s2 += v * v
	}
	if s2 == 0 {
		return math.NaN()
	}
	return s * s / s2
}

// ProjectTo writes the coordinates of the states in the rows of x on the
// first k principal axes, (x − μ) A[:, :k], into dst (a zero-value dst is
// sized; otherwise it must be rows×k) and returns dst. It panics with a
// ShapeError on a size mismatch.
func (p *PCA) ProjectTo(dst *mat.Dense, x mat.Matrix, k int) *mat.Dense {
	rows, n := x.Dims()
	if n != len(p.Mean) || k < 1 || k > n {
		panicShape("PCA projection input", fmt.Sprintf("%d×%d, k = %d", rows, n, k), fmt.Sprintf("rows×%d, 1 ≤ k ≤ %d", len(p.Mean), len(p.Mean)))
	}
	c := mat.DenseCopyOf(x)
	for i := range rows {
		row := c.RawRowView(i)
		for j := range row {
			row[j] -= p.Mean[j]
		}
	}
	return p.mulAxes(dst, c, k)
}

// DirectionsTo writes the components of the directions in the rows of v
// (e.g. eigenvectors, which are not centred) on the first k principal axes,
// v A[:, :k], into dst and returns dst. Sizes as ProjectTo.
func (p *PCA) DirectionsTo(dst *mat.Dense, v mat.Matrix, k int) *mat.Dense {
	rows, n := v.Dims()
	if n != len(p.Mean) || k < 1 || k > n {
		panicShape("PCA direction input", fmt.Sprintf("%d×%d, k = %d", rows, n, k), fmt.Sprintf("rows×%d, 1 ≤ k ≤ %d", len(p.Mean), len(p.Mean)))
	}
	return p.mulAxes(dst, v, k)
}

func (p *PCA) mulAxes(dst *mat.Dense, x mat.Matrix, k int) *mat.Dense {
	rows, _ := x.Dims()
	if dst == nil {
		dst = &mat.Dense{}
	}
	if dst.IsEmpty() {
		dst.ReuseAs(rows, k)
	} else if r, c := dst.Dims(); r != rows || c != k {
		panicShape("PCA projection destination", fmt.Sprintf("%d×%d", r, c), fmt.Sprintf("%d×%d", rows, k))
	}
	n := len(p.Mean)
	dst.Mul(x, p.Axes.Slice(0, n, 0, k))
	return dst
}
