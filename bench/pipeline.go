package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/internal/trainerparts"
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
	// parFull is the effective seconds per run when jobs runs train at
	// once (their wall time, extrapolated, over jobs); 0 when not measured.
	parFull float64
}

// pipelineResult is the whole-pipeline measurement and the sweep estimate.
type pipelineResult struct {
	epochs, fullEpochs int
	graphSeconds       float64 // graphmetrics.Paper alone, with the config's nulls
	rows               []pipelineRow
	perSimulation      float64 // seconds of the 11 × 3 runs of one simulation
	sweep              float64 // seconds of the whole sweep
	// jobs > 1: the same with jobs runs at once (paper run -j jobs).
	jobs                       int
	perSimulationPar, sweepPar float64
	simulations                int
	field                      string
}

// timePipeline runs experiment.PaperTrainer.Run (with epochs epochs) for
// Task t in measured and the variant of each penalty kind, times graph metrics
// alone, and extrapolates to the config's epochs and to the paper sweep: the
// tasks not measured take the first measured task's time, scaled in its
// epoch part by their steps per trial.
//
// With jobs > 1 it also times, for each measured (task, kind), jobs
// simulations of that variant trained at once, as paper run -j jobs does,
// with the BLAS that parallel(jobs) installs (one thread per run); their
// wall time over jobs is the effective time per run of that mode.
func timePipeline(cfg experiment.Config, field *connectome.Field, measured []int, epochs, jobs int, parallel func(jobs int) (restore func()), log func(string, ...any)) (*pipelineResult, error) {
	full := cfg.Epochs
	cfg.Epochs = epochs
	tr, err := experiment.NewPaperTrainer(&cfg, field)
	if err != nil {
		return nil, err
	}
	parts, err := trainerparts.Of(tr)
	if err != nil {
		return nil, err
	}
	prov, err := experiment.CurrentProvenance(&cfg)
	if err != nil {
		return nil, err
	}
	res := &pipelineResult{epochs: epochs, fullEpochs: full, simulations: cfg.Simulations, field: field.Name, jobs: jobs}

	// Graph metrics alone, on the biological initial matrix.
	spec, err := cfg.Spec(experiment.RunKey{Task: measured[0], Variant: kindVariant["comm"]}, prov.Inputs)
	if err != nil {
		return nil, err
	}
	w, err := parts.InitialRecurrent(spec.Key.Task, spec.Key.Variant, spec.Key.Simulation)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	if _, err := graphmetrics.Paper(w, cfg.SmallWorldNulls, seeds.Rand(spec.Seed, seeds.StreamGraphNulls)); err != nil && !errors.Is(err, graphmetrics.ErrUndefined) {
		return nil, fmt.Errorf("graph metrics: %w", err)
	}
	res.graphSeconds = time.Since(t0).Seconds()
	log("pipeline: graph metrics (%d nulls) %.1f s", cfg.SmallWorldNulls, res.graphSeconds)

	fullOf := map[[2]int]float64{} // (task, kind index) → seconds
	for _, task := range measured {
		for ki, kind := range penaltyKinds {
			spec, err := cfg.Spec(experiment.RunKey{Task: task, Variant: kindVariant[kind]}, prov.Inputs)
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
	parOf := map[[2]int]float64{}
	if jobs > 1 {
		restore := parallel(jobs)
		for i := range res.rows {
			row := &res.rows[i]
			wall, err := timeConcurrent(tr, &cfg, prov.Inputs, row.task, kindVariant[row.kind], jobs)
			if err != nil {
				restore()
				return nil, err
			}
			row.parFull = extrapolate(wall, res.graphSeconds, epochs, full) / float64(jobs)
			parOf[[2]int{row.task, slices.Index(penaltyKinds, row.kind)}] = row.parFull
			log("pipeline: task %d %s (%s) %d runs at once %.1f s → %.1f s per run of %d epochs", row.task, row.kind, kindVariant[row.kind], jobs, wall, row.parFull, full)
		}
		restore()
	}
	base := measured[0]
	baseSteps, err := taskSteps(base)
	if err != nil {
		return nil, err
	}
	counts := kindCounts()
	paper := experiment.ReferenceConfig()
	for _, task := range paper.TaskNumbers() { // the paper's tasks, 1–3
		steps, err := taskSteps(task)
		if err != nil {
			return nil, err
		}
		for ki, kind := range penaltyKinds {
			f, ok := fullOf[[2]int{task, ki}]
			p := parOf[[2]int{task, ki}]
			if !ok {
				b := fullOf[[2]int{base, ki}]
				f = res.graphSeconds + (b-res.graphSeconds)*float64(steps)/float64(baseSteps)
				if jobs > 1 {
					// The graph metrics' share of an effective run is graphSeconds/jobs.
					g := res.graphSeconds / float64(jobs)
					p = g + (parOf[[2]int{base, ki}]-g)*float64(steps)/float64(baseSteps)
				}
				res.rows = append(res.rows, pipelineRow{task: task, kind: kind, full: f, parFull: p})
			}
			res.perSimulation += float64(counts[kind]) * f
			res.perSimulationPar += float64(counts[kind]) * p
		}
	}
	res.sweep = res.perSimulation * float64(cfg.Simulations)
	res.sweepPar = res.perSimulationPar * float64(cfg.Simulations)
	return res, nil
}

// timeConcurrent trains simulations 1…jobs of (task, variant) at once, one
// goroutine each, and returns the wall time in seconds.
func timeConcurrent(tr *experiment.PaperTrainer, cfg *experiment.Config, inputs []experiment.Input, task int, variant string, jobs int) (float64, error) {
	errs := make([]error, jobs)
	var wg sync.WaitGroup
	t0 := time.Now()
	for j := range jobs {
		spec, err := cfg.Spec(experiment.RunKey{Task: task, Variant: variant, Simulation: j + 1}, inputs)
		if err != nil {
			return 0, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := tr.Run(context.Background(), spec); err != nil {
				errs[j] = fmt.Errorf("pipeline %v: %w", spec.Key, err)
			}
		}()
	}
	wg.Wait()
	return time.Since(t0).Seconds(), errors.Join(errs...)
}

// taskSteps returns the steps per trial of paper task t.
func taskSteps(t int) (int, error) {
	task, err := tasks.ByName(fmt.Sprintf("task%d", t))
	if err != nil {
		return 0, err
	}
	return task.Spec().Steps, nil
}
