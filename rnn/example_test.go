package rnn_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"gonum.org/v1/gonum/mat"
)

// memoryTask returns batches of a one-bit memory task: remember which of two
// channels was on at step 0 and report it at the last step.
func memoryTask(nb, steps, size int, rnd *rand.Rand) []rnn.Batch {
	out := make([]rnn.Batch, nb)
	for k := range out {
		b := rnn.Batch{Steps: steps, Size: size, NIn: 2, NOut: 2,
			X: make([]float32, steps*size*2), Labels: make([]int, size)}
		for i := 0; i < size; i++ {
			c := rnd.IntN(2)
			b.Labels[i] = c
			b.X[i*2+c] = 1 // step 0, trial i, channel c
		}
		out[k] = b
	}
	return out
}

// The paper's model (relu, α = 1, orthogonal W_rec, input noise 0.05, Adam)
// with an L1 penalty, trained with Keras' History semantics.
func Example() {
	rnd := rand.New(rand.NewPCG(1, 1))
	cfg := rnn.Config{NIn: 2, NRec: 16, NOut: 2, InputNoise: rnn.DefaultInputNoise}
	model, err := rnn.New(cfg, rnd)
	if err != nil {
		panic(err)
	}
	tr, err := rnn.NewTrainer(model, rnn.TrainConfig{
		Optimizer: rnn.OptimizerConfig{LearningRate: 1e-2},
		Penalty:   &spatial.L1{Lambda: 1e-4},
	}, rnd)
	if err != nil {
		panic(err)
	}
	train, val := memoryTask(8, 6, 16, rnd), memoryTask(2, 6, 16, rnd)
	hist, err := tr.Fit(train, val, 15)
	if err != nil {
		panic(err)
	}
	last := hist[len(hist)-1]
	fmt.Printf("epochs %d, validation accuracy %.3f\n", len(hist), last.ValAccuracy)
	plain, _, err := model.Evaluate(val, nil) // without the penalty
	if err != nil {
		panic(err)
	}
	fmt.Println("penalty included in ValLoss:", last.ValLoss > plain)
	// Output:
	// epochs 15, validation accuracy 1.000
	// penalty included in ValLoss: true
}

// Dale's law: the effective recurrent matrix is diag(s)|W ⊙ M|, one sign per
// presynaptic row.
func ExampleModel_EffectiveRecurrentTo() {
	cfg := rnn.Config{NIn: 1, NRec: 3, NOut: 1, Dale: true, ExcitatoryFraction: 2.0 / 3}
	model, err := rnn.New(cfg, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		panic(err)
	}
	w := mat.NewDense(3, 3, []float64{0.1, -0.2, 0.3, -0.4, 0.5, 0.6, 0.7, 0.8, -0.9})
	if err := model.SetWeights(rnn.RecurrentKernel, w); err != nil {
		panic(err)
	}
	eff := model.EffectiveRecurrentTo(nil)
	for i := 0; i < 3; i++ {
		fmt.Printf("%.3f %.3f %.3f\n", eff.At(i, 0), eff.At(i, 1), eff.At(i, 2))
	}
	// Output:
	// 0.100 0.200 0.300
	// 0.400 0.500 0.600
	// -0.700 -0.800 -0.900
}

// A penalty from package spatial, and the one sentinel for a non-finite
// matrix: spatial.ErrNonFinite is rnn.ErrNonFinite.
func ExamplePenalty() {
	var p rnn.Penalty = &spatial.L1{Lambda: 0.5}
	w := mat.NewDense(2, 2, []float64{1, -2, 0, 0.5})
	var g mat.Dense
	v, err := p.ValueGradTo(&g, w)
	if err != nil {
		panic(err)
	}
	fmt.Printf("P = %.3f\n", v)
	fmt.Printf("∂P/∂W = [%.3f %.3f; %.3f %.3f]\n", g.At(0, 0), g.At(0, 1), g.At(1, 0), g.At(1, 1))
	w.Set(0, 0, math.NaN())
	_, err = p.Value(w)
	fmt.Println("errors.Is(err, rnn.ErrNonFinite):", errors.Is(err, rnn.ErrNonFinite))
	// Output:
	// P = 1.750
	// ∂P/∂W = [0.500 -0.500; 0.000 0.500]
	// errors.Is(err, rnn.ErrNonFinite): true
}

// Checkpoints are .npz archives; numpy.load opens them. Loading and
// continuing gives the same result, bit for bit, as never stopping.
func ExampleTrainer_Save() {
	train := memoryTask(4, 5, 8, rand.New(rand.NewPCG(2, 2)))
	newTrainer := func() *rnn.Trainer {
		rnd := rand.New(rand.NewPCG(1, 1))
		model, err := rnn.New(rnn.PaperConfig(2, 8, 2), rnd)
		if err != nil {
			panic(err)
		}
		tr, err := rnn.NewTrainer(model, rnn.TrainConfig{}, rnd)
		if err != nil {
			panic(err)
		}
		return tr
	}
	straight := newTrainer()
	hs, err := straight.Fit(train, nil, 4)
	if err != nil {
		panic(err)
	}

	first := newTrainer()
	if _, err := first.Fit(train, nil, 2); err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if err := first.Save(&buf); err != nil {
		panic(err)
	}
	resumed, err := rnn.Load(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		panic(err)
	}
	hr, err := resumed.Fit(train, nil, 2)
	if err != nil {
		panic(err)
	}
	fmt.Println("epoch", hr[1].Epoch, "identical:", hr[1].Loss == hs[3].Loss,
		mat.Equal(resumed.Model().WeightsTo(nil, rnn.RecurrentKernel), straight.Model().WeightsTo(nil, rnn.RecurrentKernel)))
	// Output:
	// epoch 3 identical: true true
}

// Keras' Orthogonal initialiser: the columns of a square draw are orthonormal.
func ExampleNewOrthogonal() {
	q := rnn.NewOrthogonal(4, 4, rand.New(rand.NewPCG(1, 1)))
	var p mat.Dense
	p.Mul(q.T(), q)
	fmt.Printf("QᵀQ diagonal %.3f %.3f, largest |off-diagonal| %.3f\n", p.At(0, 0), p.At(3, 3),
		math.Abs(math.Max(math.Abs(p.At(0, 1)), math.Abs(p.At(2, 3)))))
	// Output:
	// QᵀQ diagonal 1.000 1.000, largest |off-diagonal| 0.000
}
