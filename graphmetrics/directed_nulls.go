package graphmetrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// Defaults of the degree-preserving directed null chains (DirectedSmallWorld).
const (
	// DefaultNullChains is the number of independent Markov chains the
	// directed nulls are drawn from. It is fixed, not the number of CPUs,
	// so that the nulls depend only on the seed; the chains run in parallel
	// on up to GOMAXPROCS cores.
	DefaultNullChains = 4
	// DefaultThinSwapsPerArc is the number of successful swaps per arc
	// between two consecutive nulls of a chain (after a burn-in of
	// DefaultSwapsPerEdge swaps per arc from the network itself). One swap
	// per arc touches each arc twice on average, leaving e⁻² ≈ 14% of a
	// null's arcs untouched in the next; NullMixing reports the overlap
	// actually reached.
	DefaultThinSwapsPerArc = 1
)

// RewireStats describes one run of directed rewiring.
type RewireStats struct {
	Attempts int     // swap attempts
	Swaps    int     // successful swaps
	Overlap  float64 // fraction of the input's arcs still present (Digraph.Overlap)
}

// RewireDirected returns a directed degree-preserving randomisation of g
// (Maslov & Sneppen 2002, doi:10.1126/science.1065103): repeated swaps of
// two arcs a→b, c→d to a→d, c→b, refused when they would create a
// self-loop or an arc that exists already, so that every node keeps its in-
// and out-degree. It performs swapsPerArc × M successful swaps (M the number
// of arcs), or as many as succeed in 100 times that many attempts, and
// gives up once at least 10·M attempts have been made with fewer than 1%
// accepted (a complete or nearly complete graph admits almost no swap;
// the stats show it). The stats are the mixing diagnostics: the acceptance
// rate and the overlap with g, which for a well-mixed null approaches the
// overlap expected by chance (about the density when degrees are
// homogeneous). It panics if rnd is nil; it consumes two IntN draws per
// attempt.
func RewireDirected(g *Digraph, swapsPerArc int, rnd *rand.Rand) (*Digraph, RewireStats) {
	if rnd == nil {
		panic("graphmetrics: RewireDirected: nil *rand.Rand")
	}
	var r dirRewirer
	dst := g.Clone()
	r.load(dst)
	st := r.swap(dst, swapsPerArc, rnd)
	st.Overlap = g.Overlap(dst)
	return dst, st
}

// dirRewirer holds the arc list of a directed graph being rewired.
type dirRewirer struct {
	src, dst []int32
}

func (r *dirRewirer) load(g *Digraph) {
	r.src, r.dst = r.src[:0], r.dst[:0]
	for i := 0; i < g.n; i++ {
		for j := range eachBit(g.outRow(i)) {
			r.src = append(r.src, int32(i))
			r.dst = append(r.dst, int32(j))
		}
	}
}

// swap performs perArc·M successful swaps on g (whose arcs r holds).
func (r *dirRewirer) swap(g *Digraph, perArc int, rnd *rand.Rand) RewireStats {
	m := len(r.src)
	var st RewireStats
	if m < 2 {
		return st
	}
	target := perArc * m
	for st.Swaps < target && st.Attempts < 100*target {
		if st.Attempts >= 10*m && st.Swaps*100 < st.Attempts {
			break // under 1% accepted: (nearly) complete or otherwise rigid
		}
		st.Attempts++
		e1, e2 := rnd.IntN(m), rnd.IntN(m)
		a, b := int(r.src[e1]), int(r.dst[e1])
		c, d := int(r.src[e2]), int(r.dst[e2])
		if a == c || b == d || a == d || c == b {
			continue
		}
		if g.hasArc(a, d) || g.hasArc(c, b) {
			continue
		}
		g.removeArc(a, b)
		g.removeArc(c, d)
		g.setArc(a, d)
		g.setArc(c, b)
		r.dst[e1], r.dst[e2] = int32(d), int32(b)
		st.Swaps++
	}
	return st
}

// NullMixing summarises how well a chain of rewired nulls mixed.
type NullMixing struct {
	AcceptRate         float64 // successful swaps / attempts
	OverlapOriginal    float64 // mean fraction of the network's arcs present in a null
	OverlapConsecutive float64 // mean fraction of a null's arcs present in the next null of its chain
	ExpectedOverlap    float64 // overlap expected by chance, Σ_{i→j} k_i^out k_j^in / M² (configuration-model approximation)
}

// Normalised compares a measure with its value on null networks.
type Normalised struct {
	Value    float64 // the network's value
	NullMean float64 // mean over the nulls
	NullSD   float64 // standard deviation over the nulls (n − 1 denominator)
	Ratio    float64 // Value / NullMean (γ for clustering, λ for efficiency)
	Z        float64 // (Value − NullMean) / NullSD
}

func normalised(v float64, xs []float64) Normalised {
	var s float64
	for _, x := range xs {
		s += x
	}
	mean := s / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := nan()
	if len(xs) > 1 {
		sd = math.Sqrt(ss / float64(len(xs)-1))
	}
	return Normalised{Value: v, NullMean: mean, NullSD: sd, Ratio: v / mean, Z: (v - mean) / sd}
}

// DirectedSmallWorldResult holds the directed small-world coefficient, the
// normalised clustering and efficiency behind it, and the nulls' mixing.
type DirectedSmallWorldResult struct {
	Sigma      float64    // σ = (C/C_null) / (E_null/E)
	Clustering Normalised // mean binary directed clustering (MeanDirectedClustering)
	Efficiency Normalised // directed global efficiency (DirectedEfficiency)
	NNull      int
	Mixing     NullMixing
}

