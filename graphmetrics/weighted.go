package graphmetrics

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// nonNegative checks that w is N×N (N ≥ minN) with finite, non-negative
// entries and returns N and w as a row-major slice with a zero diagonal.
func nonNegative(w mat.Matrix, minN int) ([]float64, int, error) {
	n, err := checkWeights(w, minN)
	if err != nil {
		return nil, 0, err
	}
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := w.At(i, j)
			if v < 0 {
				return nil, 0, &InputError{Field: fmt.Sprintf("w[%d,%d]", i, j), Detail: fmt.Sprintf("negative weight %v (take |W| first)", v), Err: ErrConfig}
			}
			if i != j {
				a[i*n+j] = v
			}
		}
	}
	return a, n, nil
}

// WeightedClustering returns the weighted clustering coefficient of every
// node of an undirected weighted graph (Onnela, Saramäki, Kertész & Kaski
// 2005, doi:10.1103/PhysRevE.71.065103), as networkx clustering(G,
// weight="weight") computes it: with ŵ = w / max(w),
//
//	C_i = Σ_{j,k} (ŵ_ij ŵ_jk ŵ_ki)^{1/3} / (k_i (k_i − 1)),
//
// k_i the number of non-zero weights of i; C_i = 0 when k_i < 2. w must be
// symmetric with finite, non-negative entries (the diagonal is ignored);
// otherwise it returns an error.
func WeightedClustering(w mat.Matrix) ([]float64, error) {
	a, n, err := nonNegative(w, 0)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if a[i*n+j] != a[j*n+i] {
				return nil, &InputError{Field: fmt.Sprintf("w[%d,%d]", i, j), Detail: "matrix is not symmetric (use DirectedWeightedClustering)", Err: ErrConfig}
			}
		}
	}
	return cubeRootClustering(a, n, false), nil
}

// DirectedWeightedClustering returns the weighted clustering coefficient of
// every node of a directed weighted graph (Fagiolo 2007,
// doi:10.1103/PhysRevE.76.026107), as networkx clustering(G, weight="weight")
// computes it for a DiGraph: with Ŵ = W / max(W) and Ŵ^[1/3] its elementwise
// cube root,
//
//	C_i = [(Ŵ^[1/3] + (Ŵᵀ)^[1/3])³]_ii / (2 [d_i^tot (d_i^tot − 1) − 2 d_i^↔]),
//
// d_i^tot the number of non-zero weights into and out of i and d_i^↔ the
// reciprocated pairs (as DirectedClustering). w (row = source) must have
// finite, non-negative entries (the diagonal is ignored); otherwise it
// returns an error.
func DirectedWeightedClustering(w mat.Matrix) ([]float64, error) {
	a, n, err := nonNegative(w, 0)
	if err != nil {
		return nil, err
	}
	return cubeRootClustering(a, n, true), nil
}

// cubeRootClustering computes Onnela's (directed = false, a symmetric) or
// Fagiolo's (directed = true) coefficient from M = Ŵ^[1/3] (+ its
// transpose).
func cubeRootClustering(a []float64, n int, directed bool) []float64 {
	if n == 0 {
		return []float64{}
	}
	mx := slices.Max(a)
	if mx == 0 {
		return make([]float64, n)
	}
	m := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := math.Cbrt(a[i*n+j] / mx)
			if directed {
				v += math.Cbrt(a[j*n+i] / mx)
			}
			m.Set(i, j, v)
		}
	}
	return clusteringFromRoots(m, a, n, directed)
}

