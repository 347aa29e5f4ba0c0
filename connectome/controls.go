package connectome

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Controls for the biological initialisation that the paper lacks. Each keeps
// one property of a biological matrix W* (from BioInit) and destroys the rest:
//
//	BioInit with SourceNone   the same pipeline without functional modulation
//	Permute                   W* with neuron identities scrambled (the paper's W!)
//	Resample                  W*'s own entries redrawn onto W*'s support
//	ScaleMatched              a log-normal random matrix with W*'s spectral
//	                          radius and L1 norm

// Resample returns a matrix with the support (non-zero pattern) of w whose
// non-zero entries are drawn with replacement from the multiset of w's
// non-zero entries, then scaled to w's spectral radius. It consumes one
// rnd.IntN(k) per non-zero entry (k = number of non-zeros), in row-major
// order. It returns an error when w is all zeros or non-finite, and panics if
// w is not square or rnd is nil.
func Resample(w mat.Matrix, rnd *rand.Rand) (*mat.Dense, error) {
	if rnd == nil {
		panic("connectome: Resample: nil *rand.Rand")
	}
	n, c := w.Dims()
	if n != c {
		panicDim("Resample", "matrix is %d×%d, want square", n, c)
	}
	rho, err := SpectralRadius(w)
	if err != nil {
		return nil, err
	}
	var vals []float64
	for i := range n {
		for j := range n {
			if v := w.At(i, j); v != 0 {
				vals = append(vals, v)
			}
		}
	}
	if len(vals) == 0 || rho == 0 {
		return nil, fmt.Errorf("connectome: Resample: %w: matrix has no non-zero entries or zero spectral radius", ErrValue)
	}
	out := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			if w.At(i, j) != 0 {
				out.Set(i, j, vals[rnd.IntN(len(vals))])
			}
		}
	}
	r, err := SpectralRadius(out)
	if err != nil {
		return nil, err
	}
	if r == 0 {
		return nil, fmt.Errorf("connectome: Resample: %w: resampled matrix has zero spectral radius", ErrValue)
	}
	out.Scale(rho/r, out)
	return out, nil
}

// L1Norm returns Σ_ij |m_ij|.
func L1Norm(m mat.Matrix) float64 {
	r, c := m.Dims()
	s := 0.0
	for i := range r {
		for j := range c {
			s += math.Abs(m.At(i, j))
		}
	}
	return s
}

