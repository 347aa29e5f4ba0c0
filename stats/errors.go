package stats

import (
	"errors"
	"fmt"
	"math"
)

// Sentinel errors; every error returned by this package wraps one of them.
var (
	// ErrEmpty reports an empty sample where at least one value is needed.
	ErrEmpty = errors.New("empty sample")
	// ErrTooFew reports a sample too small for the statistic (e.g. an SD
	// with n ≤ ddof, or fewer than two groups).
	ErrTooFew = errors.New("too few values")
	// ErrNonFinite reports a NaN or infinite input value.
	ErrNonFinite = errors.New("non-finite value")
	// ErrParam reports an invalid parameter (a level outside (0, 1), a
	// quantile outside [0, 1], a non-positive resample count, …).
	ErrParam = errors.New("invalid parameter")
	// ErrDegenerate reports input on which the statistic is undefined, e.g.
	// Kruskal–Wallis on samples whose values are all identical.
	ErrDegenerate = errors.New("degenerate input")
	// ErrMismatch reports inputs whose sizes must agree and do not, e.g. a
	// different number of strata (fields) for the two variants compared.
	ErrMismatch = errors.New("mismatched inputs")
)

// checkSample returns an error naming arg when x is shorter than min or holds
// a NaN or an infinity.
func checkSample(arg string, x []float64, min int) error {
	if len(x) == 0 && min > 0 {
		return fmt.Errorf("stats: %s: %w", arg, ErrEmpty)
	}
	if len(x) < min {
		return fmt.Errorf("stats: %s: %d values, need at least %d: %w", arg, len(x), min, ErrTooFew)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("stats: %s[%d] = %v: %w", arg, i, v, ErrNonFinite)
		}
	}
	return nil
}

// checkLevel returns an error unless 0 < level < 1.
func checkLevel(level float64) error {
	if !(level > 0 && level < 1) {
		return fmt.Errorf("stats: confidence level %v not in (0, 1): %w", level, ErrParam)
	}
	return nil
}
