package graphmetrics

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

func TestPaperMatchesGoldenDeterministicParts(t *testing.T) {
	t.Parallel()
	gold := loadMatrices(t)
	for _, c := range gold.Matrices[:2] {
		w := mat.NewDense(c.N, c.N, c.W)
		pm, err := Paper(w, 50, testutil.Rand(1))
		require.NoError(t, err, "%s", c.Name)
		assertSame(t, pm.Modularity, c.Want.CNMQ, c.Name+" Modularity")
		assertSame(t, pm.Assortativity, c.Want.Assortativity, c.Name+" Assortativity")
		assertSame(t, pm.Entropy, c.Want.Entropy, c.Name+" Entropy")
		// σ's numerator and denominator use the golden C and E.
		g, _ := BinarizeQuantile(w, DefaultQuantile)
		sw, err := SmallWorld(g, NullPaper, 50, testutil.Rand(1))
		require.NoError(t, err)
		assertSame(t, sw.C, c.Want.MeanClustering, c.Name+" σ's C")
		assertSame(t, sw.E, c.Want.Efficiency, c.Name+" σ's E")
		assert.Equal(t, sw.Sigma, pm.SmallWorldness, "%s: Paper σ vs SmallWorld σ", c.Name)
		assert.Equal(t, 50, sw.NNull, "%s: SmallWorld nnull", c.Name)
		assert.Equal(t, (sw.C/sw.CNull)/(sw.ENull/sw.E), sw.Sigma, "%s: σ, want (C/Cnull)/(Enull/E)", c.Name)
	}
}

func TestPaperEqualsCompute(t *testing.T) {
	t.Parallel()
	gold := loadMatrices(t)
	c := gold.Matrices[0]
	w := mat.NewDense(c.N, c.N, c.W)
	pm, err := Paper(w, 30, testutil.Rand(5))
	require.NoError(t, err)
	m, err := Compute(w, Options{NullCount: 30}, testutil.Rand(5))
	require.NoError(t, err)
	assert.Equal(t, pm, m.Paper(), "Compute(...).Paper() vs Paper")
	again, _ := Paper(w, 30, testutil.Rand(5))
	assert.Equal(t, pm, again, "same seed, different result")
	other, _ := Paper(w, 30, testutil.Rand(6))
	assert.NotEqual(t, pm.SmallWorldness, other.SmallWorldness, "different seeds gave the same σ")
	assert.Equal(t, pm.Modularity, other.Modularity, "deterministic metrics depend on the seed")
	assert.Equal(t, pm.Entropy, other.Entropy, "deterministic metrics depend on the seed")
}

// literalPaperNull builds (U + Uᵀ)/2 > 0.7 exactly as the paper's code.
func literalPaperNull(n int, rnd *rand.Rand) *Graph {
	u := make([]float64, n*n)
	for i := range u {
		u[i] = rnd.Float64()
	}
	g := NewGraph(n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			if (u[i*n+j]+u[j*n+i])/2 > 0.7 {
				g.SetEdge(i, j)
			}
		}
	}
	return g
}

// The fast Bernoulli form of the paper's null has the same distribution as
// the literal construction: compare the means of C and E over many draws.
func TestPaperNullMatchesLiteralConstruction(t *testing.T) {
	t.Parallel()
	const n, k = 40, 400
	stats := func(draw func() *Graph) (mc, sc, me, se, md float64) {
		var c, c2, e, e2 float64
		for i := 0; i < k; i++ {
			g := draw()
			x, y := MeanClustering(g), Efficiency(g)
			c, c2, e, e2 = c+x, c2+x*x, e+y, e2+y*y
			md += g.Density() + float64(g.NumSelfLoops())/n
		}
		mc, me = c/k, e/k
		return mc, math.Sqrt((c2/k - mc*mc) / k), me, math.Sqrt((e2/k - me*me) / k), md / k
	}
	r1, r2 := testutil.Rand(7), testutil.Rand(8)
	c1, s1, e1, t1, d1 := stats(func() *Graph { return PaperNull(n, r1) })
	c2, s2, e2, t2, d2 := stats(func() *Graph { return literalPaperNull(n, r2) })
	assert.LessOrEqual(t, math.Abs(c1-c2)/math.Hypot(s1, s2), 4.5, "z of mean clustering %v vs literal %v", c1, c2)
	assert.LessOrEqual(t, math.Abs(e1-e2)/math.Hypot(t1, t2), 4.5, "z of mean efficiency %v vs literal %v", e1, e2)
	// Density 0.18 plus self-loop fraction 0.3.
	assert.InDelta(t, 0.48, d1, 0.01, "density+self-loop fraction (fast)")
	assert.InDelta(t, 0.48, d2, 0.01, "density+self-loop fraction (literal)")
}

