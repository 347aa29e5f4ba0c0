package graphmetrics

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

func TestPaperMatchesGoldenDeterministicParts(t *testing.T) {
	t.Parallel()
	gold := loadMatrices(t)
	for _, c := range gold.Matrices[:2] {
		w := mat.NewDense(c.N, c.N, c.W)
		pm, err := Paper(w, 50, testutil.Rand(1))
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		assertSame(t, pm.Modularity, c.Want.CNMQ, c.Name+" Modularity")
		assertSame(t, pm.Assortativity, c.Want.Assortativity, c.Name+" Assortativity")
		assertSame(t, pm.Entropy, c.Want.Entropy, c.Name+" Entropy")
		// σ's numerator and denominator use the golden C and E.
		g, _ := BinarizeQuantile(w, DefaultQuantile)
		sw, err := SmallWorld(g, NullPaper, 50, testutil.Rand(1))
		if err != nil {
			t.Fatal(err)
		}
		assertSame(t, sw.C, c.Want.MeanClustering, c.Name+" σ's C")
		assertSame(t, sw.E, c.Want.Efficiency, c.Name+" σ's E")
		if pm.SmallWorldness != sw.Sigma || sw.NNull != 50 {
			t.Errorf("%s: Paper σ %v, SmallWorld σ %v (nnull %d)", c.Name, pm.SmallWorldness, sw.Sigma, sw.NNull)
		}
		if want := (sw.C / sw.CNull) / (sw.ENull / sw.E); sw.Sigma != want {
			t.Errorf("σ = %v, want (C/Cnull)/(Enull/E) = %v", sw.Sigma, want)
		}
	}
}

func TestPaperEqualsCompute(t *testing.T) {
	t.Parallel()
	gold := loadMatrices(t)
	c := gold.Matrices[0]
	w := mat.NewDense(c.N, c.N, c.W)
	pm, err := Paper(w, 30, testutil.Rand(5))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compute(w, Options{NullCount: 30}, testutil.Rand(5))
	if err != nil {
		t.Fatal(err)
	}
	if m.Paper() != pm {
		t.Errorf("Compute(...).Paper() = %+v, Paper = %+v", m.Paper(), pm)
	}
	again, _ := Paper(w, 30, testutil.Rand(5))
	if again != pm {
		t.Errorf("same seed, different result: %+v vs %+v", again, pm)
	}
	other, _ := Paper(w, 30, testutil.Rand(6))
	if other.SmallWorldness == pm.SmallWorldness {
		t.Error("different seeds gave the same σ")
	}
	if other.Modularity != pm.Modularity || other.Entropy != pm.Entropy {
		t.Error("deterministic metrics depend on the seed")
	}
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
	if z := math.Abs(c1-c2) / math.Hypot(s1, s2); z > 4.5 {
		t.Errorf("mean clustering %v vs literal %v (z = %.1f)", c1, c2, z)
	}
	if z := math.Abs(e1-e2) / math.Hypot(t1, t2); z > 4.5 {
		t.Errorf("mean efficiency %v vs literal %v (z = %.1f)", e1, e2, z)
	}
	// Density 0.18 plus self-loop fraction 0.3.
	if math.Abs(d1-0.48) > 0.01 || math.Abs(d2-0.48) > 0.01 {
		t.Errorf("density+self-loop fraction %v (fast), %v (literal), want 0.48", d1, d2)
	}
}

