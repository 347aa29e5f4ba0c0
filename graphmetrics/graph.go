package graphmetrics

import "math/bits"

func bitsTrailing(x uint64) int { return bits.TrailingZeros64(x) }

// Graph is an undirected binary graph on nodes 0…N−1 stored as a bitset
// adjacency matrix: row i is a bitset of i's neighbours. Self-loops are
// allowed (the paper's null model keeps them) and are stored on the diagonal;
// the metrics document what they do with them. The zero value is an empty
// graph on 0 nodes; use NewGraph.
//
// Methods taking a node index panic with a NodeError when it is out of range.
type Graph struct {
	n     int
	words int      // uint64 words per row
	adj   []uint64 // n*words
}

// NewGraph returns a graph on n nodes without edges. It panics with a
// NodeError if n < 0.
func NewGraph(n int) *Graph {
	if n < 0 {
		panic(NodeError{What: "graph size", Index: n, N: 0})
	}
	w := (n + 63) / 64
	return &Graph{n: n, words: w, adj: make([]uint64, n*w)}
}

// N returns the number of nodes.
func (g *Graph) N() int { return g.n }

func (g *Graph) check(i int) {
	if i < 0 || i >= g.n {
		panic(NodeError{What: "node", Index: i, N: g.n})
	}
}

func (g *Graph) row(i int) []uint64 { return g.adj[i*g.words : (i+1)*g.words] }

// SetEdge adds the undirected edge {i, j} (a self-loop when i == j).
func (g *Graph) SetEdge(i, j int) {
	g.check(i)
	g.check(j)
	g.adj[i*g.words+j>>6] |= 1 << (uint(j) & 63)
	g.adj[j*g.words+i>>6] |= 1 << (uint(i) & 63)
}

// RemoveEdge removes the undirected edge {i, j} if present.
func (g *Graph) RemoveEdge(i, j int) {
	g.check(i)
	g.check(j)
	g.adj[i*g.words+j>>6] &^= 1 << (uint(j) & 63)
	g.adj[j*g.words+i>>6] &^= 1 << (uint(i) & 63)
}

// HasEdge reports whether {i, j} is an edge.
func (g *Graph) HasEdge(i, j int) bool {
	g.check(i)
	g.check(j)
	return g.hasEdge(i, j)
}

func (g *Graph) hasEdge(i, j int) bool {
	return g.adj[i*g.words+j>>6]&(1<<(uint(j)&63)) != 0
}

// Degree returns the number of neighbours of i other than i itself
// (self-loops are not counted).
func (g *Graph) Degree(i int) int {
	g.check(i)
	d := popcount(g.row(i))
	if g.hasEdge(i, i) {
		d--
	}
	return d
}

// NumEdges returns the number of undirected edges between distinct nodes.
func (g *Graph) NumEdges() int {
	s := 0
	for i := 0; i < g.n; i++ {
		s += g.Degree(i)
	}
	return s / 2
}

// NumSelfLoops returns the number of nodes with a self-loop.
func (g *Graph) NumSelfLoops() int {
	s := 0
	for i := 0; i < g.n; i++ {
		if g.hasEdge(i, i) {
			s++
		}
	}
	return s
}

// Density returns NumEdges / (N(N−1)/2), the fraction of possible edges
// between distinct nodes present; NaN when N < 2.
func (g *Graph) Density() float64 {
	if g.n < 2 {
		return nan()
	}
	return float64(g.NumEdges()) / (float64(g.n) * float64(g.n-1) / 2)
}

// Neighbors returns i's neighbours in increasing order, without i itself.
func (g *Graph) Neighbors(i int) []int {
	g.check(i)
	var out []int
	for j := range eachBit(g.row(i)) {
		if j != i {
			out = append(out, j)
		}
	}
	return out
}

// Clone returns a deep copy of g.
func (g *Graph) Clone() *Graph {
	c := &Graph{n: g.n, words: g.words, adj: make([]uint64, len(g.adj))}
	copy(c.adj, g.adj)
	return c
}

// WithoutSelfLoops returns a copy of g with its diagonal cleared.
func (g *Graph) WithoutSelfLoops() *Graph {
	c := g.Clone()
	for i := 0; i < c.n; i++ {
		c.adj[i*c.words+i>>6] &^= 1 << (uint(i) & 63)
	}
	return c
}

// Dense returns the 0/1 adjacency matrix of g as a row-major slice of N²
// values (self-loops on the diagonal).
func (g *Graph) Dense() []float64 {
	out := make([]float64, g.n*g.n)
	for i := 0; i < g.n; i++ {
		for j := range eachBit(g.row(i)) {
			out[i*g.n+j] = 1
		}
	}
	return out
}

func (g *Graph) reset() {
	clear(g.adj)
}

func popcount(x []uint64) int {
	c := 0
	for _, w := range x {
		c += bits.OnesCount64(w)
	}
	return c
}

func andCount(x, y []uint64) int {
	c := 0
	y = y[:len(x)]
	for k, w := range x {
		c += bits.OnesCount64(w & y[k])
	}
	return c
}

// eachBit iterates over the set bits of x in increasing order.
func eachBit(x []uint64) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for k, w := range x {
			for w != 0 {
				t := bits.TrailingZeros64(w)
				if !yield(k<<6 | t) {
					return
				}
				w &= w - 1
			}
		}
	}
}

func onesCount(x uint64) int { return bits.OnesCount64(x) }
