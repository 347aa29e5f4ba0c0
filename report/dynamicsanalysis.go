package report

import (
	"context"
	"fmt"
	"math"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// DynamicsAnalysisVersion is DynamicsAnalysis's Version. Version 2 draws
// the trials from RunSpec.TrialSeed, the seed training drew them from;
// version 1 used the simulation's data seed, which differs under shared
// trial sets, so its files are not read as version 2.
const DynamicsAnalysisVersion = 2

// Settings of DynamicsAnalysis: the fixed-point search starts from
// dynamics.DefaultStarts states sampled from the trajectories with Gaussian
// noise of SD dynamicsNoise (as seqrnn -dynamics), drawn from the run's
// stream streamDynamics (seeds.Rand(RunSpec.Seed, streamDynamics), a
// stream no trainer uses).
const (
	dynamicsNoise         = 0.01
	streamDynamics uint64 = 0xd1a
)

// DynamicsAnalysis summarises the state space of a stored network with
// package dynamics (dynamics.Summarize): the fixed and slow points under
// each of the task's default inputs (dynamics.DefaultInputs) and the PCA of
// its noise-free trajectories on the run's first test batch (the held-out
// batch when the sweep has no test trials), rebuilt from the run's trial
// seed (RunSpec.TrialSeed) as training built it. Its metrics:
//
//	StableFixedPoints   stable fixed points per input (mean over the inputs)
//	ParticipationRatio  dimensionality of the trajectories, (Σλ)²/Σλ²
//	LeadingModulus      largest |λ| of the Jacobian over every fixed point
//	                    (NaN when none was found)
//
// It is slow (up to a minute per network at N = 312 on two cores), so
// `paper analyze` runs it only when asked (-dynamics). It lives in
// package report because package experiment does not import package
// dynamics.
type DynamicsAnalysis struct{}

// Name returns "dynamics".
func (DynamicsAnalysis) Name() string { return "dynamics" }

// Version returns DynamicsAnalysisVersion.
func (DynamicsAnalysis) Version() int { return DynamicsAnalysisVersion }

// Metrics returns StableFixedPoints, ParticipationRatio and LeadingModulus.
func (DynamicsAnalysis) Metrics() []string {
	return []string{"StableFixedPoints", "ParticipationRatio", "LeadingModulus"}
}

// Analyze computes the summary of run's trained network.
func (DynamicsAnalysis) Analyze(run *experiment.StoredRun) ([]float64, error) {
	if run.Weights == nil {
		return nil, fmt.Errorf("report: dynamics analysis: run %v has no stored weights", run.Record.Key)
	}
	spec, err := run.Config.Spec(run.Record.Key, run.Provenance.Inputs)
	if err != nil {
		return nil, err
	}
	inputs, err := dynamics.DefaultInputs(spec.TaskName)
	if err != nil {
		return nil, fmt.Errorf("report: dynamics analysis of run %v: %w", spec.Key, err)
	}
	task, err := tasks.ByName(spec.TaskName)
	if err != nil {
		return nil, err
	}
	cfg := &run.Config
	ds, err := tasks.NewDataset(task, tasks.DatasetConfig{Train: cfg.TrainTrials, HeldOut: cfg.ValidationTrials,
		Test: cfg.TestTrials, BatchSize: cfg.BatchSize}, seeds.Rand(spec.TrialSeed, seeds.StreamTrain))
	if err != nil {
		return nil, fmt.Errorf("report: dynamics analysis of run %v: task %s: %w", spec.Key, spec.TaskName, err)
	}
	batches := ds.Test
	if len(batches) == 0 {
		batches = ds.HeldOut
	}
	if len(batches) == 0 {
		return nil, fmt.Errorf("report: dynamics analysis of run %v: the sweep has neither test nor validation trials", spec.Key)
	}
	m := run.Weights.Model
	states, err := m.States(rnn.Batch(*batches[0]))
	if err != nil {
		return nil, err
	}
	s, err := dynamics.Summarize(context.Background(), dynamics.FromModel(m), inputs, states,
		dynamics.AnalysisConfig{Starts: dynamics.DefaultStarts, Noise: dynamicsNoise}, seeds.Rand(spec.Seed, streamDynamics))
	if err != nil {
		return nil, fmt.Errorf("report: dynamics analysis of run %v: %w", spec.Key, err)
	}
	stable := 0
	for _, in := range s.Inputs {
		stable += in.Stable
	}
	perInput := math.NaN()
	if len(s.Inputs) > 0 {
		perInput = float64(stable) / float64(len(s.Inputs))
	}
	return []float64{perInput, s.ParticipationRatio, s.LeadingModulus}, nil
}
