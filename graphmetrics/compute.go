package graphmetrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// Binarization selects how a weight matrix becomes a binary graph.
type Binarization int

const (
	// BinQuantile keeps |W_ij| strictly above the (1 − Keep) quantile of all
	// N² entries of |W|, undirected, no self-loops (BinarizeQuantile). With
	// Keep = DefaultKeep this is the paper's binarisation.
	BinQuantile Binarization = iota
	// BinDensity keeps the strongest Keep·N(N−1)/2 undirected pairs
	// (BinarizeDensity).
	BinDensity
	// BinNonzero keeps every non-zero entry (BinarizeNonzero): the synapse
	// graph of a connectome's count matrix.
	BinNonzero
)

// String returns "quantile", "density" or "nonzero".
func (b Binarization) String() string {
	switch b {
	case BinQuantile:
		return "quantile"
	case BinDensity:
		return "density"
	case BinNonzero:
		return "nonzero"
	}
	return fmt.Sprintf("Binarization(%d)", int(b))
}

// ParseBinarization returns the Binarization named by s.
func ParseBinarization(s string) (Binarization, error) {
	for _, b := range []Binarization{BinQuantile, BinDensity, BinNonzero} {
		if b.String() == s {
			return b, nil
		}
	}
	return 0, &InputError{Field: "binarization", Detail: fmt.Sprintf("unknown %q (want quantile, density or nonzero)", s), Err: ErrConfig}
}

// DefaultKeep is the fraction kept by default: the paper's 0.9 quantile
// (1 − 0.1 == 0.9 exactly in float64).
const DefaultKeep = 0.1

// DefaultOmegaNulls is the number of rewired and (at most 10) lattice
// references used for ω when Options.Omega is set, networkx's default.
const DefaultOmegaNulls = 10

// Options configures Compute. The zero value is the paper's setting
// (quantile binarisation keeping 10%, the paper's null model, 1,000 nulls,
// no ω).
type Options struct {
	Binarization Binarization // default BinQuantile
	// Keep is the fraction kept: for BinQuantile the threshold is the
	// (1 − Keep) quantile of |W|; for BinDensity the edge density. 0 means
	// DefaultKeep. Ignored by BinNonzero.
	Keep      float64
	Null      NullModel // null model for σ; default NullPaper
	NullCount int       // null graphs for σ; 0 means DefaultNullCount
	// Omega asks for ω (Telesford et al. 2011) with OmegaNulls rewired
	// references (0 means DefaultOmegaNulls). It costs about as much as
	// OmegaNulls·10·E double-edge swaps.
	Omega      bool
	OmegaNulls int
	// Louvain asks for gonum's Louvain communities as well as CNM.
	Louvain bool
	// Weighted asks for the weighted measures (Metrics.Weighted, and with
	// Directed also the weighted fields of Metrics.Directed): weighted CNM
	// modularity on the kept edges carrying max(|W_ij|, |W_ji|)
	// (GreedyModularityWeighted, ModularityWeighted); Onnela clustering and
	// weighted efficiency of all of W, through Ŵ = |W|/max|W|.
	Weighted bool
	// WeightedNullCount is the number of strength-preserving signed nulls
	// (SignedStrengthNull) the weighted clustering and efficiency are
	// normalised against (Weighted only). 0, the default, draws none: for
	// a dense 312-unit network one null with the weighted measures on it
	// costs about 0.3 s of CPU (the null's rewiring; the measures on it
	// about 25 ms), four times all the other measures together, and the
	// nulls are drawn one after another from the caller's generator, so
	// 100 nulls take about half a minute (testdata/README.md); they are
	// asked for explicitly.
	WeightedNullCount int
	// Directed asks for the directed measures (Metrics.Directed) on the
	// directed binarisation of W (BinarizeDirected with the same
	// Binarization and Keep): Leicht–Newman modularity of the directed CNM
	// communities, the four degree assortativities, Fagiolo clustering,
	// directed efficiency and path length, and σ against
	// DirectedNullCount degree-preserving directed nulls.
	Directed bool
	// DirectedNullCount is the number of directed nulls for the directed
	// σ (Directed only); 0 means DefaultNullCount.
	DirectedNullCount int
	// Signed asks for signed modularity (Metrics.Signed) of W as it is,
	// positive and negative weights apart, with a Louvain search for
	// each of SignedSymmetric and SignedAsymmetric.
	Signed bool
}

