package graphmetrics

import (
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// WeightedEfficiency returns the weighted global efficiency of w (Latora &
// Marchiori 2001, doi:10.1103/PhysRevLett.87.198701), with the length of an
// arc i→j the inverse of its weight, 1/w_ij (no arc where w_ij = 0):
//
//	E_w = Σ_{i≠j} 1/d_ij / (N² − N),
//
// d_ij the length of the shortest path from i to j (1/∞ = 0). A symmetric w
// is an undirected graph; otherwise paths follow rows (row = source). E_w
// scales with w (E_w(c·w) = c·E_w(w)); Compute uses w = |W| / max|W|. w must
// have finite, non-negative entries (the diagonal is ignored) and N ≥ 2;
// otherwise it returns an error.
//
// It is exact: d_ij is the least, over all paths, of the path's lengths
// summed from i in floating point, as Dijkstra's algorithm computes it, and
// the sum runs over i, then j, in index order. The searches from the N
// sources are split over up to GOMAXPROCS goroutines; the result does not
// depend on how many. Each search relaxes a node's arcs from the shortest
// and stops where they reach beyond every distance still to be found, so
// that on a dense matrix only the short arcs are relaxed; when at least
// 1/32 of the possible arcs are present it settles nodes in rounds without
// a priority queue (a node is final once its tentative distance is within
// its shortest incoming arc of the least open one). A dense 312-node
// matrix takes about 7 ms of CPU (testdata/README.md).
func WeightedEfficiency(w mat.Matrix) (float64, error) {
	a, n, err := nonNegative(w, 2)
	if err != nil {
		return nan(), err
	}
	return weightedEfficiency(a, n), nil
}

// weightedEfficiency is WeightedEfficiency of a (N×N row-major, N ≥ 2,
// finite and non-negative, zero diagonal: nonNegative's result).
func weightedEfficiency(a []float64, n int) float64 {
	g := newArcLists(a, n)
	defer putFloats(g.length)
	rounds := 32*len(g.length) >= n*(n-1)
	per := make([]float64, n) // Σ_j 1/d_sj per source, summed in order below
	workers := max(1, min(runtime.GOMAXPROCS(0), n/32))
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Go(func() {
			ws := newDijkstra(n)
			for s := k; s < n; s += workers {
				if rounds {
					ws.settleRounds(g, s)
				} else {
					ws.settleHeap(g, s)
				}
				per[s] = ws.inverseSum(s)
			}
		})
	}
	wg.Wait()
	var sum float64
	for _, v := range per {
		sum += v
	}
	return sum / float64(n*(n-1))
}

// arcLists holds each node's arcs grouped by length into buckets: row i's
// bucket k holds [start[i*nb+k], start[i*nb+k+1]), every length in it at
// least lower(k) and, for k < nb−1, below lower(k+1). The buckets split
// each octave [2^e, 2^(e+1)) in four by the two leading bits of the
// significand, from the octave of the shortest arc up, so a length's
// bucket is read off its bits and lower(k) is exact. Grouping costs
// O(N²), a full sort O(N² log N).
type arcLists struct {
	length []float64
	target []int32
	start  []int
	lower  []float64 // lower(k)
	nb     int
	top    []uint8   // 1 + each node's last non-empty bucket (0: no arcs)
	minIn  []float64 // the shortest arc into each node (+Inf: none)
}

// numBuckets buckets of a quarter octave each span lengths over a factor
// 2^16 from the shortest; longer ones share the last bucket.
const (
	bucketShift = 50 // keeps the exponent and two significand bits
	numBuckets  = 64
)

// newArcLists groups the arcs of a (N×N row-major, non-negative, zero
// diagonal: nonNegative) by length 1/a_ij.
func newArcLists(a []float64, n int) *arcLists {
	g := &arcLists{nb: numBuckets, start: make([]int, n*numBuckets+1), lower: make([]float64, numBuckets),
		top: make([]uint8, n), minIn: make([]float64, n)}
	// min_i 1/a_ij = 1/max_i a_ij exactly, division rounding monotonically;
	// likewise the shortest arc of all is 1/max a.
	colMax := g.minIn
	var maxW float64
	for i := 0; i < n; i++ {
		for j, v := range a[i*n : (i+1)*n] {
			colMax[j] = math.Max(colMax[j], v)
		}
	}
	for j, v := range colMax {
		maxW = math.Max(maxW, v)
		g.minIn[j] = 1 / v
	}
	minLen := 1 / maxW
	if math.IsInf(minLen, 1) {
		return g
	}
	// Positive floats order as their bits: bucket k of length l is
	// bits(l)>>bucketShift − base, base that of the power of two at or
	// below the shortest arc, and lower(k) the float of bits base+k.
	base := math.Float64bits(minLen) >> 52 << 52 >> bucketShift
	for k := range g.lower {
		g.lower[k] = math.Float64frombits((base + uint64(k)) << bucketShift)
	}
	bucket := func(l float64) int {
		return int(min(math.Float64bits(l)>>bucketShift-base, numBuckets-1))
	}
	count := g.start[1:]
	bk := make([]uint8, n*n)
	for i := 0; i < n; i++ {
		for j, v := range a[i*n : (i+1)*n] {
			if v > 0 {
				k := bucket(1 / v)
				bk[i*n+j] = uint8(k)
				count[i*numBuckets+k]++
				g.top[i] = max(g.top[i], uint8(k+1))
			}
		}
	}
	for q := 1; q < len(g.start); q++ {
		g.start[q] += g.start[q-1]
	}
	m := g.start[len(g.start)-1]
	// Every entry is written below. An N² buffer, cut to m, so that the
	// pool keeps one that serves the next N² request.
	g.length = getFloats(n * n)[:m]
	g.target = make([]int32, m)
	fill := make([]int, len(g.start)-1)
	copy(fill, g.start)
	for i := 0; i < n; i++ {
		for j, v := range a[i*n : (i+1)*n] {
			if v > 0 {
				q := i*numBuckets + int(bk[i*n+j])
				g.length[fill[q]] = 1 / v
				g.target[fill[q]] = int32(j)
				fill[q]++
			}
		}
	}
	return g
}

