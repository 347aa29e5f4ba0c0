package connectome

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// SpecTol is the tolerance of the meaning checks on functional matrices
// (CheckFunctional): absolute for Corr and STTC, whose entries lie in
// [−1, 1], and relative to the largest |entry| for Precision's symmetry. The
// real fields are within a few 1e-16 (Corr diagonals of 1 − 2.2e-16,
// asymmetry 2.8e-17 in 9_3_2), so 1e-12 accepts rounding and nothing else.
const SpecTol = 1e-12

// functional names the three functional matrices of a Field.
type functional int

const (
	kindCorr functional = iota
	kindSTTC
	kindPrecision
)

func (k functional) String() string {
	return [...]string{"Corr", "STTC", "Precision"}[k]
}

// CheckFunctional checks that Corr, STTC and Precision (nil ones are
// skipped) mean what they claim, and returns every violation:
//
//   - Corr: entries in [−1, 1], symmetric, diagonal 1;
//   - STTC: entries in [−1, 1], diagonal 1, and the upper triangle either
//     zero (the published files store only the lower triangle, which
//     SymmetrizeSTTC mirrors) or the transpose of the lower one;
//   - Precision: symmetric, with a positive diagonal (an inverse covariance
//     is positive definite);
//
// each within SpecTol. A violation is a *ParseError wrapping ErrOutOfSpec
// that names the matrix and its worst entry (index and value). An all-zero
// matrix is reported as an error wrapping ErrValue: min–max scaling and the
// biological initialisation would be degenerate. Matrices whose size is not
// N×N are left to Check.
func (f *Field) CheckFunctional() []error {
	var out []error
	for _, m := range []struct {
		m    *mat.Dense
		kind functional
	}{{f.Corr, kindCorr}, {f.STTC, kindSTTC}, {f.Precision, kindPrecision}} {
		if m.m == nil {
			continue
		}
		if r, c := m.m.Dims(); r != f.N || c != f.N {
			continue
		}
		v, err := checkFunctional(m.m, m.kind, f.Name+": "+m.kind.String())
		if err != nil {
			out = append(out, err)
		}
		out = append(out, v...)
	}
	return out
}

// checkFunctional returns the ErrOutOfSpec violations of the square matrix m
// of the given kind, and an ErrValue error when m is all zero.
func checkFunctional(m *mat.Dense, kind functional, file string) ([]error, error) {
	n, _ := m.Dims()
	bad := func(format string, args ...any) error {
		return parseErr(file, -1, ErrOutOfSpec, "%s: "+format, append([]any{kind}, args...)...)
	}
	zero, scale := true, 0.0
	for i := range n {
		for j := range n {
			v := m.At(i, j)
			zero = zero && v == 0
			scale = math.Max(scale, math.Abs(v))
		}
	}
	if zero {
		return nil, parseErr(file, -1, ErrValue, "%s: all entries are zero (the biological initialisation would be degenerate)", kind)
	}
	var out []error

	if kind == kindCorr || kind == kindSTTC {
		worst, wi, wj, count := 0.0, 0, 0, 0
		for i := range n {
			for j := range n {
				if e := math.Abs(m.At(i, j)) - 1; e > SpecTol {
					count++
					if e > worst {
						worst, wi, wj = e, i, j
					}
				}
			}
		}
		if count > 0 {
			out = append(out, bad("%d entries outside [−1, 1]; worst [%d,%d] = %v (tolerance %g)", count, wi, wj, m.At(wi, wj), SpecTol))
		}
		worst, wi = 0, 0
		for i := range n {
			if e := math.Abs(m.At(i, i) - 1); e > worst {
				worst, wi = e, i
			}
		}
		if worst > SpecTol {
			out = append(out, bad("diagonal entry [%d,%d] = %v, want 1 (tolerance %g)", wi, wi, m.At(wi, wi), SpecTol))
		}
	}

	// Symmetry: worst |m_ij − m_ji| over i < j.
	tol := SpecTol
	if kind == kindPrecision {
		tol = SpecTol * scale
	}
	worst, wi, wj, upperZero := 0.0, 0, 0, true
	for i := range n {
		for j := i + 1; j < n; j++ {
			upperZero = upperZero && m.At(i, j) == 0
			if e := math.Abs(m.At(i, j) - m.At(j, i)); e > worst {
				worst, wi, wj = e, i, j
			}
		}
	}
	switch {
	case worst <= tol:
	case kind == kindSTTC && upperZero:
		// The published layout: lower triangle only.
	case kind == kindSTTC:
		out = append(out, bad("upper triangle is neither zero (the published layout) nor the transpose of the lower one: [%d,%d] = %v but [%d,%d] = %v (tolerance %g)", wi, wj, m.At(wi, wj), wj, wi, m.At(wj, wi), tol))
	default:
		out = append(out, bad("not symmetric: [%d,%d] = %v but [%d,%d] = %v (tolerance %g)", wi, wj, m.At(wi, wj), wj, wi, m.At(wj, wi), tol))
	}

	if kind == kindPrecision {
		wi, low := 0, math.Inf(1)
		for i := range n {
			if v := m.At(i, i); v < low {
				wi, low = i, v
			}
		}
		if low <= 0 {
			out = append(out, bad("diagonal entry [%d,%d] = %v, want > 0 (an inverse covariance is positive definite)", wi, wi, low))
		}
	}
	return out, nil
}