// Validate reports an invalid field as an error wrapping ErrConfig.
func (o Options) Validate() error {
	bad := func(field, detail string) error {
		return &InputError{Field: "Options." + field, Detail: detail, Err: ErrConfig}
	}
	switch {
	case o.Binarization < BinQuantile || o.Binarization > BinNonzero:
		return bad("Binarization", o.Binarization.String())
	case !(o.Keep >= 0 && o.Keep <= 1):
		return bad("Keep", fmt.Sprintf("%v outside [0, 1]", o.Keep))
	case !o.Null.valid():
		return bad("Null", o.Null.String())
	case o.NullCount < 0:
		return bad("NullCount", fmt.Sprintf("%d", o.NullCount))
	case o.OmegaNulls < 0:
		return bad("OmegaNulls", fmt.Sprintf("%d", o.OmegaNulls))
	case o.WeightedNullCount < 0:
		return bad("WeightedNullCount", fmt.Sprintf("%d", o.WeightedNullCount))
	case o.DirectedNullCount < 0:
		return bad("DirectedNullCount", fmt.Sprintf("%d", o.DirectedNullCount))
	}
	return nil
}

// Metrics is everything Compute measures. Undefined values are NaN (see
// Compute).
type Metrics struct {
	N         int     // nodes
	Edges     int     // undirected edges after binarisation
	Density   float64 // Edges / (N(N−1)/2)
	Threshold float64 // BinQuantile: the |W| quantile; otherwise NaN

	Modularity          float64 // Q of the greedy CNM communities
	Communities         int     // number of CNM communities
	LouvainModularity   float64 // Q of gonum's Louvain communities (Options.Louvain; else NaN)
	LouvainCommunities  int
	WeightedModularity  float64 // weighted CNM Q on the kept edges (Options.Weighted; else NaN)
	WeightedCommunities int

	Assortativity  float64 // Newman degree assortativity
	Clustering     float64 // mean BCT clustering coefficient
	Transitivity   float64
	Efficiency     float64 // BCT global efficiency
	CharPathLength float64 // over connected pairs
	Connected      bool

	SmallWorld SmallWorldResult // σ and its ingredients
	Null       NullModel
	Omega      float64 // ω (Options.Omega; else NaN)

	Entropy float64 // KDE weight entropy of W, bits

	Weighted WeightedMetrics // Options.Weighted; else NaN
	Directed DirectedMetrics // Options.Directed; else NaN
	Signed   SignedMetrics   // Options.Signed; else NaN
}

// WeightedMetrics are the weighted measures of Compute. They use all of W,
// no binarisation: Ŵ = |W| / max|W| off the diagonal, made undirected as
// max(Ŵ_ij, Ŵ_ji).
type WeightedMetrics struct {
	Clustering float64 // mean Onnela clustering (WeightedClustering)
	Efficiency float64 // weighted global efficiency, lengths 1/Ŵ (WeightedEfficiency)
	// Against Options.WeightedNullCount strength-preserving signed nulls of
	// W (SignedStrengthNull; NNull = 0 and NaN when none were drawn).
	NullClustering Normalised
	NullEfficiency Normalised
	NNull          int
	// NullStats averages the nulls' diagnostics (SignOverlap, StrengthCorr,
	// WeightCorr; Attempts and Swaps are totals).
	NullStats SignedNullStats
}

// DirectedMetrics are the directed measures of Compute. The binary ones use
// the directed binarisation (arcs i→j, i ≠ j); the weighted ones (with
// Options.Weighted) use |W| / max|W| off the diagonal, unthresholded,
// except the strength assortativities, which use the kept arcs weighted by
// |W| (StrengthAssortativities).
type DirectedMetrics struct {
	Arcs        int
	Density     float64 // Arcs / (N(N−1))
	Modularity  float64 // Leicht–Newman Q of the directed CNM communities
	Communities int
	Degree      DirectedAssortativity // DegreeAssortativities
	Strength    DirectedAssortativity // StrengthAssortativities (Options.Weighted)
	Clustering  float64               // mean Fagiolo binary clustering
	Efficiency  float64               // directed global efficiency
	// CharPathLength is over the ordered pairs joined by a directed path.
	CharPathLength     float64
	SmallWorld         DirectedSmallWorldResult // σ against degree-preserving directed nulls
	WeightedClustering float64                  // mean Fagiolo weighted clustering (Options.Weighted)
	WeightedEfficiency float64                  // directed weighted efficiency, lengths 1/Ŵ (Options.Weighted)
}

// SignedMetrics are the signed measures of Compute, on W as it is (all N²
// entries, positive and negative weights apart, directed).
type SignedMetrics struct {
	Symmetric             float64 // Gómez et al. Q of the best partition found (SignedCommunities)
	SymmetricCommunities  int
	Asymmetric            float64 // Rubinov–Sporns Q of the best partition found
	AsymmetricCommunities int
}