func TestNullModelsPreserveWhatTheyPromise(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(9)
	g := randomGraph(90, 0.08, 0, rnd)
	m := g.NumEdges()
	for i := 0; i < 5; i++ {
		er := ERNull(90, m, rnd)
		assert.Equal(t, m, er.NumEdges(), "ER edges")
		assert.Zero(t, er.NumSelfLoops(), "ER self-loops")
		dense := ERNull(10, 40, rnd)
		assert.Equal(t, 40, dense.NumEdges(), "dense ER edges")
		rw := RewireNull(g, DefaultSwapsPerEdge, rnd)
		assert.Zero(t, rw.NumSelfLoops(), "rewired graph has self-loops")
		same := 0
		for v := 0; v < g.N(); v++ {
			require.Equal(t, g.Degree(v), rw.Degree(v), "rewiring changed degree of %d", v)
			for _, u := range g.Neighbors(v) {
				if rw.HasEdge(u, v) {
					same++
				}
			}
		}
		// 2·shared edges > E: more than half the edges kept
		assert.LessOrEqual(t, same, m, "rewiring kept %d of %d edges", same/2, m)
	}
	star := NewGraph(6)
	for i := 1; i < 6; i++ {
		star.SetEdge(0, i)
	}
	rw := RewireNull(star, 10, rnd)
	assert.Equal(t, 5, rw.NumEdges(), "star must survive rewiring unchanged: edges")
	assert.Equal(t, 5, rw.Degree(0), "star must survive rewiring unchanged: hub degree")
}

func TestSmallWorldNullModels(t *testing.T) {
	t.Parallel()
	// A ring lattice with a few shortcuts is small-world against every null.
	g := NewGraph(120)
	for i := 0; i < 120; i++ {
		for d := 1; d <= 4; d++ {
			g.SetEdge(i, (i+d)%120)
		}
	}
	rnd := testutil.Rand(10)
	for i := 0; i < 12; i++ {
		g.SetEdge(rnd.IntN(120), rnd.IntN(120))
	}
	g = g.WithoutSelfLoops()
	for _, model := range []NullModel{NullER, NullRewire} {
		sw, err := SmallWorld(g, model, 20, rnd)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, sw.Sigma, 3.0, "%v: σ for a small-world lattice", model)
		assert.InDelta(t, sw.E, sw.ENull, 0.5*sw.E, "%v: null efficiency far from network's", model)
	}
	om, err := Omega(g, 5, rnd)
	require.NoError(t, err)
	er := ERNull(120, g.NumEdges(), rnd)
	omr, err := Omega(er, 5, rnd)
	require.NoError(t, err)
	assert.Less(t, om.Omega, omr.Omega, "ω(lattice-like) vs ω(random): want lattice < random")
	assert.GreaterOrEqual(t, om.Omega, -1.0, "ω(lattice-like)")
	assert.LessOrEqual(t, omr.Omega, 1.2, "ω(random)")
	_, err = SmallWorld(g, NullModel(7), 5, rnd)
	assert.ErrorIs(t, err, ErrConfig, "unknown null model")
	_, err = SmallWorld(g, NullER, -1, rnd)
	assert.ErrorIs(t, err, ErrConfig, "negative nnull")
}