// ScaleMatched returns a random non-negative matrix R with the spectral
// radius and the L1 norm of the non-negative target T (both to a relative
// 1e-12), built from log-normal draws L = DrawLogNormal(n, mu, sigma, rnd):
// exactly n² rnd.NormFloat64 draws, row-major, and no other randomness, so
// the result is a deterministic function of target and rnd's state.
//
// Construction. Split L into its off-diagonal part E and its diagonal D, and
// consider, for exponents α, β ≥ 1,
//
//	R(a) = a·E^α + b(a)·D^β,   b(a) = (‖T‖₁ − a‖E^α‖₁)/‖D^β‖₁,   0 ≤ a ≤ ‖T‖₁/‖E^α‖₁,
//
// where X^α is the entrywise power (for log-normal entries exp(μ + σz), the
// power, once normalised, is again log-normal with spread ασ: α and β widen
// the off-diagonal and the diagonal distributions). Every R(a) has
// ‖R(a)‖₁ = ‖T‖₁, and ρ(R(a)) is continuous in a, from
// ‖T‖₁·max D^β/‖D^β‖₁ at a = 0 (diagonal only) to ‖T‖₁·ρ(E^α)/‖E^α‖₁ at
// b = 0 (off-diagonal only); when ρ(T) lies between the two, a root of
// ρ(R(a)) = ρ(T) exists (intermediate value theorem). It is found on an
// equivalent secular equation, ρ(a·(ρ(T)·I − b(a)·D^β)⁻¹·E^α) = 1, whose
// matrix has a zero diagonal and so a wide spectral gap (R's own power
// iteration crawls when the top diagonal entries are close), by the
// Illinois variant of regula falsi; a Collatz–Wielandt certificate at the
// root and a last rescaling make ρ exact. The search starts at α = β = 1
// (the plain draws; one scale factor alone cannot match both quantities,
// and the diagonal/off-diagonal split mirrors W*, whose unit-diagonal Corr
// and STTC make its diagonal heavy). When the target ratio q = ρ(T)/‖T‖₁ lies above both end points, β
// doubles (2, 4, 8, …): max D^β/‖D^β‖₁ = 1/Σ_i (d_i/max d)^β increases to 1;
// when it lies below both, α doubles: E^α/‖E^α‖₁ tends to a single
// off-diagonal entry, whose spectral radius is 0. Hence every q in (0, 1) is
// reached for some finite α or β; the search stops after
// maxScaleMatchedDoublings doublings (exponent 2048), which only a q within
// a hair of 0 or 1 could need, with an error. The biological W* of every
// synthetic field of 8 to 400 neurons (seeds 1–3) and of the five MICrONS
// fields tried is matched (a subset is in the tests).
//
// Bounds. For any non-negative n×n matrix, 0 ≤ ρ ≤ max row sum ≤ ‖·‖₁
// (Perron–Frobenius; Meyer, Matrix Analysis and Applied Linear Algebra,
// SIAM 2000, §8.3), and ρ = ‖·‖₁ only when the matrix is a single diagonal
// entry (all mass in one row i, and ρ = T_ii). So q ∈ (0, 1] for any target,
// and R, positive everywhere for α = β = 1, reaches every q ∈ (0, 1); q = 1
// (n ≥ 2) is the one unreachable value and is an error. For n = 1, R = T.
//
// It returns an error wrapping ErrValue when target is zero, negative
// somewhere or non-finite, or when its q is not reachable. It panics if
// target is not square or rnd is nil.
func ScaleMatched(target mat.Matrix, mu, sigma float64, rnd *rand.Rand) (*mat.Dense, error) {
	if rnd == nil {
		panic("connectome: ScaleMatched: nil *rand.Rand")
	}
	n, c := target.Dims()
	if n != c {
		panicDim("ScaleMatched", "matrix is %d×%d, want square", n, c)
	}
	for i := range n {
		for j := range n {
			if v := target.At(i, j); v < 0 {
				return nil, fmt.Errorf("connectome: ScaleMatched: %w: target[%d,%d] = %v is negative", ErrValue, i, j, v)
			}
		}
	}
	rhoT, err := SpectralRadius(target)
	if err != nil {
		return nil, err
	}
	l1T := L1Norm(target)
	if rhoT == 0 || l1T == 0 {
		return nil, fmt.Errorf("connectome: ScaleMatched: %w: target has zero spectral radius or L1 norm", ErrValue)
	}
	l := DrawLogNormal(n, mu, sigma, rnd)
	if n == 1 {
		return mat.NewDense(1, 1, []float64{l1T}), nil
	}
	q := rhoT / l1T
	if q >= 1 {
		return nil, fmt.Errorf("connectome: ScaleMatched: %w: target ρ/‖T‖₁ = %.6g: only a single diagonal entry has ρ = ‖·‖₁, which no random matrix reaches",
			ErrValue, q)
	}
	e := mat.DenseCopyOf(l)
	d := make([]float64, n)
	for i := range n {
		d[i] = e.At(i, i)
		e.Set(i, i, 0)
	}
	s := &scaleMatcher{n: n, l1T: l1T, rhoT: rhoT, alpha: 1, beta: 1, r: mat.NewDense(n, n, nil), x: make([]float64, n)}
	eA, dB := e, d
	for range maxScaleMatchedDoublings {
		lo, hi, err := s.ends(eA, dB)
		if err != nil {
			return nil, err
		}
		switch {
		case min(lo, hi) <= rhoT && rhoT <= max(lo, hi):
			return s.solve(lo, hi)
		case rhoT > max(lo, hi):
			s.beta *= 2
			dB = powerNormalised(d, s.beta)
		default:
			s.alpha *= 2
			eA = mat.NewDense(n, n, powerNormalised(e.RawMatrix().Data, s.alpha))
		}
	}
	return nil, fmt.Errorf("connectome: ScaleMatched: %w: target ρ/‖T‖₁ = %.6g not reached with off-diagonal exponent %g and diagonal exponent %g",
		ErrValue, q, s.alpha, s.beta)
}

