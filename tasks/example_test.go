package tasks_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/tasks"
)

// The paper's Task 1: force maze problem 0 (goal 9, offered up and left) and
// print the inputs at the start of each period and the label.
func ExampleOneChoice() {
	task := tasks.NewOneChoice()
	spec := task.Spec()
	b, err := tasks.NewBatch(spec, 1)
	if err != nil {
		panic(err)
	}
	if err := task.WriteCondition(b, 0, tasks.OneChoiceCondition{Problem: 0}, nil); err != nil {
		panic(err)
	}
	for _, t := range []int{0, 20, 30} {
		fmt.Print("step ", t, ":")
		for i := 0; i < b.NIn; i++ {
			fmt.Printf(" %.0f", b.Input(t, 0, i))
		}
		fmt.Println()
	}
	fmt.Println("answer:", spec.Outputs[b.Labels[0]])
	// Output:
	// step 0: 0 1 0 0 0 0 0 0
	// step 20: 0 0 0 0 0 0 0 0
	// step 30: 0 0 0 0 1 1 0 0
	// answer: up
}

// The paper's Task 2: a Go trial, input vectors per period.
func ExampleGoNoGo() {
	task := tasks.NewGoNoGo()
	b, _ := tasks.NewBatch(task.Spec(), 1)
	_ = task.WriteCondition(b, 0, tasks.GoNoGoCondition{Go: true}, nil)
	for _, t := range []int{0, 5, 25, 35} {
		fmt.Printf("step %d: [%.0f %.0f %.0f]\n", t, b.Input(t, 0, 0), b.Input(t, 0, 1), b.Input(t, 0, 2))
	}
	fmt.Println("label:", b.Labels[0])
	// Output:
	// step 0: [1 0 0]
	// step 5: [0 0 1]
	// step 25: [1 0 0]
	// step 35: [0 0 0]
	// label: 1
}

// The paper's Task 3 without noise: coherence 25.6 % towards choice 0.
func ExamplePerceptualDM() {
	cfg := tasks.DefaultPerceptualDMConfig()
	cfg.Sigma = 0 // noise-free, to show the means
	task, err := tasks.NewPerceptualDM(cfg)
	if err != nil {
		panic(err)
	}
	spec := task.Spec()
	b, _ := tasks.NewBatch(spec, 1)
	rnd := rand.New(rand.NewPCG(1, 1))
	_ = task.WriteCondition(b, 0, tasks.PerceptualDMCondition{Coherence: 25.6, Choice: 0}, rnd)
	fmt.Println("steps:", spec.Steps, "dt:", spec.DT)
	for _, t := range []int{0, 1, 30, 31} {
		fmt.Printf("step %d: [%.3f %.3f %.3f]\n", t, b.Input(t, 0, 0), b.Input(t, 0, 1), b.Input(t, 0, 2))
	}
	def, _ := tasks.NewPerceptualDM(tasks.DefaultPerceptualDMConfig())
	fmt.Printf("default noise SD: %.3f\n", def.NoiseSD())
	// Output:
	// steps: 41 dt: 100
	// step 0: [1.000 0.000 0.000]
	// step 1: [1.000 0.628 0.372]
	// step 30: [1.000 0.628 0.372]
	// step 31: [1.000 0.000 0.000]
	// default noise SD: 0.100
}

// The paper's datasets: 5,120 training and 2,560 held-out trials in batches
// of 128, reproducible from the seed.
func ExampleNewDataset() {
	task, err := tasks.ByName("Task3")
	if err != nil {
		panic(err)
	}
	ds, err := tasks.NewDataset(task, tasks.DefaultDatasetConfig(), rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		panic(err)
	}
	b := ds.Train[0]
	fmt.Println(len(ds.Train), "training batches of", b.Size, "trials,", len(ds.HeldOut), "held-out batches")
	fmt.Println("batch shape (T, B, NIn):", b.Steps, b.Size, b.NIn, "classes:", b.NOut)
	// Output:
	// 40 training batches of 128 trials, 20 held-out batches
	// batch shape (T, B, NIn): 41 128 3 classes: 2
}

func ExampleByName() {
	_, err := tasks.ByName("task9")
	fmt.Println(err != nil)
	task, _ := tasks.ByName("gonogo")
	s := task.Spec()
	fmt.Println(s.Name, s.Steps, s.NIn(), s.NOut(), s.Target)
	// Output:
	// true
	// gonogo 40 3 2 last-step
}
