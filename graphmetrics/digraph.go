package graphmetrics

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Digraph is a directed binary graph on nodes 0…N−1 without self-loops,
// stored twice as bitset adjacency matrices: row i of the out-matrix holds
// i's successors (arcs i→j), row j of the in-matrix j's predecessors. An
// arc i→j of a weight matrix's graph is the synapse from presynaptic unit i
// (row i of W) to postsynaptic unit j. The zero value is an empty graph on
// 0 nodes; use NewDigraph.
//
// Methods taking a node index panic with a NodeError when it is out of range
// or, for SetArc, when i == j.
type Digraph struct {
	n, words int
	out, in  []uint64 // n*words each
}

// NewDigraph returns a directed graph on n nodes without arcs. It panics with
// a NodeError if n < 0.
func NewDigraph(n int) *Digraph {
	if n < 0 {
		panic(NodeError{What: "graph size", Index: n, N: 0})
	}
	w := (n + 63) / 64
	return &Digraph{n: n, words: w, out: make([]uint64, n*w), in: make([]uint64, n*w)}
}

// N returns the number of nodes.
func (g *Digraph) N() int { return g.n }

func (g *Digraph) check(i int) {
	if i < 0 || i >= g.n {
		panic(NodeError{What: "node", Index: i, N: g.n})
	}
}

func (g *Digraph) outRow(i int) []uint64 { return g.out[i*g.words : (i+1)*g.words] }
func (g *Digraph) inRow(i int) []uint64  { return g.in[i*g.words : (i+1)*g.words] }

// SetArc adds the arc i→j. It panics with a NodeError if i == j.
func (g *Digraph) SetArc(i, j int) {
	g.check(i)
	g.check(j)
	if i == j {
		panic(NodeError{What: "self-loop at node", Index: i, N: g.n})
	}
	g.setArc(i, j)
}

func (g *Digraph) setArc(i, j int) {
	g.out[i*g.words+j>>6] |= 1 << (uint(j) & 63)
	g.in[j*g.words+i>>6] |= 1 << (uint(i) & 63)
}

func (g *Digraph) removeArc(i, j int) {
	g.out[i*g.words+j>>6] &^= 1 << (uint(j) & 63)
	g.in[j*g.words+i>>6] &^= 1 << (uint(i) & 63)
}

// RemoveArc removes the arc i→j if present.
func (g *Digraph) RemoveArc(i, j int) {
	g.check(i)
	g.check(j)
	g.removeArc(i, j)
}

// HasArc reports whether i→j is an arc.
func (g *Digraph) HasArc(i, j int) bool {
	g.check(i)
	g.check(j)
	return g.hasArc(i, j)
}

func (g *Digraph) hasArc(i, j int) bool {
	return g.out[i*g.words+j>>6]&(1<<(uint(j)&63)) != 0
}

// OutDegree returns the number of arcs leaving i.
func (g *Digraph) OutDegree(i int) int {
	g.check(i)
	return popcount(g.outRow(i))
}

// InDegree returns the number of arcs entering i.
func (g *Digraph) InDegree(i int) int {
	g.check(i)
	return popcount(g.inRow(i))
}

// NumArcs returns the number of arcs.
func (g *Digraph) NumArcs() int { return popcount(g.out) }

// Density returns NumArcs / (N(N−1)); NaN when N < 2.
func (g *Digraph) Density() float64 {
	if g.n < 2 {
		return nan()
	}
	return float64(g.NumArcs()) / (float64(g.n) * float64(g.n-1))
}

// Clone returns a deep copy of g.
func (g *Digraph) Clone() *Digraph {
	return &Digraph{n: g.n, words: g.words, out: slices.Clone(g.out), in: slices.Clone(g.in)}
}

// Undirected returns the undirected graph with an edge {i, j} wherever i→j
// or j→i is an arc.
func (g *Digraph) Undirected() *Graph {
	u := NewGraph(g.n)
	for k := range u.adj {
		u.adj[k] = g.out[k] | g.in[k]
	}
	return u
}

// Overlap returns the fraction of g's arcs that are also arcs of h (NaN when
// g has none); both must have the same number of nodes, or it panics with
// a NodeError.
func (g *Digraph) Overlap(h *Digraph) float64 {
	if g.n != h.n {
		panic(NodeError{What: "graph size", Index: h.n, N: g.n})
	}
	m := g.NumArcs()
	if m == 0 {
		return nan()
	}
	return float64(andCount(g.out, h.out)) / float64(m)
}

func (g *Digraph) copyFrom(h *Digraph) {
	copy(g.out, h.out)
	copy(g.in, h.in)
}

// BinarizeDirected returns the directed binary graph of w (N×N, row =
// presynaptic) under a binarisation b, with arcs i→j, i ≠ j, never a
// self-loop:
//
//   - BinQuantile: |W_ij| strictly above the (1 − keep) quantile θ of all N²
//     entries of |W| (the paper's threshold, without symmetrising);
//   - BinDensity: the round(keep·N(N−1)) arcs of largest |W_ij|, ties to the
//     arc first in row-major order, zero weights never kept;
//   - BinNonzero: W_ij ≠ 0 (keep is ignored).
//
// It also returns θ for BinQuantile and NaN otherwise. It returns an error
// for a non-square or non-finite w, an unknown b, or keep outside [0, 1].
func BinarizeDirected(w mat.Matrix, b Binarization, keep float64) (*Digraph, float64, error) {
	if !(keep >= 0 && keep <= 1) {
		return nil, nan(), &InputError{Field: "keep", Detail: fmt.Sprintf("%v outside [0, 1]", keep), Err: ErrConfig}
	}
	if b < BinQuantile || b > BinNonzero {
		return nil, nan(), &InputError{Field: "binarization", Detail: b.String(), Err: ErrConfig}
	}
	n, err := checkWeights(w, 0)
	if err != nil {
		return nil, nan(), err
	}
	g := NewDigraph(n)
	if n == 0 {
		return g, nan(), nil
	}
	a := absValues(w, n)
	theta := nan()
	switch b {
	case BinQuantile:
		theta = quantileInPlace(slices.Clone(a), 1-keep)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i != j && a[i*n+j] > theta {
					g.setArc(i, j)
				}
			}
		}
	case BinDensity:
		idx := make([]int, 0, n*(n-1))
		for k := range a {
			if k/n != k%n {
				idx = append(idx, k)
			}
		}
		sort.SliceStable(idx, func(x, y int) bool { return a[idx[x]] > a[idx[y]] })
		for _, k := range idx[:int(math.Round(keep*float64(len(idx))))] {
			if a[k] > 0 {
				g.setArc(k/n, k%n)
			}
		}
	case BinNonzero:
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i != j && a[i*n+j] != 0 {
					g.setArc(i, j)
				}
			}
		}
	}
	return g, theta, nil
}
