package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Holm returns Holm's step-down adjusted p-values for m tests and which
// hypotheses are rejected at family-wise error rate alpha. With the p-values
// sorted ascending, p_(1) ≤ … ≤ p_(m),
//
//	p̃_(i) = min(1, max_{j ≤ i} (m − j + 1) p_(j)),
//
// returned in the input order, and hypothesis (i) is rejected when every
// p_(j), j ≤ i, satisfies p_(j) ≤ alpha/(m − j + 1) (equivalently
// p̃_(i) ≤ alpha). This is statsmodels multipletests(p, alpha, method="holm").
// p-values must lie in [0, 1] and alpha in (0, 1).
//
// Reference: Holm (1979), A simple sequentially rejective multiple test
// procedure, Scandinavian Journal of Statistics 6(2), 65–70.
func Holm(p []float64, alpha float64) (adjusted []float64, reject []bool, err error) {
	if !(alpha > 0 && alpha < 1) {
		return nil, nil, fmt.Errorf("stats: Holm alpha %v not in (0, 1): %w", alpha, ErrParam)
	}
	if err := checkSample("p", p, 1); err != nil {
		return nil, nil, err
	}
	for i, v := range p {
		if v < 0 || v > 1 {
			return nil, nil, fmt.Errorf("stats: p[%d] = %v not in [0, 1]: %w", i, v, ErrParam)
		}
	}
	m := len(p)
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	adjusted = make([]float64, m)
	reject = make([]bool, m)
	running := 0.0
	stillRejecting := true
	for k, i := range idx {
		factor := float64(m - k)
		running = math.Max(running, factor*p[i])
		adjusted[i] = math.Min(1, running)
		if p[i] > alpha/factor {
			stillRejecting = false
		}
		reject[i] = stillRejecting
	}
	return adjusted, reject, nil
}
