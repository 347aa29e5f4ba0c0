package tasks_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/tasks"
)

// printTrial prints, for each period start, the inputs, the target class and
// the mask of trial 0.
func printTrial(b *tasks.Batch, steps ...int) {
	for _, t := range steps {
		fmt.Printf("step %2d: in [", t)
		for i := 0; i < b.NIn; i++ {
			if i > 0 {
				fmt.Print(" ")
			}
			fmt.Printf("%.3f", b.Input(t, 0, i))
		}
		class := -1
		for k := 0; k < b.NOut; k++ {
			if b.Target(t, 0, k) == 1 {
				class = k
			}
		}
		fmt.Printf("] target %d mask %.0f\n", class, b.Weight(t, 0))
	}
}

// Delayed match-to-sample, noise-free, a non-match trial: the sample points to
// direction 0, the test to direction 1; the answer (class 2) is due in the
// decision period.
func ExampleDelayMatchSample() {
	cfg := tasks.DefaultDelayMatchSampleConfig()
	cfg.Sigma = 0
	task, err := tasks.NewDelayMatchSample(cfg)
	if err != nil {
		panic(err)
	}
	b, _ := tasks.NewBatch(task.Spec(), 1)
	c := tasks.DelayMatchSampleCondition{Match: false, Sample: 0}
	if err := task.WriteCondition(b, 0, c, rand.New(rand.NewPCG(1, 1))); err != nil {
		panic(err)
	}
	printTrial(b, 0, 3, 8, 18, 23)
	// Output:
	// step  0: in [1.000 0.000 0.000] target 0 mask 1
	// step  3: in [1.000 1.000 0.000] target 0 mask 1
	// step  8: in [1.000 0.000 0.000] target 0 mask 1
	// step 18: in [1.000 0.000 1.000] target 0 mask 1
	// step 23: in [0.000 0.000 0.000] target 2 mask 1
}

// Context-dependent decision making: in context 1 the network must report
// modality 2 (direction 1) and ignore modality 1 (direction 0).
func ExampleContextDM() {
	cfg := tasks.DefaultContextDMConfig()
	cfg.Sigma = 0
	cfg.Delay = tasks.Fixed(600)
	task, err := tasks.NewContextDM(cfg)
	if err != nil {
		panic(err)
	}
	b, _ := tasks.NewBatch(task.Spec(), 1)
	c := tasks.ContextDMCondition{Context: 1, Choice: 1, Other: 0, Coherence: [2]float64{50, 15}}
	if err := task.WriteCondition(b, 0, c, rand.New(rand.NewPCG(1, 1))); err != nil {
		panic(err)
	}
	fmt.Println(task.Spec().Inputs)
	printTrial(b, 0, 6, 21, 33)
	// Output:
	// [fixation mod1_0 mod1_1 mod2_0 mod2_1 context0 context1]
	// step  0: in [1.000 0.000 0.000 0.000 0.000 0.000 1.000] target 0 mask 1
	// step  6: in [1.000 0.750 0.250 0.425 0.575 0.000 1.000] target 0 mask 1
	// step 21: in [1.000 0.000 0.000 0.000 0.000 0.000 1.000] target 0 mask 1
	// step 33: in [0.000 0.000 0.000 0.000 0.000 0.000 1.000] target 2 mask 1
}

// Parametric working memory (Romo et al. 1999): f1 = 34 Hz, f2 = 26 Hz, so
// the answer is "f1 > f2" (class 1).
func ExampleWorkingMemory() {
	cfg := tasks.DefaultWorkingMemoryConfig()
	cfg.Sigma = 0
	task, err := tasks.NewWorkingMemory(cfg)
	if err != nil {
		panic(err)
	}
	b, _ := tasks.NewBatch(task.Spec(), 1)
	if err := task.WriteCondition(b, 0, tasks.WorkingMemoryCondition{F1: 34, F2: 26}, rand.New(rand.NewPCG(1, 1))); err != nil {
		panic(err)
	}
	printTrial(b, 0, 5, 10, 20, 25)
	// Output:
	// step  0: in [1.000 0.000] target 0 mask 1
	// step  5: in [1.000 1.000] target 0 mask 1
	// step 10: in [1.000 0.000] target 0 mask 1
	// step 20: in [1.000 0.833] target 0 mask 1
	// step 25: in [0.000 0.000] target 1 mask 1
}

// Go/NoGo with a variable delay: shorter trials are left-padded (mask 0) so
// that every trial's decision period ends on the last step.
func ExampleVarDelayGoNoGo() {
	task, err := tasks.NewVarDelayGoNoGo(tasks.DefaultVarDelayGoNoGoConfig())
	if err != nil {
		panic(err)
	}
	spec := task.Spec()
	b, _ := tasks.NewBatch(spec, 1)
	rnd := rand.New(rand.NewPCG(3, 3))
	for range 3 {
		if err := task.WriteCondition(b, 0, tasks.GoNoGoCondition{Go: true}, rnd); err != nil {
			panic(err)
		}
		pad := 0
		for pad < spec.Steps && b.Weight(pad, 0) == 0 {
			pad++
		}
		fmt.Printf("steps %d, padding %d, target at last step %.0f\n", spec.Steps, pad, b.Target(spec.Steps-1, 0, 1))
	}
	// Output:
	// steps 31, padding 10, target at last step 1
	// steps 31, padding 15, target at last step 1
	// steps 31, padding 5, target at last step 1
}

// A custom timeline: periods with fixed and random durations on a 20 ms grid.
func ExampleNewSchedule() {
	s, err := tasks.NewSchedule("MyTask", 20,
		tasks.PeriodSpec{Name: "fixation", Duration: tasks.Fixed(100)},
		tasks.PeriodSpec{Name: "stimulus", Duration: tasks.Choice{200, 400}},
		tasks.PeriodSpec{Name: "delay", Duration: tasks.TruncExp{Mean: 300, Min: 100, Max: 1000}},
		tasks.PeriodSpec{Name: "decision", Duration: tasks.Fixed(100)},
	)
	if err != nil {
		panic(err)
	}
	fmt.Println("max steps:", s.MaxSteps())
	tl := s.Resolve(rand.New(rand.NewPCG(1, 1)))
	for _, p := range tl.Periods {
		fmt.Printf("%-8s steps %2d–%2d\n", p.Name, p.Start, p.End()-1)
	}
	_, err = tasks.NewSchedule("MyTask", 20, tasks.PeriodSpec{Name: "stimulus", Duration: tasks.Fixed(150)})
	fmt.Println(err)
	// Output:
	// max steps: 79
	// fixation steps 25–29
	// stimulus steps 30–39
	// delay    steps 40–73
	// decision steps 74–78
	// tasks: MyTask.stimulus: duration not on the dt grid: duration 150 is not a positive multiple of dt = 20
}
