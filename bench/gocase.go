package main

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/internal/trainerparts"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// benchTask is the task whose shapes every step timing uses: Task 1,
// one-choice inference (50 steps, 8 inputs, 4 classes).
const benchTask = 1

// benchCase is everything one N needs: the field, the experiment's trainer
// (which builds initial weights and penalties), the distance and empirical
// communicability matrices the PyTorch side needs (computed as
// experiment.NewPaperTrainer computes them), and one batch of Task 1 trials.
type benchCase struct {
	n       int
	cfg     *experiment.Config
	field   *connectome.Field
	trainer *experiment.PaperTrainer
	// parts are the trainer's pieces (internal/trainerparts): the matrices
	// inside its penalties, the penalties and the initial weights.
	parts trainerparts.Parts
	// inputs are the trainer's inputs (its runs' fingerprints).
	inputs []experiment.Input
	// realD (D*), gridD (D) and cEmp (C_emp) are the matrices inside the
	// trainer's penalties; norm is the normalisation of the network's C.
	realD, gridD, cEmp *mat.Dense
	norm               spatial.Normalisation
	batch              rnn.Batch
}

// newCase builds the case of N = n under cfg: the MICrONS field of
// cfg.FieldDir when it has n neurons, otherwise the synthetic field of n
// neurons seeded with cfg.Seed. The trials are drawn from cfg.Seed.
func newCase(cfg *experiment.Config, n int, real *connectome.Field) (*benchCase, error) {
	field := real
	if field == nil || field.N != n {
		var err error
		field, err = connectome.Synthetic(connectome.DefaultSyntheticConfig(n, cfg.Seed))
		if err != nil {
			return nil, fmt.Errorf("synthetic field N=%d: %w", n, err)
		}
	}
	tr, err := experiment.NewPaperTrainer(cfg, field)
	if err != nil {
		return nil, err
	}
	parts, err := trainerparts.Of(tr)
	if err != nil {
		return nil, err
	}
	prov, err := experiment.CurrentProvenance(cfg)
	if err != nil {
		return nil, err
	}
	c := &benchCase{n: n, cfg: cfg, field: field, trainer: tr, parts: parts, inputs: prov.Inputs}
	// The PyTorch side gets exactly the matrices of the Go penalties.
	c.realD, c.gridD = parts.RealD, parts.GridD
	c.cEmp, c.norm = parts.CEmp, parts.Norm
	task, err := tasks.ByName(fmt.Sprintf("task%d", benchTask))
	if err != nil {
		return nil, err
	}
	bs, err := tasks.Generate(task, cfg.BatchSize, cfg.BatchSize, seeds.Rand(cfg.Seed, seeds.StreamTrain))
	if err != nil {
		return nil, err
	}
	c.batch = rnn.Batch(*bs[0])
	return c, nil
}

// penaltyKind names the penalty of variant v as the PyTorch script does.
func penaltyKind(v experiment.Variant) string {
	switch {
	case v.Distance == experiment.DistanceNone:
		return "l1"
	case v.Comm == experiment.CommDirect:
		return "comm"
	case v.Comm == experiment.CommEMD:
		return "emd"
	}
	return "wiring"
}

// goModel is one variant's model, trainer and penalty, built as
// experiment.PaperTrainer.Run builds them.
type goModel struct {
	variant experiment.Variant
	model   *rnn.Model
	trainer *rnn.Trainer
	penalty rnn.Penalty
}

// build composes rnn and spatial for variant name exactly as
// experiment.PaperTrainer.Run does for simulation 0 of Task 1: PaperConfig,
// input noise, NonNeg and Dale from the config and variant, the variant's
// initial W_rec, its penalty, and Keras' Adam at the configured rate.
func (c *benchCase) build(name string) (*goModel, error) {
	cfg := c.cfg
	spec, err := cfg.Spec(experiment.RunKey{Task: benchTask, Variant: name, Simulation: 0}, c.inputs)
	if err != nil {
		return nil, err
	}
	v := spec.Variant
	b := c.batch
	mc := rnn.PaperConfig(b.NIn, c.n, b.NOut)
	mc.InputNoise = cfg.InputNoise
	mc.NonNeg = cfg.PositiveOnly
	mc.Dale = v.Dale
	mc.Activation = cfg.Activation
	m, err := rnn.New(mc, seeds.Rand(spec.Seed, seeds.StreamInit))
	if err != nil {
		return nil, err
	}
	w0, err := c.parts.InitialRecurrent(spec.Key.Task, spec.Key.Variant, spec.Key.Simulation)
	if err != nil {
		return nil, err
	}
	if w0 != nil {
		if err := m.SetWeights(rnn.RecurrentKernel, w0); err != nil {
			return nil, err
		}
	}
	pen, err := c.parts.Penalty(v.Name)
	if err != nil {
		return nil, err
	}
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{
		Optimizer: rnn.OptimizerConfig{Kind: rnn.Adam, LearningRate: cfg.LearningRate},
		Penalty:   pen,
	}, seeds.Rand(spec.Seed, seeds.StreamNoise))
	if err != nil {
		return nil, err
	}
	return &goModel{variant: v, model: m, trainer: tr, penalty: pen}, nil
}

// timeSteps times single training steps of g on the case's batch.
func (c *benchCase) timeSteps(g *goModel, warmup, reps int) ([]float64, error) {
	b := c.batch
	return timeMS(warmup, reps, func() error {
		_, _, _, err := g.trainer.TrainStep(&b)
		return err
	})
}

// stepFlops is the GEMM flop count of one step of the case's model.
func (c *benchCase) stepFlops() float64 {
	return stepFlops(c.batch.Steps, c.batch.Size, c.batch.NIn, c.n, c.batch.NOut)
}
