package graphmetrics

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// plainDijkstra is the textbook O(N²) Dijkstra from s on lengths 1/a_ij:
// every arc of every settled node relaxed, no pruning. Any label-setting
// search computes, for each node, the least over all paths of the path's
// lengths summed from s in floating point, so the fast searches must agree
// with it bit for bit.
func plainDijkstra(a []float64, n, s int) []float64 {
	dist := make([]float64, n)
	done := make([]bool, n)
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	dist[s] = 0
	for {
		u := -1
		for v := range dist {
			if !done[v] && !math.IsInf(dist[v], 1) && (u < 0 || dist[v] < dist[u]) {
				u = v
			}
		}
		if u < 0 {
			return dist
		}
		done[u] = true
		for v := 0; v < n; v++ {
			if x := a[u*n+v]; x > 0 && v != u {
				if d := dist[u] + 1/x; d < dist[v] {
					dist[v] = d
				}
			}
		}
	}
}

// efficiencyCases are weight matrices (row-major, zero diagonal) on which
// the searches are compared: dense Gaussian as in the benchmarks, sparse,
// heavy-tailed, ties, disconnected, and nodes without arcs in or out.
func efficiencyCases() []struct {
	name string
	n    int
	a    []float64
} {
	rnd := testutil.Rand(41)
	var cases []struct {
		name string
		n    int
		a    []float64
	}
	add := func(name string, n int, zeros float64, symmetric bool, draw func() float64) {
		a := make([]float64, n*n)
		for i := range a {
			if v := draw(); rnd.Float64() >= zeros && i/n != i%n {
				a[i] = v
			}
		}
		if symmetric {
			for i := 0; i < n; i++ {
				for j := 0; j < i; j++ {
					a[i*n+j] = a[j*n+i]
				}
			}
		}
		cases = append(cases, struct {
			name string
			n    int
			a    []float64
		}{name, n, a})
	}
	gauss := func() float64 { return math.Abs(rnd.NormFloat64()) }
	heavy := func() float64 { return math.Exp(3 * rnd.NormFloat64()) }
	ties := func() float64 { return float64(1 + rnd.IntN(3)) }
	add("dense directed", 150, 0, false, gauss)
	add("dense undirected", 150, 0, true, gauss)
	add("dense heavy-tailed", 120, 0.2, false, heavy)
	add("5% arcs", 150, 0.95, false, gauss)
	add("1% arcs heavy-tailed", 200, 0.99, false, heavy)
	add("ties", 60, 0.5, true, ties)
	add("dense ties", 60, 0, false, ties)
	add("disconnected", 80, 0.98, false, gauss)
	// Node 0 has no arcs in, node 1 none out, in an otherwise dense graph.
	add("source and sink", 70, 0, false, gauss)
	c := cases[len(cases)-1]
	for i := 0; i < c.n; i++ {
		c.a[i*c.n] = 0
		c.a[c.n+i] = 0
	}
	return cases
}

// TestSearchesMatchPlainDijkstra checks settleRounds and settleHeap
// against plainDijkstra bit for bit, from every source in turn (so that
// settleRounds has hubs from earlier searches), and that the efficiency
// does not depend on which search ran.
func TestSearchesMatchPlainDijkstra(t *testing.T) {
	t.Parallel()
	for _, c := range efficiencyCases() {
		t.Run(c.name, func(t *testing.T) {
			g := newArcLists(c.a, c.n)
			rounds, heap := newDijkstra(c.n), newDijkstra(c.n)
			var sumRounds, sumHeap float64
			for s := 0; s < c.n; s++ {
				want := plainDijkstra(c.a, c.n, s)
				rounds.settleRounds(g, s)
				heap.settleHeap(g, s)
				if !testutil.AssertSameBits(t, rounds.dist, want, "settleRounds d(%d, ·) (element = target node)", s) ||
					!testutil.AssertSameBits(t, heap.dist, want, "settleHeap d(%d, ·) (element = target node)", s) {
					t.FailNow()
				}
				sumRounds += rounds.inverseSum(s)
				sumHeap += heap.inverseSum(s)
			}
			assert.Equal(t, sumRounds, sumHeap)
			e, err := WeightedEfficiency(mat.NewDense(c.n, c.n, c.a))
			require.NoError(t, err)
			assert.Equal(t, sumRounds/float64(c.n*(c.n-1)), e)
		})
	}
}

// TestWeightedEfficiencySameOnAnyCPUCount checks that splitting the
// sources over goroutines does not change a bit of the result (N = 312
// gives up to 9 workers).
func TestWeightedEfficiencySameOnAnyCPUCount(t *testing.T) {
	// Not parallel: it changes GOMAXPROCS.
	dir, und := normalisedAbs(benchWeights(), 312)
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	for _, w := range []*mat.Dense{dir, und} {
		runtime.GOMAXPROCS(1)
		want, err := WeightedEfficiency(w)
		require.NoError(t, err)
		for _, p := range []int{2, 3, 4, 7} {
			runtime.GOMAXPROCS(p)
			got, err := WeightedEfficiency(w)
			require.NoError(t, err)
			assert.Equal(t, math.Float64bits(want), math.Float64bits(got), fmt.Sprintf("GOMAXPROCS %d: %v, want %v", p, got, want))
		}
	}
}

// TestSearchesAllocateNothing checks that a search from one source reuses
// its workspace.
func TestSearchesAllocateNothing(t *testing.T) {
	dir, _ := normalisedAbs(benchWeights(), 312)
	g := newArcLists(dir.RawMatrix().Data, 312)
	ws := newDijkstra(312)
	for s := 0; s < 2*maxHubs; s++ { // fill the hubs first
		ws.settleRounds(g, s)
	}
	s := 0
	assert.Zero(t, testing.AllocsPerRun(20, func() {
		ws.settleRounds(g, s%312)
		ws.settleHeap(g, s%312)
		_ = ws.inverseSum(s % 312)
		s++
	}))
}
