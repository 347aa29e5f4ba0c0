package dynamics

import (
	"cmp"
	"fmt"
	"math"
	"math/cmplx"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Stability classifies a fixed point of a discrete-time map by the moduli of
// its Jacobian's eigenvalues: a perturbation along eigenvector k is
// multiplied by λ_k each step.
type Stability int

const (
	// Stable: every |λ| < 1 (an attractor).
	Stable Stability = iota
	// Saddle: some |λ| > 1 and some |λ| ≤ 1; Linearization.Unstable counts
	// the unstable modes.
	Saddle
	// Unstable: every |λ| > 1 (a repeller).
	Unstable
	// Marginal: no |λ| > 1 but some |λ| = 1 exactly (to rounding): a
	// continuous attractor or a point the linearisation cannot classify.
	Marginal
)

// String returns the lower-case name of s.
func (s Stability) String() string {
	switch s {
	case Stable:
		return "stable"
	case Saddle:
		return "saddle"
	case Unstable:
		return "unstable"
	case Marginal:
		return "marginal"
	}
	return fmt.Sprintf("Stability(%d)", int(s))
}

// marginalTol is how close to 1 a modulus must be to count as 1: a few
// rounding errors of an eigenvalue of a matrix with entries of order 1.
const marginalTol = 1e-12

// Linearization is the linear dynamics δh_{t+1} = J δh_t around a point (δh
// a column vector): the eigenvalues of J sorted by decreasing modulus, the
// classification, and the eigenvectors of the unstable modes.
type Linearization struct {
	// Eigenvalues of J, by decreasing |λ| (ties by real, then imaginary part).
	Eigenvalues []complex128
	// Stability classifies the point.
	Stability Stability
	// Unstable is the number of eigenvalues with |λ| > 1.
	Unstable int
	// UnstableVectors holds the unit right eigenvectors (J v = λ v) of the
	// Unstable leading eigenvalues in its columns, N×Unstable; nil when
	// there are none.
	UnstableVectors *mat.CDense
}

// Linearize eigen-decomposes the Jacobian j (gonum mat.Eigen, LAPACK's
// Dgeev) and classifies the point. It returns an error if the
// decomposition fails or j has a non-finite entry.
func Linearize(j mat.Matrix) (Linearization, error) {
	n, c := j.Dims()
	if n != c {
		panicShape("Jacobian", fmt.Sprintf("%d×%d", n, c), "square")
	}
	for r := 0; r < n; r++ {
		for k := 0; k < n; k++ {
			if v := j.At(r, k); math.IsNaN(v) || math.IsInf(v, 0) {
				return Linearization{}, fmt.Errorf("dynamics: Jacobian[%d][%d] is %g", r, k, v)
			}
		}
	}
	var eig mat.Eigen
	if !eig.Factorize(j, mat.EigenRight) {
		return Linearization{}, fmt.Errorf("dynamics: eigen-decomposition of the %d×%d Jacobian did not converge", n, n)
	}
	vals := eig.Values(nil)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(cmplx.Abs(vals[b]), cmplx.Abs(vals[a])); c != 0 {
			return c
		}
		if c := cmp.Compare(real(vals[b]), real(vals[a])); c != 0 {
			return c
		}
		return cmp.Compare(imag(vals[b]), imag(vals[a]))
	})
	l := Linearization{Eigenvalues: make([]complex128, n)}
	for i, k := range order {
		l.Eigenvalues[i] = vals[k]
		if cmplx.Abs(vals[k]) > 1+marginalTol {
			l.Unstable++
		}
	}
	switch lead := cmplx.Abs(l.Eigenvalues[0]); {
	case l.Unstable == n:
		l.Stability = Unstable
	case l.Unstable > 0:
		l.Stability = Saddle
	case lead >= 1-marginalTol:
		l.Stability = Marginal
	default:
		l.Stability = Stable
	}
	if l.Unstable > 0 {
		var all mat.CDense
		eig.VectorsTo(&all)
		l.UnstableVectors = mat.NewCDense(n, l.Unstable, nil)
		for k := 0; k < l.Unstable; k++ {
			var norm float64
			for i := 0; i < n; i++ {
				norm = math.Hypot(norm, cmplx.Abs(all.At(i, order[k])))
			}
			for i := 0; i < n; i++ {
				l.UnstableVectors.Set(i, k, all.At(i, order[k])/complex(norm, 0))
			}
		}
	}
	return l, nil
}

// Leading returns the largest modulus |λ_0| (the spectral radius of J).
func (l *Linearization) Leading() float64 {
	if len(l.Eigenvalues) == 0 {
		return math.NaN()
	}
	return cmplx.Abs(l.Eigenvalues[0])
}

// TimeConstant returns the time constant of mode k in steps,
//
//	τ_k = −1 / ln |λ_k|,
//
// the number of steps over which a perturbation along eigenvector k shrinks
// by a factor e (τ > 0, |λ| < 1) or, negative, grows by e (|λ| > 1); +Inf
// when |λ| = 1 and 0 when λ = 0. Multiply by the time step (ms) for ms.
func (l *Linearization) TimeConstant(k int) float64 {
	m := cmplx.Abs(l.Eigenvalues[k])
	if m == 0 {
		return 0
	}
	if m == 1 {
		return math.Inf(1)
	}
	return -1 / math.Log(m)
}
