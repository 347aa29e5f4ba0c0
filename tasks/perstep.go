package tasks

import (
	"fmt"
	"math"
)

// FixationClass is output class 0 of every per-step task: "keep fixating,
// do not respond yet" (NeuroGym's action 0).
const FixationClass = 0

// writeDecisionTargets writes NeuroGym's supervised targets for one trial:
// the fixation class on every step of the trial, class on every step of
// the decision period, and loss weight 1 on every trial step (padding keeps
// weight 0).
func writeDecisionTargets(dst *Batch, b int, tl Timeline, decision Period, class int) {
	trial := tl.Trial()
	dst.SetTarget(b, trial, FixationClass)
	dst.SetTarget(b, decision, class)
	dst.SetMask(b, trial, 1)
}

// ringAngles returns NeuroGym's ring of n preferred directions,
// θ_i = 2π·i/n (np.linspace(0, 2π, n+1)[:-1]).
func ringAngles(n int) []float64 {
	th := make([]float64, n)
	for i := range th {
		th[i] = 2 * math.Pi * float64(i) / float64(n)
	}
	return th
}

// names returns prefix0 … prefix{n−1}.
func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(prefix, i)
	}
	return out
}

// checkSigma validates NeuroGym's unscaled noise level.
func checkSigma(field string, sigma float64) error {
	if !(sigma >= 0) || math.IsInf(sigma, 0) {
		return fieldErr(field, ErrConfig, "%g, want finite and ≥ 0", sigma)
	}
	return nil
}
