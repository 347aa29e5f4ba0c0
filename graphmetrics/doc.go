// Package graphmetrics measures the graph structure of a weight matrix: the
// numbers arXiv 2606.14975 reports for trained recurrent networks
// (modularity, small-worldness, assortativity, weight entropy) computed
// exactly as its published code does, plus clustering, transitivity,
// efficiency, path length, Louvain communities, sound null models and ω.
//
// # Reference mode: the paper's four numbers
//
// Paper(w, nperm, rnd) is the one call an experiment needs. With W the N×N
// recurrent matrix (row = presynaptic, as everywhere in cortexrnn):
//
//	A   = |W|, θ = numpy.quantile(A, 0.9)       (linear interpolation, all N² entries)
//	G   = {i, j} for i ≠ j with A_ij > θ or A_ji > θ   (undirected, no self-loops)
//	Q   = modularity of networkx greedy_modularity_communities(G)   (CNM)
//	r   = networkx degree_assortativity_coefficient(G)
//	σ   = (C/C_null) / (E_null/E),  C = mean BCT clustering_coef_bu,
//	      E = BCT efficiency_bin, nulls: (U+Uᵀ)/2 > 0.7, self-loops kept
//	H   = entropy (bits) of scipy gaussian_kde(W.ravel()) on 100 points min→max
//
// Every deterministic step reproduces the Python libraries to 1e-9 (the CNM
// partition exactly, including networkx's tie-breaking); the golden values and
// the script that made them are in testdata/. Only the null graphs are
// random: σ with 1,000 nulls varies by about 0.05% between seeds
// (field 6_6_2's thresholded correlation matrix: 2.1657–2.1668 over four seeds).
//
// # Beyond the paper
//
// Compute(w, Options, rnd) returns every metric at once, with other
// binarisations (a kept density, the non-zero synapse graph of a connectome)
// and null models: NullER (Erdős–Rényi with the same number of edges) and
// NullRewire (Maslov–Sneppen degree-preserving rewiring). The paper's null
// ignores the network's density entirely (it always has density 0.18 and 30%
// self-loops, which BCT's clustering counts as triangles), so its σ mostly
// reflects the network's density; NullER and NullRewire give the usual
// meaning of σ. Omega gives ω = L_rand/L − C/C_latt (Telesford et al. 2011,
// doi:10.1089/brain.2011.0038). GreedyModularityWeighted works on weighted
// graphs (networkx weight="weight").
//
// # Direction, weight and sign
//
// The paper's graph discards what a recurrent weight matrix is about: which
// way a connection runs, how strong it is and whether it excites or
// inhibits. Each measure below says what it is computed on; Compute's
// Options.Directed, Weighted and Signed ask for them, and graphstats
// prints the input of every section.
//
//   - Directed binary graph (Digraph, BinarizeDirected): arc i→j where
//     |W_ij| is kept, not symmetrised. DirectedModularity (Leicht & Newman
//     2008) with GreedyModularityDirected (networkx's directed CNM);
//     DegreeAssortativities, the four of Foster et al. 2010;
//     DirectedClustering (Fagiolo 2007); DirectedEfficiency and
//     DirectedCharPathLength; DirectedSmallWorld, σ with normalised
//     clustering and efficiency against degree-preserving directed nulls
//     (RewireDirected, Maslov & Sneppen 2002) drawn from seeded Markov
//     chains, with their mixing diagnostics (NullMixing).
//   - Weights, no threshold: WeightedClustering (Onnela et al. 2005),
//     DirectedWeightedClustering (Fagiolo 2007), WeightedEfficiency
//     (Latora & Marchiori 2001, distance 1/w); Compute applies them to
//     |W|/max|W|. StrengthAssortativities use the kept arcs weighted by |W|.
//   - Signs: SignedModularity of W as it is, symmetric (Gómez, Jensen &
//     Arenas 2009) or asymmetric (Rubinov & Sporns 2011), with a Louvain
//     search (SignedCommunities); SignedStrengthNull randomises a signed
//     weighted matrix keeping each node's signed degrees exactly and its
//     signed strengths approximately (Rubinov & Sporns 2011), with its
//     fidelity and mixing diagnostics (SignedNullStats). Compute normalises
//     the weighted clustering and efficiency against such nulls on request
//     (Options.WeightedNullCount).
//
// Golden values: networkx where it has the measure (directed CNM and
// modularity, directed degree and strength assortativity, Fagiolo and
// Onnela clustering, directed and weighted path lengths), and for signed
// modularity numpy written from the published formulas
// (testdata/gen_golden_directed.py). The nulls are random; their tests check
// what they promise (degrees, weights, strengths, reproducibility).
//
// # Speed
//
// Graphs are bitset adjacency matrices: clustering intersects neighbour
// bitsets with popcounts, and path lengths come from direction-optimising
// breadth-first search on bitsets; a paper null is drawn eight pairs per
// 64-bit random number. All of Paper for a 312-node network with 1,000 nulls
// takes well under half a second on one core (see testdata/README.md for
// measurements next to networkx/bctpy). Compute runs the measures that draw
// no random numbers (the weight entropy, the weighted measures and the
// directed ones apart from σ) in goroutines next to the rest, and draws all
// randomness on the calling goroutine in a fixed order, so its results do
// not depend on GOMAXPROCS.
//
// Costs for one dense 312-unit network (CPU time; testdata/README.md has
// the measurements): every measure of Compute with Directed, Weighted and
// Signed but without nulls, about 65 ms, which Compute spreads over the
// cores (about 40 ms on two); the weighted efficiencies, exact all-pairs
// shortest paths over all N² weights, are over a quarter of that. σ's 1,000 paper nulls add about
// 0.2 s, the 1,000 directed nulls about 0.5 s (spread over the cores),
// and each strength-preserving signed null for the weighted measures
// about 0.3 s, drawn one after another, which is why
// Options.WeightedNullCount defaults to none.
//
// # Empirical reference values
//
// The synapse graphs of the shared MICrONS fields (edge where either
// direction has a synapse) are very sparse, so they are not comparable with a
// 10%-kept trained network without care; testdata/README.md lists their
// metrics (checked against networkx in the tests) for users who want to.
//
// # Undefined values and errors
//
// Bad input (a non-square matrix, NaN or ±Inf weights, fewer than MinNodes
// nodes, an invalid option, a negative weight where a measure needs |W|) gives an *InputError wrapping ErrNotSquare,
// ErrNonFinite, ErrTooSmall or ErrConfig. A metric that is undefined for a
// valid network (no edge survives the threshold, e.g. all weights equal; the
// assortativity of a regular graph; the entropy of constant weights) is NaN,
// and Paper and Compute return an *UndefinedError (errors.Is(err,
// ErrUndefined)) naming it alongside the other, valid values. Nothing
// panics on data; a nil *rand.Rand or an out-of-range node index panics.
package graphmetrics
