package graphmetrics

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// PaperMetrics holds the four graph numbers the paper reports per trained
// network (docs/method.md §8, columns Modularity, SmallWorldness, Assortativity,
// Entropy of its CSV files).
type PaperMetrics struct {
	Modularity     float64 // Q of the greedy CNM communities (GreedyModularity, Modularity)
	SmallWorldness float64 // σ with the paper's null model (SmallWorld, NullPaper)
	Assortativity  float64 // Newman degree assortativity (Assortativity)
	Entropy        float64 // KDE weight entropy in bits (WeightEntropy)
}

// Paper computes the paper's four graph metrics of a trained recurrent
// weight matrix w (N×N, row = presynaptic) exactly as docs/method.md §8 defines
// them:
//
//  1. A = |W|; an undirected edge {i, j}, i ≠ j, where A_ij or A_ji lies
//     strictly above the 0.9 quantile of all N² entries of A
//     (BinarizeQuantile with DefaultQuantile);
//  2. Modularity: Q of networkx-style greedy CNM communities;
//  3. Assortativity: Newman degree assortativity;
//  4. SmallWorldness: σ = (C/C_null)/(E_null/E) over nperm graphs of the
//     paper's null model ((U+Uᵀ)/2 > 0.7, self-loops kept), nperm = 0
//     meaning DefaultNullCount (1,000);
//  5. Entropy: KDE entropy, in bits, of the N² signed weights.
//
// Only the null graphs consume randomness from rnd; Paper panics if rnd is
// nil. It returns an error (and zero metrics) when w is not square, has
// fewer than MinNodes rows or a non-finite entry, or nperm < 0. When a
// metric is undefined for w (no edge survives the threshold, e.g. all
// weights equal; a regular graph's assortativity; equal weights' entropy)
// that metric is NaN, the others are valid, and the error is an
// *UndefinedError (errors.Is(err, ErrUndefined)) naming it.
func Paper(w mat.Matrix, nperm int, rnd *rand.Rand) (PaperMetrics, error) {
	if rnd == nil {
		panic("graphmetrics: Paper: nil *rand.Rand")
	}
	if nperm < 0 {
		return PaperMetrics{}, &InputError{Field: "nperm", Detail: fmt.Sprintf("%d null graphs", nperm), Err: ErrConfig}
	}
	if _, err := checkWeights(w, MinNodes); err != nil {
		return PaperMetrics{}, err
	}
	g, err := BinarizeQuantile(w, DefaultQuantile)
	if err != nil {
		return PaperMetrics{}, err
	}
	var pm PaperMetrics
	und := &UndefinedError{}
	pm.Modularity, err = Modularity(g, GreedyModularity(g))
	if err := collectUndefined(und, err); err != nil {
		return PaperMetrics{}, err
	}
	pm.Assortativity = Assortativity(g)
	if math.IsNaN(pm.Assortativity) {
		und.add("Assortativity", "graph has no edges or all edge ends have equal degree")
	}
	sw, err := SmallWorld(g, NullPaper, nperm, rnd)
	if err := collectUndefined(und, err); err != nil {
		return PaperMetrics{}, err
	}
	pm.SmallWorldness = sw.Sigma
	pm.Entropy, err = WeightEntropy(w)
	if err := collectUndefined(und, err); err != nil {
		return PaperMetrics{}, err
	}
	return pm, und.orNil()
}

// collectUndefined merges an *UndefinedError into dst and returns any other
// error unchanged.
func collectUndefined(dst *UndefinedError, err error) error {
	if err == nil {
		return nil
	}
	var u *UndefinedError
	if errors.As(err, &u) {
		dst.Metrics = append(dst.Metrics, u.Metrics...)
		dst.Reasons = append(dst.Reasons, u.Reasons...)
		return nil
	}
	return err
}
