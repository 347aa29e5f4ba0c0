package graphmetrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// SignedKind selects how signed modularity weighs the negative weights.
type SignedKind int

const (
	// SignedSymmetric is the modularity of Gómez, Jensen & Arenas 2009
	// (doi:10.1103/PhysRevE.80.016114): positive and negative weights
	// count alike,
	//
	//	Q = (1/(v⁺ + v⁻)) Σ_ij (B⁺_ij − B⁻_ij) δ(c_i, c_j).
	SignedSymmetric SignedKind = iota
	// SignedAsymmetric is the variant of Rubinov & Sporns 2011
	// (doi:10.1016/j.neuroimage.2011.03.069), in which negative weights
	// count less, in proportion to their share of all weight:
	//
	//	Q = (1/v⁺) Σ_ij B⁺_ij δ(c_i, c_j) − (1/(v⁺ + v⁻)) Σ_ij B⁻_ij δ(c_i, c_j).
	SignedAsymmetric
)

// String returns "symmetric" or "asymmetric".
func (k SignedKind) String() string {
	switch k {
	case SignedSymmetric:
		return "symmetric"
	case SignedAsymmetric:
		return "asymmetric"
	}
	return fmt.Sprintf("SignedKind(%d)", int(k))
}

// signedMatrix returns the modularity matrix M of w under kind, such that
// Q = Σ_ij M_ij δ(c_i, c_j), with
//
//	B^±_ij = w^±_ij − s^±out_i s^±in_j / v^±,
//
// w⁺ = max(W, 0), w⁻ = max(−W, 0), s^±out_i = Σ_j w^±_ij, s^±in_j =
// Σ_i w^±_ij and v^± = Σ_ij w^±_ij over all N² entries, diagonal included.
// For a symmetric W, s^±out = s^±in are the strengths of Gómez et al.; for
// a directed W this is the Leicht–Newman null term applied to each sign.
// A sign without weight contributes nothing.
func signedMatrix(w mat.Matrix, kind SignedKind) ([]float64, int, error) {
	if kind != SignedSymmetric && kind != SignedAsymmetric {
		return nil, 0, &InputError{Field: "kind", Detail: kind.String(), Err: ErrConfig}
	}
	n, err := checkWeights(w, 1)
	if err != nil {
		return nil, 0, err
	}
	sop, sin, son, sinn := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	var vp, vn float64
	wd, ok := w.(*mat.Dense)
	if !ok {
		wd = mat.DenseCopyOf(w)
	}
	raw := wd.RawMatrix()
	for i := 0; i < n; i++ {
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+n] {
			if v > 0 {
				sop[i] += v
				sin[j] += v
				vp += v
			} else if v < 0 {
				son[i] -= v
				sinn[j] -= v
				vn -= v
			}
		}
	}
	if vp+vn == 0 {
		return nil, n, &UndefinedError{Metrics: []string{"SignedModularity"}, Reasons: []string{"all weights are zero"}}
	}
	if kind == SignedAsymmetric && vp == 0 {
		return nil, n, &UndefinedError{Metrics: []string{"SignedModularity"}, Reasons: []string{"no positive weight (asymmetric signed modularity divides by v⁺)"}}
	}
	cp, cn := 1/(vp+vn), 1/(vp+vn)
	if kind == SignedAsymmetric {
		cp = 1 / vp
	}
	m := getFloats(n * n) // every entry is written below
	for i := 0; i < n; i++ {
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+n] {
			var pos, neg, x float64 // the positive and negative parts of v
			if v > 0 {
				pos = v
			} else if v < 0 {
				neg = -v
			}
			if vp > 0 {
				x += cp * (pos - sop[i]*sin[j]/vp)
			}
			if vn > 0 {
				x -= cn * (neg - son[i]*sinn[j]/vn)
			}
			m[i*n+j] = x
		}
	}
	return m, n, nil
}

// SignedModularity returns the modularity of a partition of the nodes of a
// weighted signed matrix w (N×N, row = source; all N² entries, diagonal
// included) under kind: Gómez et al.'s (SignedSymmetric) or Rubinov &
// Sporns' (SignedAsymmetric), in the directed form where the expected
// weight of i→j is s_i^out s_j^in / v (see SignedKind). It returns an error
// for a bad matrix or partition, and NaN with ErrUndefined when all weights
// are zero, or, for SignedAsymmetric, none is positive.
func SignedModularity(w mat.Matrix, communities [][]int, kind SignedKind) (float64, error) {
	m, n, err := signedMatrix(w, kind)
	if err != nil {
		return nan(), err
	}
	defer putFloats(m)
	label, err := partitionLabels(communities, n)
	if err != nil {
		return nan(), err
	}
	var q float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if label[i] == label[j] {
				q += m[i*n+j]
			}
		}
	}
	return q, nil
}

