package graphmetrics

import (
	"fmt"
	"testing"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

// readSynapses returns the synapse counts of the published field folder dir,
// read by the connectome package (the library does not import it; tests may).
func readSynapses(t *testing.T, dir string) *mat.Dense {
	t.Helper()
	f, err := connectome.ReadFieldDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return f.Synapses
}

// TestMicronsSynapseGraphs checks the empirical reference values (the
// synapse graphs of the shared MICrONS fields) against networkx/BCT.
func TestMicronsSynapseGraphs(t *testing.T) {
	gold := loadGolden(t)
	if len(gold.Microns) != len(testutil.Fields) {
		t.Fatalf("golden has %d fields, want %d", len(gold.Microns), len(testutil.Fields))
	}
	for _, c := range gold.Microns {
		t.Run(c.Field, func(t *testing.T) {
			dir := testutil.MicronsField(t, c.Field)
			w := readSynapses(t, dir)
			g, err := BinarizeNonzero(w)
			if err != nil {
				t.Fatal(err)
			}
			if g.N() != c.N || g.NumEdges() != c.Want.EdgesCount {
				t.Fatalf("%d nodes, %d edges; want %d, %d", g.N(), g.NumEdges(), c.N, c.Want.EdgesCount)
			}
			isolated := 0
			for v := 0; v < g.N(); v++ {
				if g.Degree(v) == 0 {
					isolated++
				}
			}
			if isolated != c.Want.Isolated {
				t.Errorf("%d isolated nodes, want %d", isolated, c.Want.Isolated)
			}
			assertSame(t, g.Density(), c.Want.Density, "density")
			checkGraphMetrics(t, g, c.Want, false)
			q, err := BinarizeQuantile(w, DefaultQuantile)
			if err != nil {
				t.Fatal(err)
			}
			if same := fmt.Sprint(q.adj) == fmt.Sprint(g.adj); same != c.Want.PaperBinIsNonzero {
				t.Errorf("paper binarisation equals synapse graph: %v, numpy says %v", same, c.Want.PaperBinIsNonzero)
			}
		})
	}
}
