package graphmetrics

import "math/bits"

// pathStats holds what one all-pairs BFS sweep yields.
type pathStats struct {
	invSum   float64 // Σ_{i≠j} 1/d_ij (0 for unreachable pairs)
	distSum  float64 // Σ d_ij over reachable ordered pairs i ≠ j
	reach    int     // number of reachable ordered pairs i ≠ j
	numPairs int     // N(N−1)
}

// bfsWork is the reusable workspace of allPairs.
type bfsWork struct {
	visited, frontier, next []uint64
}

func newBFSWork(words int) *bfsWork {
	return &bfsWork{
		visited:  make([]uint64, words),
		frontier: make([]uint64, words),
		next:     make([]uint64, words),
	}
}

// allPairs runs a breadth-first search from every node, on bitsets, choosing
// per level between expanding the frontier (top-down) and testing each
// unvisited node against the frontier (bottom-up; Beamer et al. 2012,
// doi:10.1109/SC.2012.50), whichever touches fewer rows. Self-loops do not
// change distances. It allocates nothing.
func allPairs(g *Graph, wk *bfsWork) pathStats {
	return allPairsBits(g.n, g.words, g.adj, g.adj, wk)
}

// allPairsBits is allPairs on a graph given by its successor rows fwd and
// predecessor rows bwd (the same slice for an undirected graph): distances
// follow arcs from the source.
func allPairsBits(n, words int, fwd, bwd []uint64, wk *bfsWork) pathStats {
	var st pathStats
	st.numPairs = n * (n - 1)
	vis, fr, nx := wk.visited, wk.frontier, wk.next
	for s := 0; s < n; s++ {
		clear(vis)
		clear(fr)
		vis[s>>6] |= 1 << (uint(s) & 63)
		fr[s>>6] |= 1 << (uint(s) & 63)
		nfr, nvis := 1, 1
		for d := 1; nvis < n; d++ {
			clear(nx)
			cnt := 0
			if nfr <= n-nvis {
				// Expand the frontier, stopping early once every node is
				// visited or reached (checked every 8 rows; on dense graphs
				// this usually happens well before the frontier is used up).
				rows := 0
			expand:
				for kw, x := range fr {
					for x != 0 {
						v := kw<<6 | bits.TrailingZeros64(x)
						x &= x - 1
						rv := fwd[v*words : (v+1)*words]
						for k := range nx {
							nx[k] |= rv[k]
						}
						if rows++; rows&7 == 0 && covered(nx, vis, n) {
							break expand
						}
					}
				}
				for k := range nx {
					nx[k] &^= vis[k]
					cnt += bits.OnesCount64(nx[k])
				}
			} else {
				for k := 0; k < words; k++ {
					un := ^vis[k]
					if k == words-1 && n&63 != 0 {
						un &= 1<<(uint(n)&63) - 1
					}
					for un != 0 {
						t := bits.TrailingZeros64(un)
						un &= un - 1
						w := k<<6 | t
						rw := bwd[w*words : (w+1)*words]
						for q := range rw {
							if rw[q]&fr[q] != 0 {
								nx[k] |= 1 << uint(t)
								cnt++
								break
							}
						}
					}
				}
			}
			if cnt == 0 {
				break
			}
			st.invSum += float64(cnt) / float64(d)
			st.distSum += float64(cnt * d)
			st.reach += cnt
			for k := range vis {
				vis[k] |= nx[k]
			}
			fr, nx = nx, fr
			nfr = cnt
			nvis += cnt
		}
		wk.frontier, wk.next = fr, nx
	}
	return st
}

// Efficiency returns the binary global efficiency exactly as the Brain
// Connectivity Toolbox's efficiency_bin (bctpy; Latora & Marchiori 2001,
// doi:10.1103/PhysRevLett.87.198701):
//
//	E = Σ_{i≠j} 1/d_ij / (N² − N),
//
// with d_ij the shortest-path length (1/∞ = 0 for unreachable pairs). It is 0
// for a graph without edges and NaN for N < 2. Self-loops do not change it.
func Efficiency(g *Graph) float64 {
	if g.n < 2 {
		return nan()
	}
	st := allPairs(g, newBFSWork(g.words))
	return st.invSum / float64(st.numPairs)
}

// CharPathLength returns the characteristic path length, the mean
// shortest-path length over ordered pairs i ≠ j that are connected
// (Watts & Strogatz 1998, doi:10.1038/30918; BCT charpath with
// include_infinite=False). On a connected graph it equals networkx
// average_shortest_path_length. It is NaN when no two distinct nodes are
// connected.
func CharPathLength(g *Graph) float64 {
	st := allPairs(g, newBFSWork(g.words))
	if st.reach == 0 {
		return nan()
	}
	return st.distSum / float64(st.reach)
}

// IsConnected reports whether every node can reach every other (true for
// N ≤ 1).
func IsConnected(g *Graph) bool {
	if g.n <= 1 {
		return true
	}
	vis := make([]uint64, g.words)
	stack := []int{0}
	vis[0] |= 1
	seen := 1
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for u := range eachBit(g.row(v)) {
			if vis[u>>6]&(1<<(uint(u)&63)) == 0 {
				vis[u>>6] |= 1 << (uint(u) & 63)
				seen++
				stack = append(stack, u)
			}
		}
	}
	return seen == g.n
}

// covered reports whether a | b has all n low bits set.
func covered(a, b []uint64, n int) bool {
	last := len(a) - 1
	for k := 0; k < last; k++ {
		if a[k]|b[k] != ^uint64(0) {
			return false
		}
	}
	want := ^uint64(0)
	if n&63 != 0 {
		want = 1<<(uint(n)&63) - 1
	}
	return (a[last]|b[last])&want == want
}
