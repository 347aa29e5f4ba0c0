package dynamics_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// TestSummarizeFlipFlop: the flip-flop's counts are known in closed form
// (see flipFlop): with no input 3 stable and 4 other fixed points, leading
// |λ| 3.5 (the all-active point); under input 0 one stable point, |λ| 0.5.
func TestSummarizeFlipFlop(t *testing.T) {
	t.Parallel()
	net := flipFlop()
	traj := uniformStates(300, 3, 0, 3, testutil.Rand(21))
	inputs := []dynamics.Input{{Name: "none", Periods: []string{"delay"}, X: []float64{0, 0, 0}}, {Name: "set 0", X: []float64{1, 0, 0}}}
	cfg := dynamics.AnalysisConfig{Starts: 1000}
	s, err := dynamics.Summarize(context.Background(), net, inputs, traj, cfg, testutil.Rand(22))
	require.NoError(t, err)
	require.Len(t, s.Inputs, 2)
	assert.Equal(t, dynamics.InputSummary{Name: "none", Periods: []string{"delay"}, Stable: 3, Unstable: 4, LeadingModulus: 3.5}, roundLead(s.Inputs[0]))
	assert.Equal(t, dynamics.InputSummary{Name: "set 0", Stable: 1, LeadingModulus: 0.5}, roundLead(s.Inputs[1]))
	testutil.AssertClose(t, s.LeadingModulus, 3.5, 1e-12, 0, "leading |λ|")
	p, err := dynamics.FitPCA(traj)
	require.NoError(t, err)
	assert.Equal(t, p.ParticipationRatio(), s.ParticipationRatio)

	// The same seed gives the same summary; cancellation is reported.
	again, err := dynamics.Summarize(context.Background(), net, inputs, traj, cfg, testutil.Rand(22))
	require.NoError(t, err)
	assert.Equal(t, s, again)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = dynamics.Summarize(ctx, net, inputs, traj, cfg, testutil.Rand(22))
	assert.ErrorIs(t, err, context.Canceled)
	_, err = dynamics.Summarize(context.Background(), net, inputs, traj, dynamics.AnalysisConfig{Noise: -1}, testutil.Rand(22))
	assert.ErrorIs(t, err, dynamics.ErrConfig)
	assert.Panics(t, func() { _, _ = dynamics.Summarize(context.Background(), net, inputs, traj, cfg, nil) })
}

// TestSummaryNoFixedPoint: without fixed points the leading modulus is NaN.
func TestSummaryNoFixedPoint(t *testing.T) {
	t.Parallel()
	net := flipFlop()
	// Units 1 and 2 are silenced by a negative bias; unit 0, with
	// self-weight 1 and bias 0.5, then integrates: h₀ ↦ h₀ + 0.5.
	net.B = []float64{0.5, -1, -1}
	net.W.Set(0, 0, 1)
	traj := uniformStates(50, 3, 0, 1, testutil.Rand(23))
	s, err := dynamics.Summarize(context.Background(), net, []dynamics.Input{{Name: "none", X: []float64{0, 0, 0}}}, traj,
		dynamics.AnalysisConfig{Starts: 20}, testutil.Rand(24))
	require.NoError(t, err)
	assert.Zero(t, s.Inputs[0].Stable+s.Inputs[0].Unstable)
	assert.True(t, math.IsNaN(s.LeadingModulus))
}

// roundLead rounds LeadingModulus to 12 digits for an exact comparison.
func roundLead(s dynamics.InputSummary) dynamics.InputSummary {
	s.LeadingModulus = math.Round(s.LeadingModulus*1e12) / 1e12
	return s
}
