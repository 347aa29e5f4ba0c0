package tasks

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// refOneChoice builds a one-choice trial straight from docs/method.md §7's text:
// problems as (goal, choice letters, answer letter).
func refOneChoice(goal int, choices string, answer byte) (x []float32, label int) {
	goalCh := map[int]int{7: 0, 9: 1, 17: 2, 19: 3}
	dirCh := map[byte]int{'l': 4, 'u': 5, 'r': 6, 'd': 7}
	class := map[byte]int{'l': 0, 'u': 1, 'r': 2, 'd': 3}
	x = make([]float32, 50*8)
	for t := 0; t <= 19; t++ {
		x[t*8+goalCh[goal]] = 1
	}
	for t := 30; t <= 49; t++ {
		x[t*8+dirCh[choices[0]]] = 1
		x[t*8+dirCh[choices[1]]] = 1
	}
	return x, class[answer]
}

func TestOneChoiceProblemsElementwise(t *testing.T) {
	t.Parallel()
	// The eight problems in the paper's order.
	paper := []struct {
		goal    int
		choices string
		answer  byte
	}{
		{9, "ul", 'u'}, {9, "rd", 'r'}, {19, "ld", 'd'}, {17, "rd", 'd'},
		{17, "ul", 'l'}, {7, "ur", 'u'}, {19, "lr", 'r'}, {7, "lr", 'l'},
	}
	task := NewOneChoice()
	spec := task.Spec()
	require.Equal(t, shape{50, 8, 4, TargetLastStep}, specShape(spec), "spec %+v", spec)
	for i, p := range paper {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			bt := mustBatch(t, spec, 3)
			fillSentinel(bt) // also checks that the write clears stale values
			require.NoError(t, task.WriteCondition(bt, 1, OneChoiceCondition{Problem: i}, nil))
			wantX, wantLabel := refOneChoice(p.goal, p.choices, p.answer)
			assertExact(t, trialInputs(bt, 1), wantX, 8, "inputs")
			assert.Equal(t, wantLabel, bt.Labels[1], "label")
			assertOthersUntouched(t, bt, 1)
		})
	}
}

func TestOneChoiceSampling(t *testing.T) {
	t.Parallel()
	task := NewOneChoice()
	rnd := testutil.Rand(1)
	const n = 80000
	var counts [8]int
	for range n {
		counts[task.SampleCondition(rnd).Problem]++
	}
	// Uniform: each count is Binomial(n, 1/8); allow 5 standard deviations.
	mean, sd := n/8.0, math.Sqrt(n*(1.0/8)*(7.0/8))
	for i, c := range counts {
		assert.InDelta(t, mean, c, 5*sd, "problem %d draws", i)
	}
	// WriteTrial consumes exactly the SampleCondition draw.
	a, b := testutil.Rand(2), testutil.Rand(2)
	bt := mustBatch(t, task.Spec(), 1)
	for range 20 {
		task.WriteTrial(bt, 0, a)
		c := task.SampleCondition(b)
		require.Equal(t, OneChoiceProblems()[c.Problem].Answer, bt.Labels[0], "WriteTrial's label does not follow SampleCondition's draw")
	}
}

func TestOneChoiceBadCondition(t *testing.T) {
	t.Parallel()
	task := NewOneChoice()
	bt := mustBatch(t, task.Spec(), 1)
	for _, p := range []int{-1, 8} {
		err := task.WriteCondition(bt, 0, OneChoiceCondition{Problem: p}, nil)
		assert.ErrorIs(t, err, ErrCondition, "problem %d", p)
	}
}
