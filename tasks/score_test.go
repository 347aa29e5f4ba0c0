package tasks_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/tasks"
)

func TestConvertSharesArrays(t *testing.T) {
	t.Parallel()
	ds, err := tasks.NewDataset(tasks.NewGoNoGo(), tasks.DatasetConfig{Train: 4, BatchSize: 2}, rand.New(rand.NewPCG(1, 1)))
	require.NoError(t, err)
	got := tasks.Convert[rnn.Batch](ds.Train)
	require.Len(t, got, 2, "batches")
	for i, b := range got {
		src := ds.Train[i]
		assert.Equal(t, [4]int{src.Steps, src.Size, src.NIn, src.NOut}, [4]int{b.Steps, b.Size, b.NIn, b.NOut},
			"batch %d: Steps, Size, NIn, NOut", i)
		assert.Same(t, &src.X[0], &b.X[0], "batch %d: X does not share the array", i)
		assert.Same(t, &src.Labels[0], &b.Labels[0], "batch %d: Labels does not share the array", i)
		assert.Nil(t, b.Y, "batch %d: Y", i)
		assert.Nil(t, b.Mask, "batch %d: Mask", i)
	}
	assert.Empty(t, tasks.Convert[rnn.Batch](nil), "Convert(nil)")
}

// perStepBatch is a per-step batch of 3 steps × 2 trials × 3 classes whose
// targets are fixation (0) on steps 0–1 and class 1 (trial 0) or 2
// (trial 1) on step 2; step 0 of trial 1 is padding (mask 0).
func perStepBatch() *tasks.Batch {
	b := &tasks.Batch{Steps: 3, Size: 2, NIn: 1, NOut: 3, X: make([]float32, 6),
		Y: make([]float32, 18), Mask: []float32{1, 0, 1, 1, 1, 1}}
	targets := []int{0, 0, 0, 0, 1, 2} // row t*2+b
	for row, k := range targets {
		b.Y[row*3+k] = 1
	}
	return b
}

// oneHot returns a rows×3 matrix whose row r has its largest entry at col[r].
func oneHot(col ...int) *mat.Dense {
	m := mat.NewDense(len(col), 3, nil)
	for r, k := range col {
		m.Set(r, k, 1)
	}
	return m
}

func TestScoreBatch(t *testing.T) {
	t.Parallel()
	nanRow := oneHot(0, 0, 0, 0, 1, 2)
	nanRow.Set(5, 0, math.NaN())
	last := &tasks.Batch{Steps: 4, Size: 3, NIn: 1, NOut: 3, X: make([]float32, 12), Labels: []int{2, 0, 1}}
	tests := []struct {
		name   string
		b      *tasks.Batch
		logits mat.Matrix
		want   tasks.Score
	}{
		{"per-step all right", perStepBatch(), oneHot(0, 2, 0, 0, 1, 2), tasks.Score{Trials: 2, TrialsCorrect: 2, Steps: 5, StepsCorrect: 5}},
		// Never leaving fixation: every fixation step right, every trial wrong.
		{"per-step always fixating", perStepBatch(), oneHot(0, 0, 0, 0, 0, 0), tasks.Score{Trials: 2, TrialsCorrect: 0, Steps: 5, StepsCorrect: 3}},
		// The padding step (row 1) is not scored, whatever it says.
		{"per-step one wrong choice", perStepBatch(), oneHot(0, 1, 0, 0, 1, 1), tasks.Score{Trials: 2, TrialsCorrect: 1, Steps: 5, StepsCorrect: 4}},
		{"per-step early response", perStepBatch(), oneHot(1, 0, 2, 0, 1, 2), tasks.Score{Trials: 2, TrialsCorrect: 2, Steps: 5, StepsCorrect: 3}},
		{"per-step NaN is wrong", perStepBatch(), nanRow, tasks.Score{Trials: 2, TrialsCorrect: 1, Steps: 5, StepsCorrect: 4}},
		{"last-step", last, oneHot(2, 1, 1), tasks.Score{Trials: 3, TrialsCorrect: 2, Steps: 3, StepsCorrect: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tasks.ScoreBatch(tc.b, tc.logits), "ScoreBatch")
		})
	}
}

func TestScoreAccuracies(t *testing.T) {
	t.Parallel()
	s := tasks.Score{Trials: 4, TrialsCorrect: 1, Steps: 10, StepsCorrect: 8}.Add(tasks.Score{Trials: 4, TrialsCorrect: 3, Steps: 10, StepsCorrect: 9})
	assert.Equal(t, 0.5, s.TrialAccuracy(), "trial accuracy of %+v", s)
	assert.Equal(t, 0.85, s.StepAccuracy(), "step accuracy of %+v", s)
	var z tasks.Score
	assert.True(t, math.IsNaN(z.TrialAccuracy()), "zero score trial accuracy %v, want NaN", z.TrialAccuracy())
	assert.True(t, math.IsNaN(z.StepAccuracy()), "zero score step accuracy %v, want NaN", z.StepAccuracy())
	assert.Equal(t, "trial accuracy 0.500 (4/8), step accuracy 0.850 (17/20)", s.String(), "String")
}

func TestScoreBatchShapePanics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		b      *tasks.Batch
		logits mat.Matrix
	}{
		{"columns", perStepBatch(), mat.NewDense(6, 2, nil)},
		{"per-step rows", perStepBatch(), mat.NewDense(2, 3, nil)},
		{"last-step rows", &tasks.Batch{Steps: 1, Size: 2, NOut: 3, Labels: []int{0, 1}}, mat.NewDense(6, 3, nil)},
		{"mask length", &tasks.Batch{Steps: 3, Size: 2, NOut: 3, Y: make([]float32, 18), Mask: make([]float32, 5)}, mat.NewDense(6, 3, nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				assert.IsType(t, tasks.ShapeError{}, r, "recovered %v, want a ShapeError panic", r)
			}()
			tasks.ScoreBatch(tc.b, tc.logits)
		})
	}
}

// An untrained network scored on a per-step task both ways. Step accuracy agrees with rnn.Model.Evaluate;
// trial accuracy is the per-trial verdict NeuroGym users report.
func ExampleScoreBatch() {
	rnd := rand.New(rand.NewPCG(1, 1))
	task, err := tasks.NewContextDM(tasks.DefaultContextDMConfig())
	if err != nil {
		panic(err)
	}
	ds, err := tasks.NewDataset(task, tasks.DatasetConfig{Train: 64, BatchSize: 64}, rnd)
	if err != nil {
		panic(err)
	}
	spec := task.Spec()
	model, err := rnn.New(rnn.Config{NIn: spec.NIn(), NRec: 32, NOut: spec.NOut(), Loss: rnn.MaskedCrossEntropy}, rnd)
	if err != nil {
		panic(err)
	}
	var s tasks.Score
	for _, b := range ds.Train {
		logits, err := model.Logits(rnn.Batch(*b))
		if err != nil {
			panic(err)
		}
		s = s.Add(tasks.ScoreBatch(b, logits))
	}
	_, stepAcc, err := model.Evaluate(tasks.Convert[rnn.Batch](ds.Train), nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("Evaluate %.3f = step accuracy %.3f; trial accuracy %.3f\n", stepAcc, s.StepAccuracy(), s.TrialAccuracy())
	// Output:
	// Evaluate 0.446 = step accuracy 0.446; trial accuracy 0.234
}
