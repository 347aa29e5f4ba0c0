package graphmetrics

// Clustering returns the binary clustering coefficient of every node exactly
// as the Brain Connectivity Toolbox's clustering_coef_bu (bctpy; Watts &
// Strogatz 1998, doi:10.1038/30918; Rubinov & Sporns 2010,
// doi:10.1016/j.neuroimage.2009.10.003): with V_u the set of nodes j with
// A_uj = 1 and k_u = |V_u|,
//
//	C_u = Σ_{i,j ∈ V_u} A_ij / (k_u² − k_u)   if k_u ≥ 2,   C_u = 0 otherwise.
//
// On a simple graph this is the fraction of pairs of u's neighbours that are
// linked. Like BCT, a self-loop is not removed: u then belongs to V_u, the
// links from u to its neighbours count as "triangles", and self-loops of
// neighbours add to the numerator. The paper's null model keeps self-loops,
// so its clustering depends on this.
func Clustering(g *Graph) []float64 {
	tri := make([]int, g.n)
	triangleSums(tri, g)
	c := make([]float64, g.n)
	for u := range c {
		if k := popcount(g.row(u)); k >= 2 {
			c[u] = float64(tri[u]) / float64(k*k-k)
		}
	}
	return c
}

// MeanClustering returns the mean of Clustering(g) over all N nodes (nodes of
// degree < 2 count as 0, as in BCT and networkx average_clustering); NaN for
// N = 0.
func MeanClustering(g *Graph) float64 {
	if g.n == 0 {
		return nan()
	}
	return meanClustering(g)
}

func meanClustering(g *Graph) float64 {
	var stack [512]int
	var tri []int
	if g.n <= len(stack) {
		tri = stack[:g.n]
		clear(tri)
	} else {
		tri = make([]int, g.n)
	}
	triangleSums(tri, g)
	s := 0.0
	for u := 0; u < g.n; u++ {
		if k := popcount(g.row(u)); k >= 2 {
			s += float64(tri[u]) / float64(k*k-k)
		}
	}
	return s / float64(g.n)
}

// triangleSums sets t[u] = Σ_{i ∈ V_u} |V_u ∩ V_i|, the numerator of BCT's
// clustering_coef_bu (V_u the row of u, self-loop included). Each pair
// u < i of neighbours is intersected once and credited to both.
func triangleSums(t []int, g *Graph) {
	words := g.words
	for u := 0; u < g.n; u++ {
		ru := g.adj[u*words : (u+1)*words]
		if g.hasEdge(u, u) {
			t[u] += popcount(ru)
		}
		for k := u >> 6; k < words; k++ {
			x := ru[k]
			if k == u>>6 {
				x &^= (2 << (uint(u) & 63)) - 1
			}
			for x != 0 {
				i := k<<6 | bitsTrailing(x)
				x &= x - 1
				c := andCount(ru, g.adj[i*words:(i+1)*words])
				t[u] += c
				t[i] += c
			}
		}
	}
}

// Transitivity returns the global clustering coefficient as networkx
// transitivity computes it (Newman 2003, doi:10.1137/S003614450342480):
//
//	T = 3 × triangles / connected triples = Σ_u t_u / Σ_u k_u(k_u − 1),
//
// with t_u twice the number of triangles through u and k_u u's degree;
// 0 when the graph has no connected triple (as networkx). Self-loops are
// ignored.
func Transitivity(g *Graph) float64 {
	h := g
	if g.NumSelfLoops() > 0 {
		h = g.WithoutSelfLoops()
	}
	var tri, triads int
	for u := 0; u < h.n; u++ {
		ru := h.row(u)
		k := popcount(ru)
		triads += k * (k - 1)
		for i := range eachBit(ru) {
			tri += andCount(ru, h.row(i))
		}
	}
	if triads == 0 {
		return 0
	}
	return float64(tri) / float64(triads)
}
