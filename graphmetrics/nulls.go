package graphmetrics

import (
	"fmt"
	"math/rand/v2"
)

// NullModel selects the random graphs a network is compared with.
type NullModel int

const (
	// NullPaper is the paper's null model (docs/method.md §8): the binary matrix
	// (U + Uᵀ)/2 > 0.7 with U an N×N matrix of independent U[0, 1) draws,
	// self-loops kept. Each pair i < j is then an edge independently with
	// probability P(U₁ + U₂ > 1.4) = 0.18, and each node has a self-loop
	// with probability P(U > 0.7) = 0.3, whatever the network's density.
	// It is drawn in that equivalent form, a 32-bit uniform per pair
	// compared with ⌊0.18·2³²⌋ (the probability is exact to 6.6e-11).
	NullPaper NullModel = iota
	// NullER is the Erdős–Rényi G(N, M) model (Erdős & Rényi 1959): M
	// distinct pairs chosen uniformly, M the network's number of edges, so
	// the density is exactly equal; no self-loops.
	NullER
	// NullRewire is degree-preserving rewiring (Maslov & Sneppen 2002,
	// doi:10.1126/science.1065103; BCT randmio_und): repeated double-edge
	// swaps (a–b, c–d) → (a–d, c–b) that create no self-loop or multi-edge.
	NullRewire
)

// DefaultSwapsPerEdge is the number of successful double-edge swaps per edge
// NullRewire performs (BCT's "each edge is rewired approximately ITER
// times" with ITER = 10).
const DefaultSwapsPerEdge = 10

// String returns "paper", "er" or "rewire".
func (m NullModel) String() string {
	switch m {
	case NullPaper:
		return "paper"
	case NullER:
		return "er"
	case NullRewire:
		return "rewire"
	}
	return fmt.Sprintf("NullModel(%d)", int(m))
}

// ParseNullModel returns the NullModel named by s ("paper", "er" or
// "rewire").
func ParseNullModel(s string) (NullModel, error) {
	for _, m := range []NullModel{NullPaper, NullER, NullRewire} {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, &InputError{Field: "null model", Detail: fmt.Sprintf("unknown %q (want paper, er or rewire)", s), Err: ErrConfig}
}

func (m NullModel) valid() bool { return m >= NullPaper && m <= NullRewire }

// paperThreshold is ⌊0.18·2³²⌋: a 32-bit uniform below it has probability
// 0.18 − 6.5e-11.
const paperThreshold uint32 = 773094113

// paperSelfThreshold is ⌊0.3·2³²⌋ for the diagonal, P(U_ii > 0.7) = 0.3.
const paperSelfThreshold uint32 = 1288490188

// PaperNull draws one graph of the paper's null model (NullPaper) on n
// nodes, self-loops included. It panics if rnd is nil.
func PaperNull(n int, rnd *rand.Rand) *Graph {
	if rnd == nil {
		panic("graphmetrics: PaperNull: nil *rand.Rand")
	}
	g := NewGraph(n)
	paperNullTo(g, rnd)
	return g
}

// paperNullTo overwrites g with a draw of the paper's null model. It
// allocates nothing.
//
// Each Bernoulli trial compares a 32-bit uniform u with the threshold T, but
// lazily: the top byte of u is drawn first and decides the trial unless it
// equals T's top byte (probability 1/256), in which case the remaining 24
// bits are drawn. This is the same distribution as comparing full 32-bit
// uniforms, with a quarter of the random bits. Eight trials are decided at
// once from one 64-bit draw with byte-wise (SWAR) comparisons.
func paperNullTo(g *Graph, rnd *rand.Rand) {
	g.reset()
	n, words := g.n, g.words
	for i := 0; i < n; i++ {
		row := g.adj[i*words : (i+1)*words]
		if bernoulli32(rnd, paperSelfThreshold) {
			row[i>>6] |= 1 << (uint(i) & 63)
		}
		for j := i + 1; j < n; j += 8 {
			m := bernoulli8(rnd, paperThreshold)
			if rem := n - j; rem < 8 {
				m &= 1<<uint(rem) - 1
			}
			sh := uint(j) & 63
			row[j>>6] |= m << sh
			if hi := m >> (64 - sh); sh > 56 && hi != 0 {
				row[j>>6+1] |= hi
			}
		}
	}
	// Mirror the upper triangle.
	for i := 0; i < n; i++ {
		row := g.adj[i*words : (i+1)*words]
		for k := i >> 6; k < words; k++ {
			x := row[k]
			if k == i>>6 {
				x &^= (2 << (uint(i) & 63)) - 1 // bits j > i only
			}
			for x != 0 {
				j := k<<6 | bitsTrailing(x)
				x &= x - 1
				g.adj[j*words+i>>6] |= 1 << (uint(i) & 63)
			}
		}
	}
}

const (
	swarLow  = 0x0101010101010101
	swarHigh = 0x8080808080808080
	// swarPack moves bit 8k of a word to bit 56+k (all partial products
	// land on distinct bits, so nothing carries).
	swarPack = 1<<56 | 1<<49 | 1<<42 | 1<<35 | 1<<28 | 1<<21 | 1<<14 | 1<<7
)

// bernoulli8 returns 8 independent trials "32-bit uniform < t" as the low 8
// bits of the result, t's top byte being at most 128.
func bernoulli8(rnd *rand.Rand, t uint32) uint64 {
	top := uint64(t >> 24)
	x := rnd.Uint64()
	y := (x | swarHigh) - top*swarLow
	lt := ^y & ^x & swarHigh // byte b < top
	z := x ^ top*swarLow
	eq := ^(((z &^ swarHigh) + ^uint64(swarHigh)) | z) & swarHigh // byte b == top
	m := ((lt >> 7) * swarPack) >> 56
	for eq != 0 {
		k := uint(bitsTrailing(eq)) >> 3
		eq &= eq - 1
		if uint32(rnd.Uint64()>>40) < t&0xffffff {
			m |= 1 << k
		}
	}
	return m
}

// bernoulli32 reports whether a 32-bit uniform drawn from rnd is below t.
func bernoulli32(rnd *rand.Rand, t uint32) bool {
	return uint32(rnd.Uint64()>>32) < t
}

// ERNull draws a G(n, m) graph: m distinct edges chosen uniformly among the
// n(n−1)/2 pairs, no self-loops. It panics if rnd is nil or m is out of
// range.
func ERNull(n, m int, rnd *rand.Rand) *Graph {
	if rnd == nil {
		panic("graphmetrics: ERNull: nil *rand.Rand")
	}
	if m < 0 || m > n*(n-1)/2 {
		panic(NodeError{What: "edge count", Index: m, N: n})
	}
	g := NewGraph(n)
	erNullTo(g, m, rnd)
	return g
}

func erNullTo(g *Graph, m int, rnd *rand.Rand) {
	g.reset()
	n := g.n
	total := n * (n - 1) / 2
	if 2*m > total {
		// Dense: choose the pairs to leave out instead.
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				g.SetEdge(i, j)
			}
		}
		for k := 0; k < total-m; {
			i, j := rnd.IntN(n), rnd.IntN(n)
			if i == j || !g.hasEdge(i, j) {
				continue
			}
			g.RemoveEdge(i, j)
			k++
		}
		return
	}
	for k := 0; k < m; {
		i, j := rnd.IntN(n), rnd.IntN(n)
		if i == j || g.hasEdge(i, j) {
			continue
		}
		g.SetEdge(i, j)
		k++
	}
}

