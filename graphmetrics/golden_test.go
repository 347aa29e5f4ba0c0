package graphmetrics

import (
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The golden values in testdata/golden.json and testdata/matrices.json.gz
// come from testdata/gen_golden.py run with Debian's /usr/bin/python3:
// numpy 1.24.2, scipy 1.10.1, networkx 2.8.8, and BCT's binary clustering
// and efficiency written in numpy from their published formulas (see the
// script and testdata/README.md).

// gnum is a JSON number that may be the string "NaN", "Inf" or "-Inf".
type gnum float64

func (g *gnum) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		switch s {
		case "NaN":
			*g = gnum(math.NaN())
		case "Inf":
			*g = gnum(math.Inf(1))
		case "-Inf":
			*g = gnum(math.Inf(-1))
		default:
			return &json.UnmarshalTypeError{Value: s}
		}
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*g = gnum(f)
	return nil
}

type goldMetrics struct {
	Clustering          []gnum   `json:"clustering"`
	MeanClustering      gnum     `json:"mean_clustering"`
	NXAverageClustering gnum     `json:"nx_average_clustering"`
	Transitivity        gnum     `json:"transitivity"`
	Efficiency          gnum     `json:"efficiency"`
	CharPath            gnum     `json:"charpath"`
	Assortativity       gnum     `json:"assortativity"`
	CNM                 [][]int  `json:"cnm"`
	CNMQ                gnum     `json:"cnm_q"`
	Connected           bool     `json:"connected"`
	Threshold           gnum     `json:"threshold"`
	Edges               [][2]int `json:"edges"`
	Entropy             gnum     `json:"entropy"`
	CNMWeighted         [][]int  `json:"cnm_weighted"`
	CNMWeightedQ        gnum     `json:"cnm_weighted_q"`
	// MICrONS only.
	PaperBinIsNonzero bool `json:"paper_binarization_equals_nonzero"`
	EdgesCount        int  `json:"edges_count"`
	Nonzeros          int  `json:"nonzeros"`
	Density           gnum `json:"density"`
	Isolated          int  `json:"isolated"`
}

type golden struct {
	Source    string `json:"source"`
	Quantiles []struct {
		X    []float64 `json:"x"`
		Q    float64   `json:"q"`
		Want float64   `json:"want"`
	} `json:"quantiles"`
	Graphs []struct {
		Name  string      `json:"name"`
		N     int         `json:"n"`
		Edges [][2]int    `json:"edges"`
		Want  goldMetrics `json:"want"`
	} `json:"graphs"`
	PaperNulls []struct {
		Name           string   `json:"name"`
		N              int      `json:"n"`
		Adj            [][2]int `json:"adj"`
		Clustering     []gnum   `json:"clustering"`
		MeanClustering gnum     `json:"mean_clustering"`
		Efficiency     gnum     `json:"efficiency"`
		SelfLoops      int      `json:"selfloops"`
	} `json:"paper_nulls"`
	Entropy []struct {
		Name string    `json:"name"`
		X    []float64 `json:"x"`
		Want float64   `json:"want"`
	} `json:"entropy"`
	Microns []struct {
		Field string      `json:"field"`
		N     int         `json:"n"`
		Want  goldMetrics `json:"want"`
	} `json:"microns"`
}

type goldMatrices struct {
	Source   string `json:"source"`
	Matrices []struct {
		Name string      `json:"name"`
		N    int         `json:"n"`
		W    []float64   `json:"w"`
		Want goldMetrics `json:"want"`
	} `json:"matrices"`
}

func loadGolden(t testing.TB) *golden {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden.json"))
	require.NoError(t, err)
	var g golden
	require.NoError(t, json.Unmarshal(b, &g))
	return &g
}

func loadMatrices(t testing.TB) *goldMatrices {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "matrices.json.gz"))
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var g goldMatrices
	require.NoError(t, json.NewDecoder(zr).Decode(&g))
	return &g
}

func graphFromEdges(n int, edges [][2]int) *Graph {
	g := NewGraph(n)
	for _, e := range edges {
		g.SetEdge(e[0], e[1])
	}
	return g
}

func gnums(x []gnum) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}
