package graphmetrics

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// normalisedAbs returns |W| / max|W| with a zero diagonal, and its
// undirected form max(Ŵ_ij, Ŵ_ji); nil when W is zero off the diagonal.
func normalisedAbs(w mat.Matrix, n int) (dir, und *mat.Dense) {
	a := absValues(w, n)
	var mx float64
	for i := 0; i < n; i++ {
		a[i*n+i] = 0
	}
	for _, v := range a {
		mx = math.Max(mx, v)
	}
	if mx == 0 {
		return nil, nil
	}
	u := make([]float64, n*n)
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

func computeWeighted(dst *WeightedMetrics, w mat.Matrix, n, nnull int, rnd *rand.Rand) error {
	_, und := normalisedAbs(w, n)
	if und == nil {
		return &UndefinedError{Metrics: []string{"WeightedClustering", "WeightedEfficiency"}, Reasons: []string{"W is zero off the diagonal", "W is zero off the diagonal"}}
	}
	var err error
	if dst.Clustering, dst.Efficiency, err = weightedPair(und); err != nil {
		return err
	}
	if nnull == 0 {
		return nil
	}
	cs := make([]float64, nnull)
	es := make([]float64, nnull)
	var agg SignedNullStats
	for k := 0; k < nnull; k++ {
		null, st, err := SignedStrengthNull(w, DefaultSwapsPerEdge, rnd)
		if err != nil {
			return err
		}
		agg.Attempts += st.Attempts
		agg.Swaps += st.Swaps
		agg.SignOverlap += st.SignOverlap / float64(nnull)
		agg.WeightCorr += st.WeightCorr / float64(nnull)
		for q := range agg.StrengthCorr {
			agg.StrengthCorr[q] += st.StrengthCorr[q] / float64(nnull)
		}
		_, nu := normalisedAbs(null, n)
		if cs[k], es[k], err = weightedPair(nu); err != nil {
			return err
		}
	}
	dst.NNull = nnull
	dst.NullStats = agg
	dst.NullClustering = normalised(dst.Clustering, cs)
	dst.NullEfficiency = normalised(dst.Efficiency, es)
	return nil
}

func computeDirected(dst *DirectedMetrics, w mat.Matrix, o Options, keep float64, rnd *rand.Rand) error {
	g, _, err := BinarizeDirected(w, o.Binarization, keep)
	if err != nil {
		return err
	}
	und := &UndefinedError{}
	dst.Arcs = g.NumArcs()
	dst.Density = g.Density()
	comms := GreedyModularityDirected(g)
	dst.Communities = len(comms)
	dst.Modularity, err = DirectedModularity(g, comms)
	if err := collectUndefined(und, err); err != nil {
		return err
	}
	dst.Degree = DegreeAssortativities(g)
	if math.IsNaN(dst.Degree.OutIn) {
		und.add("DirectedAssortativity", "no arcs or constant degrees")
	}
	dst.Clustering = MeanDirectedClustering(g)
	dst.Efficiency = DirectedEfficiency(g)
	dst.CharPathLength = DirectedCharPathLength(g)
	dst.SmallWorld, err = DirectedSmallWorld(g, o.DirectedNullCount, rnd)
	if err := collectUndefined(und, err); err != nil {
		return err
	}
	if o.Weighted {
		if dst.Strength, err = StrengthAssortativities(g, w); err != nil {
			return err
		}
		n := g.n
		dir, _ := normalisedAbs(w, n)
		if dir != nil {
			cl, err := DirectedWeightedClustering(dir)
			if err != nil {
				return err
			}
			dst.WeightedClustering = meanOf(cl)
			if dst.WeightedEfficiency, err = WeightedEfficiency(dir); err != nil {
				return err
			}
		}
	}
	return und.orNil()
}
