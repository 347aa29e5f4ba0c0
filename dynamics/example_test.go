package dynamics_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// A three-unit ReLU winner-take-all memory: each unit excites itself and
// inhibits the others, so that "unit k alone on" are three attractors,
// separated by saddles. An input to unit 0 leaves only attractor 0.
func Example() {
	net := &dynamics.Network{
		In:         mat.NewDense(3, 3, []float64{5, 0, 0, 0, 5, 0, 0, 0, 5}),
		W:          mat.NewDense(3, 3, []float64{0.5, -2, -2, -2, 0.5, -2, -2, -2, 0.5}),
		B:          []float64{1, 1, 1},
		Alpha:      1,
		Activation: rnn.ReLU,
	}
	inputs := []dynamics.Input{
		{Name: "none", X: []float64{0, 0, 0}},
		{Name: "set 0", X: []float64{1, 0, 0}},
	}
	// Initial states on a grid over [0, 2.5]³.
	var starts []float64
	for _, a := range []float64{0, 0.5, 1, 1.5, 2, 2.5} {
		for _, b := range []float64{0, 0.5, 1, 1.5, 2, 2.5} {
			for _, c := range []float64{0, 0.5, 1, 1.5, 2, 2.5} {
				starts = append(starts, a, b, c)
			}
		}
	}
	res, err := dynamics.FindFixedPoints(context.Background(), net, inputs, mat.NewDense(len(starts)/3, 3, starts), dynamics.Config{})
	if err != nil {
		panic(err)
	}
	for _, p := range res.Points {
		if p.Lin.Stability == dynamics.Stable {
			fmt.Printf("%-5s: stable point (%.3f, %.3f, %.3f), |λ|max %.3f, τ %.3f steps\n",
				res.Inputs[p.Input].Input.Name, p.H[0], p.H[1], p.H[2], p.Lin.Leading(), p.Lin.TimeConstant(0))
		}
	}
	for _, in := range res.Inputs {
		fmt.Println(in.Note())
	}
	// Unordered output:
	// none : stable point (2.000, 0.000, 0.000), |λ|max 0.500, τ 1.443 steps
	// none : stable point (0.000, 2.000, 0.000), |λ|max 0.500, τ 1.443 steps
	// none : stable point (0.000, 0.000, 2.000), |λ|max 0.500, τ 1.443 steps
	// set 0: stable point (12.000, 0.000, 0.000), |λ|max 0.500, τ 1.443 steps
	// input "none": 7 fixed and 0 slow points from 216 initial states
	// input "set 0": 1 fixed and 0 slow points from 216 initial states
}

// The participation ratio of states spread along three axes with variances
// 4, 1 and 1 is (4 + 1 + 1)² / (16 + 1 + 1) = 2.
func ExampleFitPCA() {
	x := mat.NewDense(6, 3, []float64{
		2, 0, 0, -2, 0, 0,
		0, 1, 0, 0, -1, 0,
		0, 0, 1, 0, 0, -1,
	})
	p, err := dynamics.FitPCA(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("explained variance %.3f\n", p.ExplainedVariance())
	fmt.Printf("participation ratio %.3f\n", p.ParticipationRatio())
	// Output:
	// explained variance [0.667 0.167 0.167]
	// participation ratio 2.000
}
