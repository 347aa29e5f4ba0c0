package graphmetrics

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// GreedyModularity returns the communities found by Clauset–Newman–Moore
// greedy modularity maximisation (Clauset, Newman & Moore 2004,
// doi:10.1103/PhysRevE.70.066111) with exactly the semantics of networkx 2.8
// greedy_modularity_communities(G, resolution=1), so that the partition is
// the one networkx returns for the same graph with nodes 0…N−1.
//
// Starting from singletons, with m the number of edges and a_i = k_i/(2m),
// the modularity gain of merging communities i and j is
//
//	ΔQ_ij = e_ij/m − 2 a_i a_j
//
// (e_ij the number of edges between them). At each step the pair with the
// largest ΔQ is merged, ties going to the smallest (i, j) in lexicographic
// order, i < j, with community i merged into community j (which keeps the
// label j); gains are then updated by the CNM rules
// ΔQ'_jk = ΔQ_ik + ΔQ_jk, ΔQ_jk − 2a_i a_k or ΔQ_ik − 2a_j a_k, in the same
// floating-point order as networkx. Merging continues while the best gain
// is ≥ 0. Nodes without edges stay singletons.
//
// The communities are returned as sorted node lists, largest first, ties in
// the order of the surviving labels, as networkx orders them. Self-loops are
// ignored. A graph without edges gives N singletons (networkx raises
// ZeroDivisionError there). It takes O(N²) memory (a dense gain matrix) and
// O(N) time per merge plus the degrees touched: about 5 ms for N = 312.
func GreedyModularity(g *Graph) [][]int {
	w := getFloats(g.n * g.n)
	defer putFloats(w)
	clear(w)
	for i := 0; i < g.n; i++ {
		for j := range eachBit(g.row(i)) {
			if j != i {
				w[i*g.n+j] = 1
			}
		}
	}
	return greedyModularity(w, g.n)
}

// GreedyModularityWeighted is GreedyModularity on a weighted undirected
// graph given as a symmetric N×N row-major slice of non-negative weights
// (diagonal ignored), as networkx greedy_modularity_communities(G,
// weight="weight"); e_ij, m and k_i become sums of weights. It returns an
// error if w is not N×N, not symmetric, or holds a negative or non-finite
// weight.
func GreedyModularityWeighted(w []float64, n int) ([][]int, error) {
	if err := checkSymmetricWeights(w, n); err != nil {
		return nil, err
	}
	c := slices.Clone(w)
	for i := 0; i < n; i++ {
		c[i*n+i] = 0
	}
	return greedyModularity(c, n), nil
}

func checkSymmetricWeights(w []float64, n int) error {
	if n < 0 || len(w) != n*n {
		return &InputError{Field: "w", Detail: fmt.Sprintf("length %d, want %d×%d", len(w), n, n), Err: ErrNotSquare}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := w[i*n+j]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &InputError{Field: fmt.Sprintf("w[%d,%d]", i, j), Detail: fmt.Sprintf("value %v", v), Err: ErrNonFinite}
			}
			if v < 0 {
				return &InputError{Field: fmt.Sprintf("w[%d,%d]", i, j), Detail: fmt.Sprintf("negative weight %v", v), Err: ErrConfig}
			}
			if v != w[j*n+i] {
				return &InputError{Field: fmt.Sprintf("w[%d,%d]", i, j), Detail: "matrix is not symmetric", Err: ErrConfig}
			}
		}
	}
	return nil
}

// greedyModularity runs CNM on a symmetric weight matrix with zero diagonal.
// It keeps the dense gain matrix dq (valid where the bit is set in nbr) and
// each row's best entry, so a merge costs O(N + Σ touched degrees).
func greedyModularity(w []float64, n int) [][]int {
	// m = G.size(weight) = Σ degrees / 2.
	deg := make([]float64, n)
	var degSum float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			deg[i] += w[i*n+j]
		}
		degSum += deg[i]
	}
	members := make([][]int, n)
	for i := range members {
		members[i] = []int{i}
	}
	alive := make([]bool, n)
	for i := range alive {
		alive[i] = true
	}
	if degSum == 0 {
		return orderCommunities(members, alive)
	}
	m := degSum / 2
	q0 := 1 / m
	a := make([]float64, n)
	for i := range a {
		a[i] = deg[i] * q0 * 0.5
	}
	return cnmMerge(w, n, a, a, q0, members, alive)
}

