package graphstats

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestHelpExplainsInputsAndOutputs(t *testing.T) {
	for _, arg := range []string{"-h", "-help"} {
		code, out, errs := runProgram(arg)
		assert.Equal(t, exitOK, code, arg)
		assert.Empty(t, errs, arg)
		for _, want := range []string{
			"row i = presynaptic", ".npy", ".csv", // input
			"binary undirected", "binary directed", "weighted (-weighted)", "signed (-signed)", "entropy", // what each measure uses
			"Output", "-json", "Exit status", // outputs
			"-directed", "-signed", "-weighted", "-wnulls", // flags
		} {
			assert.Contains(t, out, want, arg)
		}
	}
}

func TestDirectedSignedWeightedMatchLibrary(t *testing.T) {
	const n = 30
	w := testMatrix(n)
	o := graphmetrics.Options{Keep: 0.2, NullCount: 20, Directed: true, DirectedNullCount: 20, Weighted: true, WeightedNullCount: 2, Signed: true}
	want, err := graphmetrics.Compute(mat.NewDense(n, n, w), o, rand.New(rand.NewPCG(7, 7)))
	require.NoError(t, err)
	f := writeNPY(t, n, n, w)
	code, out, errs := runProgram("-w", f, "-keep", "0.2", "-nperm", "20", "-seed", "7", "-directed", "-signed", "-weighted", "-wnulls", "2", "-json")
	require.Equal(t, exitOK, code, errs)
	var got struct {
		Directed struct {
			Input      string  `json:"input"`
			Modularity float64 `json:"modularity"`
			Degree     struct {
				OutIn float64 `json:"out_in"`
			} `json:"degree_assortativity"`
			Sigma    float64 `json:"small_worldness"`
			Fagiolo  float64 `json:"fagiolo_weighted_clustering"`
			Strength struct {
				InIn float64 `json:"in_in"`
			} `json:"strength_assortativity"`
		} `json:"directed"`
		Weighted struct {
			Input      string  `json:"input"`
			Clustering float64 `json:"onnela_clustering"`
			Efficiency float64 `json:"efficiency"`
			VsNulls    struct {
				Ratio float64 `json:"ratio"`
			} `json:"clustering_vs_nulls"`
		} `json:"weighted"`
		Signed struct {
			Input      string  `json:"input"`
			Symmetric  float64 `json:"symmetric_modularity"`
			Asymmetric float64 `json:"asymmetric_modularity"`
		} `json:"signed"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	d := want.Directed
	assert.Equal(t, d.Modularity, got.Directed.Modularity)
	assert.Equal(t, d.Degree.OutIn, got.Directed.Degree.OutIn)
	assert.Equal(t, d.SmallWorld.Sigma, got.Directed.Sigma)
	assert.Equal(t, d.WeightedClustering, got.Directed.Fagiolo)
	assert.Equal(t, d.Strength.InIn, got.Directed.Strength.InIn)
	assert.Equal(t, want.Weighted.Clustering, got.Weighted.Clustering)
	assert.Equal(t, want.Weighted.Efficiency, got.Weighted.Efficiency)
	assert.Equal(t, want.Weighted.NullClustering.Ratio, got.Weighted.VsNulls.Ratio)
	assert.Equal(t, want.Signed.Symmetric, got.Signed.Symmetric)
	assert.Equal(t, want.Signed.Asymmetric, got.Signed.Asymmetric)
	assert.Contains(t, got.Directed.Input, "arc i→j")
	assert.Contains(t, got.Weighted.Input, "no threshold")
	assert.Contains(t, got.Signed.Input, "positive and negative")

	// The text output heads each section with what it was computed on.
	code, text, errs := runProgram("-w", f, "-keep", "0.2", "-nperm", "5", "-directed", "-signed", "-weighted")
	require.Equal(t, exitOK, code, errs)
	for _, want := range []string{"-- binary undirected: edge {i,j}", "-- binary directed: arc i→j", "-- weighted: all of W, no threshold",
		"-- signed: W as it is", "-- entropy: all N² signed entries", "null mixing", "strength assort"} {
		assert.Contains(t, text, want)
	}
}

func TestNewFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-w", "x.csv", "-wnulls", "-1", "-weighted"}, "-wnulls must be at least 0"},
		{[]string{"-w", "x.csv", "-wnulls", "3"}, "-wnulls needs -weighted"},
	} {
		code, _, errs := runProgram(c.args...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, errs, c.msg, c.args)
	}
}
