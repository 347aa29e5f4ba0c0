package rnn

import "math"

// Branch-free ReLU and its derivative for the BPTT loops. The sign of a
// pre-activation is as unpredictable as a coin, so a branch on it costs a
// misprediction for about every other element; these select with integer
// conditional moves instead (the compiler emits CMOV), with exactly the
// results of the branching forms, NaN and signed zeros included:
//
//	relu(x)           = 0 if x < 0, else x (NaN stays NaN, −0 stays −0)
//	reluGrad(z, a, g) = a·g if z > 0, else +0 (NaN z gives +0)

func relu64(x float64) float64 {
	m := ^uint64(0)
	if x < 0 {
		m = 0
	}
	return math.Float64frombits(math.Float64bits(x) & m)
}

func reluGrad64(z, a, g float64) float64 {
	var m uint64
	if z > 0 {
		m = ^uint64(0)
	}
	return math.Float64frombits(math.Float64bits(a*g) & m)
}

func relu32(x float32) float32 {
	m := ^uint32(0)
	if x < 0 {
		m = 0
	}
	return math.Float32frombits(math.Float32bits(x) & m)
}

func reluGrad32(z, a, g float32) float32 {
	var m uint32
	if z > 0 {
		m = ^uint32(0)
	}
	return math.Float32frombits(math.Float32bits(a*g) & m)
}
