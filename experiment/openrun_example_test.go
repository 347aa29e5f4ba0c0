package experiment_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// A sweep keeps every trained network (runs/<key>.npz); OpenRun reads a
// run back with its configuration, record and trained network (the
// analyses of package report recompute metrics from it alone).
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
	fmt.Printf("%s: %s, N = %d, epochs %d\n", filepath.Base(run.WeightsFile), key, n, run.Config.Epochs)
	fmt.Println("initial network kept:", run.Weights.InitialEffective != nil)
	// Output:
	// Task1_WsDsC_sim0000.npz: Task1/W*D*C/sim0, N = 16, epochs 1
	// initial network kept: true
}