func TestLouvain(t *testing.T) {
	t.Parallel()
	g := loadGolden(t)
	for _, c := range g.Graphs {
		if c.Name != "caveman" && c.Name != "karate" {
			continue
		}
		gr := graphFromEdges(c.N, c.Edges)
		comms, q := Louvain(gr, testutil.Rand(2))
		q2, err := Modularity(gr, comms)
		assert.NoError(t, err, "%s: Modularity of Louvain's partition", c.Name)
		assert.Equal(t, q, q2, "%s: Louvain Q vs Modularity of its partition", c.Name)
		// Louvain should do at least as well as greedy CNM on these graphs.
		assert.GreaterOrEqual(t, q, float64(c.Want.CNMQ)-1e-12, "%s: Louvain Q < CNM Q %v", c.Name, float64(c.Want.CNMQ))
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(11)
	w := mat.NewDense(4, 4, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	nanW := mat.DenseCopyOf(w)
	nanW.Set(2, 1, math.NaN())
	infW := mat.DenseCopyOf(w)
	infW.Set(0, 3, math.Inf(-1))
	cases := []struct {
		name string
		w    mat.Matrix
		want error
	}{
		{"nonSquare", mat.NewDense(3, 4, nil), ErrNotSquare},
		{"nil", nil, ErrNotSquare},
		{"twoNodes", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), ErrTooSmall},
		{"NaN", nanW, ErrNonFinite},
		{"Inf", infW, ErrNonFinite},
	}
	for _, c := range cases {
		_, err := Paper(c.w, 10, rnd)
		assert.ErrorIs(t, err, c.want, "%s: Paper", c.name)
		var ie *InputError
		if assert.ErrorAs(t, err, &ie, "%s: Paper error is not an *InputError", c.name) {
			assert.NotEmpty(t, ie.Field, "%s: error %v does not name the field", c.name, err)
		}
		_, err = Compute(c.w, Options{NullCount: 5}, rnd)
		assert.ErrorIs(t, err, c.want, "%s: Compute", c.name)
	}
	_, err := Paper(w, -1, rnd)
	assert.ErrorIs(t, err, ErrConfig, "nperm −1")
	_, err = BinarizeQuantile(w, 1.5)
	assert.ErrorIs(t, err, ErrConfig, "quantile 1.5")
	assert.ErrorIs(t, (Options{Keep: -0.1}).Validate(), ErrConfig, "Keep −0.1")
	assert.Panics(t, func() { Paper(w, 1, nil) }, "Paper with nil rnd did not panic")
}

func TestUndefinedMetricsAreNaNWithError(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(12)
	// All weights equal: nothing lies strictly above the quantile.
	eq := mat.NewDense(5, 5, nil)
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			eq.Set(i, j, 0.3)
		}
	}
	pm, err := Paper(eq, 10, rnd)
	var ue *UndefinedError
	require.ErrorIs(t, err, ErrUndefined, "all-equal weights")
	require.ErrorAs(t, err, &ue, "all-equal weights")
	assert.True(t, math.IsNaN(pm.Modularity) && math.IsNaN(pm.Assortativity) && math.IsNaN(pm.SmallWorldness) && math.IsNaN(pm.Entropy),
		"all-equal weights: %+v, want all NaN", pm)
	assert.Len(t, ue.Metrics, 4, "undefined metrics, want the four")
	// A regular graph: assortativity alone is undefined.
	ring := mat.NewDense(12, 12, nil)
	for i := 0; i < 12; i++ {
		ring.Set(i, (i+1)%12, 1)
	}
	pm, err = Paper(ring, 10, rnd)
	require.ErrorAs(t, err, &ue, "ring")
	require.Equal(t, []string{"Assortativity"}, ue.Metrics, "ring: want only Assortativity undefined")
	assert.True(t, math.IsNaN(pm.Assortativity), "ring: %+v, want Assortativity NaN", pm)
	assert.False(t, math.IsNaN(pm.Modularity) || math.IsNaN(pm.SmallWorldness) || math.IsNaN(pm.Entropy), "ring: %+v, want only Assortativity NaN", pm)
	// Empty graph through the low-level calls.
	g := NewGraph(4)
	assert.True(t, math.IsNaN(Assortativity(g)), "empty graph Assortativity")
	assert.Zero(t, Efficiency(g), "empty graph Efficiency")
	assert.Zero(t, MeanClustering(g), "empty graph MeanClustering")
	assert.True(t, math.IsNaN(CharPathLength(g)), "empty graph CharPathLength")
	assert.Zero(t, Transitivity(g), "empty graph Transitivity")
	_, err = SmallWorld(g, NullPaper, 3, rnd)
	assert.ErrorIs(t, err, ErrUndefined, "empty graph σ")
	_, err = SampleEntropy([]float64{1})
	assert.ErrorIs(t, err, ErrTooSmall, "one sample")
	_, err = SampleEntropy([]float64{1, math.NaN()})
	assert.ErrorIs(t, err, ErrNonFinite, "NaN sample")
	_, err = Modularity(NewGraph(3), [][]int{{0, 1}})
	assert.ErrorIs(t, err, ErrConfig, "not a partition")
}

func TestComputeWeightedMatchesNetworkx(t *testing.T) {
	t.Parallel()
	// With BinNonzero every pair is kept, so the weighted CNM is networkx's
	// greedy_modularity_communities(weight="weight") on max(|W|, |W|ᵀ).
	gold := loadMatrices(t)
	for _, c := range gold.Matrices[:3] {
		w := mat.NewDense(c.N, c.N, c.W)
		m, err := Compute(w, Options{Binarization: BinNonzero, Weighted: true, NullCount: 2}, testutil.Rand(1))
		if err != nil {
			require.ErrorIs(t, err, ErrUndefined, "%s", c.Name)
		}
		assertSame(t, m.WeightedModularity, c.Want.CNMWeightedQ, c.Name+" weighted Q")
		assert.Equal(t, len(c.Want.CNMWeighted), m.WeightedCommunities, "%s: weighted communities", c.Name)
	}
}
