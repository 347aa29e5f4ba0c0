package graphmetrics_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"gonum.org/v1/gonum/mat"
)

// Two 4-node cliques joined by one edge.
func twoCliques() *graphmetrics.Graph {
	g := graphmetrics.NewGraph(8)
	for _, base := range []int{0, 4} {
		for i := 0; i < 4; i++ {
			for j := i + 1; j < 4; j++ {
				g.SetEdge(base+i, base+j)
			}
		}
	}
	g.SetEdge(3, 4)
	return g
}

func ExampleGreedyModularity() {
	g := twoCliques()
	comms := graphmetrics.GreedyModularity(g)
	q, _ := graphmetrics.Modularity(g, comms)
	fmt.Println(comms)
	fmt.Printf("Q = %.3f\n", q)
	// Output:
	// [[0 1 2 3] [4 5 6 7]]
	// Q = 0.423
}

func ExampleClustering() {
	g := twoCliques()
	fmt.Printf("C_0 = %.3f, C_3 = %.3f, mean = %.3f\n",
		graphmetrics.Clustering(g)[0], graphmetrics.Clustering(g)[3], graphmetrics.MeanClustering(g))
	fmt.Printf("transitivity %.3f, efficiency %.3f, path length %.3f\n",
		graphmetrics.Transitivity(g), graphmetrics.Efficiency(g), graphmetrics.CharPathLength(g))
	fmt.Printf("assortativity %.3f\n", graphmetrics.Assortativity(g))
	// Output:
	// C_0 = 1.000, C_3 = 0.500, mean = 0.875
	// transitivity 0.800, efficiency 0.679, path length 1.857
	// assortativity -0.083
}

func ExamplePaper() {
	// A 60-unit weight matrix with four strongly coupled modules.
	rnd := rand.New(rand.NewPCG(1, 1))
	const n = 60
	w := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := 0.1 * rnd.NormFloat64()
			if i/15 == j/15 {
				v += 0.3
			}
			w.Set(i, j, v)
		}
	}
	pm, err := graphmetrics.Paper(w, 200, rnd)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("modularity %.3f\n", pm.Modularity)
	fmt.Printf("assortativity %.3f\n", pm.Assortativity)
	fmt.Printf("entropy %.3f bits\n", pm.Entropy)
	fmt.Println("small-world:", pm.SmallWorldness > 1)
	// Output:
	// modularity 0.742
	// assortativity -0.101
	// entropy 6.118 bits
	// small-world: true
}

func ExampleQuantile() {
	fmt.Printf("%.3f\n", graphmetrics.Quantile([]float64{0, 0, 0, 0, 0, 0, 0, 1, 2, 5}, 0.9))
	// Output:
	// 2.300
}

func ExampleSmallWorld() {
	// A ring lattice (each node linked to its 3 nearest neighbours on each
	// side) with a few random shortcuts: clustered like a lattice, short
	// paths like a random graph.
	rnd := rand.New(rand.NewPCG(2, 2))
	const n = 100
	g := graphmetrics.NewGraph(n)
	for i := 0; i < n; i++ {
		for d := 1; d <= 3; d++ {
			g.SetEdge(i, (i+d)%n)
		}
	}
	for k := 0; k < 10; k++ {
		i, j := rnd.IntN(n), rnd.IntN(n)
		if i != j {
			g.SetEdge(i, j)
		}
	}
	sw, err := graphmetrics.SmallWorld(g, graphmetrics.NullER, 100, rnd)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("C = %.3f, E = %.3f\n", sw.C, sw.E)
	fmt.Println("σ > 2 against Erdős–Rényi nulls:", sw.Sigma > 2)
	// Output:
	// C = 0.568, E = 0.270
	// σ > 2 against Erdős–Rényi nulls: true
}

func ExampleSampleEntropy() {
	// The entropy of a KDE on 100 grid points is at most log2(100) = 6.644
	// bits (a flat density); a single narrow peak gives much less.
	flat := make([]float64, 1000)
	for i := range flat {
		flat[i] = float64(i)
	}
	peaked := make([]float64, 1000)
	peaked[999] = 50
	hf, _ := graphmetrics.SampleEntropy(flat)
	hp, _ := graphmetrics.SampleEntropy(peaked)
	fmt.Printf("flat %.3f bits, peaked %.3f bits\n", hf, hp)
	// Output:
	// flat 6.630 bits, peaked 1.061 bits
}

func ExampleCompute() {
	rnd := rand.New(rand.NewPCG(3, 3))
	const n = 40
	w := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			w.Set(i, j, rnd.NormFloat64())
		}
	}
	m, err := graphmetrics.Compute(w, graphmetrics.Options{
		Binarization: graphmetrics.BinDensity, Keep: 0.2,
		Null: graphmetrics.NullRewire, NullCount: 50,
	}, rnd)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d edges, density %.3f\n", m.Edges, m.Density)
	fmt.Printf("efficiency %.3f, path length %.3f\n", m.Efficiency, m.CharPathLength)
	// Output:
	// 156 edges, density 0.200
	// efficiency 0.566, path length 2.012
}