// cnmMerge runs the CNM merges of networkx's generator: w is the symmetric
// pair weight (w_ij + w_ji for a directed graph), a and b the out- and
// in-fractions (the same slice for an undirected graph, so that merging
// updates both as networkx's aliased dicts do), q0 = 1/m.
func cnmMerge(w []float64, n int, a, b []float64, q0 float64, members [][]int, alive []bool) [][]int {
	words := (n + 63) / 64
	directed := &a[0] != &b[0]
	dq := getFloats(n * n)
	defer putFloats(dq)
	clear(dq)
	nbr := make([]uint64, n*words)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if j != i && w[i*n+j] != 0 {
				dq[i*n+j] = q0*w[i*n+j] - (a[i]*b[j] + b[i]*a[j])
				nbr[i*words+j>>6] |= 1 << (uint(j) & 63)
			}
		}
	}
	best := make([]int, n) // column of row i's best entry, −1 if the row is empty
	rowBest := func(i int) {
		b := -1
		bv := math.Inf(-1)
		for j := range eachBit(nbr[i*words : (i+1)*words]) {
			if v := dq[i*n+j]; b < 0 || v > bv {
				b, bv = j, v
			}
		}
		best[i] = b
	}
	for i := 0; i < n; i++ {
		rowBest(i)
	}
	isSet := func(i, j int) bool { return nbr[i*words+j>>6]&(1<<(uint(j)&63)) != 0 }
	set := func(i, j int) { nbr[i*words+j>>6] |= 1 << (uint(j) & 63) }
	unset := func(i, j int) { nbr[i*words+j>>6] &^= 1 << (uint(j) & 63) }
	var touched []int
	for ncomm := n; ncomm > 1; ncomm-- {
		u := -1
		var bv float64
		for i := 0; i < n; i++ {
			if b := best[i]; b >= 0 && (u < 0 || dq[i*n+b] > bv) {
				u, bv = i, dq[i*n+b]
			}
		}
		if u < 0 || bv < 0 {
			break
		}
		v := best[u]
		// Merge u into v.
		touched = touched[:0]
		for k := 0; k < words; k++ {
			all := nbr[u*words+k] | nbr[v*words+k]
			for all != 0 {
				t := k<<6 | bitsTrailing(all)
				all &= all - 1
				if t == u || t == v {
					continue
				}
				inU, inV := isSet(u, t), isSet(v, t)
				var x float64
				switch {
				case inU && inV:
					x = dq[v*n+t] + dq[u*n+t]
				case inV:
					x = dq[v*n+t] - (a[u]*b[t] + a[t]*b[u])
				default:
					x = dq[u*n+t] - (a[v]*b[t] + a[t]*b[v])
				}
				dq[v*n+t], dq[t*n+v] = x, x
				set(v, t)
				set(t, v)
				touched = append(touched, t)
			}
		}
		for k := 0; k < words; k++ {
			x := nbr[u*words+k]
			for x != 0 {
				t := k<<6 | bitsTrailing(x)
				x &= x - 1
				unset(t, u)
			}
			nbr[u*words+k] = 0
		}
		unset(v, u)
		best[u] = -1
		a[v] += a[u]
		a[u] = 0
		if directed {
			b[v] += b[u]
			b[u] = 0
		}
		members[v] = append(members[v], members[u]...)
		members[u] = nil
		alive[u] = false
		rowBest(v)
		// Row t lost column u and has a new value at v; its other entries
		// are unchanged, so unless its best was u or v, the best is the old
		// one or v, with rowBest's tie-break (the first column of the largest
		// value).
		for _, t := range touched {
			bt := best[t]
			if bt < 0 || bt == u || bt == v {
				rowBest(t)
				continue
			}
			if x, y := dq[t*n+v], dq[t*n+bt]; x > y || (x == y && v < bt) {
				best[t] = v
			}
		}
	}
	return orderCommunities(members, alive)
}

