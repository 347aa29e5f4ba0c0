package tasks_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/tasks"
)

// toneDetection is a user-defined task: report (per step, after a variable
// wait) whether a two-channel tone was present.
type toneDetection struct{ sched *tasks.Schedule }

func (d toneDetection) Spec() tasks.Spec {
	return tasks.Spec{
		Name: "tonedetection", DT: d.sched.DT(), Steps: d.sched.MaxSteps(),
		Inputs: []string{"fixation", "toneA", "toneB"}, Outputs: []string{"fixation", "absent", "present"},
		Target: tasks.TargetPerStep,
	}
}

func (d toneDetection) WriteTrial(dst *tasks.Batch, b int, rnd *rand.Rand) {
	present := rnd.IntN(2) == 1
	tl := d.sched.Resolve(rnd)
	wait, tone, decision := tl.Periods[0], tl.Periods[1], tl.Periods[2]
	dst.ClearTrial(b)
	dst.SetInput(b, wait, 0, 1)
	dst.SetInput(b, tone, 0, 1)
	if present {
		dst.SetInputs(b, tone, 1, []float32{0.8, 0.6})
	}
	dst.SetTarget(b, tl.Trial(), 0)
	dst.SetTarget(b, decision, map[bool]int{false: 1, true: 2}[present])
	dst.SetMask(b, tl.Trial(), 1)
}

// Writing your own task: a Schedule for the timeline, the Batch methods for
// inputs, targets and mask, and Generate for batches.
func Example_customTask() {
	sched, err := tasks.NewSchedule("ToneDetection", 100,
		tasks.PeriodSpec{Name: "wait", Duration: tasks.Choice{200, 400}},
		tasks.PeriodSpec{Name: "tone", Duration: tasks.Fixed(300)},
		tasks.PeriodSpec{Name: "decision", Duration: tasks.Fixed(200)},
	)
	if err != nil {
		panic(err)
	}
	var task tasks.Task = toneDetection{sched}
	batches, err := tasks.Generate(task, 6, 4, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		panic(err)
	}
	b := batches[0]
	fmt.Println(len(batches), "batches; steps", b.Steps, "size", b.Size, "then", batches[1].Size)
	for trial := 0; trial < b.Size; trial++ {
		fmt.Printf("trial %d: mask", trial)
		for t := 0; t < b.Steps; t++ {
			fmt.Printf(" %.0f", b.Weight(t, trial))
		}
		fmt.Print(" | toneA")
		for t := 0; t < b.Steps; t++ {
			fmt.Printf(" %.1f", b.Input(t, trial, 1))
		}
		fmt.Println()
	}
	// Output:
	// 2 batches; steps 9 size 4 then 2
	// trial 0: mask 1 1 1 1 1 1 1 1 1 | toneA 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0
	// trial 1: mask 0 0 1 1 1 1 1 1 1 | toneA 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0
	// trial 2: mask 0 0 1 1 1 1 1 1 1 | toneA 0.0 0.0 0.0 0.0 0.8 0.8 0.8 0.0 0.0
	// trial 3: mask 1 1 1 1 1 1 1 1 1 | toneA 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0
}
