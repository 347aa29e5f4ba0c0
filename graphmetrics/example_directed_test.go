package graphmetrics_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"gonum.org/v1/gonum/mat"
)

// Two directed 4-cycles with chords, joined by one arc.
func twoDirectedModules() *graphmetrics.Digraph {
	g := graphmetrics.NewDigraph(8)
	for _, base := range []int{0, 4} {
		for i := 0; i < 4; i++ {
			g.SetArc(base+i, base+(i+1)%4)
			g.SetArc(base+i, base+(i+2)%4)
		}
	}
	g.SetArc(3, 4)
	return g
}

func ExampleGreedyModularityDirected() {
	g := twoDirectedModules()
	comms := graphmetrics.GreedyModularityDirected(g)
	q, _ := graphmetrics.DirectedModularity(g, comms)
	fmt.Println(comms)
	fmt.Printf("Q = %.3f\n", q)
	// Output:
	// [[0 1 2 3] [4 5 6 7]]
	// Q = 0.443
}

func ExampleDegreeAssortativities() {
	// A hub (node 0) sends to everyone; the others form a directed ring
	// with a chord, and two of them answer the hub.
	g := graphmetrics.NewDigraph(6)
	for j := 1; j < 6; j++ {
		g.SetArc(0, j)
		g.SetArc(j, 1+j%5)
	}
	g.SetArc(2, 0)
	g.SetArc(4, 0)
	g.SetArc(3, 5)
	a := graphmetrics.DegreeAssortativities(g)
	fmt.Printf("out-in %.3f, in-out %.3f, out-out %.3f, in-in %.3f\n", a.OutIn, a.InOut, a.OutOut, a.InIn)
	// Output:
	// out-in 0.000, in-out -0.234, out-out -0.215, in-in -0.158
}

func ExampleDirectedClustering() {
	g := twoDirectedModules()
	c := graphmetrics.DirectedClustering(g)
	fmt.Printf("C_0 = %.3f, C_3 = %.3f, mean = %.3f\n", c[0], c[3], graphmetrics.MeanDirectedClustering(g))
	fmt.Printf("efficiency %.3f, path length %.3f\n", graphmetrics.DirectedEfficiency(g), graphmetrics.DirectedCharPathLength(g))
	// Output:
	// C_0 = 0.600, C_3 = 0.333, mean = 0.533
	// efficiency 0.468, path length 2.000
}

// signedModules is a 12-unit signed weight matrix with three modules:
// excitatory within, inhibitory between.
func signedModules() *mat.Dense {
	rnd := rand.New(rand.NewPCG(1, 1))
	w := mat.NewDense(12, 12, nil)
	for i := 0; i < 12; i++ {
		for j := 0; j < 12; j++ {
			v := 0.1 * rnd.NormFloat64()
			if i/4 == j/4 {
				v += 0.5
			} else {
				v -= 0.2
			}
			w.Set(i, j, v)
		}
	}
	return w
}

func ExampleSignedCommunities() {
	w := signedModules()
	for _, kind := range []graphmetrics.SignedKind{graphmetrics.SignedSymmetric, graphmetrics.SignedAsymmetric} {
		comms, q, err := graphmetrics.SignedCommunities(w, kind, rand.New(rand.NewPCG(2, 2)))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-10s Q = %.3f %v\n", kind, q, comms)
	}
	// Output:
	// symmetric  Q = 0.516 [[0 1 2 3] [4 5 6 7] [8 9 10 11]]
	// asymmetric Q = 0.807 [[0 1 2 3] [4 5 6 7] [8 9 10 11]]
}

func ExampleWeightedClustering() {
	// A weighted triangle 0-1-2 with one weak side, and a pendant node 3.
	w := mat.NewDense(4, 4, []float64{
		0, 1, 1, 0,
		1, 0, 0.125, 1,
		1, 0.125, 0, 0,
		0, 1, 0, 0,
	})
	c, _ := graphmetrics.WeightedClustering(w)
	fmt.Printf("%.3f\n", c)
	e, _ := graphmetrics.WeightedEfficiency(w)
	fmt.Printf("efficiency %.3f\n", e)
	// Output:
	// [0.500 0.167 0.500 0.000]
	// efficiency 0.722
}

func ExampleDirectedSmallWorld() {
	rnd := rand.New(rand.NewPCG(3, 3))
	// A directed ring lattice: each unit sends to its next three.
	g := graphmetrics.NewDigraph(60)
	for i := 0; i < 60; i++ {
		for d := 1; d <= 3; d++ {
			g.SetArc(i, (i+d)%60)
		}
	}
	sw, err := graphmetrics.DirectedSmallWorld(g, 100, rnd)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("C = %.3f vs %.3f in the nulls, E = %.3f vs %.3f\n",
		sw.Clustering.Value, sw.Clustering.NullMean, sw.Efficiency.Value, sw.Efficiency.NullMean)
	fmt.Printf("overlap with the lattice %.2f (chance %.2f)\n", sw.Mixing.OverlapOriginal, sw.Mixing.ExpectedOverlap)
	// Output:
	// C = 0.300 vs 0.036 in the nulls, E = 0.182 vs 0.345
	// overlap with the lattice 0.05 (chance 0.05)
}

func ExampleSignedStrengthNull() {
	w := signedModules()
	null, st, err := graphmetrics.SignedStrengthNull(w, 0, rand.New(rand.NewPCG(4, 4)))
	if err != nil {
		fmt.Println(err)
		return
	}
	var out0, null0 float64
	for j := 0; j < 12; j++ {
		if v := w.At(0, j); v > 0 && j != 0 {
			out0 += v
		}
		if v := null.At(0, j); v > 0 && j != 0 {
			null0 += v
		}
	}
	fmt.Printf("unit 0's positive out-strength %.3f, in the null %.3f\n", out0, null0)
	// On 12 units the strengths are kept only roughly; on hundreds of
	// units the correlations exceed 0.9.
	fmt.Printf("strength correlations %.2f, sign overlap %.2f\n", st.StrengthCorr, st.SignOverlap)
	// Output:
	// unit 0's positive out-strength 1.532, in the null 0.699
	// strength correlations [0.59 0.67 0.61 0.86], sign overlap 0.61
}
