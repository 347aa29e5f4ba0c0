package graphmetrics

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func randomDigraph(n int, p float64, rnd *rand.Rand) *Digraph {
	g := NewDigraph(n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && rnd.Float64() < p {
				g.SetArc(i, j)
			}
		}
	}
	return g
}

func degrees(g *Digraph) (out, in []int) {
	for i := 0; i < g.N(); i++ {
		out = append(out, g.OutDegree(i))
		in = append(in, g.InDegree(i))
	}
	return out, in
}

func TestDigraphBasics(t *testing.T) {
	t.Parallel()
	g := NewDigraph(70)
	g.SetArc(1, 65)
	g.SetArc(65, 1)
	g.SetArc(3, 4)
	assert.True(t, g.HasArc(1, 65))
	assert.False(t, g.HasArc(4, 3))
	assert.Equal(t, 3, g.NumArcs())
	assert.Equal(t, 1, g.OutDegree(1))
	assert.Equal(t, 1, g.InDegree(4))
	u := g.Undirected()
	assert.Equal(t, 2, u.NumEdges())
	g.RemoveArc(1, 65)
	assert.False(t, g.HasArc(1, 65))
	assert.True(t, g.HasArc(65, 1))
	assert.PanicsWithValue(t, NodeError{What: "self-loop at node", Index: 2, N: 70}, func() { g.SetArc(2, 2) })
	assert.Panics(t, func() { g.HasArc(0, 70) })
	assert.Panics(t, func() { NewDigraph(-1) })
}

func TestBinarizeDirected(t *testing.T) {
	t.Parallel()
	w := mat.NewDense(3, 3, []float64{
		9, -5, 0,
		1, 0, 4,
		-7, 2, 3,
	})
	cases := []struct {
		name  string
		b     Binarization
		keep  float64
		arcs  [][2]int
		theta float64
	}{
		// |W| sorted: 0 0 1 2 3 4 5 7 9; 0.5 quantile = 3.
		{"quantile", BinQuantile, 0.5, [][2]int{{0, 1}, {1, 2}, {2, 0}}, 3},
		{"density", BinDensity, 2.0 / 6, [][2]int{{0, 1}, {2, 0}}, math.NaN()},
		{"nonzero", BinNonzero, 0, [][2]int{{0, 1}, {1, 0}, {1, 2}, {2, 0}, {2, 1}}, math.NaN()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, theta, err := BinarizeDirected(w, c.b, c.keep)
			require.NoError(t, err)
			assert.Equal(t, digraphFromArcs(3, c.arcs).out, g.out)
			assert.True(t, testutil.SameFloat(theta, c.theta, 0, 0), "θ = %v, want %v", theta, c.theta)
		})
	}
	_, _, err := BinarizeDirected(w, BinQuantile, 1.5)
	assert.ErrorIs(t, err, ErrConfig)
	_, _, err = BinarizeDirected(mat.NewDense(2, 3, nil), BinQuantile, 0.1)
	assert.ErrorIs(t, err, ErrNotSquare)
	_, _, err = BinarizeDirected(mat.NewDense(2, 2, []float64{0, math.NaN(), 0, 0}), BinQuantile, 0.1)
	assert.ErrorIs(t, err, ErrNonFinite)
}

func TestRewireDirectedKeepsDegrees(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(21)
	for _, c := range []struct {
		name string
		n    int
		p    float64
	}{{"sparse", 60, 0.05}, {"medium", 100, 0.1}, {"dense", 40, 0.6}} {
		t.Run(c.name, func(t *testing.T) {
			g := randomDigraph(c.n, c.p, rnd)
			null, st := RewireDirected(g, 10, rnd)
			o1, i1 := degrees(g)
			o2, i2 := degrees(null)
			assert.Equal(t, o1, o2, "out-degrees")
			assert.Equal(t, i1, i2, "in-degrees")
			for i := 0; i < c.n; i++ {
				assert.False(t, null.hasArc(i, i))
			}
			assert.Equal(t, 10*g.NumArcs(), st.Swaps)
			assert.Greater(t, st.Attempts, st.Swaps)
			// Well mixed: the overlap is near the chance level.
			assert.InDelta(t, expectedOverlap(g), st.Overlap, 0.08)
			assert.Equal(t, st.Overlap, g.Overlap(null))
		})
	}
	// A graph that admits no swap stays as it is.
	star := NewDigraph(5)
	for j := 1; j < 5; j++ {
		star.SetArc(0, j)
	}
	null, st := RewireDirected(star, 10, rnd)
	assert.Equal(t, star.out, null.out)
	assert.Zero(t, st.Swaps)
	assert.Panics(t, func() { RewireDirected(star, 1, nil) })
}

