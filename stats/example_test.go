package stats_test

import (
	"fmt"

	"github.com/cortexrnn/cortexrnn/stats"
)

// Task-1 accuracies of two variants over five simulations: mean with its 95%
// t-interval, a Mann–Whitney comparison, and Holm-corrected p-values.
func Example() {
	bio := []float64{0.97, 0.99, 0.95, 0.98, 0.96}
	orth := []float64{0.63, 0.62, 0.79, 0.64, 0.61}
	s, err := stats.Summarize(bio, 0.95)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mean %.3f (%.3f, %.3f)\n", s.Mean, s.CI.Low, s.CI.High)
	mw, _ := stats.MannWhitneyU(bio, orth)
	fmt.Printf("U = %.0f, p = %.3f, exact = %v\n", mw.U, mw.P, mw.Exact)
	kw, _ := stats.KruskalWallis(bio, orth)
	fmt.Printf("H = %.3f, p = %.3f\n", kw.H, kw.P)
	adj, reject, _ := stats.Holm([]float64{mw.P, 0.04, 0.3}, 0.05)
	fmt.Printf("Holm %.3f %.3f %.3f %v\n", adj[0], adj[1], adj[2], reject)
	// Output:
	// mean 0.970 (0.950, 0.990)
	// U = 25, p = 0.008, exact = true
	// H = 6.818, p = 0.009
	// Holm 0.024 0.080 0.300 [true false false]
}
