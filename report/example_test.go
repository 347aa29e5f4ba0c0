package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/report"
)

// A sweep with a stand-in trainer (two variants, three simulations of task
// 1), then its published layout, summary and figures.
func ExampleFinish() {
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
	if _, err := sw.Run(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	if err := report.Finish(dir); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(filepath.Join(dir, "Task1", "Accuracy_raw.csv"))
	fmt.Printf("%s", b)
	// Output:
	// simulation,W*D*C,W
	// 0,0.9,0.625
	// 1,0.91,0.625
	// 2,0.92,0.625
}
