package connectome

import (
	"fmt"
	"math"
	"math/rand/v2"

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
// radius and the L1 norm of target (to a relative 1e-12): the log-normal
// draws L = DrawLogNormal(n, mu, sigma, rnd) (exactly n² rnd.NormFloat64
// draws, row-major) split into off-diagonal part E and diagonal part D,
// R = a·E + b·D with a, b ≥ 0. The L1 constraint fixes b = (‖T‖₁ − a‖E‖₁)/‖D‖₁;
// a solves ρ(R(a)) = ρ(T) (Illinois variant of regula falsi), where ρ(R(a))
// moves continuously from b·max D (a = 0) to a·ρ(E) (b = 0). One scale
// factor alone cannot match both
// quantities; the diagonal/off-diagonal split mirrors W*, whose unit-diagonal
// Corr and STTC make its diagonal heavy.
//
// It returns an error wrapping ErrValue when target is zero, negative
// somewhere or non-finite, or when no a in the range matches (target's
// ρ·N/‖·‖₁ outside what this family reaches). It panics if target is not
// square or rnd is nil.
func ScaleMatched(target mat.Matrix, mu, sigma float64, rnd *rand.Rand) (*mat.Dense, error) {
	if rnd == nil {
		panic("connectome: ScaleMatched: nil *rand.Rand")
	}
	n, c := target.Dims()
	if n != c {
		panicDim("ScaleMatched", "matrix is %d×%d, want square", n, c)
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
	e := mat.DenseCopyOf(l)
	d := make([]float64, n)
	sD, maxD := 0.0, 0.0
	for i := range n {
		d[i] = e.At(i, i)
		e.Set(i, i, 0)
		sD += d[i]
		maxD = max(maxD, d[i])
	}
	sE := L1Norm(e)
	aMax := l1T / sE
	r := mat.NewDense(n, n, nil)
	build := func(a float64) *mat.Dense {
		b := max(0, (l1T-a*sE)/sD)
		r.Scale(a, e)
		for i := range n {
			r.Set(i, i, b*d[i])
		}
		return r
	}
	// Warm-started power iterations: successive R(a) are close, so each
	// starts from the previous Perron vector.
	x := make([]float64, n)
	for i := range x {
		x[i] = 1
	}
	rhoAt := func(a float64) (float64, error) {
		if a == 0 {
			return l1T / sD * maxD, nil
		}
		r := build(a)
		if rho, ok := perronRoot(r.RawMatrix(), x); ok {
			return rho, nil
		}
		for i := range x {
			x[i] = 1
		}
		return SpectralRadius(r)
	}
	lo, hi := 0.0, aMax
	fLo, err := rhoAt(lo)
	if err != nil {
		return nil, err
	}
	fHi, err := rhoAt(hi)
	if err != nil {
		return nil, err
	}
	if (fLo-rhoT)*(fHi-rhoT) > 0 {
		return nil, fmt.Errorf("connectome: ScaleMatched: %w: target ρ·N/‖T‖₁ = %.4g is outside the reachable range [%.4g, %.4g]",
			ErrValue, rhoT*float64(n)/l1T, min(fLo, fHi)*float64(n)/l1T, max(fLo, fHi)*float64(n)/l1T)
	}
	// Illinois (modified regula falsi) on g(a) = ρ(R(a)) − ρ(T): it keeps a
	// bracket like bisection but converges superlinearly on smooth g.
	gLo, gHi := fLo-rhoT, fHi-rhoT
	a := lo
	for iter := 0; iter < 200 && hi-lo > 1e-15*aMax; iter++ {
		if gHi == gLo {
			a = (lo + hi) / 2
		} else {
			a = (lo*gHi - hi*gLo) / (gHi - gLo)
		}
		if a <= lo || a >= hi {
			a = (lo + hi) / 2
		}
		f, err := rhoAt(a)
		if err != nil {
			return nil, err
		}
		g := f - rhoT
		if math.Abs(g) <= 1e-13*rhoT {
			lo, hi = a, a
			break
		}
		if (g > 0) == (gHi > 0) {
			hi, gHi = a, g
			gLo /= 2
		} else {
			lo, gLo = a, g
			gHi /= 2
		}
	}
	out := mat.DenseCopyOf(build((lo + hi) / 2))
	// Remove the residual of the bisection from ρ; ‖·‖₁ moves by the same
	// relative amount (< 1e-12).
	rho, err := SpectralRadius(out)
	if err != nil {
		return nil, err
	}
	out.Scale(rhoT/rho, out)
	return out, nil
}
