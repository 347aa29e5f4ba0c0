package graphmetrics

import (
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// normalisedAbs returns |W| / max|W| with a zero diagonal, and its
// undirected form max(Ŵ_ij, Ŵ_ji); nil when W is zero off the diagonal.
func normalisedAbs(w mat.Matrix, n int) (dir, und *mat.Dense) {
	a := absValuesInto(getFloats(n*n), w, n)
	var mx float64
	for i := 0; i < n; i++ {
		a[i*n+i] = 0
	}
	for _, v := range a {
		mx = math.Max(mx, v)
	}
	if mx == 0 {
		putFloats(a)
		return nil, nil
	}
	u := getFloats(n * n) // every entry is written below
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a[i*n+j] /= mx
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			u[i*n+j] = math.Max(a[i*n+j], a[j*n+i])
		}
	}
	return mat.NewDense(n, n, a), mat.NewDense(n, n, u)
}

func meanOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// weightedPair returns the mean Onnela clustering and the weighted
// efficiency of the undirected matrix und.
func weightedPair(und *mat.Dense) (c, e float64, err error) {
	cl, err := WeightedClustering(und)
	if err != nil {
		return nan(), nan(), err
	}
	e, err = WeightedEfficiency(und)
	return meanOf(cl), e, err
}

// weightedResult holds Compute's weighted measures of W itself (no nulls):
// Onnela clustering and efficiency of the undirected Ŵ, and with directed
// Fagiolo clustering and efficiency of the directed Ŵ. It uses no
// randomness, so Compute runs it next to the rest. Ŵ is valid input by
// construction, so the results are those of the public calls on it,
// without their checks and copies.
type weightedResult struct {
	zero                  bool // W is zero off the diagonal: all NaN
	clustering, eff       float64
	dirClustering, dirEff float64
}

func weightedMeasures(w *mat.Dense, n int, directed bool) weightedResult {
	r := weightedResult{clustering: nan(), eff: nan(), dirClustering: nan(), dirEff: nan()}
	dir, und := normalisedAbs(w, n)
	if und == nil {
		r.zero = true
		return r
	}
	defer putFloats(dir.RawMatrix().Data)
	defer putFloats(und.RawMatrix().Data)
	// Three independent parts, side by side.
	var wg sync.WaitGroup
	wg.Go(func() { r.eff = weightedEfficiency(und.RawMatrix().Data, n) })
	if directed {
		wg.Go(func() { r.dirEff = weightedEfficiency(dir.RawMatrix().Data, n) })
	}
	onnela, fagiolo := weightedClusterings(dir, und, n, directed)
	r.clustering = meanOf(onnela)
	if directed {
		r.dirClustering = meanOf(fagiolo)
	}
	wg.Wait()
	return r
}

// weightedNulls are Options.WeightedNullCount strength-preserving signed
// nulls of W with the weighted clustering and efficiency of each.
type weightedNulls struct {
	cs, es []float64
	stats  SignedNullStats
	err    error
}

func drawWeightedNulls(w mat.Matrix, n, nnull int, rnd *rand.Rand) weightedNulls {
	r := weightedNulls{cs: make([]float64, nnull), es: make([]float64, nnull)}
	agg := &r.stats
	for k := 0; k < nnull; k++ {
		null, st, err := SignedStrengthNull(w, DefaultSwapsPerEdge, rnd)
		if err != nil {
			r.err = err
			return r
		}
		agg.Attempts += st.Attempts
		agg.Swaps += st.Swaps
		agg.SignOverlap += st.SignOverlap / float64(nnull)
		agg.WeightCorr += st.WeightCorr / float64(nnull)
		for q := range agg.StrengthCorr {
			agg.StrengthCorr[q] += st.StrengthCorr[q] / float64(nnull)
		}
		nd, nu := normalisedAbs(null, n) // nil only for a null zero off the diagonal, which W is not
		r.cs[k], r.es[k], err = weightedPair(nu)
		putFloats(nd.RawMatrix().Data)
		putFloats(nu.RawMatrix().Data)
		if err != nil {
			r.err = err
			return r
		}
	}
	return r
}

