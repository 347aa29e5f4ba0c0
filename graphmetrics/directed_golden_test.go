package graphmetrics

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// The golden values in testdata/directed.json.gz come from
// testdata/gen_golden_directed.py run with Debian's /usr/bin/python3:
// networkx 2.8.8 for directed CNM and modularity, directed degree and
// strength assortativity, Fagiolo and Onnela clustering, directed and
// weighted efficiency; numpy 1.24.2 for signed modularity, written in the
// script from the published formulas.

type goldAssort struct {
	OutIn  gnum `json:"out_in"`
	InOut  gnum `json:"in_out"`
	OutOut gnum `json:"out_out"`
	InIn   gnum `json:"in_in"`
}

type goldDirected struct {
	CNM        [][]int    `json:"cnm"`
	CNMQ       gnum       `json:"cnm_q"`
	Assort     goldAssort `json:"assort"`
	Clustering []gnum     `json:"clustering"`
	Efficiency gnum       `json:"efficiency"`
	CharPath   gnum       `json:"charpath"`
	// Matrices only.
	Threshold       gnum       `json:"threshold"`
	Arcs            [][2]int   `json:"arcs"`
	StrengthAssort  goldAssort `json:"strength_assort"`
	FagioloWeighted []gnum     `json:"fagiolo_weighted"`
	Onnela          []gnum     `json:"onnela"`
	WEffDirected    gnum       `json:"weighted_efficiency_directed"`
	WEffUndirected  gnum       `json:"weighted_efficiency_undirected"`
	Signed          []struct {
		Communities [][]int `json:"communities"`
		Symmetric   gnum    `json:"symmetric"`
		Asymmetric  gnum    `json:"asymmetric"`
	} `json:"signed"`
}

type goldDirectedFile struct {
	Source string `json:"source"`
	Graphs []struct {
		Name string       `json:"name"`
		N    int          `json:"n"`
		Arcs [][2]int     `json:"arcs"`
		Want goldDirected `json:"want"`
	} `json:"graphs"`
	Matrices []struct {
		Name string       `json:"name"`
		N    int          `json:"n"`
		W    []float64    `json:"w"`
		Want goldDirected `json:"want"`
	} `json:"matrices"`
}

func loadDirected(t testing.TB) *goldDirectedFile {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "directed.json.gz"))
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var g goldDirectedFile
	require.NoError(t, json.NewDecoder(zr).Decode(&g))
	require.NotEmpty(t, g.Graphs)
	require.NotEmpty(t, g.Matrices)
	return &g
}

// same asserts got ≈ want to tolDet (both NaN counts as equal).
func same(t *testing.T, got float64, want gnum, msgAndArgs ...any) {
	t.Helper()
	assert.True(t, testutil.SameFloat(got, float64(want), tolDet, 1e-12),
		"%s: got %.17g, want %.17g", fmt.Sprint(msgAndArgs...), got, float64(want))
}

func sameSlice(t *testing.T, got []float64, want []gnum, what string) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i := range got {
		same(t, got[i], want[i], what, "[", i, "]")
	}
}

func sameAssort(t *testing.T, got DirectedAssortativity, want goldAssort, what string) {
	t.Helper()
	same(t, got.OutIn, want.OutIn, what, " out-in")
	same(t, got.InOut, want.InOut, what, " in-out")
	same(t, got.OutOut, want.OutOut, what, " out-out")
	same(t, got.InIn, want.InIn, what, " in-in")
}

func digraphFromArcs(n int, arcs [][2]int) *Digraph {
	g := NewDigraph(n)
	for _, a := range arcs {
		g.SetArc(a[0], a[1])
	}
	return g
}

func checkDirectedBinary(t *testing.T, g *Digraph, w goldDirected) {
	t.Helper()
	if g.NumArcs() > 0 {
		comms := GreedyModularityDirected(g)
		assert.Equal(t, w.CNM, comms, "directed CNM partition (networkx order)")
		q, err := DirectedModularity(g, comms)
		require.NoError(t, err)
		same(t, q, w.CNMQ, "directed modularity")
	}
	sameAssort(t, DegreeAssortativities(g), w.Assort, "degree assortativity")
	sameSlice(t, DirectedClustering(g), w.Clustering, "Fagiolo clustering")
	same(t, DirectedEfficiency(g), w.Efficiency, "directed efficiency")
	same(t, DirectedCharPathLength(g), w.CharPath, "directed path length")
}