// dijkstra is the workspace of the searches from one source after another:
// the distances; for settleHeap an indexed binary heap of the open nodes
// (pos[v] = −1 when v is not in it), so that a shorter distance moves v up
// instead of adding an entry; for settleRounds the open nodes, the nodes
// settled in one round, and the hubs.
type dijkstra struct {
	dist  []float64
	heap  []int32
	pos   []int32
	open  []int32
	round []int32
	// hubs are up to maxHubs sources searched before, those of least
	// eccentricity (largest distance from them, finite), in hubEcc.
	hubs   []int32
	hubEcc []float64
}

func newDijkstra(n int) *dijkstra {
	return &dijkstra{dist: make([]float64, n), heap: make([]int32, 0, n), pos: make([]int32, n),
		open: make([]int32, n), round: make([]int32, 0, n), hubs: make([]int32, 0, maxHubs), hubEcc: make([]float64, 0, maxHubs)}
}

// inverseSum returns Σ_{j≠s} 1/dist_j in index order (1/∞ = 0).
func (ws *dijkstra) inverseSum(s int) float64 {
	var sum float64
	for j, d := range ws.dist {
		if j != s {
			sum += 1 / d
		}
	}
	return sum
}

// maxHubs is the number of searched sources settleRounds keeps for its
// bound.
const maxHubs = 16

// settleRounds sets dist to the distances from s. It settles the open
// nodes in rounds, without a priority queue: with m the least tentative
// distance of a node open at the start of a round, every open v with
// d_v ≤ m + minIn(v) is final, since a shorter path would reach v from such
// a node (distance ≥ m) over an arc into v (length ≥ minIn(v)).
// Floating-point addition rounds monotonically, so this holds for the
// rounded sums too, and dist is bit for bit settleHeap's: for each v the
// least, over all paths, of the path's lengths summed from s. A round scans
// the open nodes once; on a dense weight matrix four or five rounds settle
// them all.
//
// A settled node's arcs are relaxed from the shortest bucket up to the
// first whose lengths would reach beyond a bound on every distance still
// to be found: the largest open tentative distance, or, when smaller, a
// hub's: d(s, v) ≤ d(s, t) + ecc(t) for any source t searched before, with
// ecc(t) its largest distance, widened by the rounding that the sums
// along the two paths can carry (at most a factor ((1+u)/(1−u))^N, u the
// unit roundoff, below the slack used). The largest open distance is ∞
// until every node is reached; the hubs make the bound tight from the
// first rounds, when it would otherwise be the weakest arc out of s.
func (ws *dijkstra) settleRounds(g *arcLists, s int) {
	n := len(ws.dist)
	dist, minIn := ws.dist, g.minIn
	open := ws.open[:n]
	inf := math.Inf(1)
	for i := range dist {
		dist[i] = inf
		open[i] = int32(i)
	}
	dist[s] = 0
	// 1+8Nu, four times the 1+2Nu that bounds ((1+u)/(1−u))^N to first
	// order; the margin also absorbs the roundings of (dist[t]+ecc)·slack.
	slack := 1 + 4*float64(n)*0x1p-52
	for len(open) > 0 {
		m, bound := inf, 0.0
		for _, v := range open {
			d := dist[v]
			if d < m {
				m = d
			}
			if d > bound {
				bound = d
			}
		}
		if m == inf {
			break // the rest is unreachable
		}
		for k, t := range ws.hubs {
			if b := (dist[t] + ws.hubEcc[k]) * slack; b < bound {
				bound = b
			}
		}
		round := ws.round[:0]
		kept := 0
		for _, v := range open {
			if dist[v] > m+minIn[v] {
				open[kept] = v
				kept++
			} else {
				round = append(round, v)
			}
		}
		open = open[:kept]
		ws.round = round
		for _, u32 := range round {
			u := int(u32)
			du := dist[u]
			if du == inf {
				continue // no arc into u: unreachable
			}
			for b := 0; b < int(g.top[u]); b++ {
				// Strictly beyond: no length from here on can make a
				// distance ≤ bound, which a final one may equal.
				if du+g.lower[b] > bound {
					break
				}
				q := u*g.nb + b
				lo, hi := g.start[q], g.start[q+1]
				tgt := g.target[lo:hi]
				for k, l := range g.length[lo:hi] {
					v := tgt[k]
					dist[v] = min(dist[v], du+l) // never lowers a settled node's
				}
			}
		}
	}
	ecc := 0.0
	for _, d := range dist {
		ecc = math.Max(ecc, d)
	}
	ws.addHub(int32(s), ecc)
}

