package graphmetrics

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

// tolDet is the agreement required of deterministic metrics (issue 6).
const tolDet = 1e-9

func assertSame(t *testing.T, got float64, want gnum, what string) {
	t.Helper()
	assert.True(t, testutil.SameFloat(got, float64(want), tolDet, 1e-12), "%s: got %.17g, want %.17g", what, got, float64(want))
}

func checkGraphMetrics(t *testing.T, g *Graph, w goldMetrics, withClustering bool) {
	t.Helper()
	if withClustering {
		cl := Clustering(g)
		require.Len(t, cl, len(w.Clustering), "clustering length")
		for i := range cl {
			assertSame(t, cl[i], w.Clustering[i], fmt.Sprintf("clustering[%d]", i))
		}
	}
	assertSame(t, MeanClustering(g), w.MeanClustering, "MeanClustering")
	assertSame(t, MeanClustering(g), w.NXAverageClustering, "MeanClustering vs networkx average_clustering")
	assertSame(t, Transitivity(g), w.Transitivity, "Transitivity")
	assertSame(t, Efficiency(g), w.Efficiency, "Efficiency")
	assertSame(t, CharPathLength(g), w.CharPath, "CharPathLength")
	assertSame(t, Assortativity(g), w.Assortativity, "Assortativity")
	assert.Equal(t, w.Connected, IsConnected(g), "IsConnected")
	comms := GreedyModularity(g)
	q, err := Modularity(g, comms)
	if w.CNM == nil { // networkx raises on a graph without edges
		require.Zero(t, g.NumEdges(), "golden has no CNM partition but graph has edges")
		assert.ErrorIs(t, err, ErrUndefined, "Modularity of edgeless graph")
		assert.True(t, math.IsNaN(q), "Modularity of edgeless graph = %v, want NaN", q)
		assert.Len(t, comms, g.N(), "edgeless graph: want %d singletons", g.N())
		return
	}
	require.NoError(t, err)
	assert.Equal(t, w.CNM, comms, "CNM partition differs from networkx")
	assertSame(t, q, w.CNMQ, "modularity Q")
}

func TestGoldenGraphs(t *testing.T) {
	t.Parallel()
	gold := loadGolden(t)
	require.GreaterOrEqual(t, len(gold.Graphs), 20, "golden graphs")
	for _, c := range gold.Graphs {
		t.Run(c.Name, func(t *testing.T) {
			g := graphFromEdges(c.N, c.Edges)
			require.Equal(t, len(c.Edges), g.NumEdges(), "NumEdges")
			checkGraphMetrics(t, g, c.Want, true)
		})
	}
}

func TestGoldenPaperNullSelfLoops(t *testing.T) {
	t.Parallel()
	gold := loadGolden(t)
	for _, c := range gold.PaperNulls {
		t.Run(c.Name, func(t *testing.T) {
			g := graphFromEdges(c.N, c.Adj)
			require.Positive(t, c.SelfLoops, "golden self-loops")
			require.Equal(t, c.SelfLoops, g.NumSelfLoops(), "self-loops")
			testutil.AssertSlicesClose(t, Clustering(g), gnums(c.Clustering), tolDet, 1e-12, "BCT clustering with self-loops")
			assertSame(t, MeanClustering(g), c.MeanClustering, "mean clustering")
			assertSame(t, Efficiency(g), c.Efficiency, "efficiency")
			// The self-loops really matter for clustering but not efficiency.
			h := g.WithoutSelfLoops()
			assert.NotEqual(t, float64(c.MeanClustering), MeanClustering(h), "self-loops did not change BCT clustering; test is not discriminating")
			assertSame(t, Efficiency(h), c.Efficiency, "efficiency without self-loops")
		})
	}
}

func TestGoldenQuantile(t *testing.T) {
	t.Parallel()
	gold := loadGolden(t)
	for i, c := range gold.Quantiles {
		// numpy's lerp is reproduced operation by operation: exact.
		got := Quantile(c.X, c.Q)
		assert.Equal(t, c.Want, got, "case %d (n=%d, q=%v): got %.17g, want %.17g", i, len(c.X), c.Q, got, c.Want)
	}
}

func TestGoldenEntropy(t *testing.T) {
	t.Parallel()
	gold := loadGolden(t)
	for _, c := range gold.Entropy {
		got, err := SampleEntropy(c.X)
		require.NoError(t, err, "%s", c.Name)
		testutil.AssertClose(t, got, c.Want, tolDet, 0, "%s: entropy", c.Name)
	}
}

func TestGoldenMatrices(t *testing.T) {
	t.Parallel()
	gold := loadMatrices(t)
	for _, c := range gold.Matrices {
		t.Run(c.Name, func(t *testing.T) {
			w := mat.NewDense(c.N, c.N, c.W)
			g, err := BinarizeQuantile(w, DefaultQuantile)
			require.NoError(t, err)
			abs := make([]float64, len(c.W))
			for i, v := range c.W {
				abs[i] = math.Abs(v)
			}
			th := Quantile(abs, DefaultQuantile)
			assert.Equal(t, float64(c.Want.Threshold), th, "threshold %.17g, want %.17g", th, float64(c.Want.Threshold))
			want := graphFromEdges(c.N, c.Want.Edges)
			require.Equal(t, want.adj, g.adj, "binarised graph differs from numpy's: %d edges, want %d", g.NumEdges(), want.NumEdges())
			checkGraphMetrics(t, g, c.Want, true)
			h, err := WeightEntropy(w)
			require.NoError(t, err)
			assertSame(t, h, c.Want.Entropy, "entropy")
			s, n, err := SymmetricStrengths(w)
			require.NoError(t, err)
			wc, err := GreedyModularityWeighted(s, n)
			require.NoError(t, err)
			assert.Equal(t, c.Want.CNMWeighted, wc, "weighted CNM differs from networkx")
			qw, err := ModularityWeighted(s, n, wc)
			require.NoError(t, err)
			assertSame(t, qw, c.Want.CNMWeightedQ, "weighted Q")
		})
	}
}

// TestGoldenCNMStress compares the CNM partition with networkx's on about 400
// small random graphs full of exact ties (testdata/cnm_stress.json.gz).
func TestGoldenCNMStress(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join("testdata", "cnm_stress.json.gz"))
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var gold struct {
		Graphs []struct {
			Kind  string   `json:"kind"`
			N     int      `json:"n"`
			Edges [][2]int `json:"edges"`
			CNM   [][]int  `json:"cnm"`
			Q     float64  `json:"q"`
		} `json:"graphs"`
	}
	require.NoError(t, json.NewDecoder(zr).Decode(&gold))
	require.GreaterOrEqual(t, len(gold.Graphs), 350, "stress graphs")
	for i, c := range gold.Graphs {
		g := graphFromEdges(c.N, c.Edges)
		got := GreedyModularity(g)
		q, err := Modularity(g, got)
		require.NoError(t, err)
		assert.Equal(t, c.CNM, got, "graph %d (%s, n=%d): partition differs from networkx (Q %v, want %v)", i, c.Kind, c.N, q, c.Q)
		testutil.AssertClose(t, q, c.Q, tolDet, 1e-12, "graph %d Q", i)
	}
}
