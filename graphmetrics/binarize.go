package graphmetrics

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// DefaultQuantile is the paper's binarisation quantile (docs/method.md §8): an
// edge is kept where |W| lies strictly above the 0.9 quantile of all N²
// entries of |W|.
const DefaultQuantile = 0.9

// Quantile returns the q-quantile of x exactly as numpy.quantile(x, q) with
// its default method "linear" (Hyndman & Fan type 7) computes it:
// with x sorted and h = (n−1)q, i = ⌊h⌋, γ = h − i,
//
//	Q = x_i + (x_{i+1} − x_i)·γ        if γ < 0.5,
//	Q = x_{i+1} − (x_{i+1} − x_i)·(1−γ) if γ ≥ 0.5,
//
// (numpy's two-sided lerp), and x_{n−1} when h ≥ n−1. x is not modified. It
// returns NaN when x is empty, holds a NaN, or q is outside [0, 1].
func Quantile(x []float64, q float64) float64 {
	if len(x) == 0 || !(q >= 0 && q <= 1) {
		return nan()
	}
	for _, v := range x {
		if math.IsNaN(v) {
			return nan()
		}
	}
	return quantileInPlace(slices.Clone(x), q)
}

// quantileInPlace returns the numpy linear quantile of s (no NaN), reordering
// s: the two order statistics it needs are found by selection (O(n)), as
// numpy does with partition.
func quantileInPlace(s []float64, q float64) float64 {
	n := len(s)
	h := float64(n-1) * q
	if h >= float64(n-1) {
		return slices.Max(s)
	}
	i := int(math.Floor(h))
	g := h - float64(i)
	a := selectKth(s, i)
	b := slices.Min(s[i+1:]) // after selection s[i+1:] holds the larger values
	d := b - a
	if g >= 0.5 {
		return b - d*(1-g)
	}
	return a + d*g
}

// checkWeights validates a weight matrix: square, at least minN nodes, all
// entries finite. It returns N.
func checkWeights(w mat.Matrix, minN int) (int, error) {
	if w == nil {
		return 0, &InputError{Field: "w", Detail: "nil matrix", Err: ErrNotSquare}
	}
	r, c := w.Dims()
	if r != c {
		return 0, &InputError{Field: "w", Detail: fmt.Sprintf("shape %d×%d", r, c), Err: ErrNotSquare}
	}
	if r < minN {
		return 0, &InputError{Field: "w", Detail: fmt.Sprintf("%d nodes, need at least %d", r, minN), Err: ErrTooSmall}
	}
	if d, ok := w.(*mat.Dense); ok {
		raw := d.RawMatrix()
		for i := 0; i < r; i++ {
			for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+r] {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return 0, &InputError{Field: fmt.Sprintf("w[%d,%d]", i, j), Detail: fmt.Sprintf("value %v", v), Err: ErrNonFinite}
				}
			}
		}
		return r, nil
	}
	for i := 0; i < r; i++ {
		for j := 0; j < r; j++ {
			if v := w.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, &InputError{Field: fmt.Sprintf("w[%d,%d]", i, j), Detail: fmt.Sprintf("value %v", v), Err: ErrNonFinite}
			}
		}
	}
	return r, nil
}

// BinarizeQuantile returns the paper's binary graph of w (docs/method.md §8):
// A = |W|; θ = Quantile(all N² entries of A, q); an undirected edge {i, j},
// i ≠ j, wherever A_ij > θ or A_ji > θ (strictly above); no self-loops.
// The paper uses q = DefaultQuantile = 0.9. w is N×N with one row per
// presynaptic unit (the orientation does not matter here). It returns an
// error for a non-square or non-finite w, or q outside [0, 1]; N = 0 gives
// an empty graph.
func BinarizeQuantile(w mat.Matrix, q float64) (*Graph, error) {
	if !(q >= 0 && q <= 1) {
		return nil, &InputError{Field: "q", Detail: fmt.Sprintf("quantile %v outside [0, 1]", q), Err: ErrConfig}
	}
	n, err := checkWeights(w, 0)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return NewGraph(0), nil
	}
	g, _, _ := quantileGraphs(absValues(w, n), n, q, false)
	return g, nil
}

// quantileGraphs returns BinarizeQuantile's graph of the N×N |W| a, its
// threshold (the q quantile of a) and, with directed, BinarizeDirected's
// quantile digraph for keep = 1 − q (the same threshold, found once).
func quantileGraphs(a []float64, n int, q float64, directed bool) (*Graph, *Digraph, float64) {
	g := NewGraph(n)
	var d *Digraph
	if directed {
		d = NewDigraph(n)
	}
	c := getFloats(len(a))
	copy(c, a)
	theta := quantileInPlace(c, q)
	putFloats(c)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && a[i*n+j] > theta {
				g.SetEdge(i, j)
				if directed {
					d.setArc(i, j)
				}
			}
		}
	}
	return g, d, theta
}