func nanDirected() DirectedMetrics {
	a := DirectedAssortativity{nan(), nan(), nan(), nan()}
	return DirectedMetrics{Density: nan(), Modularity: nan(), Degree: a, Strength: a, Clustering: nan(), Efficiency: nan(),
		CharPathLength: nan(), SmallWorld: DirectedSmallWorldResult{Sigma: nan(), Clustering: nanNormalised(), Efficiency: nanNormalised()},
		WeightedClustering: nan(), WeightedEfficiency: nan()}
}

func nanNormalised() Normalised { return Normalised{nan(), nan(), nan(), nan(), nan()} }

// Paper returns the four numbers of PaperMetrics from m.
func (m Metrics) Paper() PaperMetrics {
	return PaperMetrics{Modularity: m.Modularity, SmallWorldness: m.SmallWorld.Sigma, Assortativity: m.Assortativity, Entropy: m.Entropy}
}

// Compute binarises w (N×N, row = presynaptic) as o says and returns every
// metric of the package: CNM modularity (and Louvain), assortativity, mean
// clustering, transitivity, efficiency, characteristic path length, σ
// against o.NullCount graphs of o.Null, optionally ω, and the weight
// entropy of w. With the zero Options, Metrics.Paper() equals Paper(w, 0,
// rnd) for the same rnd state.
//
// Randomness (σ's nulls, then Louvain, then ω) comes from rnd; Compute panics
// if rnd is nil. It returns an error for invalid o or a non-square,
// non-finite or smaller than MinNodes w. Metrics undefined for w are NaN and
// listed in an *UndefinedError (errors.Is(err, ErrUndefined)) returned with
// the otherwise valid Metrics.
//
// The measures that use no randomness (the weight entropy, the weighted
// and the directed measures apart from σ) run in goroutines next to the
// rest; randomness is drawn on the calling goroutine in the order above,
// so the Metrics do not depend on GOMAXPROCS or the scheduling.
func Compute(w mat.Matrix, o Options, rnd *rand.Rand) (Metrics, error) {
	if rnd == nil {
		panic("graphmetrics: Compute: nil *rand.Rand")
	}
	return compute(w, o, true, rnd)
}