// maxScaleMatchedDoublings bounds the doublings of ScaleMatched's exponents
// (2^11 = 2048 times the log-normal spread).
const maxScaleMatchedDoublings = 12

// powerNormalised returns (v_i / max v)^p for the non-negative v.
func powerNormalised(v []float64, p float64) []float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Pow(x/m, p)
	}
	return out
}

// scaleMatcher holds ScaleMatched's state: the target's ρ and ‖·‖₁, the
// current exponents and parts (ea = E^alpha, db = D^beta), the work matrix
// r and the warm-start Perron vector x.
type scaleMatcher struct {
	n           int
	l1T, rhoT   float64
	alpha, beta float64
	ea          *mat.Dense
	db          []float64
	sE, sD      float64 // ‖ea‖₁, ‖db‖₁
	maxD        float64
	r           *mat.Dense
	x           []float64
}

// ends sets the parts to ea and db and returns ρ(R(0)) = ‖T‖₁·max db/‖db‖₁
// and ρ(R(aMax)) = aMax·ρ(ea).
func (s *scaleMatcher) ends(ea *mat.Dense, db []float64) (lo, hi float64, err error) {
	s.ea, s.db = ea, db
	s.sE, s.sD, s.maxD = L1Norm(ea), 0, 0
	for _, v := range db {
		s.sD += v
		s.maxD = max(s.maxD, v)
	}
	rhoE, err := SpectralRadius(ea)
	if err != nil {
		return 0, 0, err
	}
	return s.l1T / s.sD * s.maxD, s.l1T / s.sE * rhoE, nil
}

// build returns R(a) = a·ea + b(a)·diag(db) in s.r.
func (s *scaleMatcher) build(a float64) *mat.Dense {
	b := max(0, (s.l1T-a*s.sE)/s.sD)
	s.r.Scale(a, s.ea)
	for i := range s.n {
		s.r.Set(i, i, b*s.db[i])
	}
	return s.r
}

// secular returns h(a) = ρ(K(a)), K(a) = a·(ρ(T)·I − b(a)·diag(db))⁻¹·ea,
// for an a with b(a)·max db < ρ(T), leaving K's Perron vector in s.x.
//
// For λ > max_i B_ii (B = b·diag(db)) the matrix λI − B − a·ea is a
// nonsingular M-matrix exactly when ρ((λI − B)⁻¹·a·ea) < 1 (Berman and
// Plemmons, Nonnegative Matrices in the Mathematical Sciences, SIAM 1994,
// ch. 6), so sign(h(a) − 1) = sign(ρ(R(a)) − ρ(T)), and h(a) = 1 exactly
// when ρ(R(a)) = ρ(T). Since each entry of (λI − B)⁻¹ decreases at least
// as fast as 1/λ, |ρ(R(a)) − ρ(T)|/ρ(T) ≤ |h(a) − 1|/h(a). K has a zero
// diagonal and the log-normal off-diagonal of ea, so the power iteration on
// K + I (Perron root h + 1, the same Perron vector; the shift moves the
// eigenvalue near −h that a dominant row of K brings to near 0) converges
// in few steps, where R's, with b·db's nearly equal top entries, may need
// thousands.
func (s *scaleMatcher) secular(a float64) (float64, error) {
	b := max(0, (s.l1T-a*s.sE)/s.sD)
	s.r.Scale(a, s.ea)
	raw := s.r.RawMatrix()
	for i := range s.n {
		row := raw.Data[i*raw.Stride : i*raw.Stride+s.n]
		f := 1 / (s.rhoT - b*s.db[i])
		for j := range row {
			row[j] *= f
		}
		row[i] = 1
	}
	if h, ok := perronRoot(raw, s.x); ok {
		return h - 1, nil
	}
	for i := range s.x {
		s.x[i] = 1
	}
	h, err := SpectralRadius(s.r)
	return h - 1, err
}