// weightedClusterings returns WeightedClustering(und) and, with directed,
// DirectedWeightedClustering(dir), for dir = Ŵ with a zero diagonal and
// und = max(Ŵ, Ŵᵀ), both with largest entry 1 (normalisedAbs). They share
// the cube roots: Onnela's M_ij = ∛und_ij is whichever of ∛Ŵ_ij and ∛Ŵ_ji
// belongs to the larger weight, Fagiolo's M_ij = ∛Ŵ_ij + ∛Ŵ_ji, each the
// same floating-point value the separate calls compute (they divide by the
// largest entry, 1).
func weightedClusterings(dir, und *mat.Dense, n int, directed bool) (onnela, fagiolo []float64) {
	a := dir.RawMatrix().Data
	u := und.RawMatrix().Data
	root := make([]float64, n*n)
	for k, v := range a {
		root[k] = math.Cbrt(v)
	}
	mo := mat.NewDense(n, n, nil)
	var mf *mat.Dense
	if directed {
		mf = mat.NewDense(n, n, nil)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			ij, ji := i*n+j, j*n+i
			if a[ij] >= a[ji] {
				mo.Set(i, j, root[ij])
			} else {
				mo.Set(i, j, root[ji])
			}
			if directed {
				mf.Set(i, j, root[ij]+root[ji])
			}
		}
	}
	onnela = clusteringFromRoots(mo, u, n, false)
	if directed {
		fagiolo = clusteringFromRoots(mf, a, n, true)
	}
	return onnela, fagiolo
}

// squareBlock is the row block of upperSquare.
const squareBlock = 64

// upperSquare returns M² for a symmetric M, computed through BLAS at and
// above the diagonal blocks only (60% of the products for N = 312): M² is
// symmetric, and gonum's Dgemm sums (M²)_ij = Σ_k M_ik M_kj and (M²)_ji =
// Σ_k M_jk M_ki over the same products in the same order of k, so the upper
// triangle holds every value of the full product, bit for bit. Only entries
// (i, j) with j ≥ the start of i's block are set.
func upperSquare(m *mat.Dense, n int) *mat.Dense {
	m2 := mat.NewDense(n, n, nil)
	for r := 0; r < n; r += squareBlock {
		e := min(r+squareBlock, n)
		m2.Slice(r, e, r, n).(*mat.Dense).Mul(m.Slice(r, e, 0, n), m.Slice(0, n, r, n))
	}
	return m2
}

// clusteringFromRoots returns the coefficients from the symmetric cube-root
// matrix m and the weights a (whose non-zero pattern gives the degrees):
// [M³]_ii = Σ_j (M²)_ij M_ji, M² through BLAS (upperSquare).
func clusteringFromRoots(m *mat.Dense, a []float64, n int, directed bool) []float64 {
	c := make([]float64, n)
	m2 := upperSquare(m, n)
	sq, mr := m2.RawMatrix().Data, m.RawMatrix().Data
	for i := 0; i < n; i++ {
		var t float64
		var kin, kout, kbi int
		lo := i - i%squareBlock // (M²)_ij is stored for j ≥ lo
		for j := 0; j < n; j++ {
			x := sq[j*n+i]
			if j >= lo {
				x = sq[i*n+j]
			}
			t += x * mr[i*n+j] // M_ji = M_ij
			out, in := a[i*n+j] != 0, a[j*n+i] != 0
			if out {
				kout++
			}
			if in {
				kin++
			}
			if out && in {
				kbi++
			}
		}
		var den float64
		if directed {
			dt := kin + kout
			den = 2 * float64(dt*(dt-1)-2*kbi)
		} else {
			den = float64(kout * (kout - 1))
		}
		if den > 0 && t > 0 {
			c[i] = t / den
		}
	}
	return c
}

