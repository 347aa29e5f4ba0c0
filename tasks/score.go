package tasks

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Score counts a network's correct responses on batches of trials, in the
// two ways the field reads them.
//
// Trial performance (TrialsCorrect of Trials) is what NeuroGym users report
// as a task's performance: one verdict per trial, the network's choice at the
// end of the decision period against the correct choice there. For a
// last-step task that is the class at the last step against Labels; for a
// per-step task, whose decision period is the last period of every trial
// (trials are left-padded to end on the last step), it is the argmax of the
// readout at the last step against the target class there — as NeuroGym's
// supervised-learning tutorial scores a trial (argmax of the final step's
// output against gt[-1]).
//
// Step accuracy (StepsCorrect of Steps) counts every step with a positive
// loss weight (Mask) whose argmax readout equals its argmax target. It is
// what rnn.Model.Evaluate and the training history report for per-step
// losses. It includes the fixation steps, which a network that never
// responds gets right, so on per-step tasks it is far above chance for a
// network that has learnt nothing; read TrialAccuracy for task performance.
// For last-step tasks the two coincide (one scored step per trial).
type Score struct {
	Trials, TrialsCorrect int
	Steps, StepsCorrect   int
}

// TrialAccuracy returns TrialsCorrect/Trials (NaN when Trials is 0).
func (s Score) TrialAccuracy() float64 { return ratio(s.TrialsCorrect, s.Trials) }

// StepAccuracy returns StepsCorrect/Steps (NaN when Steps is 0).
func (s Score) StepAccuracy() float64 { return ratio(s.StepsCorrect, s.Steps) }

// Add returns the sum of the counts of s and o, the score of both sets of
// trials together.
func (s Score) Add(o Score) Score {
	return Score{
		Trials: s.Trials + o.Trials, TrialsCorrect: s.TrialsCorrect + o.TrialsCorrect,
		Steps: s.Steps + o.Steps, StepsCorrect: s.StepsCorrect + o.StepsCorrect,
	}
}

func (s Score) String() string {
	return fmt.Sprintf("trial accuracy %.3f (%d/%d), step accuracy %.3f (%d/%d)",
		s.TrialAccuracy(), s.TrialsCorrect, s.Trials, s.StepAccuracy(), s.StepsCorrect, s.Steps)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// ScoreBatch scores the readout logits of a network on b. logits is what
// rnn.Model.Logits returns: for a last-step batch (Labels set) a Size×NOut
// matrix, one row per trial; for a per-step batch (Y and Mask set) a
// (Steps·Size)×NOut matrix in time-major order, row t·Size+b for trial b at
// step t. A choice is the first largest entry of its row (numpy's argmax);
// a row holding NaN counts as wrong. See Score for what is counted.
//
// ScoreBatch panics with a ShapeError if logits does not have the shape
// above or b's slices disagree with its sizes.
func ScoreBatch(b *Batch, logits mat.Matrix) Score {
	r, c := logits.Dims()
	if c != b.NOut {
		panic(ShapeError{"logits columns", c, b.NOut})
	}
	if b.Labels != nil {
		if r != b.Size {
			panic(ShapeError{"logits rows", r, b.Size})
		}
		if len(b.Labels) != b.Size {
			panic(ShapeError{"len(Labels)", len(b.Labels), b.Size})
		}
		var s Score
		s.Trials, s.Steps = b.Size, b.Size
		for i, l := range b.Labels {
			if choice(logits, i) == l {
				s.TrialsCorrect++
			}
		}
		s.StepsCorrect = s.TrialsCorrect
		return s
	}
	rows := b.Steps * b.Size
	switch {
	case r != rows:
		panic(ShapeError{"logits rows", r, rows})
	case len(b.Y) != rows*b.NOut:
		panic(ShapeError{"len(Y)", len(b.Y), rows * b.NOut})
	case len(b.Mask) != rows:
		panic(ShapeError{"len(Mask)", len(b.Mask), rows})
	}
	var s Score
	for row, m := range b.Mask {
		if m > 0 {
			s.Steps++
			if choice(logits, row) == argmax32(b.Y[row*b.NOut:(row+1)*b.NOut]) {
				s.StepsCorrect++
			}
		}
	}
	last := (b.Steps - 1) * b.Size
	s.Trials = b.Size
	for i := range b.Size {
		row := last + i
		if choice(logits, row) == argmax32(b.Y[row*b.NOut:(row+1)*b.NOut]) {
			s.TrialsCorrect++
		}
	}
	return s
}

// choice returns the first column holding the largest entry of row i, or −1
// when the row holds a NaN.
func choice(m mat.Matrix, i int) int {
	_, c := m.Dims()
	arg := 0
	for k := range c {
		v := m.At(i, k)
		if math.IsNaN(v) {
			return -1
		}
		if v > m.At(i, arg) {
			arg = k
		}
	}
	return arg
}

func argmax32(y []float32) int {
	arg := 0
	for k, v := range y {
		if v > y[arg] {
			arg = k
		}
	}
	return arg
}