// SignedCommunities searches for the partition of w that maximises
// SignedModularity(w, ·, kind) with the Louvain method (Blondel et al.
// 2008, doi:10.1088/1742-5468/2008/10/P10008) on the dense modularity
// matrix: nodes move, in an order drawn from rnd at each level, to the
// neighbouring community that raises Q most, until no move raises it by
// more than 1e-12 of Σ|M|; communities then become nodes, until a level
// changes nothing; a last pass of single-node moves on the final partition
// leaves no node that could raise Q on its own (a local optimum; Louvain
// does not promise the global one). It works for any modularity matrix, so it is also a
// directed community search. It returns the communities (sorted node
// lists, largest first, ties by smallest node) and their Q. Randomness:
// one permutation of the current nodes per pass. It panics if rnd is nil
// and returns SignedModularity's errors.
func SignedCommunities(w mat.Matrix, kind SignedKind, rnd *rand.Rand) ([][]int, float64, error) {
	if rnd == nil {
		panic("graphmetrics: SignedCommunities: nil *rand.Rand")
	}
	m, n, err := signedMatrix(w, kind)
	if err != nil {
		var comms [][]int
		for i := 0; i < n; i++ {
			comms = append(comms, []int{i})
		}
		return comms, nan(), err
	}
	defer putFloats(m)
	comms := louvainMatrix(m, n, rnd)
	label, err := partitionLabels(comms, n)
	if err != nil {
		return nil, nan(), err
	}
	var q float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if label[i] == label[j] {
				q += m[i*n+j]
			}
		}
	}
	return comms, q, nil
}

// louvainMatrix maximises Σ_ij M_ij δ(c_i, c_j) by Louvain moves and
// aggregation and returns the communities in the package's order.
func louvainMatrix(m []float64, n int, rnd *rand.Rand) [][]int {
	// K = M + Mᵀ: the gain of putting i with community c is Σ_{j∈c} K_ij.
	k := getFloats(n * n) // every entry is written below
	defer putFloats(k)
	var scale float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			k[i*n+j] = m[i*n+j] + m[j*n+i]
			scale += math.Abs(m[i*n+j])
		}
	}
	tol := 1e-12 * scale
	members := make([][]int, n) // members of each current node
	for i := range members {
		members[i] = []int{i}
	}
	kk, cur := k, n
	for {
		label, moved := localMoves(kk, cur, tol, nil, rnd)
		if !moved {
			break
		}
		// Aggregate.
		idx := make(map[int]int)
		var order []int
		for i := 0; i < cur; i++ {
			if _, ok := idx[label[i]]; !ok {
				idx[label[i]] = len(order)
				order = append(order, label[i])
			}
		}
		nc := len(order)
		ci := make([]int, cur) // each current node's new node
		for i, l := range label {
			ci[i] = idx[l]
		}
		nk := make([]float64, nc*nc)
		nm := make([][]int, nc)
		for i := 0; i < cur; i++ {
			nm[ci[i]] = append(nm[ci[i]], members[i]...)
			row := nk[ci[i]*nc : (ci[i]+1)*nc]
			for j, v := range kk[i*cur : (i+1)*cur] {
				row[ci[j]] += v
			}
		}
		if nc == cur || nc == 1 {
			members = nm
			break
		}
		kk, members, cur = nk, nm, nc
	}
	// Refine: single nodes moves on the final partition, so that no node
	// can raise Q by changing community on its own.
	start := make([]int, n)
	for c, ms := range members {
		for _, v := range ms {
			start[v] = c
		}
	}
	label, _ := localMoves(k, n, tol, start, rnd)
	byLabel := make(map[int][]int)
	for i, l := range label {
		byLabel[l] = append(byLabel[l], i)
	}
	members = members[:0]
	for _, ms := range byLabel {
		members = append(members, ms)
	}
	for _, c := range members {
		slices.Sort(c)
	}
	sort.Slice(members, func(x, y int) bool {
		if len(members[x]) != len(members[y]) {
			return len(members[x]) > len(members[y])
		}
		return members[x][0] < members[y][0]
	})
	return members
}

// localMoves moves nodes of the symmetric gain matrix k (cur×cur), starting
// from the labels start (singletons if nil), each to the community that
// raises Σ k_ij δ most, in a random order per pass, until no move gains
// more than tol. It returns the labels and whether any node moved.
func localMoves(k []float64, cur int, tol float64, start []int, rnd *rand.Rand) ([]int, bool) {
	label := make([]int, cur)
	for i := range label {
		label[i] = i
		if start != nil {
			label[i] = start[i]
		}
	}
	sums := make([]float64, cur)
	moved := false
	for improved := true; improved; {
		improved = false
		for _, i := range rnd.Perm(cur) {
			clear(sums)
			// j < i, then j > i: the same sums in the same order as one
			// loop skipping j = i, without the test.
			row := k[i*cur : (i+1)*cur]
			for j, v := range row[:i] {
				sums[label[j]] += v
			}
			for j, v := range row[i+1:] {
				sums[label[i+1+j]] += v
			}
			own := label[i]
			// An unused label (sums 0) stands for moving i out alone.
			best, bestGain, so := own, 0.0, sums[own]
			for c, sc := range sums {
				if c == own {
					continue
				}
				if g := sc - so; g > bestGain+tol {
					best, bestGain = c, g
				}
			}
			if best != own {
				label[i] = best
				improved, moved = true, true
			}
		}
	}
	return label, moved
}
