package graphmetrics

// DirectedClustering returns the binary directed clustering coefficient of
// every node (Fagiolo 2007, doi:10.1103/PhysRevE.76.026107), as networkx
// clustering(G) computes it for a DiGraph G: with S = A + Aᵀ,
//
//	C_i = [S³]_ii / (2 [d_i^tot (d_i^tot − 1) − 2 d_i^↔]),
//
// d_i^tot = k_i^in + k_i^out and d_i^↔ the number of reciprocated pairs
// i⇄j: the fraction of all directed triangles i can form that it does. A
// node that can form none has C_i = 0.
func DirectedClustering(g *Digraph) []float64 {
	c := make([]float64, g.n)
	tri := make([]int, g.n)
	directedTriangles(tri, g)
	for i := range c {
		c[i] = directedClusteringOf(g, i, tri[i])
	}
	return c
}

// MeanDirectedClustering returns the mean of DirectedClustering(g) over all
// N nodes (networkx average_clustering); NaN for N = 0.
func MeanDirectedClustering(g *Digraph) float64 {
	if g.n == 0 {
		return nan()
	}
	return meanDirectedClustering(g, make([]int, g.n))
}

func meanDirectedClustering(g *Digraph, tri []int) float64 {
	clear(tri)
	directedTriangles(tri, g)
	s := 0.0
	for i := 0; i < g.n; i++ {
		s += directedClusteringOf(g, i, tri[i])
	}
	return s / float64(g.n)
}

func directedClusteringOf(g *Digraph, i, t int) float64 {
	o, in := g.outRow(i), g.inRow(i)
	dtot := popcount(o) + popcount(in)
	dbi := andCount(o, in)
	den := 2 * (dtot*(dtot-1) - 2*dbi)
	if t == 0 || den == 0 {
		return 0
	}
	return float64(t) / float64(den)
}

// directedTriangles adds [S³]_ii to t[i], S = A + Aᵀ, as
// Σ_j S_ij Σ_k S_jk S_ki, where Σ_k S_jk S_ki = |O_j∩O_i| + |O_j∩I_i| +
// |I_j∩O_i| + |I_j∩I_i| (O, I the successor and predecessor bitsets) is
// symmetric in i and j and computed once per pair.
func directedTriangles(t []int, g *Digraph) {
	words := g.words
	for i := 0; i < g.n; i++ {
		oi, ii := g.outRow(i), g.inRow(i)
		for k := i >> 6; k < words; k++ {
			x := oi[k] | ii[k]
			if k == i>>6 {
				x &^= (2 << (uint(i) & 63)) - 1 // j > i only
			}
			for x != 0 {
				j := k<<6 | bitsTrailing(x)
				x &= x - 1
				oj, ij := g.out[j*words:(j+1)*words], g.in[j*words:(j+1)*words]
				var c int
				for q := range oi {
					c += onesCount(oj[q]&oi[q]) + onesCount(oj[q]&ii[q]) + onesCount(ij[q]&oi[q]) + onesCount(ij[q]&ii[q])
				}
				s := int(oi[k]>>(uint(j)&63)&1) + int(ii[k]>>(uint(j)&63)&1) // S_ij = S_ji
				t[i] += s * c
				t[j] += s * c
			}
		}
	}
}

// DirectedEfficiency returns the global efficiency of a directed graph
// (Latora & Marchiori 2001, doi:10.1103/PhysRevLett.87.198701):
//
//	E = Σ_{i≠j} 1/d_ij / (N² − N),
//
// d_ij the length of the shortest directed path i→…→j (1/∞ = 0); NaN for
// N < 2.
func DirectedEfficiency(g *Digraph) float64 {
	if g.n < 2 {
		return nan()
	}
	st := allPairsBits(g.n, g.words, g.out, g.in, newBFSWork(g.words))
	return st.invSum / float64(st.numPairs)
}

// DirectedCharPathLength returns the mean directed shortest-path length over
// the ordered pairs i ≠ j with a path i→…→j; NaN when there is none.
func DirectedCharPathLength(g *Digraph) float64 {
	st := allPairsBits(g.n, g.words, g.out, g.in, newBFSWork(g.words))
	if st.reach == 0 {
		return nan()
	}
	return st.distSum / float64(st.reach)
}
