package stats_test

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/stats"
)

// Does variant A beat variant B across three fields? Accuracies per
// simulation, one slice per field; field 2 is easy for both (ceiling at 1).
func ExampleVanElteren() {
	a := [][]float64{{0.91, 0.94, 0.89, 0.95}, {0.81, 0.84, 0.80}, {1, 1, 1, 0.98}}
	b := [][]float64{{0.88, 0.90, 0.86, 0.92}, {0.78, 0.83, 0.79}, {1, 1, 0.97, 1}}
	r, err := stats.VanElteren(a, b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("Z = %.3f, two-sided p = %.3f, one-sided p (A > B) = %.3f\n", r.Z, r.P, r.PGreater)
	// Output:
	// Z = 1.656, two-sided p = 0.098, one-sided p (A > B) = 0.049
}

// Do five fields rank four variants alike? One row per field, one column
// per variant (mean accuracy).
func ExampleKendallW() {
	scores := mat.NewDense(5, 4, []float64{
		0.97, 0.90, 0.62, 0.88,
		0.95, 0.91, 0.60, 0.85,
		0.99, 0.86, 0.65, 0.90,
		0.93, 0.93, 0.58, 0.80,
		0.96, 0.89, 0.70, 0.91,
	})
	r, err := stats.KendallW(scores)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("W = %.3f, χ²(%d) = %.3f, p = %.3f\n", r.W, r.DF, r.ChiSq, r.P)
	// Output:
	// W = 0.869, χ²(3) = 13.041, p = 0.005
}

// Effect sizes of one comparison: the difference in means with a 95%
// bootstrap interval, and Cliff's δ.
func ExampleMeanDiff() {
	bio := []float64{0.97, 0.99, 0.95, 0.98, 0.96}
	orth := []float64{0.63, 0.62, 0.79, 0.64, 0.61}
	rnd := rand.New(rand.NewPCG(1, 1))
	d, err := stats.MeanDiff(bio, orth, 0.95, stats.DefaultResamples, rnd)
	if err != nil {
		fmt.Println(err)
		return
	}
	delta, _ := stats.CliffDelta(bio, orth)
	fmt.Printf("difference %.3f (%.3f, %.3f), Cliff's δ %.3f\n", d.Estimate, d.CI.Low, d.CI.High, delta)
	// Output:
	// difference 0.312 (0.242, 0.356), Cliff's δ 1.000
}

// Every pairwise comparison of three variants on one field.
func ExamplePairwiseEffects() {
	groups := [][]float64{
		{0.97, 0.99, 0.95, 0.98, 0.96}, // biological
		{0.96, 0.98, 0.97, 0.94, 0.99}, // scale-matched random
		{0.63, 0.62, 0.79, 0.64, 0.61}, // orthogonal
	}
	effects, err := stats.PairwiseEffects(groups, 0.95, 2000, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range effects {
		fmt.Printf("%d−%d: %.3f (%.3f, %.3f), δ = %.3f\n", e.I, e.J, e.MeanDiff.Estimate, e.MeanDiff.CI.Low, e.MeanDiff.CI.High, e.CliffDelta)
	}
	// Output:
	// 0−1: 0.002 (-0.016, 0.022), δ = 0.040
	// 0−2: 0.312 (0.242, 0.358), δ = 1.000
	// 1−2: 0.310 (0.240, 0.356), δ = 1.000
}
