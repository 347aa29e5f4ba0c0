package experiment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/internal/seeds"
)

// RunKey identifies one run of a sweep.
type RunKey struct {
	Task       int    // the task's number (Config.TaskNumbers): 1, 2 or 3 for the paper's tasks
	Variant    string // variant name, e.g. "W*D*C"
	Simulation int    // 0-based
}

func (k RunKey) String() string {
	return fmt.Sprintf("Task%d/%s/sim%d", k.Task, k.Variant, k.Simulation)
}

// RunSpec is everything a Trainer needs for one run. It is self-contained:
// a Trainer must compute its result from the spec alone (and the field data
// it names), so that results do not depend on order, parallelism or sharding.
type RunSpec struct {
	Key RunKey
	// TaskName is the task's name (package tasks), whose number is
	// Key.Task.
	TaskName string
	Variant  Variant
	// Config is the sweep's configuration (shared; do not modify).
	Config *Config
	// Seed is the run seed of (Config.Seed, task, variant, simulation): the source of
	// every random draw specific to this run (initialisation, permutation,
	// input noise, shuffling).
	Seed uint64
	// DataSeed is the data seed of (Config.Seed, task, simulation), shared
	// by all variants of a simulation: the source of the biological
	// initialisation B and, under DataPerSimulation, of the trial sets
	// (TrialSeed says which seed the trial sets come from).
	DataSeed uint64
	// TrialSeed is the seed of the run's trial sets (Config.DataSharing):
	// DataSeed under DataPerSimulation, the task's one seed for the whole
	// sweep under DataShared. Whatever regenerates a run's trials (an
	// analysis of its stored network) draws them from it.
	TrialSeed uint64
	// Fingerprint is Config.RunFingerprint of the run under Config and the
	// sweep's inputs; PaperTrainer refuses a spec whose fingerprint is not
	// its own configuration's.
	Fingerprint string
	// KeepWeights asks the Trainer for the network's weights file
	// (RunResult.Weights). It changes no result and no fingerprint; Sweep
	// sets it unless SkipWeights.
	KeepWeights bool
}

// runRand returns the run's generator for one stream (internal/seeds:
// Stream…), rand.New(rand.NewPCG(Seed, mix(stream))) (package doc, Seeds).
func (s RunSpec) runRand(stream uint64) *rand.Rand { return seeds.Rand(s.Seed, stream) }

// dataRand returns the simulation's shared data generator for one stream,
// rand.New(rand.NewPCG(DataSeed, mix(stream))).
func (s RunSpec) dataRand(stream uint64) *rand.Rand { return seeds.Rand(s.DataSeed, stream) }

// Epoch holds one epoch's learning-curve values. Loss and Accuracy are the
// means over the epoch's training batches (with input noise, before each
// update); the validation values are measured after the epoch.
type Epoch struct {
	Loss, Accuracy                     float64
	ValidationLoss, ValidationAccuracy float64
}

// RunResult is what a Trainer reports for one run. Unless the run diverged
// (Diverged), the first six fields must be finite and the accuracies in
// [0, 1]; graph metrics may be NaN when undefined (e.g. the assortativity
// of a regular graph) and are then written as empty CSV cells and left out
// of means.
//
// A diverged run is a result too: its values are NaN where not available
// (every value in the corrected preset; the losses and graph metrics in the
// reference preset, which reports the accuracies the published code
// reports, see PaperTrainer) and every mean leaves it out, counting it in
// diverged.csv (package report).
type RunResult struct {
	// Accuracy and Loss: the last epoch's training values (docs/method.md §8),
	// the loss including the penalty.
	Accuracy, Loss float64
	// ValidationAccuracy and ValidationLoss: on the validation trials after
	// the last epoch, no noise, the loss including the penalty.
	ValidationAccuracy, ValidationLoss float64
	// TestAccuracy and TestLoss: on the held-out test trials after the last
	// epoch, no noise, the loss including the penalty (as PaperTrainer
	// computes them).
	TestAccuracy, TestLoss float64
	// Graph metrics of the final recurrent matrix (docs/method.md §8).
	Modularity, SmallWorldness, Assortativity, Entropy float64
	// Seconds is the run's wall time as measured by the Trainer. It is the
	// one value that depends on the machine and its load, so it is kept
	// out of the run's record (runs/<key>.json) and of every published
	// file: the sweep stores it in runs/<key>.time and WriteLayout in
	// timings.csv. Records loaded from a folder without the timing file
	// have NaN.
	Seconds float64
	// History has one entry per epoch (of a diverged run: the epochs
	// completed before the divergence, or, in the reference preset, every
	// epoch with NaN losses from the divergence on).
	History []Epoch
	// Diverged, when not nil, says where training became non-finite.
	Diverged *Divergence
	// LargeLoss is set when a finite epoch loss exceeded LargeLossFactor
	// times the first epoch's: the run blew up without diverging.
	LargeLoss bool
	// Weights, when the spec asked for it (RunSpec.KeepWeights), is the
	// trained network's weights file, rnn.WriteWeights of the initial and
	// final model (docs/weights.md); a Trainer that keeps no network
	// leaves it nil. The sweep stores it as runs/<key>.npz, not in the
	// record, which holds its SHA-256 (Record.Weights); records loaded
	// from a folder have nil (read the file with OpenRun).
	Weights []byte
	// Origin, when not nil, says that the Trainer repeated a run stored by
	// another sweep rather than training it, and where that run was
	// trained; the sweep records it (Record.ReusedFrom).
	Origin *Origin
}

