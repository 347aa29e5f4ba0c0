package experiment_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// A sweep keeps every trained network (runs/<key>.npz); OpenRun reads a
// run back with its configuration and record, and an Analysis recomputes
// metrics from the stored weights alone.
func ExampleOpenRun() {
	cfg := experiment.CorrectedConfig()
	cfg.SyntheticN = 16
	cfg.Tasks = []string{"onechoice"}
	cfg.Variants = []string{"W*D*C"}
	cfg.Simulations, cfg.Epochs, cfg.BatchSize = 1, 1, 16
	cfg.TrainTrials, cfg.ValidationTrials, cfg.TestTrials, cfg.SmallWorldNulls = 32, 16, 16, 5
	field, err := experiment.LoadField(&cfg)
	if err != nil {
		log.Fatal(err)
	}
	trainer, err := experiment.NewPaperTrainer(&cfg, field)
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "sweep")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sw := experiment.Sweep{Config: cfg, Trainer: trainer, Dir: dir}
	if _, err := sw.Run(context.Background()); err != nil {
		log.Fatal(err)
	}

	key := experiment.RunKey{Task: 1, Variant: "W*D*C", Simulation: 0}
	run, err := experiment.OpenRun(dir, key)
	if err != nil {
		log.Fatal(err)
	}
	w := run.Weights.Model.EffectiveRecurrentTo(nil) // the trained W_rec_eff
	n, _ := w.Dims()
	fmt.Printf("%s: %s, N = %d, epochs %d\n", experiment.WeightsFileName(key), key, n, run.Config.Epochs)
	graph, err := experiment.GraphAnalysis{}.Analyze(run)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("modularity as recorded:", graph[0] == run.Record.Result.Modularity)
	// Output:
	// Task1_WsDsC_sim0000.npz: Task1/W*D*C/sim0, N = 16, epochs 1
	// modularity as recorded: true
}
