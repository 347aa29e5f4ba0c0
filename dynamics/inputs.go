package dynamics

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cortexrnn/cortexrnn/rnn"
)

// Input is one constant input x* under which fixed points are sought, with
// the names of the conditions and periods of the task in which it is shown.
type Input struct {
	// Name identifies the input, e.g. "goal 9" or "fixation".
	Name string
	// Periods lists the task periods in which the input is shown.
	Periods []string
	// X is the input vector, one entry per input channel.
	X []float64
}

// DefaultInputs returns the noise-free inputs of each condition in each
// period of one of the paper's three tasks (docs/method.md §7), in the
// channel order of package tasks, each input once:
//
//	onechoice     8 channels: "goal 7", "goal 9", "goal 17", "goal 19"
//	              (goal period, one-hot in channels 0–3); "none" (the delay,
//	              all zeros); "choice ul", "choice rd", "choice ld",
//	              "choice ur", "choice lr" (choice period, the two offered
//	              directions set to 1 in channels 4–7 in the order l, u, r, d)
//	gonogo        3 channels: "fixation" [1,0,0] (fixation and delay periods),
//	              "cue nogo" [0,1,0], "cue go" [0,0,1], "none" [0,0,0] (the
//	              response period)
//	perceptualdm  3 channels: "fixation" [1,0,0] (fixation and delay periods:
//	              the fixation channel is on throughout), and per coherence c of
//	              the paper's {0, 6.4, 12.8, 25.6, 51.2} % and direction g the
//	              stimulus period's mean [1, 0.5 ± c/200, 0.5 ∓ c/200]
//	              ("stim c=0" once, as both directions give [1, 0.5, 0.5];
//	              "stim c=6.4 g=0", …)
//
// The paper's task names "task1", "task2", "task3" are accepted. An unknown
// name returns an error wrapping ErrUnknownTask. For other tasks, or other
// coherences, use InputsFromBatch on a noise-free batch.
func DefaultInputs(task string) ([]Input, error) {
	switch strings.ToLower(task) {
	case "onechoice", "task1":
		var in []Input
		for g, goal := range []int{7, 9, 17, 19} {
			x := make([]float64, 8)
			x[g] = 1
			in = append(in, Input{Name: fmt.Sprintf("goal %d", goal), Periods: []string{"goal"}, X: x})
		}
		in = append(in, Input{Name: "none", Periods: []string{"delay"}, X: make([]float64, 8)})
		// The offered pairs of the eight problems, first appearance order.
		for _, p := range []string{"ul", "rd", "ld", "ur", "lr"} {
			x := make([]float64, 8)
			for _, d := range p {
				x[4+strings.IndexRune("lurd", d)] = 1
			}
			in = append(in, Input{Name: "choice " + p, Periods: []string{"choice"}, X: x})
		}
		return in, nil
	case "gonogo", "task2":
		return []Input{
			{Name: "fixation", Periods: []string{"fixation", "delay"}, X: []float64{1, 0, 0}},
			{Name: "cue nogo", Periods: []string{"cue"}, X: []float64{0, 1, 0}},
			{Name: "cue go", Periods: []string{"cue"}, X: []float64{0, 0, 1}},
			{Name: "none", Periods: []string{"response"}, X: []float64{0, 0, 0}},
		}, nil
	case "perceptualdm", "task3":
		in := []Input{{Name: "fixation", Periods: []string{"fixation", "delay"}, X: []float64{1, 0, 0}}}
		for _, c := range []float64{0, 6.4, 12.8, 25.6, 51.2} {
			for g := 0; g < 2; g++ {
				if c == 0 && g == 1 {
					continue
				}
				// x_{1+k} = cos(θ_k − θ_g)·c/200 + 0.5, θ = (0, π).
				d := c / 200
				if g == 1 {
					d = -d
				}
				name := fmt.Sprintf("stim c=%g g=%d", c, g)
				if c == 0 {
					name = "stim c=0"
				}
				in = append(in, Input{Name: name, Periods: []string{"stimulus"}, X: []float64{1, 0.5 + d, 0.5 - d}})
			}
		}
		return in, nil
	}
	return nil, fmt.Errorf("dynamics: DefaultInputs: task %q (known: onechoice, gonogo, perceptualdm): %w", task, ErrUnknownTask)
}

// Span names a range of steps of a batch: Steps steps from Start. Its fields
// are those of tasks.Period, so a tasks.Period converts with Span(p).
type Span struct {
	Name  string
	Start int
	Steps int
}

// InputsFromBatch returns the distinct input vectors of a noise-free batch
// within the given spans, each once, in order of first appearance (span,
// then step, then trial). Each is named "<span> <index>" after the first
// span it occurs in, and Periods lists every span it occurs in. Steps
// outside every span are ignored. It returns an error wrapping
// ErrInput if a span lies outside the batch or an input is non-finite.
func InputsFromBatch(b rnn.Batch, spans []Span) ([]Input, error) {
	if len(b.X) != b.Steps*b.Size*b.NIn {
		return nil, fmt.Errorf("dynamics: InputsFromBatch: X has %d values, want %d·%d·%d: %w", len(b.X), b.Steps, b.Size, b.NIn, ErrInput)
	}
	var out []Input
	for _, sp := range spans {
		if sp.Start < 0 || sp.Steps < 0 || sp.Start+sp.Steps > b.Steps {
			return nil, fmt.Errorf("dynamics: InputsFromBatch: span %q [%d, %d) outside the %d steps: %w", sp.Name, sp.Start, sp.Start+sp.Steps, b.Steps, ErrInput)
		}
		for t := sp.Start; t < sp.Start+sp.Steps; t++ {
			for tr := 0; tr < b.Size; tr++ {
				x := make([]float64, b.NIn)
				for i := range x {
					x[i] = float64(b.X[(t*b.Size+tr)*b.NIn+i])
					if math.IsNaN(x[i]) || math.IsInf(x[i], 0) {
						return nil, fmt.Errorf("dynamics: InputsFromBatch: step %d trial %d channel %d is %g: %w", t, tr, i, x[i], ErrInput)
					}
				}
				k := slices.IndexFunc(out, func(in Input) bool { return slices.Equal(in.X, x) })
				if k < 0 {
					out = append(out, Input{Name: fmt.Sprintf("%s %d", sp.Name, len(out)), Periods: []string{sp.Name}, X: x})
				} else if !slices.Contains(out[k].Periods, sp.Name) {
					out[k].Periods = append(out[k].Periods, sp.Name)
				}
			}
		}
	}
	return out, nil
}
