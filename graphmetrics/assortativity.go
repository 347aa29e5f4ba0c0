package graphmetrics

import "math"

// Assortativity returns Newman's degree assortativity coefficient
// (Newman 2002, doi:10.1103/PhysRevLett.89.208701), the Pearson correlation
// of the degrees at the two ends of an edge, each undirected edge counted in
// both directions, as networkx degree_assortativity_coefficient computes it:
//
//	r = Σ_xy xy (e_xy − a_x b_y) / (σ_a σ_b),
//
// with e_xy the fraction of edge ends joining degree x to degree y and a, b
// its marginals. Self-loops are ignored. It is NaN when the graph has no
// edges or all edge ends have the same degree (a regular graph), where
// networkx also gives NaN.
func Assortativity(g *Graph) float64 {
	h := g
	if g.NumSelfLoops() > 0 {
		h = g.WithoutSelfLoops()
	}
	deg := make([]float64, h.n)
	for i := range deg {
		deg[i] = float64(popcount(h.row(i)))
	}
	// Two passes over the 2E ordered edge ends: mean, then central moments.
	var m, sum float64
	for i := 0; i < h.n; i++ {
		m += deg[i]
		sum += deg[i] * deg[i]
	}
	if m == 0 {
		return nan()
	}
	mean := sum / m // Σ_i k_i·k_i / Σ_i k_i: mean degree at an edge end
	var sxy, sxx float64
	for i := 0; i < h.n; i++ {
		di := deg[i] - mean
		sxx += deg[i] * di * di
		for j := range eachBit(h.row(i)) {
			sxy += di * (deg[j] - mean)
		}
	}
	if sxx == 0 {
		return nan()
	}
	r := sxy / sxx
	if math.Abs(r) > 1 { // rounding on nearly regular graphs
		r = math.Copysign(1, r)
	}
	return r
}
