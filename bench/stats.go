package main

import (
	"math"
	"runtime"
	"slices"
	"time"
)

// median returns the median of xs (the mean of the two middle values for an
// even count), NaN for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// timeMS calls fn warmup times untimed, collects garbage, then times reps
// single calls and returns their durations in milliseconds. It stops at the
// first error.
func timeMS(warmup, reps int, fn func() error) ([]float64, error) {
	for range warmup {
		if err := fn(); err != nil {
			return nil, err
		}
	}
	runtime.GC()
	ms := make([]float64, 0, reps)
	for range reps {
		t0 := time.Now()
		if err := fn(); err != nil {
			return nil, err
		}
		ms = append(ms, float64(time.Since(t0))/1e6)
	}
	return ms, nil
}