func TestDirectedSmallWorldReproducibleAcrossCPUs(t *testing.T) {
	// Not parallel: it changes GOMAXPROCS.
	g := randomDigraph(80, 0.1, testutil.Rand(22))
	prev := runtime.GOMAXPROCS(1)
	a, err1 := DirectedSmallWorld(g, 50, testutil.Rand(3))
	runtime.GOMAXPROCS(4)
	b, err2 := DirectedSmallWorld(g, 50, testutil.Rand(3))
	runtime.GOMAXPROCS(prev)
	require.NoError(t, err1)
	require.NoError(t, err2)
	assert.Equal(t, a, b)
	c, err := DirectedSmallWorld(g, 50, testutil.Rand(4))
	require.NoError(t, err)
	assert.NotEqual(t, a.Clustering.NullMean, c.Clustering.NullMean)

	assert.Equal(t, 50, a.NNull)
	assert.InDelta(t, a.Clustering.Value/a.Clustering.NullMean/(a.Efficiency.NullMean/a.Efficiency.Value), a.Sigma, 1e-12)
	// A G(n, p) digraph is its own null: σ ≈ 1, ratios ≈ 1.
	assert.InDelta(t, 1, a.Sigma, 0.1)
	assert.InDelta(t, 1, a.Efficiency.Ratio, 0.02)
	m := a.Mixing
	assert.Greater(t, m.AcceptRate, 0.5)
	assert.InDelta(t, m.ExpectedOverlap, m.OverlapOriginal, 0.03)
	assert.Greater(t, m.OverlapConsecutive, m.OverlapOriginal)
	assert.Less(t, m.OverlapConsecutive, 0.5)
}

func TestDirectedSmallWorldErrors(t *testing.T) {
	t.Parallel()
	g := NewDigraph(10)
	_, err := DirectedSmallWorld(g, 5, testutil.Rand(1))
	assert.ErrorIs(t, err, ErrUndefined)
	_, err = DirectedSmallWorld(g, -1, testutil.Rand(1))
	assert.ErrorIs(t, err, ErrConfig)
	_, err = DirectedSmallWorld(NewDigraph(1), 5, testutil.Rand(1))
	assert.ErrorIs(t, err, ErrTooSmall)
	assert.Panics(t, func() { DirectedSmallWorld(g, 5, nil) })
}

func TestDirectedModularityUndefinedAndBadPartition(t *testing.T) {
	t.Parallel()
	g := NewDigraph(4)
	q, err := DirectedModularity(g, [][]int{{0, 1, 2, 3}})
	assert.True(t, math.IsNaN(q))
	assert.ErrorIs(t, err, ErrUndefined)
	g.SetArc(0, 1)
	_, err = DirectedModularity(g, [][]int{{0, 1}, {1, 2, 3}})
	assert.ErrorIs(t, err, ErrConfig)
	assert.Equal(t, [][]int{{0}, {1}, {2}, {3}}, GreedyModularityDirected(NewDigraph(4)))
}

// floydWeighted is the obviously correct O(N³) reference for
// WeightedEfficiency.
func floydWeighted(a []float64, n int) float64 {
	d := make([]float64, n*n)
	for i := range d {
		d[i] = math.Inf(1)
		if a[i] > 0 && i/n != i%n {
			d[i] = 1 / a[i]
		}
	}
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if x := d[i*n+k] + d[k*n+j]; x < d[i*n+j] {
					d[i*n+j] = x
				}
			}
		}
	}
	var s float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				s += 1 / d[i*n+j]
			}
		}
	}
	return s / float64(n*(n-1))
}