// compute is Compute; sigma = false skips σ (undirected and directed) and
// its nulls, leaving them NaN, for the benchmark of every measure without
// nulls.
func compute(w mat.Matrix, o Options, sigma bool, rnd *rand.Rand) (Metrics, error) {
	if err := o.Validate(); err != nil {
		return Metrics{}, err
	}
	n, err := checkWeights(w, MinNodes)
	if err != nil {
		return Metrics{}, err
	}
	wd := mat.NewDense(n, n, getFloats(n*n)) // read by several goroutines
	wd.Copy(w)
	defer putFloats(wd.RawMatrix().Data) // after the goroutines are done (deferred below)
	keep := o.Keep
	if keep == 0 {
		keep = DefaultKeep
	}
	m := Metrics{N: n, Threshold: nan(), LouvainModularity: nan(), WeightedModularity: nan(), Omega: nan(), Null: o.Null,
		SmallWorld: SmallWorldResult{Sigma: nan(), C: nan(), E: nan(), CNull: nan(), ENull: nan()},
		Weighted:   WeightedMetrics{Clustering: nan(), Efficiency: nan(), NullClustering: nanNormalised(), NullEfficiency: nanNormalised()},
		Directed:   nanDirected(),
		Signed:     SignedMetrics{Symmetric: nan(), Asymmetric: nan()}}

	var wg sync.WaitGroup
	var entErr error
	wg.Go(func() { m.Entropy, entErr = WeightEntropy(wd) })
	var wres weightedResult
	if o.Weighted {
		wg.Go(func() { wres = weightedMeasures(wd, n, o.Directed) })
	}
	defer wg.Wait() // no goroutine outlives an early return

	var g *Graph
	var dg *Digraph
	var dErr error
	switch o.Binarization {
	case BinQuantile:
		// One threshold for the undirected and the directed graph.
		a := absValuesInto(getFloats(n*n), wd, n)
		g, dg, m.Threshold = quantileGraphs(a, n, 1-keep, o.Directed)
		putFloats(a)
	case BinDensity:
		g, err = BinarizeDensity(wd, keep)
	case BinNonzero:
		g, err = BinarizeNonzero(wd)
	}
	if err != nil {
		return Metrics{}, err
	}
	if o.Directed && dg == nil {
		dg, _, dErr = BinarizeDirected(wd, o.Binarization, keep)
	}
	var dres directedResult
	if o.Directed && dErr == nil {
		wg.Go(func() { dres = directedMeasures(dg, wd, o.Weighted) })
	}
	var ures undirectedResult
	wg.Go(func() { ures = undirectedMeasures(g) })
	var wcnm weightedCNMResult
	if o.Weighted {
		wg.Go(func() { wcnm = weightedCNM(wd, g, n) })
	}

	// The randomness, in the order documented above; the results are put
	// together after the goroutines are done.
	var swErr error
	if sigma {
		m.SmallWorld, swErr = SmallWorld(g, o.Null, o.NullCount, rnd)
	}
	if o.Louvain {
		lc, q := Louvain(g, rnd)
		m.LouvainCommunities, m.LouvainModularity = len(lc), q
	}
	var omErr error
	if o.Omega {
		var om OmegaResult
		om, omErr = Omega(g, o.OmegaNulls, rnd)
		m.Omega = om.Omega
	}
	var nulls *weightedNulls
	if o.Weighted && o.WeightedNullCount > 0 && !zeroOffDiagonal(wd, n) {
		nr := drawWeightedNulls(wd, n, o.WeightedNullCount, rnd)
		nulls = &nr
	}
	var dsw *DirectedSmallWorldResult
	var dswErr error
	if o.Directed && dErr == nil && sigma {
		var r DirectedSmallWorldResult
		r, dswErr = DirectedSmallWorld(dg, o.DirectedNullCount, rnd)
		dsw = &r
	}
	type signed struct {
		c   [][]int
		q   float64
		err error
	}
	var sym, asym signed
	if o.Signed {
		sym.c, sym.q, sym.err = SignedCommunities(wd, SignedSymmetric, rnd)
		asym.c, asym.q, asym.err = SignedCommunities(wd, SignedAsymmetric, rnd)
	}
	wg.Wait()
	und := &UndefinedError{}
	m.Edges, m.Density = ures.edges, ures.density
	m.Communities, m.Modularity = len(ures.comms), ures.q
	if err := collectUndefined(und, ures.qErr); err != nil {
		return Metrics{}, err
	}
	m.Assortativity = ures.assortativity
	if math.IsNaN(m.Assortativity) {
		und.add("Assortativity", "graph has no edges or all edge ends have equal degree")
	}
	m.Clustering, m.Transitivity, m.Efficiency = ures.clustering, ures.transitivity, ures.efficiency
	m.CharPathLength, m.Connected = ures.charPathLength, ures.connected
	if math.IsNaN(m.CharPathLength) {
		und.add("CharPathLength", "no two nodes are connected")
	}
	if err := collectUndefined(und, swErr); err != nil {
		return Metrics{}, err
	}
	if o.Louvain && math.IsNaN(m.LouvainModularity) {
		und.add("LouvainModularity", "graph has no edges")
	}
	if o.Weighted {
		if wcnm.err != nil {
			return Metrics{}, wcnm.err
		}
		m.WeightedCommunities, m.WeightedModularity = wcnm.communities, wcnm.q
		if err := collectUndefined(und, wcnm.qErr); err != nil {
			return Metrics{}, err
		}
	}
	if err := collectUndefined(und, omErr); err != nil {
		return Metrics{}, err
	}
	if o.Weighted {
		if err := collectUndefined(und, computeWeighted(&m.Weighted, wres, nulls)); err != nil {
			return Metrics{}, err
		}
	}
	if o.Directed {
		if dErr != nil {
			return Metrics{}, dErr
		}
		if err := collectUndefined(und, computeDirected(&m.Directed, dres, &wres, o, dsw, dswErr)); err != nil {
			return Metrics{}, err
		}
	}
	if o.Signed {
		m.Signed.Symmetric, m.Signed.SymmetricCommunities = sym.q, len(sym.c)
		if err := collectUndefined(und, sym.err); err != nil {
			return Metrics{}, err
		}
		m.Signed.Asymmetric, m.Signed.AsymmetricCommunities = asym.q, len(asym.c)
		if err := collectUndefined(und, asym.err); err != nil {
			return Metrics{}, err
		}
	}
	if err := collectUndefined(und, entErr); err != nil {
		return Metrics{}, err
	}
	return m, und.orNil()
}

// zeroOffDiagonal reports whether w is zero off the diagonal.
func zeroOffDiagonal(w *mat.Dense, n int) bool {
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && w.At(i, j) != 0 {
				return false
			}
		}
	}
	return true
}
