package graphmetrics

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

// tolDet is the agreement required of deterministic metrics (issue 6).
const tolDet = 1e-9

func assertSame(t *testing.T, got float64, want gnum, what string) {
	t.Helper()
	if !testutil.SameFloat(got, float64(want), tolDet, 1e-12) {
		t.Errorf("%s: got %.17g, want %.17g", what, got, float64(want))
	}
}

func checkGraphMetrics(t *testing.T, g *Graph, w goldMetrics, withClustering bool) {
	t.Helper()
	if withClustering {
		cl := Clustering(g)
		if len(cl) != len(w.Clustering) {
			t.Fatalf("clustering length %d, want %d", len(cl), len(w.Clustering))
		}
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
	if got := IsConnected(g); got != w.Connected {
		t.Errorf("IsConnected = %v, want %v", got, w.Connected)
	}
	comms := GreedyModularity(g)
	q, err := Modularity(g, comms)
	if w.CNM == nil { // networkx raises on a graph without edges
		if g.NumEdges() != 0 {
			t.Fatalf("golden has no CNM partition but graph has %d edges", g.NumEdges())
		}
		if err == nil || !math.IsNaN(q) {
			t.Errorf("Modularity of edgeless graph = %v, %v; want NaN and ErrUndefined", q, err)
		}
		if len(comms) != g.N() {
			t.Errorf("edgeless graph: %d communities, want %d singletons", len(comms), g.N())
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(comms, w.CNM) {
		t.Errorf("CNM partition differs from networkx:\n got %v\nwant %v", comms, w.CNM)
	}
	assertSame(t, q, w.CNMQ, "modularity Q")
}

func TestGoldenGraphs(t *testing.T) {
	t.Parallel()
	gold := loadGolden(t)
	if len(gold.Graphs) < 20 {
		t.Fatalf("only %d golden graphs", len(gold.Graphs))
	}
	for _, c := range gold.Graphs {
		t.Run(c.Name, func(t *testing.T) {
			g := graphFromEdges(c.N, c.Edges)
			if g.NumEdges() != len(c.Edges) {
				t.Fatalf("NumEdges = %d, want %d", g.NumEdges(), len(c.Edges))
			}
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
			if g.NumSelfLoops() != c.SelfLoops || c.SelfLoops == 0 {
				t.Fatalf("self-loops %d, want %d (> 0)", g.NumSelfLoops(), c.SelfLoops)
			}
			testutil.AssertSlicesClose(t, Clustering(g), gnums(c.Clustering), tolDet, 1e-12, "BCT clustering with self-loops")
			assertSame(t, MeanClustering(g), c.MeanClustering, "mean clustering")
			assertSame(t, Efficiency(g), c.Efficiency, "efficiency")
			// The self-loops really matter for clustering but not efficiency.
			h := g.WithoutSelfLoops()
			if MeanClustering(h) == float64(c.MeanClustering) {
				t.Error("self-loops did not change BCT clustering; test is not discriminating")
			}
			assertSame(t, Efficiency(h), c.Efficiency, "efficiency without self-loops")
		})
	}
}

func TestGoldenQuantile(t *testing.T) {
	t.Parallel()
	gold := loadGolden(t)
	for i, c := range gold.Quantiles {
		if got := Quantile(c.X, c.Q); got != c.Want {
			// numpy's lerp is reproduced operation by operation: exact.
			t.Errorf("case %d (n=%d, q=%v): got %.17g, want %.17g", i, len(c.X), c.Q, got, c.Want)
		}
	}
}

func TestGoldenEntropy(t *testing.T) {
	t.Parallel()
	gold := loadGolden(t)
	for _, c := range gold.Entropy {
		got, err := SampleEntropy(c.X)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
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
			if err != nil {
				t.Fatal(err)
			}
			abs := make([]float64, len(c.W))
			for i, v := range c.W {
				abs[i] = math.Abs(v)
			}
			if th := Quantile(abs, DefaultQuantile); th != float64(c.Want.Threshold) {
				t.Errorf("threshold %.17g, want %.17g", th, float64(c.Want.Threshold))
			}
			want := graphFromEdges(c.N, c.Want.Edges)
			if !reflect.DeepEqual(g.adj, want.adj) {
				t.Fatalf("binarised graph differs from numpy's: %d edges, want %d", g.NumEdges(), want.NumEdges())
			}
			checkGraphMetrics(t, g, c.Want, true)
			h, err := WeightEntropy(w)
			if err != nil {
				t.Fatal(err)
			}
			assertSame(t, h, c.Want.Entropy, "entropy")
			s, n, err := SymmetricStrengths(w)
			if err != nil {
				t.Fatal(err)
			}
			wc, err := GreedyModularityWeighted(s, n)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(wc, c.Want.CNMWeighted) {
				t.Errorf("weighted CNM differs from networkx:\n got %v\nwant %v", wc, c.Want.CNMWeighted)
			}
			qw, err := ModularityWeighted(s, n, wc)
			if err != nil {
				t.Fatal(err)
			}
			assertSame(t, qw, c.Want.CNMWeightedQ, "weighted Q")
		})
	}
}

// TestGoldenCNMStress compares the CNM partition with networkx's on about 400
// small random graphs full of exact ties (testdata/cnm_stress.json.gz).
func TestGoldenCNMStress(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join("testdata", "cnm_stress.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Graphs []struct {
			Kind  string   `json:"kind"`
			N     int      `json:"n"`
			Edges [][2]int `json:"edges"`
			CNM   [][]int  `json:"cnm"`
			Q     float64  `json:"q"`
		} `json:"graphs"`
	}
	if err := json.NewDecoder(zr).Decode(&gold); err != nil {
		t.Fatal(err)
	}
	if len(gold.Graphs) < 350 {
		t.Fatalf("only %d stress graphs", len(gold.Graphs))
	}
	for i, c := range gold.Graphs {
		g := graphFromEdges(c.N, c.Edges)
		got := GreedyModularity(g)
		q, err := Modularity(g, got)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c.CNM) {
			t.Errorf("graph %d (%s, n=%d): partition differs from networkx (Q %v, want %v)", i, c.Kind, c.N, q, c.Q)
		}
		testutil.AssertClose(t, q, c.Q, tolDet, 1e-12, "graph %d Q", i)
	}
}