// computeWeighted fills dst from r and the nulls nr (nil when none were
// drawn).
func computeWeighted(dst *WeightedMetrics, r weightedResult, nr *weightedNulls) error {
	if r.zero {
		return &UndefinedError{Metrics: []string{"WeightedClustering", "WeightedEfficiency"}, Reasons: []string{"W is zero off the diagonal", "W is zero off the diagonal"}}
	}
	dst.Clustering, dst.Efficiency = r.clustering, r.eff
	if nr == nil {
		return nil
	}
	if nr.err != nil {
		return nr.err
	}
	dst.NNull = len(nr.cs)
	dst.NullStats = nr.stats
	dst.NullClustering = normalised(dst.Clustering, nr.cs)
	dst.NullEfficiency = normalised(dst.Efficiency, nr.es)
	return nil
}

// directedResult holds Compute's directed measures apart from σ. It uses no
// randomness, so Compute runs it next to the rest.
type directedResult struct {
	m                   DirectedMetrics // all but SmallWorld and the weighted Fagiolo fields
	modErr, strengthErr error
}

func directedMeasures(g *Digraph, w *mat.Dense, weighted bool) directedResult {
	r := directedResult{m: nanDirected()}
	dst := &r.m
	dst.Arcs = g.NumArcs()
	dst.Density = g.Density()
	comms := GreedyModularityDirected(g)
	dst.Communities = len(comms)
	dst.Modularity, r.modErr = DirectedModularity(g, comms)
	dst.Degree = DegreeAssortativities(g)
	dst.Clustering = MeanDirectedClustering(g)
	dst.Efficiency = DirectedEfficiency(g)
	dst.CharPathLength = DirectedCharPathLength(g)
	if weighted {
		dst.Strength, r.strengthErr = StrengthAssortativities(g, w)
	}
	return r
}

// computeDirected fills dst from r, wr (the weighted Fagiolo measures, with
// Options.Weighted) and σ (nil when it was not asked for).
func computeDirected(dst *DirectedMetrics, r directedResult, wr *weightedResult, o Options, sw *DirectedSmallWorldResult, swErr error) error {
	*dst = r.m
	und := &UndefinedError{}
	if err := collectUndefined(und, r.modErr); err != nil {
		return err
	}
	if math.IsNaN(dst.Degree.OutIn) {
		und.add("DirectedAssortativity", "no arcs or constant degrees")
	}
	if sw != nil {
		dst.SmallWorld = *sw
		if err := collectUndefined(und, swErr); err != nil {
			return err
		}
	}
	if o.Weighted {
		if r.strengthErr != nil {
			return r.strengthErr
		}
		if !wr.zero {
			dst.WeightedClustering = wr.dirClustering
			dst.WeightedEfficiency = wr.dirEff
		}
	}
	return und.orNil()
}

// undirectedResult holds Compute's measures of the undirected binary graph
// apart from σ, Louvain and ω. They use no randomness, so Compute runs
// them next to the rest.
type undirectedResult struct {
	edges                     int
	density                   float64
	comms                     [][]int
	q                         float64
	qErr                      error
	assortativity, clustering float64
	transitivity, efficiency  float64
	charPathLength            float64
	connected                 bool
}

func undirectedMeasures(g *Graph) undirectedResult {
	r := undirectedResult{edges: g.NumEdges(), density: g.Density(), comms: GreedyModularity(g)}
	r.q, r.qErr = Modularity(g, r.comms)
	r.assortativity = Assortativity(g)
	r.clustering = MeanClustering(g)
	r.transitivity = Transitivity(g)
	r.efficiency = Efficiency(g)
	r.charPathLength = CharPathLength(g)
	r.connected = IsConnected(g)
	return r
}

// weightedCNMResult is Compute's weighted CNM modularity: the communities
// of the kept edges of g carrying max(|W_ij|, |W_ji|). It uses no
// randomness, so Compute runs it next to the rest.
type weightedCNMResult struct {
	communities int
	q           float64
	err, qErr   error
}

func weightedCNM(w *mat.Dense, g *Graph, n int) weightedCNMResult {
	buf := getFloats(n * n)
	defer putFloats(buf)
	s, _, err := symmetricStrengths(w, buf)
	if err != nil {
		return weightedCNMResult{q: nan(), err: err}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j || !g.hasEdge(i, j) {
				s[i*n+j] = 0
			}
		}
	}
	wc := greedyModularity(s, n)
	r := weightedCNMResult{communities: len(wc)}
	r.q, r.qErr = ModularityWeighted(s, n, wc)
	return r
}
