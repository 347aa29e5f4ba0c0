package relu

import "math"

// Of64 returns relu(x): 0 for x < 0, else x (NaN and −0 keep their bits).
func Of64(x float64) float64 {
	m := ^uint64(0)
	if x < 0 {
		m = 0
	}
	return math.Float64frombits(math.Float64bits(x) & m)
}

// Grad64 returns a·g if z > 0, else +0 (also for NaN z): the derivative of
// a·relu at z times the incoming gradient g.
func Grad64(z, a, g float64) float64 {
	var m uint64
	if z > 0 {
		m = ^uint64(0)
	}
	return math.Float64frombits(math.Float64bits(a*g) & m)
}

// Of32 is Of64 for float32.
func Of32(x float32) float32 {
	m := ^uint32(0)
	if x < 0 {
		m = 0
	}
	return math.Float32frombits(math.Float32bits(x) & m)
}

// Grad32 is Grad64 for float32.
func Grad32(z, a, g float32) float32 {
	var m uint32
	if z > 0 {
		m = ^uint32(0)
	}
	return math.Float32frombits(math.Float32bits(a*g) & m)
}
