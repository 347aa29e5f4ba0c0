package graphmetrics

import (
	"fmt"
	"math"
	"math/rand/v2"

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
	// Weighted asks for weighted CNM modularity as well: the kept edges
	// carry the strengths max(|W_ij|, |W_ji|) (GreedyModularityWeighted,
	// ModularityWeighted).
	Weighted bool
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
}

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
func Compute(w mat.Matrix, o Options, rnd *rand.Rand) (Metrics, error) {
	if rnd == nil {
		panic("graphmetrics: Compute: nil *rand.Rand")
	}
	if err := o.Validate(); err != nil {
		return Metrics{}, err
	}
	n, err := checkWeights(w, MinNodes)
	if err != nil {
		return Metrics{}, err
	}
	keep := o.Keep
	if keep == 0 {
		keep = DefaultKeep
	}
	m := Metrics{N: n, Threshold: nan(), LouvainModularity: nan(), WeightedModularity: nan(), Omega: nan(), Null: o.Null}
	var g *Graph
	switch o.Binarization {
	case BinQuantile:
		q := 1 - keep
		g, err = BinarizeQuantile(w, q)
		if err == nil {
			m.Threshold = quantileInPlace(absValues(w, n), q)
		}
	case BinDensity:
		g, err = BinarizeDensity(w, keep)
	case BinNonzero:
		g, err = BinarizeNonzero(w)
	}
	if err != nil {
		return Metrics{}, err
	}
	und := &UndefinedError{}
	m.Edges = g.NumEdges()
	m.Density = g.Density()
	comms := GreedyModularity(g)
	m.Communities = len(comms)
	m.Modularity, err = Modularity(g, comms)
	if err := collectUndefined(und, err); err != nil {
		return Metrics{}, err
	}
	m.Assortativity = Assortativity(g)
	if math.IsNaN(m.Assortativity) {
		und.add("Assortativity", "graph has no edges or all edge ends have equal degree")
	}
	m.Clustering = MeanClustering(g)
	m.Transitivity = Transitivity(g)
	m.Efficiency = Efficiency(g)
	m.CharPathLength = CharPathLength(g)
	if math.IsNaN(m.CharPathLength) {
		und.add("CharPathLength", "no two nodes are connected")
	}
	m.Connected = IsConnected(g)
	m.SmallWorld, err = SmallWorld(g, o.Null, o.NullCount, rnd)
	if err := collectUndefined(und, err); err != nil {
		return Metrics{}, err
	}
	if o.Louvain {
		lc, q := Louvain(g, rnd)
		m.LouvainCommunities, m.LouvainModularity = len(lc), q
		if math.IsNaN(q) {
			und.add("LouvainModularity", "graph has no edges")
		}
	}
	if o.Weighted {
		s, _, err := SymmetricStrengths(w)
		if err != nil {
			return Metrics{}, err
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i == j || !g.hasEdge(i, j) {
					s[i*n+j] = 0
				}
			}
		}
		wc := greedyModularity(s, n)
		m.WeightedCommunities = len(wc)
		m.WeightedModularity, err = ModularityWeighted(s, n, wc)
		if err := collectUndefined(und, err); err != nil {
			return Metrics{}, err
		}
	}
	if o.Omega {
		om, err := Omega(g, o.OmegaNulls, rnd)
		if err := collectUndefined(und, err); err != nil {
			return Metrics{}, err
		}
		m.Omega = om.Omega
	}
	m.Entropy, err = WeightEntropy(w)
	if err := collectUndefined(und, err); err != nil {
		return Metrics{}, err
	}
	return m, und.orNil()
}