// WeightedEfficiency returns the weighted global efficiency of w (Latora &
// Marchiori 2001, doi:10.1103/PhysRevLett.87.198701), with the length of an
// arc i→j the inverse of its weight, 1/w_ij (no arc where w_ij = 0):
//
//	E_w = Σ_{i≠j} 1/d_ij / (N² − N),
//
// d_ij the length of the shortest path from i to j (1/∞ = 0). A symmetric w
// is an undirected graph; otherwise paths follow rows (row = source). E_w
// scales with w (E_w(c·w) = c·E_w(w)); Compute uses w = |W| / max|W|. w must
// have finite, non-negative entries (the diagonal is ignored) and N ≥ 2;
// otherwise it returns an error.
//
// The paths come from Dijkstra's algorithm from every source (sources
// split over up to GOMAXPROCS goroutines; the result does not depend on
// how many), relaxing each node's arcs from the shortest, grouped by length,
// and stopping where they reach beyond every tentative distance still
// open, so that on a dense weight matrix only the short arcs are ever
// relaxed. It is exact.
func WeightedEfficiency(w mat.Matrix) (float64, error) {
	a, n, err := nonNegative(w, 2)
	if err != nil {
		return nan(), err
	}
	g := newArcLists(a, n)
	per := make([]float64, n) // Σ_j 1/d_sj per source, summed in order below
	workers := max(1, min(runtime.GOMAXPROCS(0), n/32))
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			ws := newDijkstra(n)
			for s := k; s < n; s += workers {
				per[s] = ws.inverseDistances(g, s)
			}
		}(k)
	}
	wg.Wait()
	var sum float64
	for _, v := range per {
		sum += v
	}
	return sum / float64(n*(n-1)), nil
}

// arcLists holds each node's arcs grouped by length into quarter-octave
// buckets: row i's bucket k holds [start[i*nb+k], start[i*nb+k+1]), every
// length in it at least lower(k) = 2^(e0 + k/4) and, for k < nb−1, below
// lower(k+1). Grouping costs O(N²), a full sort O(N² log N).
type arcLists struct {
	length []float64
	target []int32
	start  []int
	lower  []float64 // lower(k)
	nb     int
}

// bucketsPerOctave sets the bucket width: lengths in one bucket differ by
// less than a factor 2^(1/4) ≈ 1.19.
const (
	bucketsPerOctave = 4
	numBuckets       = 64
)

// newArcLists groups the arcs of a (N×N row-major, non-negative, zero
// diagonal: nonNegative) by length 1/a_ij.
func newArcLists(a []float64, n int) *arcLists {
	// The shortest arc sets e0: bucket k covers [2^(e0+k/4), 2^(e0+(k+1)/4)).
	// (a has a zero diagonal; 1/max a = min 1/a, division being monotone.)
	var maxW float64
	for _, v := range a {
		maxW = math.Max(maxW, v)
	}
	minLen := 1 / maxW
	g := &arcLists{nb: numBuckets, start: make([]int, n*numBuckets+1), lower: make([]float64, numBuckets)}
	if math.IsInf(minLen, 1) {
		return g
	}
	e0 := math.Floor(math.Log2(minLen))
	for k := range g.lower {
		g.lower[k] = math.Exp2(e0 + float64(k)/bucketsPerOctave)
	}
	g.lower[0] = 0 // guards against rounding in Exp2
	// A first guess from the bits of l: its binary exponent, and which
	// quarter of the octave its significand lies in.
	var quarter [bucketsPerOctave - 1]uint64
	for q := range quarter {
		quarter[q] = math.Float64bits(math.Exp2(float64(q+1)/bucketsPerOctave)) & (1<<52 - 1)
	}
	ie0 := int(e0)
	bucket := func(l float64) int {
		b := math.Float64bits(l)
		k := (int(b>>52&0x7ff) - 1023 - ie0) * bucketsPerOctave
		for _, t := range quarter {
			if b&(1<<52-1) >= t {
				k++
			}
		}
		k = max(0, min(k, numBuckets-1))
		// Exp2 may round across a bucket edge; settle it against lower.
		for k > 0 && l < g.lower[k] {
			k--
		}
		for k < numBuckets-1 && l >= g.lower[k+1] {
			k++
		}
		return k
	}
	count := g.start[1:]
	bk := make([]uint8, n*n)
	for i := 0; i < n; i++ {
		for j, v := range a[i*n : (i+1)*n] {
			if v > 0 {
				k := bucket(1 / v)
				bk[i*n+j] = uint8(k)
				count[i*numBuckets+k]++
			}
		}
	}
	for q := 1; q < len(g.start); q++ {
		g.start[q] += g.start[q-1]
	}
	m := g.start[len(g.start)-1]
	g.length = make([]float64, m)
	g.target = make([]int32, m)
	fill := make([]int, len(g.start)-1)
	copy(fill, g.start)
	for i := 0; i < n; i++ {
		for j, v := range a[i*n : (i+1)*n] {
			if v > 0 {
				q := i*numBuckets + int(bk[i*n+j])
				g.length[fill[q]] = 1 / v
				g.target[fill[q]] = int32(j)
				fill[q]++
			}
		}
	}
	return g
}