func orderCommunities(members [][]int, alive []bool) [][]int {
	var out [][]int
	for i, c := range members {
		if alive[i] {
			slices.Sort(c)
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(x, y int) bool { return len(out[x]) > len(out[y]) })
	return out
}

// Modularity returns Newman's modularity of a partition of g's nodes
// (Newman & Girvan 2004, doi:10.1103/PhysRevE.69.026113) at resolution 1, as
// networkx.algorithms.community.modularity computes it:
//
//	Q = Σ_c [ L_c/m − (K_c / 2m)² ],
//
// with L_c the number of edges inside community c, K_c the sum of its
// degrees and m the number of edges. Self-loops are ignored. It returns an
// error if communities is not a partition of 0…N−1, and NaN with
// ErrUndefined if the graph has no edges.
func Modularity(g *Graph, communities [][]int) (float64, error) {
	label, err := partitionLabels(communities, g.n)
	if err != nil {
		return nan(), err
	}
	h := g
	if g.NumSelfLoops() > 0 {
		h = g.WithoutSelfLoops()
	}
	m := h.NumEdges()
	if m == 0 {
		u := &UndefinedError{}
		u.add("Modularity", "graph has no edges")
		return nan(), u
	}
	inside := make([]float64, len(communities))
	kc := make([]float64, len(communities))
	for i := 0; i < h.n; i++ {
		kc[label[i]] += float64(popcount(h.row(i)))
		for j := range eachBit(h.row(i)) {
			if j > i && label[j] == label[i] {
				inside[label[i]]++
			}
		}
	}
	fm := float64(m)
	q := 0.0
	for c := range communities {
		q += inside[c]/fm - kc[c]*kc[c]/(4*fm*fm)
	}
	return q, nil
}

func partitionLabels(communities [][]int, n int) ([]int, error) {
	label := make([]int, n)
	for i := range label {
		label[i] = -1
	}
	for c, nodes := range communities {
		for _, v := range nodes {
			if v < 0 || v >= n {
				return nil, &InputError{Field: "communities", Detail: fmt.Sprintf("node %d out of range for %d nodes", v, n), Err: ErrConfig}
			}
			if label[v] >= 0 {
				return nil, &InputError{Field: "communities", Detail: fmt.Sprintf("node %d in two communities", v), Err: ErrConfig}
			}
			label[v] = c
		}
	}
	for v, l := range label {
		if l < 0 {
			return nil, &InputError{Field: "communities", Detail: fmt.Sprintf("node %d in no community", v), Err: ErrConfig}
		}
	}
	return label, nil
}

// ModularityWeighted is Modularity for a weighted undirected graph given as a
// symmetric N×N row-major slice of non-negative weights (diagonal ignored):
// L_c, K_c and m become sums of weights (networkx modularity with
// weight="weight"). It returns an error for a bad matrix or partition and NaN
// with ErrUndefined when all weights are zero.
func ModularityWeighted(w []float64, n int, communities [][]int) (float64, error) {
	if err := checkSymmetricWeights(w, n); err != nil {
		return nan(), err
	}
	label, err := partitionLabels(communities, n)
	if err != nil {
		return nan(), err
	}
	inside := make([]float64, len(communities))
	kc := make([]float64, len(communities))
	var degSum float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			kc[label[i]] += w[i*n+j]
			degSum += w[i*n+j]
			if j > i && label[j] == label[i] {
				inside[label[i]] += w[i*n+j]
			}
		}
	}
	if degSum == 0 {
		return nan(), &UndefinedError{Metrics: []string{"Modularity"}, Reasons: []string{"all weights are zero"}}
	}
	m := degSum / 2
	q := 0.0
	for c := range communities {
		q += inside[c]/m - kc[c]*kc[c]/(degSum*degSum)
	}
	return q, nil
}
