package testutil

import "math/rand/v2"

// Rand returns a PCG generator seeded with (seed, seed). Tests use it so that
// every random input is reproducible from the seed printed in the test name.
func Rand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed))
}

// Normal returns n independent standard normal draws scaled by sd.
func Normal(rnd *rand.Rand, n int, sd float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = sd * rnd.NormFloat64()
	}
	return x
}

// Uniform returns n independent draws from U[lo, hi).
func Uniform(rnd *rand.Rand, n int, lo, hi float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = lo + (hi-lo)*rnd.Float64()
	}
	return x
}
