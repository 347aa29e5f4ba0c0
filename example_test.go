package cortexrnn_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// The whole pipeline by hand: a cortical field, the biological initial
// weights, the wiring-and-communicability penalty on real soma distances,
// Go/NoGo trials, Adam training and the trained network's graph metrics.
// This is the README's "Use it as a library" program; experiment.PaperTrainer
// does the same in one call with the paper's settings.
func Example() {
	rnd := rand.New(rand.NewPCG(1, 2))
	field, err := connectome.Synthetic(connectome.DefaultSyntheticConfig(64, 1)) // or connectome.ReadFieldDir("…/6_6_2")
	check(err)
	w0, err := connectome.BioInit(field, connectome.DefaultBioConfig(connectome.SourceCorr), rnd)
	check(err)
	xyz, err := spatial.Coordinates(field.Positions, spatial.CoordinateConfig{}) // each axis scaled to [0, 1]
	check(err)
	dist, err := spatial.Distances(xyz, 1)
	check(err)
	penalty, err := spatial.NewCommunicability(dist, spatial.CommunicabilityConfig{Lambda: 0.3, Norm: spatial.NormZero}) // λ Σ |W| ⊙ C(W) ⊙ D
	check(err)

	task := tasks.NewGoNoGo()
	data, err := tasks.NewDataset(task, tasks.DatasetConfig{Train: 512, HeldOut: 256, Test: 256, BatchSize: 128}, rnd)
	check(err)
	model, err := rnn.New(rnn.PaperConfig(task.Spec().NIn(), field.N, task.Spec().NOut()), rnd)
	check(err)
	check(model.SetWeights(rnn.RecurrentKernel, w0))
	trainer, err := rnn.NewTrainer(model, rnn.TrainConfig{
		Optimizer: rnn.OptimizerConfig{Kind: rnn.Adam, ClipNorm: 1}, // the library does not clip unless asked
		Penalty:   penalty,
	}, rnd)
	check(err)
	history, err := trainer.Fit(tasks.Convert[rnn.Batch](data.Train), tasks.Convert[rnn.Batch](data.HeldOut), 3)
	check(err)
	_, testAcc, err := model.Evaluate(tasks.Convert[rnn.Batch](data.Test), nil)
	check(err)
	m, err := graphmetrics.Paper(model.EffectiveRecurrentTo(nil), 100, rnd)
	check(err)
	fmt.Printf("held-out accuracy %.2f after %d epochs, test accuracy %.2f\n", history[len(history)-1].ValAccuracy, len(history), testAcc)
	fmt.Printf("modularity %.2f, small-worldness %.1f, entropy %.1f bits\n", m.Modularity, m.SmallWorldness, m.Entropy)
	// Output:
	// held-out accuracy 1.00 after 3 epochs, test accuracy 1.00
	// modularity 0.28, small-worldness 2.1, entropy 2.1 bits
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}
