package graphmetrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// EntropyGridPoints is the number of evenly spaced points, from the smallest
// to the largest weight, at which the weight density is evaluated
// (docs/method.md §8).
const EntropyGridPoints = 100

// WeightEntropy returns the paper's weight entropy of w (docs/method.md §8): the
// Shannon entropy, in bits, of a Gaussian kernel density estimate of all N²
// signed entries of w (diagonal included) evaluated on EntropyGridPoints
// evenly spaced points from min to max and normalised to sum 1. See
// SampleEntropy for the estimator. It returns an error for a non-square or
// non-finite w, and NaN with ErrUndefined when all entries are equal.
func WeightEntropy(w mat.Matrix) (float64, error) {
	n, err := checkWeights(w, 1)
	if err != nil {
		return nan(), err
	}
	x := getFloats(n * n)[:0]
	defer putFloats(x)
	if d, ok := w.(*mat.Dense); ok {
		raw := d.RawMatrix()
		for i := 0; i < n; i++ {
			x = append(x, raw.Data[i*raw.Stride:i*raw.Stride+n]...)
		}
	} else {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				x = append(x, w.At(i, j))
			}
		}
	}
	return sampleEntropy(x, true)
}

// SampleEntropy returns the KDE entropy of the sample x exactly as the
// paper's code computes it with scipy 1.10:
//
//	kde = scipy.stats.gaussian_kde(x)           # Scott's rule
//	g   = numpy.linspace(min(x), max(x), 100)
//	p   = kde(g); p /= p.sum()
//	H   = −Σ p log₂ p                            (terms with p = 0 omitted)
//
// gaussian_kde uses the bandwidth h² = s²·n^(−2/5) (Scott 1992), s² the
// unbiased sample variance, so p_j ∝ Σ_i exp(−(g_j − x_i)²/(2h²)). The sum
// over i is evaluated by walking from the grid point nearest x_i outwards
// with the exact recurrence exp(−(z+δ)²/2) = exp(−z²/2)·exp(−zδ−δ²/2),
// three exponentials per sample instead of 100, dropping terms below 1e-17
// of the sample's largest; the normalised densities agree with direct
// evaluation to 1e-15 and the entropy to about 1e-13. It returns an error if x has fewer
// than 2 values or a non-finite one, and NaN with ErrUndefined if all values
// are equal (scipy raises LinAlgError there). The entropy is invariant to
// the scale of x: x·c gives the same value for any c > 0 for which x·c is
// representable (checked from 1e-300 to 1e300).
func SampleEntropy(x []float64) (float64, error) {
	return sampleEntropy(x, false)
}