// dijkstra is the workspace of one source's search: tentative distances,
// and an indexed binary heap of the open nodes (pos[v] = −1 when v is not
// in it) so that a shorter distance moves v up instead of adding an entry.
type dijkstra struct {
	dist []float64
	heap []int32
	pos  []int32
}

func newDijkstra(n int) *dijkstra {
	return &dijkstra{dist: make([]float64, n), heap: make([]int32, 0, n), pos: make([]int32, n)}
}

// inverseDistances returns Σ_{j≠s} 1/d_sj.
//
// An arc u→v can only shorten d_v if d_u + l_uv < d_v, and once every node
// has a finite tentative distance, d_v is at most the largest of the open
// ones, which never grows. With u's arcs grouped by length, relaxation
// stops at the first bucket whose shortest possible length reaches beyond
// that bound, recomputed after each of the first 8 settled nodes and then
// every sixteen (a stale bound is larger, hence safe; recomputing it more
// often costs more than it saves at N = 312); it is +Inf while some node
// is unreached.
func (ws *dijkstra) inverseDistances(g *arcLists, s int) float64 {
	for i := range ws.dist {
		ws.dist[i] = math.Inf(1)
		ws.pos[i] = -1
	}
	ws.heap = ws.heap[:0]
	ws.dist[s] = 0
	ws.update(int32(s))
	reached := 1
	n := len(ws.dist)
	dist := ws.dist
	bound := math.Inf(1)
	var sum float64
	for settled := 1; len(ws.heap) > 0; settled++ {
		u := int(ws.pop())
		du := ws.dist[u]
		if u != s {
			sum += 1 / du
		}
		if reached == n && (settled <= 8 || settled&15 == 1) {
			// Every node has a finite distance, and the largest open one
			// sits in the second half of the heap (its leaves).
			bound = 0
			for _, v := range ws.heap[len(ws.heap)/2:] {
				if d := ws.dist[v]; d > bound {
					bound = d
				}
			}
		}
		for b := 0; b < g.nb; b++ {
			if du+g.lower[b] >= bound {
				break
			}
			q := u*g.nb + b
			lo, hi := g.start[q], g.start[q+1]
			tgt := g.target[lo:hi]
			for k, l := range g.length[lo:hi] {
				nd := du + l
				if v := tgt[k]; nd < dist[v] && nd < bound {
					if math.IsInf(dist[v], 1) {
						reached++
					}
					dist[v] = nd
					ws.update(v)
				}
			}
		}
	}
	return sum
}

// update inserts v or moves it up after its distance decreased.
func (ws *dijkstra) update(v int32) {
	i := int(ws.pos[v])
	if i < 0 {
		ws.heap = append(ws.heap, v)
		i = len(ws.heap) - 1
	}
	h, d := ws.heap, ws.dist
	dv := d[v]
	for i > 0 {
		p := (i - 1) / 2
		if d[h[p]] <= dv {
			break
		}
		h[i] = h[p]
		ws.pos[h[i]] = int32(i)
		i = p
	}
	h[i] = v
	ws.pos[v] = int32(i)
}

// pop removes and returns the open node of least distance.
func (ws *dijkstra) pop() int32 {
	h, d := ws.heap, ws.dist
	top := h[0]
	ws.pos[top] = -1
	last := h[len(h)-1]
	h = h[:len(h)-1]
	ws.heap = h
	if len(h) == 0 {
		return top
	}
	dl := d[last]
	i := 0
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if r := c + 1; r < len(h) && d[h[r]] < d[h[c]] {
			c = r
		}
		if dl <= d[h[c]] {
			break
		}
		h[i] = h[c]
		ws.pos[h[i]] = int32(i)
		i = c
	}
	h[i] = last
	ws.pos[last] = int32(i)
	return top
}