// addHub keeps s among the hubs if its eccentricity is among the maxHubs
// smallest finite ones seen.
func (ws *dijkstra) addHub(s int32, ecc float64) {
	if math.IsInf(ecc, 1) {
		return
	}
	if len(ws.hubs) < maxHubs {
		ws.hubs = append(ws.hubs, s)
		ws.hubEcc = append(ws.hubEcc, ecc)
		return
	}
	worst := 0
	for k, e := range ws.hubEcc {
		if e > ws.hubEcc[worst] {
			worst = k
		}
	}
	if ecc < ws.hubEcc[worst] {
		ws.hubs[worst], ws.hubEcc[worst] = s, ecc
	}
}

// settleHeap sets dist to the distances from s by Dijkstra's algorithm
// with an indexed binary heap, for sparse graphs, where settleRounds would
// take many rounds.
//
// An arc u→v can only shorten d_v if d_u + l_uv < d_v, and once every node
// has a finite tentative distance, d_v is at most the largest of the open
// ones, which never grows. With u's arcs grouped by length, relaxation
// stops at the first bucket whose shortest possible length reaches beyond
// that bound, recomputed after each of the first 8 settled nodes and then
// every sixteen (a stale bound is larger, hence safe); it is +Inf while
// some node is unreached.
func (ws *dijkstra) settleHeap(g *arcLists, s int) {
	for i := range ws.dist {
		ws.dist[i] = math.Inf(1)
		ws.pos[i] = -1
	}
	ws.heap = ws.heap[:0]
	ws.dist[s] = 0
	ws.update(int32(s))
	reached := 1
	n := len(ws.dist)
	dist := ws.dist
	bound := math.Inf(1)
	for settled := 1; len(ws.heap) > 0; settled++ {
		u := int(ws.pop())
		du := ws.dist[u]
		if reached == n && (settled <= 8 || settled&15 == 1) {
			// Every node has a finite distance, and the largest open one
			// sits in the second half of the heap (its leaves).
			bound = 0
			for _, v := range ws.heap[len(ws.heap)/2:] {
				if d := ws.dist[v]; d > bound {
					bound = d
				}
			}
		}
		for b := 0; b < int(g.top[u]); b++ {
			if du+g.lower[b] >= bound {
				break
			}
			q := u*g.nb + b
			lo, hi := g.start[q], g.start[q+1]
			tgt := g.target[lo:hi]
			for k, l := range g.length[lo:hi] {
				nd := du + l
				if v := tgt[k]; nd < dist[v] && nd < bound {
					if math.IsInf(dist[v], 1) {
						reached++
					}
					dist[v] = nd
					ws.update(v)
				}
			}
		}
	}
}

// update inserts v or moves it up after its distance decreased.
func (ws *dijkstra) update(v int32) {
	i := int(ws.pos[v])
	if i < 0 {
		ws.heap = append(ws.heap, v)
		i = len(ws.heap) - 1
	}
	h, d := ws.heap, ws.dist
	dv := d[v]
	for i > 0 {
		p := (i - 1) / 2
		if d[h[p]] <= dv {
			break
		}
		h[i] = h[p]
		ws.pos[h[i]] = int32(i)
		i = p
	}
	h[i] = v
	ws.pos[v] = int32(i)
}

// pop removes and returns the open node of least distance.
func (ws *dijkstra) pop() int32 {
	h, d := ws.heap, ws.dist
	top := h[0]
	ws.pos[top] = -1
	last := h[len(h)-1]
	h = h[:len(h)-1]
	ws.heap = h
	if len(h) == 0 {
		return top
	}
	dl := d[last]
	i := 0
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if r := c + 1; r < len(h) && d[h[r]] < d[h[c]] {
			c = r
		}
		if dl <= d[h[c]] {
			break
		}
		h[i] = h[c]
		ws.pos[h[i]] = int32(i)
		i = c
	}
	h[i] = last
	ws.pos[last] = int32(i)
	return top
}
