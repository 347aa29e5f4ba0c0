package dynamics_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// TestDefaultInputsMatchTasks derives the distinct inputs of each paper
// task from package tasks' own noise-free trials (one trial per condition)
// with InputsFromBatch and checks that DefaultInputs lists exactly those,
// with the same periods.
func TestDefaultInputsMatchTasks(t *testing.T) {
	t.Parallel()
	pdmCfg := tasks.DefaultPerceptualDMConfig()
	pdmCfg.Sigma = 0
	pdm, err := tasks.NewPerceptualDM(pdmCfg)
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		task  tasks.Task
		size  int                      // conditions
		write func(b *tasks.Batch) int // writes one trial per condition, returns the count
		spans []dynamics.Span
	}{
		{"onechoice", tasks.NewOneChoice(), 8, func(b *tasks.Batch) int {
			for i := range 8 {
				require.NoError(t, tasks.NewOneChoice().WriteCondition(b, i, tasks.OneChoiceCondition{Problem: i}, nil))
			}
			return 8
		}, []dynamics.Span{{"goal", 0, 20}, {"delay", 20, 10}, {"choice", 30, 20}}},
		{"gonogo", tasks.NewGoNoGo(), 2, func(b *tasks.Batch) int {
			for i, g := range []bool{false, true} {
				require.NoError(t, tasks.NewGoNoGo().WriteCondition(b, i, tasks.GoNoGoCondition{Go: g}, nil))
			}
			return 2
		}, []dynamics.Span{{"fixation", 0, 5}, {"cue", 5, 20}, {"delay", 25, 10}, {"response", 35, 5}}},
		{"perceptualdm", pdm, 10, func(b *tasks.Batch) int {
			rnd := rand.New(rand.NewPCG(1, 1))
			i := 0
			for _, c := range tasks.DefaultPDMCoherences {
				for g := range 2 {
					require.NoError(t, pdm.WriteCondition(b, i, tasks.PerceptualDMCondition{Coherence: c, Choice: g}, rnd))
					i++
				}
			}
			return i
		}, []dynamics.Span{{"fixation", 0, 1}, {"stimulus", 1, 30}, {"delay", 31, 10}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tasks.NewBatch(tc.task.Spec(), tc.size)
			require.NoError(t, err)
			require.Equal(t, tc.size, tc.write(b))
			got, err := dynamics.InputsFromBatch(rnn.Batch(*b), tc.spans)
			require.NoError(t, err)
			want, err := dynamics.DefaultInputs(tc.name)
			require.NoError(t, err)
			require.Len(t, got, len(want), "distinct inputs")
			for _, w := range want {
				k := slices.IndexFunc(got, func(g dynamics.Input) bool { return closeVec(g.X, w.X, 1e-7) })
				if !assert.GreaterOrEqual(t, k, 0, "input %q %v not in the task's trials", w.Name, w.X) {
					continue
				}
				gp := slices.Clone(got[k].Periods)
				wp := slices.Clone(w.Periods)
				slices.Sort(gp)
				slices.Sort(wp)
				assert.Equal(t, wp, gp, "periods of %q", w.Name)
			}
		})
	}
	for _, alias := range []string{"task1", "Task2", "TASK3"} {
		_, err := dynamics.DefaultInputs(alias)
		assert.NoError(t, err, alias)
	}
	_, err = dynamics.DefaultInputs("contextdm")
	assert.ErrorIs(t, err, dynamics.ErrUnknownTask)
	assert.True(t, strings.Contains(err.Error(), "onechoice"))
}

// A tasks.Period converts to a Span (same fields), checked at compile time.
var _ = dynamics.Span(tasks.Period{})

func TestInputsFromBatchErrors(t *testing.T) {
	t.Parallel()
	b := rnn.Batch{Steps: 2, Size: 1, NIn: 1, NOut: 1, X: []float32{1, 2}}
	_, err := dynamics.InputsFromBatch(b, []dynamics.Span{{"a", 1, 2}})
	assert.ErrorIs(t, err, dynamics.ErrInput)
	b.X = []float32{1}
	_, err = dynamics.InputsFromBatch(b, nil)
	assert.ErrorIs(t, err, dynamics.ErrInput)
}

func closeVec(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}