// solve finds a with ρ(R(a)) = ρ(T), given fLo = ρ(R(0)) and
// fHi = ρ(R(aMax)) on either side of ρ(T), and returns R(a) rescaled so that
// its ρ equals ρ(T) to a relative ~1e-13.
//
// The root is that of the secular function h(a) − 1 (see secular) on the
// part of [0, aMax] where b(a)·max db < ρ(T): all of it when fLo < ρ(T)
// (then h(0) = 0 < 1 < h(aMax)), otherwise (a₀, aMax] with
// b(a₀)·max db = ρ(T), where h → ∞ as a → a₀, so the root is sought for
// 1/h − 1 (−1 at a₀). Illinois (modified regula falsi) keeps a bracket like
// bisection but converges superlinearly.
func (s *scaleMatcher) solve(fLo, fHi float64) (*mat.Dense, error) {
	aMax := s.l1T / s.sE
	switch {
	case fLo == s.rhoT:
		return mat.DenseCopyOf(s.build(0)), nil
	case fHi == s.rhoT:
		return mat.DenseCopyOf(s.build(aMax)), nil
	}
	for i := range s.x {
		s.x[i] = 1
	}
	lo, hi := 0.0, aMax
	inverse := fLo > s.rhoT // the diagonal end is above: h → ∞ at a₀
	g := func(a float64) (float64, error) {
		h, err := s.secular(a)
		if inverse {
			return 1/h - 1, err
		}
		return h - 1, err
	}
	gLo := -1.0
	if inverse {
		lo = max(0, (s.l1T-s.rhoT*s.sD/s.maxD)/s.sE)
	}
	gHi, err := g(hi)
	if err != nil {
		return nil, err
	}
	a, converged := hi, false
	side := 0 // which end the last step replaced: −1 lo, +1 hi
	for iter := 0; iter < 200 && hi-lo > 1e-15*aMax; iter++ {
		a = (lo*gHi - hi*gLo) / (gHi - gLo)
		if !(a > lo && a < hi) {
			a = (lo + hi) / 2
		}
		ga, err := g(a)
		if err != nil {
			return nil, err
		}
		if math.Abs(ga) <= 1e-14 { // h is known to ~1e-14 (perronTol)
			converged = true
			break
		}
		// Illinois: when the same end is replaced twice in a row, halve
		// the other end's value so that it moves too.
		if (ga > 0) == (gHi > 0) {
			hi, gHi = a, ga
			if side == +1 {
				gLo /= 2
			}
			side = +1
		} else {
			lo, gLo = a, ga
			if side == -1 {
				gHi /= 2
			}
			side = -1
		}
	}
	if !converged {
		a = (lo + hi) / 2
		if _, err := s.secular(a); err != nil {
			return nil, err
		}
	}
	// s.x is K(a)'s Perron vector, hence (K x = x ⟺ R x = ρ(T)·x) R(a)'s
	// up to the residual of the root (|h − 1| ≲ 1e-13: h moves that much
	// between neighbouring float64 values of a): one product gives
	// Collatz–Wielandt bounds on ρ(R(a)) that far apart; rescaling by ρ(T)
	// over their midpoint leaves ρ within half the gap of ρ(T) and moves
	// ‖·‖₁ by about the residual. Bounds wider than 1e-12 (not seen) fall
	// back to SpectralRadius.
	out := mat.DenseCopyOf(s.build(a))
	rho, ok := collatzWielandt(out.RawMatrix(), s.x, 1e-12)
	if !ok {
		var err error
		if rho, err = SpectralRadius(out); err != nil {
			return nil, err
		}
	}
	out.Scale(s.rhoT/rho, out)
	return out, nil
}

// collatzWielandt returns the midpoint of the Collatz–Wielandt bounds
// min_i (a x)_i/x_i ≤ ρ(a) ≤ max_i (a x)_i/x_i of the non-negative square a
// at x > 0 (Meyer 2000, §8.3), and whether they agree to a relative tol.
func collatzWielandt(a blas64.General, x []float64, tol float64) (float64, bool) {
	n := len(x)
	y := make([]float64, n)
	blas64.Gemv(blas.NoTrans, 1, a, blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: n, Inc: 1, Data: y})
	lo, hi := math.Inf(1), 0.0
	for i := range n {
		if !(x[i] > 0) {
			return 0, false
		}
		q := y[i] / x[i]
		lo, hi = min(lo, q), max(hi, q)
	}
	return (lo + hi) / 2, hi-lo <= tol*hi
}
