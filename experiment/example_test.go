package experiment_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// A sweep with a stand-in trainer: two variants, three simulations of task
// 1, each run stored in the sweep folder as it finishes (package report
// writes the published layout from them).
func Example() {
	cfg := experiment.ReferenceConfig()
	cfg.FieldName = "6_6_2"
	cfg.Tasks = []string{"onechoice"}
	cfg.Variants = []string{"W*D*C", "W"}
	cfg.Simulations = 3
	trainer := experiment.TrainerFunc(func(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
		acc := 0.625 // a real Trainer trains a network here
		if spec.Variant.Init == experiment.InitBio {
			acc = 0.9 + 0.01*float64(spec.Key.Simulation)
		}
		return experiment.RunResult{Accuracy: acc, Loss: 1 - acc, ValidationAccuracy: acc, ValidationLoss: 1 - acc,
			TestAccuracy: acc, TestLoss: 1 - acc}, nil
	})
	root, _ := os.MkdirTemp("", "sweep")
	defer os.RemoveAll(root)
	dir := filepath.Join(root, cfg.FolderName())
	sw := experiment.Sweep{Config: cfg, Trainer: trainer, Dir: dir, Jobs: 2}
	st, err := sw.Run(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	recs, err := experiment.LoadRecords(dir, &cfg, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s, %d runs\n", cfg.FolderName(), st.Ran)
	for _, r := range recs {
		fmt.Printf("%v: accuracy %.3f\n", r.Key, r.Result.Accuracy)
	}
	// Output:
	// 6_6_2_sttc-corr, 6 runs
	// Task1/W*D*C/sim0: accuracy 0.900
	// Task1/W*D*C/sim1: accuracy 0.910
	// Task1/W*D*C/sim2: accuracy 0.920
	// Task1/W/sim0: accuracy 0.625
	// Task1/W/sim1: accuracy 0.625
	// Task1/W/sim2: accuracy 0.625
}

// One training of the paper's fully constrained network on a 16-neuron
// synthetic field, reporting each epoch as it ends and keeping W_rec before
// and after training (for figures such as report.PlotMatrixWith's).
func ExamplePaperTrainer_Train() {
	cfg := experiment.CorrectedConfig()
	cfg.SyntheticN = 16
	cfg.Epochs, cfg.BatchSize, cfg.SmallWorldNulls = 2, 32, 5
	cfg.TrainTrials, cfg.ValidationTrials, cfg.TestTrials = 32, 32, 32
	field, err := experiment.LoadField(&cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	trainer, err := experiment.NewPaperTrainer(&cfg, field)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The spec of the run, with the fingerprint of the field's files
	// (Provenance.Inputs) that the trainer checks.
	prov, err := experiment.CurrentProvenance(&cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	spec, err := cfg.Spec(experiment.RunKey{Task: 1, Variant: "W*D*C", Simulation: 0}, prov.Inputs)
	if err != nil {
		fmt.Println(err)
		return
	}
	task, err := tasks.ByName("onechoice")
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := trainer.Train(context.Background(), spec, task, func(st rnn.EpochStats, _ time.Duration) {
		fmt.Printf("epoch %d done\n", st.Epoch+1)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, c := out.Final.Dims()
	fmt.Printf("%s: W_rec %d×%d, %d epochs in the result\n", cfg.Field(), r, c, len(out.Result.History))
	// Output:
	// epoch 1 done
	// epoch 2 done
	// synthetic-n16: W_rec 16×16, 2 epochs in the result
}
