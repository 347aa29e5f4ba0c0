package graphmetrics

// DirectedModularity returns the modularity of a partition of a directed
// graph (Leicht & Newman 2008, doi:10.1103/PhysRevLett.100.118703), as
// networkx.algorithms.community.modularity computes it for a DiGraph:
//
//	Q = (1/m) Σ_ij [ A_ij − k_i^out k_j^in / m ] δ(c_i, c_j)
//	  = Σ_c [ L_c/m − K_c^out K_c^in / m² ],
//
// with A_ij = 1 for an arc i→j, m the number of arcs, L_c the arcs inside
// community c and K_c^out, K_c^in its summed out- and in-degrees. It returns
// an error if communities is not a partition of 0…N−1, and NaN with
// ErrUndefined if g has no arcs.
func DirectedModularity(g *Digraph, communities [][]int) (float64, error) {
	label, err := partitionLabels(communities, g.n)
	if err != nil {
		return nan(), err
	}
	m := g.NumArcs()
	if m == 0 {
		return nan(), &UndefinedError{Metrics: []string{"DirectedModularity"}, Reasons: []string{"graph has no arcs"}}
	}
	inside := make([]float64, len(communities))
	kout := make([]float64, len(communities))
	kin := make([]float64, len(communities))
	for i := 0; i < g.n; i++ {
		kout[label[i]] += float64(popcount(g.outRow(i)))
		kin[label[i]] += float64(popcount(g.inRow(i)))
		for j := range eachBit(g.outRow(i)) {
			if label[j] == label[i] {
				inside[label[i]]++
			}
		}
	}
	fm := float64(m)
	q := 0.0
	for c := range communities {
		q += inside[c]/fm - kout[c]*kin[c]/(fm*fm)
	}
	return q, nil
}

// GreedyModularityDirected is the directed community search: Clauset–Newman–
// Moore greedy maximisation of the directed modularity Q of
// DirectedModularity, exactly as networkx 2.8's
// greedy_modularity_communities(G) does for a DiGraph G (same partition,
// same order). With a_i = k_i^out/m and b_i = k_i^in/m, merging communities
// i and j changes Q by
//
//	ΔQ_ij = (e_ij + e_ji)/m − (a_i b_j + b_i a_j),
//
// e_ij the arcs from i to j; merges, tie-breaking and the order of the
// result are those of GreedyModularity. A graph without arcs gives N
// singletons.
func GreedyModularityDirected(g *Digraph) [][]int {
	n := g.n
	members := make([][]int, n)
	alive := make([]bool, n)
	for i := range members {
		members[i] = []int{i}
		alive[i] = true
	}
	m := g.NumArcs()
	if m == 0 {
		return orderCommunities(members, alive)
	}
	q0 := 1 / float64(m)
	w := getFloats(n * n)
	defer putFloats(w)
	clear(w)
	a := make([]float64, n)
	b := make([]float64, n)
	for i := 0; i < n; i++ {
		a[i] = float64(popcount(g.outRow(i))) * q0
		b[i] = float64(popcount(g.inRow(i))) * q0
		for j := range eachBit(g.outRow(i)) {
			w[i*n+j]++
			w[j*n+i]++
		}
	}
	return cnmMerge(w, n, a, b, q0, members, alive)
}