// rewirer holds the edge list of a graph being rewired.
type rewirer struct {
	eu, ev []int
}

// RewireNull returns a degree-preserving randomisation of g (NullRewire):
// swapsPerEdge × E successful double-edge swaps, or as many as succeed in
// 100 × that many attempts (a graph may admit none, e.g. a star), giving up
// once at least 10·E attempts have been made with fewer than 1% accepted
// (a complete or nearly complete graph). Self-loops
// of g are dropped. It panics if rnd is nil.
func RewireNull(g *Graph, swapsPerEdge int, rnd *rand.Rand) *Graph {
	if rnd == nil {
		panic("graphmetrics: RewireNull: nil *rand.Rand")
	}
	dst := NewGraph(g.n)
	var r rewirer
	r.rewireTo(dst, g, swapsPerEdge, rnd, nil)
	return dst
}

// rewireTo writes into dst a rewired copy of src. If lattice is non-nil, a
// swap is accepted only if it does not increase Σ lattice(i, j) over the
// edges (latticisation, Sporns & Zwi 2004, doi:10.1385/NI:2:2:145).
func (r *rewirer) rewireTo(dst, src *Graph, swapsPerEdge int, rnd *rand.Rand, lattice func(i, j int) int) {
	copy(dst.adj, src.adj)
	for i := 0; i < dst.n; i++ {
		dst.adj[i*dst.words+i>>6] &^= 1 << (uint(i) & 63)
	}
	r.eu, r.ev = r.eu[:0], r.ev[:0]
	for i := 0; i < dst.n; i++ {
		for j := range eachBit(dst.row(i)) {
			if j > i {
				r.eu = append(r.eu, i)
				r.ev = append(r.ev, j)
			}
		}
	}
	m := len(r.eu)
	if m < 2 {
		return
	}
	target := swapsPerEdge * m
	for done, tries := 0, 0; done < target && tries < 100*target; tries++ {
		if lattice == nil && tries >= 10*m && done*100 < tries {
			break // under 1% accepted: (nearly) complete or otherwise rigid
		}
		e1, e2 := rnd.IntN(m), rnd.IntN(m)
		if e1 == e2 {
			continue
		}
		a, b := r.eu[e1], r.ev[e1]
		c, d := r.eu[e2], r.ev[e2]
		if rnd.IntN(2) == 0 {
			c, d = d, c
		}
		if a == c || a == d || b == c || b == d {
			continue
		}
		if dst.hasEdge(a, d) || dst.hasEdge(c, b) {
			continue
		}
		if lattice != nil && lattice(a, d)+lattice(c, b) > lattice(a, b)+lattice(c, d) {
			continue
		}
		dst.RemoveEdge(a, b)
		dst.RemoveEdge(c, d)
		dst.SetEdge(a, d)
		dst.SetEdge(c, b)
		r.eu[e1], r.ev[e1] = a, d
		r.eu[e2], r.ev[e2] = c, b
		done++
	}
}
