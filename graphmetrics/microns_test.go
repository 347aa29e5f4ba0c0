package graphmetrics

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

// readCountCSV parses a published connectome_<f>.csv (a header row of labels,
// then one labelled row per neuron). It is a small test helper so that the
// graphmetrics tests do not depend on the connectome package.
func readCountCSV(t *testing.T, path string) *mat.Dense {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	n := len(lines) - 1
	w := mat.NewDense(n, n, nil)
	for i, ln := range lines[1:] {
		cells := bytes.Split(bytes.TrimSpace(ln), []byte(","))
		if len(cells) != n+1 {
			t.Fatalf("%s: line %d has %d cells, want %d", path, i+2, len(cells), n+1)
		}
		for j, c := range cells[1:] {
			v, err := strconv.ParseFloat(string(c), 64)
			if err != nil {
				t.Fatalf("%s: line %d column %d: %v", path, i+2, j+2, err)
			}
			w.Set(i, j, v)
		}
	}
	return w
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
			w := readCountCSV(t, filepath.Join(dir, fmt.Sprintf("connectome_%s.csv", c.Field)))
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
