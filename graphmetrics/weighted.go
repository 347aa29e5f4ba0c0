package graphmetrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"

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
// transpose): [M³]_ii = Σ_j (M²)_ij M_ji, M² through BLAS.
func cubeRootClustering(a []float64, n int, directed bool) []float64 {
	c := make([]float64, n)
	if n == 0 {
		return c
	}
	mx := slices.Max(a)
	if mx == 0 {
		return c
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
	var m2 mat.Dense
	m2.Mul(m, m)
	for i := 0; i < n; i++ {
		var t float64
		var kin, kout, kbi int
		for j := 0; j < n; j++ {
			t += m2.At(i, j) * m.At(j, i)
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
// The paths come from Dijkstra's algorithm with a binary heap from every
// source, relaxing each node's arcs in increasing length and stopping at the
// first one that reaches beyond every tentative distance still open, so
// that on a dense weight matrix only the short arcs are ever relaxed. It is
// exact.
func WeightedEfficiency(w mat.Matrix) (float64, error) {
	a, n, err := nonNegative(w, 2)
	if err != nil {
		return nan(), err
	}
	var ws wdijkstra
	ws.init(a, n)
	return ws.allPairsInv() / float64(n*(n-1)), nil
}

// wdijkstra is the workspace of WeightedEfficiency.
type wdijkstra struct {
	n      int
	length []float64 // sorted arc lengths, row by row, arcs[i] entries
	target []int32   // their targets
	start  []int     // row i's arcs are [start[i], start[i+1])
	dist   []float64
	done   []bool
	heap   []heapItem
}

type heapItem struct {
	d float64
	v int32
}

func (ws *wdijkstra) init(a []float64, n int) {
	ws.n = n
	ws.start = make([]int, n+1)
	type arc struct {
		l float64
		t int32
	}
	row := make([]arc, 0, n)
	for i := 0; i < n; i++ {
		row = row[:0]
		for j := 0; j < n; j++ {
			if v := a[i*n+j]; v > 0 && i != j {
				row = append(row, arc{1 / v, int32(j)})
			}
		}
		slices.SortFunc(row, func(x, y arc) int { return cmp.Compare(x.l, y.l) })
		for _, r := range row {
			ws.length = append(ws.length, r.l)
			ws.target = append(ws.target, r.t)
		}
		ws.start[i+1] = len(ws.length)
	}
	ws.dist = make([]float64, n)
	ws.done = make([]bool, n)
}

// allPairsInv returns Σ_{i≠j} 1/d_ij.
//
// An arc u→v can only shorten d_v if d_u + l_uv < d_v, and d_v is at most
// the largest tentative distance of the nodes not yet settled, which never
// grows. With u's arcs sorted by length, relaxation stops at the first arc
// reaching beyond that bound, recomputed after each of the first 16
// settled nodes and then every eight (a stale bound is larger, hence safe).
func (ws *wdijkstra) allPairsInv() float64 {
	n := ws.n
	var sum float64
	for s := 0; s < n; s++ {
		for i := range ws.dist {
			ws.dist[i] = math.Inf(1)
			ws.done[i] = false
		}
		ws.dist[s] = 0
		ws.heap = append(ws.heap[:0], heapItem{0, int32(s)})
		bound := math.Inf(1)
		settled := 0
		for len(ws.heap) > 0 {
			it := ws.pop()
			u := int(it.v)
			if ws.done[u] {
				continue
			}
			ws.done[u] = true
			du := it.d
			if u != s {
				sum += 1 / du
			}
			if settled++; settled <= 16 || settled&7 == 1 {
				bound = 0
				for v, d := range ws.dist {
					if !ws.done[v] && d > bound {
						bound = d
					}
				}
			}
			for k := ws.start[u]; k < ws.start[u+1]; k++ {
				nd := du + ws.length[k]
				if nd >= bound {
					break
				}
				if v := ws.target[k]; nd < ws.dist[v] {
					ws.dist[v] = nd
					ws.push(heapItem{nd, v})
				}
			}
		}
	}
	return sum
}

func (ws *wdijkstra) push(it heapItem) {
	h := append(ws.heap, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].d <= h[i].d {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	ws.heap = h
}

func (ws *wdijkstra) pop() heapItem {
	h := ws.heap
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(h) {
			break
		}
		if r := l + 1; r < len(h) && h[r].d < h[l].d {
			l = r
		}
		if h[i].d <= h[l].d {
			break
		}
		h[i], h[l] = h[l], h[i]
		i = l
	}
	ws.heap = h
	return top
}