func TestWeightedEfficiencyMatchesFloyd(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(23)
	for _, c := range []struct {
		name      string
		n         int
		zeros     float64 // share of zero weights
		symmetric bool
		heavy     bool // log-normal weights spanning decades
	}{
		{"dense directed", 50, 0, false, false},
		{"dense undirected", 50, 0, true, false},
		{"sparse directed", 80, 0.9, false, false},
		{"disconnected", 40, 0.97, false, false},
		{"heavy-tailed", 60, 0.2, false, true},
		{"ties", 30, 0.5, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := c.n
			a := make([]float64, n*n)
			for i := range a {
				v := math.Abs(rnd.NormFloat64())
				if c.heavy {
					v = math.Exp(3 * rnd.NormFloat64())
				}
				if c.name == "ties" {
					v = float64(1 + rnd.IntN(3))
				}
				if rnd.Float64() < c.zeros {
					v = 0
				}
				a[i] = v
			}
			if c.symmetric {
				for i := 0; i < n; i++ {
					for j := 0; j < i; j++ {
						a[i*n+j] = a[j*n+i]
					}
				}
			}
			e, err := WeightedEfficiency(mat.NewDense(n, n, slices.Clone(a)))
			require.NoError(t, err)
			assert.InDelta(t, floydWeighted(a, n), e, 1e-13*math.Max(1, e))
		})
	}
	_, err := WeightedEfficiency(mat.NewDense(2, 2, []float64{0, -1, 1, 0}))
	assert.ErrorIs(t, err, ErrConfig)
	_, err = WeightedEfficiency(mat.NewDense(1, 1, nil))
	assert.ErrorIs(t, err, ErrTooSmall)
}

func TestWeightedClusteringInputs(t *testing.T) {
	t.Parallel()
	_, err := WeightedClustering(mat.NewDense(3, 3, []float64{0, 1, 2, 1, 0, 1, 3, 1, 0}))
	assert.ErrorIs(t, err, ErrConfig, "asymmetric")
	_, err = DirectedWeightedClustering(mat.NewDense(2, 2, []float64{0, -1, 1, 0}))
	assert.ErrorIs(t, err, ErrConfig, "negative")
	c, err := WeightedClustering(mat.NewDense(3, 3, nil))
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0, 0}, c)
	// A triangle with equal weights is fully clustered, whatever the scale.
	for _, s := range []float64{1e-300, 1, 1e300} {
		tri := mat.NewDense(3, 3, []float64{0, s, s, s, 0, s, s, s, 0})
		c, err := WeightedClustering(tri)
		require.NoError(t, err)
		assert.InDeltaSlice(t, []float64{1, 1, 1}, c, 1e-15)
		c, err = DirectedWeightedClustering(tri)
		require.NoError(t, err)
		assert.InDeltaSlice(t, []float64{1, 1, 1}, c, 1e-15)
	}
}

func TestEntropyScaleInvariant(t *testing.T) {
	t.Parallel()
	x := testutil.Normal(testutil.Rand(24), 2000, 1)
	want, err := SampleEntropy(x)
	require.NoError(t, err)
	// Well below log2(100) = 6.64 bits, the uniform density a zero or
	// infinite bandwidth gave before (issue 14: ×1e154 gave 6.64, ×1e-170 0).
	assert.InDelta(t, 5.86, want, 0.01)
	for _, e := range []float64{-300, -250, -200, -170, -154, -100, -10, 0, 10, 100, 154, 200, 250, 300} {
		s := math.Pow(10, e)
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = v * s
		}
		got, err := SampleEntropy(y)
		require.NoError(t, err, "scale 1e%v", e)
		assert.InDelta(t, want, got, 1e-9, "scale 1e%v", e)
	}
	// A power-of-two scale is exact.
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Ldexp(v, 900)
	}
	got, err := SampleEntropy(y)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestStrengthAssortativityConstantIsNaN(t *testing.T) {
	t.Parallel()
	// A directed 5-cycle with equal weights 0.1: every strength is 0.1, a
	// value whose mean over the arcs rounds, yet the coefficients are NaN.
	n := 5
	g := NewDigraph(n)
	w := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		g.SetArc(i, (i+1)%n)
		w.Set(i, (i+1)%n, 0.1)
	}
	a, err := StrengthAssortativities(g, w)
	require.NoError(t, err)
	for _, r := range []float64{a.OutIn, a.InOut, a.OutOut, a.InIn} {
		assert.True(t, math.IsNaN(r))
	}
	_, err = StrengthAssortativities(g, mat.NewDense(4, 4, nil))
	assert.ErrorIs(t, err, ErrNotSquare)
}

func TestUndirectedRewireGivesUpOnCompleteGraph(t *testing.T) {
	t.Parallel()
	g := NewGraph(30)
	for i := 0; i < 30; i++ {
		for j := i + 1; j < 30; j++ {
			g.SetEdge(i, j)
		}
	}
	null := RewireNull(g, DefaultSwapsPerEdge, testutil.Rand(1))
	assert.Equal(t, g.adj, null.adj)
	sw, err := SmallWorld(g, NullRewire, 1000, testutil.Rand(2))
	require.NoError(t, err)
	assert.InDelta(t, 1, sw.Sigma, 1e-12)
}
