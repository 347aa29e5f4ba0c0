package graphmetrics

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/require"
)

// boundaryWeight returns a weight a with 1/a == l exactly, or 0 if no
// float64 near 1/l has that inverse.
func boundaryWeight(l float64) float64 {
	a := 1 / l
	for range 4 {
		switch r := 1 / a; {
		case r == l:
			return a
		case r < l:
			a = math.Nextafter(a, 0)
		default:
			a = math.Nextafter(a, math.Inf(1))
		}
	}
	return 0
}

// boundaryGraph draws a symmetric weight matrix whose arc lengths 1/a_ij
// sit on the quarter-octave bucket boundaries, l = 2^e·(1+q/4), some
// nudged up one ulp, so that a relaxation pruned at du + lower(b) is one
// that a bound short by a rounding would wrongly skip, and so that the
// sums along different paths round differently.
func boundaryGraph(rnd *rand.Rand) ([]float64, int) {
	n := 20 + rnd.IntN(101)
	missing := 0.5 + 0.45*rnd.Float64()
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if rnd.Float64() < missing {
				continue
			}
			l := math.Ldexp(1+float64(rnd.IntN(4))/4, rnd.IntN(4)-2)
			if rnd.IntN(2) == 0 {
				l = math.Nextafter(l, math.Inf(1))
			}
			a[i*n+j] = boundaryWeight(l)
			a[j*n+i] = a[i*n+j]
		}
	}
	return a, n
}

// TestSearchesMatchPlainDijkstraOnBucketBoundaries compares settleRounds
// and settleHeap with plainDijkstra bit for bit on graphs whose lengths
// sit on the bucket boundaries: there the hub bound of settleRounds
// prunes exactly at a final distance, and only its rounding slack keeps
// the arc that sets it (without the slack, this test fails).
func TestSearchesMatchPlainDijkstraOnBucketBoundaries(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(2026)
	for c := range 24 {
		a, n := boundaryGraph(rnd)
		g := newArcLists(a, n)
		rounds, heap := newDijkstra(n), newDijkstra(n)
		for s := 0; s < n; s++ {
			want := plainDijkstra(a, n, s)
			rounds.settleRounds(g, s)
			heap.settleHeap(g, s)
			for v := range want {
				require.Equal(t, math.Float64bits(want[v]), math.Float64bits(rounds.dist[v]),
					"graph %d (N = %d): settleRounds d(%d, %d) = %v, want %v", c, n, s, v, rounds.dist[v], want[v])
				require.Equal(t, math.Float64bits(want[v]), math.Float64bits(heap.dist[v]),
					"graph %d (N = %d): settleHeap d(%d, %d) = %v, want %v", c, n, s, v, heap.dist[v], want[v])
			}
		}
		putFloats(g.length)
	}
}
