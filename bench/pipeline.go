package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// penaltyKinds lists the four penalty kinds in table order, and
// kindVariant the paper variant timed for each.
var (
	penaltyKinds = []string{"l1", "wiring", "comm", "emd"}
	kindVariant  = map[string]string{"l1": "W", "wiring": "WD*", "comm": "W*D*C", "emd": "W*D*C*"}
)

// kindCounts counts the paper's eleven variants per penalty kind (W: 1,
// WD and WD*: 2, the four …C: 4, the four …C*: 4).
func kindCounts() map[string]int {
	counts := map[string]int{}
	for _, v := range experiment.PaperVariants() {
		counts[penaltyKind(v)]++
	}
	return counts
}

// extrapolate returns the time of a run of full epochs from one of epochs
// epochs that took total seconds, of which fixed seconds (graph metrics) do
// not grow with the epochs: fixed + (total − fixed)·full/epochs. The rest of
// the fixed cost (data generation, initialisation, the held-out test set) is
// scaled with the epochs too, so the estimate errs on the slow side.
func extrapolate(total, fixed float64, epochs, full int) float64 {
	if epochs == full {
		return total
	}
	return fixed + (total-fixed)*float64(full)/float64(epochs)
}

// pipelineRow is one timed (or derived) whole training.
type pipelineRow struct {
	task     int
	kind     string
	measured float64 // seconds of the timed run with epochs epochs; 0 if derived
	full     float64 // seconds extrapolated to the config's epochs
}

// pipelineResult is the whole-pipeline measurement and the sweep estimate.
type pipelineResult struct {
	epochs, fullEpochs int
	graphSeconds       float64 // graphmetrics.Paper alone, with the config's nulls
	rows               []pipelineRow
	perSimulation      float64 // seconds of the 11 × 3 runs of one simulation
	sweep              float64 // seconds of the whole sweep
	simulations        int
	field              string
}

// timePipeline runs experiment.PaperTrainer.Run (with epochs epochs) for
// Task t in measured and the variant of each penalty kind, times graph metrics
// alone, and extrapolates to the config's epochs and to the paper sweep: the
// tasks not measured take the first measured task's time, scaled in its
// epoch part by their steps per trial.
func timePipeline(cfg experiment.Config, field *connectome.Field, measured []int, epochs int, log func(string, ...any)) (*pipelineResult, error) {
	full := cfg.Epochs
	cfg.Epochs = epochs
	tr, err := experiment.NewPaperTrainer(&cfg, field)
	if err != nil {
		return nil, err
	}
	res := &pipelineResult{epochs: epochs, fullEpochs: full, simulations: cfg.Simulations, field: field.Name}

	// Graph metrics alone, on the biological initial matrix.
	spec, err := cfg.Spec(experiment.RunKey{Task: measured[0], Variant: kindVariant["comm"]})
	if err != nil {
		return nil, err
	}
	w, err := tr.InitialRecurrent(spec)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	if _, err := graphmetrics.Paper(w, cfg.SmallWorldNulls, spec.Rand(experiment.StreamGraphNulls)); err != nil && !errors.Is(err, graphmetrics.ErrUndefined) {
		return nil, fmt.Errorf("graph metrics: %w", err)
	}
	res.graphSeconds = time.Since(t0).Seconds()
	log("pipeline: graph metrics (%d nulls) %.1f s", cfg.SmallWorldNulls, res.graphSeconds)

	fullOf := map[[2]int]float64{} // (task, kind index) → seconds
	for _, task := range measured {
		for ki, kind := range penaltyKinds {
			spec, err := cfg.Spec(experiment.RunKey{Task: task, Variant: kindVariant[kind]})
			if err != nil {
				return nil, err
			}
			t0 := time.Now()
			if _, err := tr.Run(context.Background(), spec); err != nil {
				return nil, fmt.Errorf("pipeline %v: %w", spec.Key, err)
			}
			sec := time.Since(t0).Seconds()
			f := extrapolate(sec, res.graphSeconds, epochs, full)
			fullOf[[2]int{task, ki}] = f
			res.rows = append(res.rows, pipelineRow{task: task, kind: kind, measured: sec, full: f})
			log("pipeline: task %d %s (%s) %d epoch(s) %.1f s → %d epochs %.1f s", task, kind, kindVariant[kind], epochs, sec, full, f)
		}
	}
	base := measured[0]
	baseSteps, err := taskSteps(base)
	if err != nil {
		return nil, err
	}
	counts := kindCounts()
	for _, task := range experiment.PaperTasks {
		steps, err := taskSteps(task)
		if err != nil {
			return nil, err
		}
		for ki, kind := range penaltyKinds {
			f, ok := fullOf[[2]int{task, ki}]
			if !ok {
				b := fullOf[[2]int{base, ki}]
				f = res.graphSeconds + (b-res.graphSeconds)*float64(steps)/float64(baseSteps)
				res.rows = append(res.rows, pipelineRow{task: task, kind: kind, full: f})
			}
			res.perSimulation += float64(counts[kind]) * f
		}
	}
	res.sweep = res.perSimulation * float64(cfg.Simulations)
	return res, nil
}

// taskSteps returns the steps per trial of paper task t.
func taskSteps(t int) (int, error) {
	task, err := tasks.ByName(fmt.Sprintf("task%d", t))
	if err != nil {
		return 0, err
	}
	return task.Spec().Steps, nil
}
