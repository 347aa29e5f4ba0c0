package graphmetrics

import (
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// Louvain returns the communities of g found by the Louvain method (Blondel
// et al. 2008, doi:10.1088/1742-5468/2008/10/P10008) at resolution 1, using
// gonum's graph/community.Modularize, and their modularity Q (the same Q as
// Modularity). Communities are sorted node lists, largest first, ties by
// smallest node. Louvain consumes randomness from rnd (node order); it panics
// if rnd is nil. Self-loops are ignored. A graph without edges gives N
// singletons and Q = NaN.
func Louvain(g *Graph, rnd *rand.Rand) ([][]int, float64) {
	if rnd == nil {
		panic("graphmetrics: Louvain: nil *rand.Rand")
	}
	ug := simple.NewUndirectedGraph()
	for i := 0; i < g.n; i++ {
		ug.AddNode(simple.Node(int64(i)))
	}
	for i := 0; i < g.n; i++ {
		for j := range eachBit(g.row(i)) {
			if j > i {
				ug.SetEdge(ug.NewEdge(simple.Node(int64(i)), simple.Node(int64(j))))
			}
		}
	}
	var comms [][]int
	if g.NumEdges() == 0 {
		for i := 0; i < g.n; i++ {
			comms = append(comms, []int{i})
		}
		return comms, nan()
	}
	red := community.Modularize(ug, 1, rnd)
	for _, c := range red.Communities() {
		nodes := make([]int, len(c))
		for k, nd := range c {
			nodes[k] = int(nd.ID())
		}
		slices.Sort(nodes)
		comms = append(comms, nodes)
	}
	sort.Slice(comms, func(x, y int) bool {
		if len(comms[x]) != len(comms[y]) {
			return len(comms[x]) > len(comms[y])
		}
		return comms[x][0] < comms[y][0]
	})
	q, err := Modularity(g, comms)
	if err != nil {
		return comms, nan()
	}
	return comms, q
}