// Trainer trains one network. Implementations must be deterministic in the
// spec, safe for concurrent use by several goroutines, and should return
// promptly with ctx.Err() when ctx is cancelled.
type Trainer interface {
	Run(ctx context.Context, spec RunSpec) (RunResult, error)
}

// TrainerFunc adapts a function to Trainer.
type TrainerFunc func(ctx context.Context, spec RunSpec) (RunResult, error)

// Run calls f.
func (f TrainerFunc) Run(ctx context.Context, spec RunSpec) (RunResult, error) { return f(ctx, spec) }

// validate checks the rules of RunResult: finite values and accuracies in
// [0, 1] (NaN allowed where a diverged run's value is not available),
// finite graph metrics or NaN, a finite non-negative or unknown (NaN) wall
// time.
func (r *RunResult) validate() error {
	if math.IsInf(r.Seconds, 0) || r.Seconds < 0 {
		return fmt.Errorf("Seconds = %v is not a wall time", r.Seconds)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"Accuracy", r.Accuracy}, {"Validation_Accuracy", r.ValidationAccuracy}, {"Test_Accuracy", r.TestAccuracy}} {
		if f.v < 0 || f.v > 1 {
			return fmt.Errorf("%s = %v is outside [0, 1]", f.name, f.v)
		}
	}
	for i, e := range r.History {
		for _, v := range []float64{e.Accuracy, e.ValidationAccuracy} {
			if v < 0 || v > 1 {
				return fmt.Errorf("History[%d] holds an accuracy %v outside [0, 1]", i, v)
			}
		}
		for _, v := range []float64{e.Loss, e.ValidationLoss} {
			if math.IsInf(v, 0) || (math.IsNaN(v) && r.Diverged == nil) {
				return fmt.Errorf("History[%d] holds a non-finite loss %v in a run that did not diverge", i, v)
			}
		}
	}
	if r.Diverged != nil {
		for _, f := range []struct {
			name string
			v    float64
		}{{"Accuracy", r.Accuracy}, {"Loss", r.Loss}, {"Validation_Accuracy", r.ValidationAccuracy},
			{"Validation_Loss", r.ValidationLoss}, {"TestAccuracy", r.TestAccuracy}, {"TestLoss", r.TestLoss},
			{"Modularity", r.Modularity}, {"SmallWorldness", r.SmallWorldness},
			{"Assortativity", r.Assortativity}, {"Entropy", r.Entropy}} {
			if math.IsInf(f.v, 0) {
				return fmt.Errorf("%s = %v is infinite (a diverged run's unavailable values are NaN)", f.name, f.v)
			}
		}
		return nil
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"Accuracy", r.Accuracy}, {"Loss", r.Loss}, {"Validation_Accuracy", r.ValidationAccuracy},
		{"Validation_Loss", r.ValidationLoss}, {"TestAccuracy", r.TestAccuracy}, {"TestLoss", r.TestLoss}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return fmt.Errorf("%s = %v is not finite in a run that did not diverge", f.name, f.v)
		}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"Modularity", r.Modularity}, {"SmallWorldness", r.SmallWorldness},
		{"Assortativity", r.Assortativity}, {"Entropy", r.Entropy}} {
		if math.IsInf(f.v, 0) {
			return fmt.Errorf("%s = %v is infinite", f.name, f.v)
		}
	}
	return nil
}