// sampleEntropy is SampleEntropy; own says x is the caller's scratch copy,
// which may then be rescaled in place.
func sampleEntropy(x []float64, own bool) (float64, error) {
	if len(x) < 2 {
		return nan(), &InputError{Field: "x", Detail: fmt.Sprintf("%d values, need at least 2", len(x)), Err: ErrTooSmall}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nan(), &InputError{Field: fmt.Sprintf("x[%d]", i), Detail: fmt.Sprintf("value %v", v), Err: ErrNonFinite}
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo == hi {
		return nan(), &UndefinedError{Metrics: []string{"Entropy"}, Reasons: []string{"all weights are equal (zero KDE bandwidth)"}}
	}
	// The entropy does not depend on the weights' scale, but the variance
	// overflows above about 1e154 and underflows below about 1e-154. Work on
	// x·2^−e with 2^e ≥ max|x| > 2^(e−1): a power-of-two scale is exact, so
	// the result is bit for bit the one of the unscaled computation wherever
	// that does not overflow or underflow.
	_, e := math.Frexp(math.Max(math.Abs(lo), math.Abs(hi)))
	if e != 0 {
		xs := x
		if !own {
			xs = make([]float64, len(x))
		}
		for i, v := range x {
			xs[i] = math.Ldexp(v, -e)
		}
		x, lo, hi = xs, math.Ldexp(lo, -e), math.Ldexp(hi, -e)
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	n := float64(len(x))
	mean := sum / n
	var ss float64
	for _, v := range x {
		d := v - mean
		ss += d * d
	}
	factor := math.Pow(n, -1.0/5)
	h := math.Sqrt(ss / (n - 1) * factor * factor)
	dens := kdeGrid(x, lo, hi, h)
	var tot float64
	for _, d := range dens {
		tot += d
	}
	var ent float64
	for _, d := range dens {
		if p := d / tot; p > 0 {
			ent -= p * math.Log2(p)
		}
	}
	return ent, nil
}

// linspace returns numpy.linspace(lo, hi, k): lo + j·step, the last point
// set to hi.
func linspace(lo, hi float64, k int) []float64 {
	g := make([]float64, k)
	step := (hi - lo) / float64(k-1)
	for j := range g {
		g[j] = float64(j)*step + lo
	}
	g[k-1] = hi
	return g
}

// kdeCut is the relative size below which kdeGrid drops a sample's terms:
// a sample's dropped terms sum to less than kdeCut/(1−r) ≤ 1e-15 of its
// largest term e0 ≤ Σ dens (r ≤ exp(−8.8δ) the ratio of consecutive terms
// past the cut, with δ ≥ 1/30 whenever the cut is reached inside the grid),
// so every normalised density p_j moves by less than 1e-15 and the entropy
// by less than about 1e-13.
const kdeCut = 1e-17

// kdeUnderflow: math.Exp(−y) is exactly 0 for y ≥ 746 (below its underflow
// bound −745.13…, in the assembly and the pure-Go version alike), so such a
// term adds nothing and need not be evaluated.
const kdeUnderflow = 746

// kdeGrid returns Σ_i exp(−(g_j − x_i)²/(2h²)) on the EntropyGridPoints
// grid from lo to hi. For each sample it starts at the nearest grid point,
// where |z| ≤ δ/2 with z = (g_j − x_i)/h and δ = step/h, and walks each way
// while the term exceeds kdeCut times that first term, multiplying by the
// ratio of consecutive terms (which shrinks by exp(−δ²) per step). The last grid point equals hi
// exactly (numpy.linspace); its term is evaluated directly.
func kdeGrid(x []float64, lo, hi, h float64) []float64 {
	k := EntropyGridPoints
	g := linspace(lo, hi, k)
	step := (hi - lo) / float64(k-1)
	delta := step / h
	c := math.Exp(-delta * delta)
	dens := make([]float64, k)
	for _, xi := range x {
		j0 := int(math.Round((xi - lo) / step))
		j0 = max(0, min(j0, k-2)) // the last point is handled directly
		z := (g[j0] - xi) / h
		e0 := math.Exp(-z * z / 2)
		dens[j0] += e0
		// Right: e_{j+1} = e_j · r_j, r_j = exp(−z_j δ − δ²/2), r_{j+1} = r_j·c.
		cut := e0 * kdeCut
		e := e0
		r := math.Exp(-z*delta - delta*delta/2)
		for j := j0 + 1; j < k-1; j++ {
			e *= r
			if e <= cut {
				break
			}
			dens[j] += e
			r *= c
		}
		// Left: e_{j−1} = e_j · s_j, s_j = exp(z_j δ − δ²/2), s_{j−1} = s_j·c.
		e = e0
		s := math.Exp(z*delta - delta*delta/2)
		for j := j0 - 1; j >= 0; j-- {
			e *= s
			if e <= cut {
				break
			}
			dens[j] += e
			s *= c
		}
		// Beyond exp's underflow the term is exactly 0: skip the call.
		if zl := (hi - xi) / h; zl*zl/2 < kdeUnderflow {
			dens[k-1] += math.Exp(-zl * zl / 2)
		}
	}
	return dens
}