func TestNullModelsPreserveWhatTheyPromise(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(9)
	g := randomGraph(90, 0.08, 0, rnd)
	m := g.NumEdges()
	for i := 0; i < 5; i++ {
		er := ERNull(90, m, rnd)
		if er.NumEdges() != m || er.NumSelfLoops() != 0 {
			t.Errorf("ER: %d edges, %d self-loops; want %d, 0", er.NumEdges(), er.NumSelfLoops(), m)
		}
		dense := ERNull(10, 40, rnd)
		if dense.NumEdges() != 40 {
			t.Errorf("dense ER: %d edges, want 40", dense.NumEdges())
		}
		rw := RewireNull(g, DefaultSwapsPerEdge, rnd)
		if rw.NumSelfLoops() != 0 {
			t.Error("rewired graph has self-loops")
		}
		same := 0
		for v := 0; v < g.N(); v++ {
			if rw.Degree(v) != g.Degree(v) {
				t.Fatalf("rewiring changed degree of %d: %d → %d", v, g.Degree(v), rw.Degree(v))
			}
			for _, u := range g.Neighbors(v) {
				if rw.HasEdge(u, v) {
					same++
				}
			}
		}
		if same > m { // 2·shared edges > E: more than half the edges kept
			t.Errorf("rewiring kept %d of %d edges", same/2, m)
		}
	}
	star := NewGraph(6)
	for i := 1; i < 6; i++ {
		star.SetEdge(0, i)
	}
	if rw := RewireNull(star, 10, rnd); rw.NumEdges() != 5 || rw.Degree(0) != 5 {
		t.Error("star must survive rewiring unchanged")
	}
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
		if err != nil {
			t.Fatal(err)
		}
		if sw.Sigma < 3 {
			t.Errorf("%v: σ = %v for a small-world lattice, want > 3", model, sw.Sigma)
		}
		if math.Abs(sw.ENull-sw.E) > 0.5*sw.E {
			t.Errorf("%v: null efficiency %v far from network's %v", model, sw.ENull, sw.E)
		}
	}
	om, err := Omega(g, 5, rnd)
	if err != nil {
		t.Fatal(err)
	}
	er := ERNull(120, g.NumEdges(), rnd)
	omr, err := Omega(er, 5, rnd)
	if err != nil {
		t.Fatal(err)
	}
	if !(om.Omega < omr.Omega) || om.Omega < -1 || omr.Omega > 1.2 {
		t.Errorf("ω(lattice-like) = %v, ω(random) = %v; want lattice < random, within [−1, 1]", om.Omega, omr.Omega)
	}
	if _, err := SmallWorld(g, NullModel(7), 5, rnd); !errors.Is(err, ErrConfig) {
		t.Errorf("unknown null model: err = %v", err)
	}
	if _, err := SmallWorld(g, NullER, -1, rnd); !errors.Is(err, ErrConfig) {
		t.Errorf("negative nnull: err = %v", err)
	}
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
		if err != nil || q != q2 {
			t.Errorf("%s: Louvain Q %v, Modularity of its partition %v (%v)", c.Name, q, q2, err)
		}
		// Louvain should do at least as well as greedy CNM on these graphs.
		if q < float64(c.Want.CNMQ)-1e-12 {
			t.Errorf("%s: Louvain Q %v < CNM Q %v", c.Name, q, float64(c.Want.CNMQ))
		}
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
		if !errors.Is(err, c.want) {
			t.Errorf("%s: Paper err = %v, want %v", c.name, err, c.want)
		}
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field == "" {
			t.Errorf("%s: error %v does not name the field", c.name, err)
		}
		if _, err := Compute(c.w, Options{NullCount: 5}, rnd); !errors.Is(err, c.want) {
			t.Errorf("%s: Compute err = %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := Paper(w, -1, rnd); !errors.Is(err, ErrConfig) {
		t.Errorf("nperm −1: err = %v", err)
	}
	if _, err := BinarizeQuantile(w, 1.5); !errors.Is(err, ErrConfig) {
		t.Errorf("quantile 1.5: err = %v", err)
	}
	if err := (Options{Keep: -0.1}).Validate(); !errors.Is(err, ErrConfig) {
		t.Errorf("Keep −0.1: err = %v", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Paper with nil rnd did not panic")
			}
		}()
		Paper(w, 1, nil)
	}()
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
	if !errors.Is(err, ErrUndefined) || !errors.As(err, &ue) {
		t.Fatalf("all-equal weights: err = %v, want ErrUndefined", err)
	}
	if !math.IsNaN(pm.Modularity) || !math.IsNaN(pm.Assortativity) || !math.IsNaN(pm.SmallWorldness) || !math.IsNaN(pm.Entropy) {
		t.Errorf("all-equal weights: %+v, want all NaN", pm)
	}
	if len(ue.Metrics) != 4 {
		t.Errorf("undefined metrics %v, want the four", ue.Metrics)
	}
	// A regular graph: assortativity alone is undefined.
	ring := mat.NewDense(12, 12, nil)
	for i := 0; i < 12; i++ {
		ring.Set(i, (i+1)%12, 1)
	}
	pm, err = Paper(ring, 10, rnd)
	if !errors.As(err, &ue) || len(ue.Metrics) != 1 || ue.Metrics[0] != "Assortativity" {
		t.Fatalf("ring: err = %v, want only Assortativity undefined", err)
	}
	if !math.IsNaN(pm.Assortativity) || math.IsNaN(pm.Modularity) || math.IsNaN(pm.SmallWorldness) || math.IsNaN(pm.Entropy) {
		t.Errorf("ring: %+v", pm)
	}
	// Empty graph through the low-level calls.
	g := NewGraph(4)
	if !math.IsNaN(Assortativity(g)) || Efficiency(g) != 0 || MeanClustering(g) != 0 || !math.IsNaN(CharPathLength(g)) || Transitivity(g) != 0 {
		t.Error("empty graph metrics wrong")
	}
	if _, err := SmallWorld(g, NullPaper, 3, rnd); !errors.Is(err, ErrUndefined) {
		t.Errorf("empty graph σ: err = %v", err)
	}
	if _, err := SampleEntropy([]float64{1}); !errors.Is(err, ErrTooSmall) {
		t.Errorf("one sample: err = %v", err)
	}
	if _, err := SampleEntropy([]float64{1, math.NaN()}); !errors.Is(err, ErrNonFinite) {
		t.Errorf("NaN sample: err = %v", err)
	}
	if _, err := Modularity(NewGraph(3), [][]int{{0, 1}}); !errors.Is(err, ErrConfig) {
		t.Errorf("not a partition: err = %v", err)
	}
}

func TestComputeWeightedMatchesNetworkx(t *testing.T) {
	t.Parallel()
	// With BinNonzero every pair is kept, so the weighted CNM is networkx's
	// greedy_modularity_communities(weight="weight") on max(|W|, |W|ᵀ).
	gold := loadMatrices(t)
	for _, c := range gold.Matrices[:3] {
		w := mat.NewDense(c.N, c.N, c.W)
		m, err := Compute(w, Options{Binarization: BinNonzero, Weighted: true, NullCount: 2}, testutil.Rand(1))
		if err != nil && !errors.Is(err, ErrUndefined) {
			t.Fatal(err)
		}
		assertSame(t, m.WeightedModularity, c.Want.CNMWeightedQ, c.Name+" weighted Q")
		if m.WeightedCommunities != len(c.Want.CNMWeighted) {
			t.Errorf("%s: %d weighted communities, want %d", c.Name, m.WeightedCommunities, len(c.Want.CNMWeighted))
		}
	}
}