// BinarizeDensity keeps the strongest undirected connections of w at a given
// density: each pair i < j gets the strength s_ij = max(|W_ij|, |W_ji|), and
// the K = round(density·N(N−1)/2) pairs of largest strength become edges
// (ties broken towards the pair that comes first in row-major order of the
// upper triangle); pairs of zero strength are never kept, so the result may
// be sparser than asked. No self-loops. density must lie in [0, 1].
func BinarizeDensity(w mat.Matrix, density float64) (*Graph, error) {
	if !(density >= 0 && density <= 1) {
		return nil, &InputError{Field: "density", Detail: fmt.Sprintf("%v outside [0, 1]", density), Err: ErrConfig}
	}
	n, err := checkWeights(w, 0)
	if err != nil {
		return nil, err
	}
	g := NewGraph(n)
	a := absValues(w, n)
	type pair struct {
		i, j int
		s    float64
	}
	pairs := make([]pair, 0, n*(n-1)/2)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			pairs = append(pairs, pair{i, j, math.Max(a[i*n+j], a[j*n+i])})
		}
	}
	sort.SliceStable(pairs, func(x, y int) bool { return pairs[x].s > pairs[y].s })
	k := int(math.Round(density * float64(len(pairs))))
	for _, p := range pairs[:k] {
		if p.s > 0 {
			g.SetEdge(p.i, p.j)
		}
	}
	return g, nil
}

// BinarizeNonzero returns the undirected graph with an edge {i, j}, i ≠ j,
// wherever W_ij ≠ 0 or W_ji ≠ 0; no self-loops. This is the synapse graph of
// a connectome's synapse-count matrix.
func BinarizeNonzero(w mat.Matrix) (*Graph, error) {
	n, err := checkWeights(w, 0)
	if err != nil {
		return nil, err
	}
	g := NewGraph(n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && w.At(i, j) != 0 {
				g.SetEdge(i, j)
			}
		}
	}
	return g, nil
}

// SymmetricStrengths returns the weighted undirected graph of w used by the
// weighted variants: S_ij = max(|W_ij|, |W_ji|) for i ≠ j and S_ii = 0, as an
// N×N row-major slice. It returns an error for a non-square or non-finite w.
func SymmetricStrengths(w mat.Matrix) ([]float64, int, error) {
	return symmetricStrengths(w, nil)
}

// symmetricStrengths is SymmetricStrengths written to s when it has N²
// entries (any contents; a new slice otherwise).
func symmetricStrengths(w mat.Matrix, s []float64) ([]float64, int, error) {
	n, err := checkWeights(w, 0)
	if err != nil {
		return nil, 0, err
	}
	if len(s) != n*n {
		s = make([]float64, n*n)
	}
	for i := 0; i < n; i++ {
		s[i*n+i] = 0
	}
	if d, ok := w.(*mat.Dense); ok {
		// Straight from the matrix: no N² copy of |W|.
		raw := d.RawMatrix()
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				v := math.Max(math.Abs(raw.Data[i*raw.Stride+j]), math.Abs(raw.Data[j*raw.Stride+i]))
				s[i*n+j], s[j*n+i] = v, v
			}
		}
		return s, n, nil
	}
	a := absValues(w, n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := math.Max(a[i*n+j], a[j*n+i])
			s[i*n+j], s[j*n+i] = v, v
		}
	}
	return s, n, nil
}

func absValues(w mat.Matrix, n int) []float64 {
	return absValuesInto(make([]float64, n*n), w, n)
}

// absValuesInto writes |w_ij| to every entry of a (N×N row-major) and
// returns it.
func absValuesInto(a []float64, w mat.Matrix, n int) []float64 {
	if d, ok := w.(*mat.Dense); ok {
		raw := d.RawMatrix()
		for i := 0; i < n; i++ {
			for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+n] {
				a[i*n+j] = math.Abs(v)
			}
		}
		return a
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a[i*n+j] = math.Abs(w.At(i, j))
		}
	}
	return a
}

func nan() float64 { return math.NaN() }

// selectKth reorders s so that s[k] is the k-th smallest value, everything
// before it ≤ s[k] and everything after it ≥ s[k], and returns s[k]
// (Hoare's quickselect with median-of-three pivots, falling back to sorting
// on small or badly split ranges).
func selectKth(s []float64, k int) float64 {
	lo, hi := 0, len(s)-1
	for budget := 64; hi-lo > 16; budget-- {
		if budget == 0 {
			slices.Sort(s[lo : hi+1])
			return s[k]
		}
		mid := lo + (hi-lo)/2
		if s[mid] < s[lo] {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi] < s[lo] {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[hi] < s[mid] {
			s[hi], s[mid] = s[mid], s[hi]
		}
		p := s[mid]
		i, j := lo, hi
		for i <= j {
			for s[i] < p {
				i++
			}
			for s[j] > p {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		// Now s[lo..j] ≤ p ≤ s[i..hi] and s[j+1..i-1] == p.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return s[k]
		}
	}
	slices.Sort(s[lo : hi+1])
	return s[k]
}
