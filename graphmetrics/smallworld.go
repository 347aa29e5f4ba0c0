package graphmetrics

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// DefaultNullCount is the paper's number of null graphs per network
// (docs/method.md §8).
const DefaultNullCount = 1000

// SmallWorldResult holds the small-world coefficient and its ingredients.
type SmallWorldResult struct {
	Sigma float64 // σ = (C/CNull) / (ENull/E)
	C     float64 // mean clustering of the network (MeanClustering)
	E     float64 // global efficiency of the network (Efficiency)
	CNull float64 // mean over the nulls of their mean clustering
	ENull float64 // mean over the nulls of their global efficiency
	NNull int     // number of null graphs drawn
}

// SmallWorld returns the small-world coefficient of g in the paper's
// efficiency form (docs/method.md §8; after Humphries & Gurney 2008,
// doi:10.1371/journal.pone.0002051, with efficiency in place of path length,
// Latora & Marchiori 2001):
//
//	σ = (C / C_null) / (E_null / E),
//
// C the mean BCT binary clustering coefficient (MeanClustering), E the BCT
// binary global efficiency (Efficiency), and C_null, E_null their means over
// nnull graphs of the given null model. With NullPaper this is exactly the
// paper's computation (the nulls keep their self-loops, which BCT's
// clustering counts). nnull = 0 means DefaultNullCount.
//
// SmallWorld draws the nulls from rnd and panics if rnd is nil. It returns an
// error for a negative nnull or an unknown model, and σ = NaN with
// ErrUndefined when E = 0 (no edges) or C_null = 0.
func SmallWorld(g *Graph, model NullModel, nnull int, rnd *rand.Rand) (SmallWorldResult, error) {
	if rnd == nil {
		panic("graphmetrics: SmallWorld: nil *rand.Rand")
	}
	if nnull < 0 {
		return SmallWorldResult{}, &InputError{Field: "nnull", Detail: fmt.Sprintf("%d null graphs", nnull), Err: ErrConfig}
	}
	if !model.valid() {
		return SmallWorldResult{}, &InputError{Field: "null model", Detail: model.String(), Err: ErrConfig}
	}
	if nnull == 0 {
		nnull = DefaultNullCount
	}
	if g.n < 2 {
		return SmallWorldResult{}, &InputError{Field: "g", Detail: fmt.Sprintf("%d nodes", g.n), Err: ErrTooSmall}
	}
	wk := newBFSWork(g.words)
	res := SmallWorldResult{C: meanClustering(g), NNull: nnull}
	res.E = allPairs(g, wk).invSum / float64(g.n*(g.n-1))
	null := NewGraph(g.n)
	var rw rewirer
	m := g.NumEdges()
	var cs, es float64
	for k := 0; k < nnull; k++ {
		switch model {
		case NullPaper:
			paperNullTo(null, rnd)
		case NullER:
			erNullTo(null, m, rnd)
		case NullRewire:
			rw.rewireTo(null, g, DefaultSwapsPerEdge, rnd, nil)
		}
		cs += meanClustering(null)
		es += allPairs(null, wk).invSum / float64(g.n*(g.n-1))
	}
	res.CNull = cs / float64(nnull)
	res.ENull = es / float64(nnull)
	res.Sigma = (res.C / res.CNull) / (res.ENull / res.E)
	u := &UndefinedError{}
	switch {
	case res.E == 0:
		res.Sigma = nan()
		u.add("SmallWorldness", "network has no edges (E = 0)")
	case res.CNull == 0:
		res.Sigma = nan()
		u.add("SmallWorldness", "null graphs have zero clustering")
	case math.IsNaN(res.Sigma) || math.IsInf(res.Sigma, 0):
		res.Sigma = nan()
		u.add("SmallWorldness", "σ not finite")
	}
	return res, u.orNil()
}

// OmegaResult holds the small-world propensity ω and its ingredients.
type OmegaResult struct {
	Omega    float64 // ω = L_rand/L − C/C_latt
	L        float64 // characteristic path length of the network
	C        float64 // mean clustering of the network
	LRand    float64 // mean characteristic path length of the rewired nulls
	CLatt    float64 // largest mean clustering among C and the lattice references
	NRand    int     // number of rewired nulls
	NLattice int     // number of lattice references
}

// Omega returns the small-world measure ω of Telesford et al. 2011
// (doi:10.1089/brain.2011.0038), following networkx omega's recipe:
//
//	ω = L_rand / L − C / C_latt,
//
// with L the characteristic path length (CharPathLength), C the mean
// clustering (MeanClustering), L_rand the mean L of nrand degree-preserving
// rewirings (NullRewire), and C_latt the largest of C and the mean clustering
// of min(nrand, 10) latticised references. The latticisation is Sporns &
// Zwi's (2004, doi:10.1385/NI:2:2:145): degree-preserving double-edge swaps
// (a–b, c–d) → (a–d, c–b) accepted only when they do not increase the summed
// ring distance min(|i−j|, N−|i−j|) of the edges. (networkx's
// lattice_reference compares the distance of the pair (a–c, b–d) instead of
// the edges it creates, so its references are less lattice-like; ω here is
// therefore not numerically equal to networkx's, which is itself random.)
// ω near 0 is small-world, near −1 lattice-like, near 1 random-like.
// nrand = 0 means DefaultOmegaNulls. Unlike networkx, a disconnected network
// is accepted (L over connected pairs). Omega panics if rnd is nil; ω is NaN
// with ErrUndefined when the graph has no edges or C_latt = 0.
func Omega(g *Graph, nrand int, rnd *rand.Rand) (OmegaResult, error) {
	if rnd == nil {
		panic("graphmetrics: Omega: nil *rand.Rand")
	}
	if nrand < 0 {
		return OmegaResult{}, &InputError{Field: "nrand", Detail: fmt.Sprintf("%d null graphs", nrand), Err: ErrConfig}
	}
	if nrand == 0 {
		nrand = DefaultOmegaNulls
	}
	h := g
	if g.NumSelfLoops() > 0 {
		h = g.WithoutSelfLoops()
	}
	wk := newBFSWork(h.words)
	st := allPairs(h, wk)
	res := OmegaResult{C: MeanClustering(h), CLatt: MeanClustering(h), NRand: nrand, NLattice: min(nrand, 10)}
	res.L = st.distSum / float64(st.reach)
	null := NewGraph(h.n)
	var rw rewirer
	var ls float64
	for k := 0; k < nrand; k++ {
		rw.rewireTo(null, h, DefaultSwapsPerEdge, rnd, nil)
		s := allPairs(null, wk)
		ls += s.distSum / float64(s.reach)
	}
	res.LRand = ls / float64(nrand)
	n := h.n
	ring := func(i, j int) int {
		d := i - j
		if d < 0 {
			d = -d
		}
		return min(d, n-d)
	}
	for k := 0; k < res.NLattice; k++ {
		rw.rewireTo(null, h, DefaultSwapsPerEdge, rnd, ring)
		res.CLatt = math.Max(res.CLatt, meanClustering(null))
	}
	res.Omega = res.LRand/res.L - res.C/res.CLatt
	u := &UndefinedError{}
	if st.reach == 0 || res.CLatt == 0 || math.IsNaN(res.Omega) {
		res.Omega = nan()
		u.add("Omega", "network has no edges or no clustering in its lattice reference")
	}
	return res, u.orNil()
}
