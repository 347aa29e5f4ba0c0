package experiment

import (
	"hash/fnv"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/internal/seedmix"
)

// Seed derivation. Every run gets its seeds from the tuple (base seed, task,
// variant, simulation) alone, so any subset of runs, in any order, sharded or
// in parallel, draws exactly the same numbers:
//
//	h₀ = mix(base ⊕ domain)
//	h₁ = mix(h₀ ⊕ task)
//	h₂ = mix(h₁ ⊕ FNV-1a-64(variant name))   (RunSeed only)
//	h₃ = mix(h₂ ⊕ simulation)
//
// where mix is SplitMix64's output function applied to x + 0x9e3779b97f4a7c15
// (Steele, Lea & Flood 2014, doi:10.1145/2714064.2660195) and domain
// separates RunSeed from DataSeed. A generator for one purpose ("stream") of
// a run is rand.New(rand.NewPCG(seed, mix(stream))), so the streams of one
// run are independent of each other and of other runs. Hashing the variant
// by name (not by its position in a list) keeps a run's seed unchanged when
// variants are added to or removed from a sweep.

const (
	domainRun  = 0x52554e0000000001 // "RUN"
	domainData = 0x4441544100000002 // "DATA"
)

func fnv64a(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// RunSeed returns the seed of one run, a function of (base, task, variant,
// simulation) only.
func RunSeed(base uint64, task int, variant string, simulation int) uint64 {
	h := seedmix.SplitMix64(base ^ domainRun)
	h = seedmix.SplitMix64(h ^ uint64(task))
	h = seedmix.SplitMix64(h ^ fnv64a(variant))
	return seedmix.SplitMix64(h ^ uint64(simulation))
}

// DataSeed returns a seed shared by every variant of one (task, simulation):
// trainers that draw their trial sets from it give all variants of a
// simulation the same data (common random numbers, a paired design).
func DataSeed(base uint64, task int, simulation int) uint64 {
	h := seedmix.SplitMix64(base ^ domainData)
	h = seedmix.SplitMix64(h ^ uint64(task))
	return seedmix.SplitMix64(h ^ uint64(simulation))
}

// NewRand returns rand.New(rand.NewPCG(seed, mix(stream))): the
// generator of one stream of a seed.
func NewRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seedmix.SplitMix64(stream)))
}