// DirectedSmallWorld returns the small-world coefficient of a directed graph
// in the efficiency form of SmallWorld,
//
//	σ = (C / C_null) / (E_null / E),
//
// C the mean Fagiolo clustering (MeanDirectedClustering), E the directed
// global efficiency (DirectedEfficiency), against nnull degree-preserving
// directed nulls (RewireDirected), with each measure's mean, standard
// deviation, ratio and z-score over the nulls. nnull = 0 means
// DefaultNullCount.
//
// The nulls are drawn from DefaultNullChains Markov chains: each starts
// from g, takes DefaultSwapsPerEdge swaps per arc of burn-in, then yields a
// null every DefaultThinSwapsPerArc swaps per arc (chain c yields nulls
// c, c + DefaultNullChains, …). Each chain's generator is seeded from two
// Uint64 draws of rnd, taken in chain order before anything runs, so the
// result depends only on rnd's state and not on how many chains run at
// once (up to GOMAXPROCS). Mixing reports the acceptance rate, the mean
// overlap of the nulls with g and between consecutive nulls, and the
// overlap expected by chance for comparison. It panics if rnd is nil; it returns an error for a negative nnull
// or fewer than 2 nodes, and σ = NaN with ErrUndefined when g has no arcs
// or the nulls have no clustering.
func DirectedSmallWorld(g *Digraph, nnull int, rnd *rand.Rand) (DirectedSmallWorldResult, error) {
	if rnd == nil {
		panic("graphmetrics: DirectedSmallWorld: nil *rand.Rand")
	}
	if nnull < 0 {
		return DirectedSmallWorldResult{}, &InputError{Field: "nnull", Detail: fmt.Sprintf("%d null graphs", nnull), Err: ErrConfig}
	}
	if g.n < 2 {
		return DirectedSmallWorldResult{}, &InputError{Field: "g", Detail: fmt.Sprintf("%d nodes", g.n), Err: ErrTooSmall}
	}
	if nnull == 0 {
		nnull = DefaultNullCount
	}
	chains := DefaultNullChains
	seeds := make([][2]uint64, chains)
	for c := range seeds {
		seeds[c] = [2]uint64{rnd.Uint64(), rnd.Uint64()}
	}
	cs := make([]float64, nnull)
	es := make([]float64, nnull)
	type chainStats struct {
		attempts, swaps        int
		overlapOrig, overlapNx float64
		pairs                  int
	}
	stats := make([]chainStats, chains)
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	for c := 0; c < chains; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			crnd := rand.New(rand.NewPCG(seeds[c][0], seeds[c][1]))
			null := g.Clone()
			prev := NewDigraph(g.n)
			var r dirRewirer
			r.load(null)
			wk := newBFSWork(g.words)
			tri := make([]int, g.n)
			st := &stats[c]
			s := r.swap(null, DefaultSwapsPerEdge, crnd)
			st.attempts += s.Attempts
			st.swaps += s.Swaps
			first := true
			for k := c; k < nnull; k += chains {
				if !first {
					prev.copyFrom(null)
					s := r.swap(null, DefaultThinSwapsPerArc, crnd)
					st.attempts += s.Attempts
					st.swaps += s.Swaps
					if ov := prev.Overlap(null); !math.IsNaN(ov) {
						st.overlapNx += ov
						st.pairs++
					}
				}
				first = false
				if ov := g.Overlap(null); !math.IsNaN(ov) {
					st.overlapOrig += ov
				}
				cs[k] = meanDirectedClustering(null, tri)
				es[k] = allPairsBits(null.n, null.words, null.out, null.in, wk).invSum / float64(g.n*(g.n-1))
			}
		}(c)
	}
	wg.Wait()
	res := DirectedSmallWorldResult{NNull: nnull}
	c := meanDirectedClustering(g, make([]int, g.n))
	e := allPairsBits(g.n, g.words, g.out, g.in, newBFSWork(g.words)).invSum / float64(g.n*(g.n-1))
	res.Clustering = normalised(c, cs)
	res.Efficiency = normalised(e, es)
	var att, sw, pairs int
	var ovo, ovn float64
	for _, st := range stats {
		att += st.attempts
		sw += st.swaps
		ovo += st.overlapOrig
		ovn += st.overlapNx
		pairs += st.pairs
	}
	res.Mixing = NullMixing{AcceptRate: float64(sw) / float64(att), OverlapOriginal: ovo / float64(nnull),
		OverlapConsecutive: ovn / float64(pairs), ExpectedOverlap: expectedOverlap(g)}
	res.Sigma = (c / res.Clustering.NullMean) / (res.Efficiency.NullMean / e)
	u := &UndefinedError{}
	switch {
	case e == 0:
		res.Sigma = nan()
		u.add("DirectedSmallWorldness", "network has no arcs (E = 0)")
	case res.Clustering.NullMean == 0:
		res.Sigma = nan()
		u.add("DirectedSmallWorldness", "null graphs have zero clustering")
	case math.IsNaN(res.Sigma) || math.IsInf(res.Sigma, 0):
		res.Sigma = nan()
		u.add("DirectedSmallWorldness", "σ not finite")
	}
	return res, u.orNil()
}

// expectedOverlap returns Σ_{i→j} k_i^out k_j^in / M², the fraction of g's
// arcs a random directed graph with g's degrees would share with g
// (configuration-model approximation, self-loops and multi-arcs ignored).
func expectedOverlap(g *Digraph) float64 {
	m := g.NumArcs()
	if m == 0 {
		return nan()
	}
	var s float64
	for i := 0; i < g.n; i++ {
		ko := float64(popcount(g.outRow(i)))
		for j := range eachBit(g.outRow(i)) {
			s += ko * float64(popcount(g.inRow(j)))
		}
	}
	return s / (float64(m) * float64(m))
}