func TestGoldenDirectedGraphs(t *testing.T) {
	t.Parallel()
	gold := loadDirected(t)
	for _, c := range gold.Graphs {
		t.Run(c.Name, func(t *testing.T) {
			checkDirectedBinary(t, digraphFromArcs(c.N, c.Arcs), c.Want)
		})
	}
}

func TestGoldenWeightedSignedMatrices(t *testing.T) {
	t.Parallel()
	gold := loadDirected(t)
	for _, c := range gold.Matrices {
		t.Run(c.Name, func(t *testing.T) {
			n := c.N
			w := mat.NewDense(n, n, c.W)
			g, theta, err := BinarizeDirected(w, BinQuantile, DefaultKeep)
			require.NoError(t, err)
			assert.Equal(t, float64(c.Want.Threshold), theta, "θ (numpy.quantile)")
			want := digraphFromArcs(n, c.Want.Arcs)
			assert.Equal(t, want.out, g.out, "directed binarisation")
			checkDirectedBinary(t, g, c.Want)

			sa, err := StrengthAssortativities(g, w)
			require.NoError(t, err)
			sameAssort(t, sa, c.Want.StrengthAssort, "strength assortativity")

			abs := mat.NewDense(n, n, nil)
			sym := mat.NewDense(n, n, nil)
			mx := 0.0
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					if i != j {
						abs.Set(i, j, math.Abs(w.At(i, j)))
						sym.Set(i, j, math.Max(math.Abs(w.At(i, j)), math.Abs(w.At(j, i))))
						mx = math.Max(mx, math.Abs(w.At(i, j)))
					}
				}
			}
			fc, err := DirectedWeightedClustering(abs)
			require.NoError(t, err)
			sameSlice(t, fc, c.Want.FagioloWeighted, "Fagiolo weighted clustering")
			oc, err := WeightedClustering(sym)
			require.NoError(t, err)
			sameSlice(t, oc, c.Want.Onnela, "Onnela clustering")

			var dn, sn mat.Dense
			dn.Scale(1/mx, abs)
			sn.Scale(1/mx, sym)
			e, err := WeightedEfficiency(&dn)
			require.NoError(t, err)
			same(t, e, c.Want.WEffDirected, "directed weighted efficiency")
			e, err = WeightedEfficiency(&sn)
			require.NoError(t, err)
			same(t, e, c.Want.WEffUndirected, "undirected weighted efficiency")

			for k, p := range c.Want.Signed {
				q, err := SignedModularity(w, p.Communities, SignedSymmetric)
				require.NoError(t, err)
				same(t, q, p.Symmetric, "partition ", k, " symmetric signed Q")
				q, err = SignedModularity(w, p.Communities, SignedAsymmetric)
				require.NoError(t, err)
				same(t, q, p.Asymmetric, "partition ", k, " asymmetric signed Q")
			}

			// Compute reports the same numbers with the default binarisation.
			m, err := Compute(w, Options{Directed: true, Weighted: true, NullCount: 2, DirectedNullCount: 2}, testutil.Rand(1))
			if err != nil {
				require.ErrorIs(t, err, ErrUndefined)
			}
			same(t, m.Directed.Modularity, c.Want.CNMQ, "Compute directed modularity")
			sameAssort(t, m.Directed.Degree, c.Want.Assort, "Compute degree assortativity")
			sameAssort(t, m.Directed.Strength, c.Want.StrengthAssort, "Compute strength assortativity")
			same(t, m.Directed.Clustering, gnum(mean(gnums(c.Want.Clustering))), "Compute directed clustering")
			same(t, m.Directed.WeightedClustering, gnum(mean(gnums(c.Want.FagioloWeighted))), "Compute Fagiolo")
			same(t, m.Directed.WeightedEfficiency, c.Want.WEffDirected, "Compute directed weighted efficiency")
			same(t, m.Weighted.Clustering, gnum(mean(gnums(c.Want.Onnela))), "Compute Onnela")
			same(t, m.Weighted.Efficiency, c.Want.WEffUndirected, "Compute weighted efficiency")
		})
	}
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
