package tasks

import (
	"math/rand/v2"
)

// Directions of the one-choice inference task, in output-class order.
const (
	Left  = 0 // l
	Up    = 1 // u
	Right = 2 // r
	Down  = 3 // d
)

// OneChoiceProblem is one of the eight maze problems of the one-choice
// inference task: the goal location, the two directions offered, and the
// direction that leads to the goal.
type OneChoiceProblem struct {
	Goal    int    // maze location: 7, 9, 17 or 19
	Choices [2]int // the two offered directions (Left, Up, Right, Down)
	Answer  int    // the correct direction, one of Choices
}

// OneChoiceProblems returns the eight problems of the paper (docs/method.md §7),
// in the order the condition index refers to:
//
//	(9, ul, u), (9, rd, r), (19, ld, d), (17, rd, d),
//	(17, ul, l), (7, ur, u), (19, lr, r), (7, lr, l).
func OneChoiceProblems() [8]OneChoiceProblem { return oneChoiceProblems }

var oneChoiceProblems = [8]OneChoiceProblem{
	{9, [2]int{Up, Left}, Up},
	{9, [2]int{Right, Down}, Right},
	{19, [2]int{Left, Down}, Down},
	{17, [2]int{Right, Down}, Down},
	{17, [2]int{Up, Left}, Left},
	{7, [2]int{Up, Right}, Up},
	{19, [2]int{Left, Right}, Right},
	{7, [2]int{Left, Right}, Left},
}

// OneChoice step counts (docs/method.md §7, Task 1).
const (
	OneChoiceGoalSteps   = 20 // steps 0–19: goal cue
	OneChoiceDelaySteps  = 10 // steps 20–29: nothing
	OneChoiceChoiceSteps = 20 // steps 30–49: the two offered directions
)

// One-choice input channels: goal one-hot in 0–3, offered directions in 4–7.
const (
	oneChoiceGoalCh   = 0
	oneChoiceChoiceCh = 4
)

// OneChoiceCondition forces a one-choice trial: Problem indexes
// OneChoiceProblems (0–7).
type OneChoiceCondition struct{ Problem int }

// OneChoice is Task 1 of the paper, one-choice inference after Achterberg et
// al. 2023 (spatially embedded RNNs, doi:10.1038/s42256-023-00748-9): a goal
// location is shown, then withheld, then two directions are offered and the
// network must report the one leading to the goal, at the last step.
//
// 50 steps (dt = 1 step), 8 inputs, 4 classes (Left, Up, Right, Down),
// last-step target. Steps 0–19: goal one-hot in channels 0–3 (goal 7 → 0,
// 9 → 1, 17 → 2, 19 → 3). Steps 20–29: all zeros. Steps 30–49: the two
// offered directions set to 1 in channels 4–7 (l → 4, u → 5, r → 6, d → 7).
// Label: the answer's direction. Without remembering the goal a network can
// reach only 0.625 accuracy.
//
// SampleCondition consumes one rnd.IntN(8) draw; writing consumes none.
type OneChoice struct {
	sched *Schedule
	spec  Spec
}

var _ Conditioned[OneChoiceCondition] = (*OneChoice)(nil)

// NewOneChoice returns the paper's one-choice inference task.
func NewOneChoice() *OneChoice {
	s, err := NewSchedule("OneChoice", 1,
		PeriodSpec{"goal", Fixed(OneChoiceGoalSteps)},
		PeriodSpec{"delay", Fixed(OneChoiceDelaySteps)},
		PeriodSpec{"choice", Fixed(OneChoiceChoiceSteps)},
	)
	if err != nil {
		panic(err) // constant schedule: cannot fail
	}
	o := &OneChoice{sched: s}
	o.spec = Spec{
		Name:    "onechoice",
		DT:      1,
		Steps:   s.MaxSteps(),
		Inputs:  []string{"goal7", "goal9", "goal17", "goal19", "left", "up", "right", "down"},
		Outputs: []string{"left", "up", "right", "down"},
		Target:  TargetLastStep,
	}
	return o
}

// GoalChannel returns the input channel of a goal location (7 → 0, 9 → 1,
// 17 → 2, 19 → 3) and false for any other location.
func GoalChannel(goal int) (int, bool) {
	switch goal {
	case 7:
		return 0, true
	case 9:
		return 1, true
	case 17:
		return 2, true
	case 19:
		return 3, true
	}
	return 0, false
}

// Spec describes the task.
func (o *OneChoice) Spec() Spec { return o.spec.clone() }

// SampleCondition draws a problem uniformly (one rnd.IntN(8) draw).
func (*OneChoice) SampleCondition(rnd *rand.Rand) OneChoiceCondition {
	return OneChoiceCondition{Problem: rnd.IntN(len(oneChoiceProblems))}
}

// WriteTrial writes trial b of dst with a problem drawn from rnd.
func (o *OneChoice) WriteTrial(dst *Batch, b int, rnd *rand.Rand) {
	dst.checkShape(o.spec, b)
	mustRand(rnd, "OneChoice.WriteTrial")
	o.write(dst, b, o.SampleCondition(rnd))
}

// WriteCondition writes trial b of dst for problem c.Problem; it draws
// nothing from rnd (which may be nil).
func (o *OneChoice) WriteCondition(dst *Batch, b int, c OneChoiceCondition, _ *rand.Rand) error {
	if c.Problem < 0 || c.Problem >= len(oneChoiceProblems) {
		return fieldErr("OneChoiceCondition.Problem", ErrCondition, "%d, want 0–%d", c.Problem, len(oneChoiceProblems)-1)
	}
	o.write(dst, b, c)
	return nil
}

func (o *OneChoice) write(dst *Batch, b int, c OneChoiceCondition) {
	dst.checkShape(o.spec, b)
	p := oneChoiceProblems[c.Problem]
	tl := o.sched.Resolve(nil)
	goal, choice := tl.Periods[0], tl.Periods[2]
	dst.ClearTrial(b)
	g, _ := GoalChannel(p.Goal)
	dst.SetInput(b, goal, oneChoiceGoalCh+g, 1)
	dst.SetInput(b, choice, oneChoiceChoiceCh+p.Choices[0], 1)
	dst.SetInput(b, choice, oneChoiceChoiceCh+p.Choices[1], 1)
	dst.Labels[b] = p.Answer
}
