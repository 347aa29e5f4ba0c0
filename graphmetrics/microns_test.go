package graphmetrics

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

// readSynapses returns the synapse counts of the published field folder dir,
// read by the connectome package (the library does not import it; tests may).
func readSynapses(t *testing.T, dir string) *mat.Dense {
	t.Helper()
	f, err := connectome.ReadFieldDir(dir)
	require.NoError(t, err)
	return f.Synapses
}

// TestMicronsSynapseGraphs checks the empirical reference values (the
// synapse graphs of the shared MICrONS fields) against networkx/BCT.
func TestMicronsSynapseGraphs(t *testing.T) {
	gold := loadGolden(t)
	require.Len(t, gold.Microns, len(testutil.Fields), "golden fields")
	for _, c := range gold.Microns {
		t.Run(c.Field, func(t *testing.T) {
			dir := testutil.MicronsField(t, c.Field)
			w := readSynapses(t, dir)
			g, err := BinarizeNonzero(w)
			require.NoError(t, err)
			require.Equal(t, c.N, g.N(), "nodes")
			require.Equal(t, c.Want.EdgesCount, g.NumEdges(), "edges")
			isolated := 0
			for v := 0; v < g.N(); v++ {
				if g.Degree(v) == 0 {
					isolated++
				}
			}
			assert.Equal(t, c.Want.Isolated, isolated, "isolated nodes")
			assertSame(t, g.Density(), c.Want.Density, "density")
			checkGraphMetrics(t, g, c.Want, false)
			q, err := BinarizeQuantile(w, DefaultQuantile)
			require.NoError(t, err)
			same := fmt.Sprint(q.adj) == fmt.Sprint(g.adj)
			assert.Equal(t, c.Want.PaperBinIsNonzero, same, "paper binarisation equals synapse graph (want: what numpy says)")
		})
	}
}
