// Package seeds derives the counter-based seeds of the sweep's runs and the
// generator of one stream of a seed. Every run gets its seeds from the tuple
// (base seed, task, variant, simulation) alone, so any subset of runs, in
// any order, sharded or in parallel, draws exactly the same numbers:
//
//	h₀ = mix(base ⊕ domain)
//	h₁ = mix(h₀ ⊕ task)
//	h₂ = mix(h₁ ⊕ FNV-1a-64(variant name))   (Run only)
//	h₃ = mix(h₂ ⊕ simulation)                (not Shared)
//
// where mix is SplitMix64's output function applied to x + 0x9e3779b97f4a7c15
// (internal/splitmix; Steele, Lea & Flood 2014, doi:10.1145/2714064.2660195)
// and domain separates Run, Data and Shared. A generator for one purpose
// ("stream") of a run is rand.New(rand.NewPCG(seed, mix(stream))), so the
// streams of one run are independent of each other and of other runs.
// Hashing the variant by name (not by its position in a list) keeps a run's
// seed unchanged when variants are added to or removed from a sweep.
package seeds

import (
	"hash/fnv"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/internal/splitmix"
)

const (
	domainRun  = 0x52554e0000000001 // "RUN"
	domainData = 0x4441544100000002 // "DATA"
)

func fnv64a(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// Run returns the seed of one run, a function of (base, task, variant,
// simulation) only.
func Run(base uint64, task int, variant string, simulation int) uint64 {
	h := splitmix.Mix(base ^ domainRun)
	h = splitmix.Mix(h ^ uint64(task))
	h = splitmix.Mix(h ^ fnv64a(variant))
	return splitmix.Mix(h ^ uint64(simulation))
}

// Data returns a seed shared by every variant of one (task, simulation):
// trainers that draw their trial sets from it give all variants of a
// simulation the same data (common random numbers, a paired design).
func Data(base uint64, task int, simulation int) uint64 {
	h := splitmix.Mix(base ^ domainData)
	h = splitmix.Mix(h ^ uint64(task))
	return splitmix.Mix(h ^ uint64(simulation))
}

// Rand returns rand.New(rand.NewPCG(seed, mix(stream))): the
// generator of one stream of a seed.
func Rand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, splitmix.Mix(stream)))
}

// domainSharedData separates Shared from Run and Data.
const domainSharedData = 0x5348415245440003 // "SHARED"

// Shared returns the seed of the one trial set of a task under
// experiment.DataShared, a function of (base, task) only:
// mix(mix(base ⊕ domain) ⊕ task).
func Shared(base uint64, task int) uint64 {
	h := splitmix.Mix(base ^ domainSharedData)
	return splitmix.Mix(h ^ uint64(task))
}

// Streams of the paper's trainer (experiment.PaperTrainer): each names one
// independent generator of a run's seed (Rand(runSeed, stream)) or of its
// data seed. PaperTrainer draws the shuffling from StreamNoise and all
// three trial sets from StreamTrain (tasks.NewDataset seeds one stream per
// split from it), so it does not use StreamShuffle, StreamValidation or
// StreamTest; they keep their values so that the streams after them do not
// change. Analyses that must draw what training drew (the graph metrics'
// null graphs, report.GraphAnalysis) use the same numbers.
const (
	StreamInit        uint64 = iota + 1 // run: the model's kernels
	StreamPermutation                   // run: permutation, resampling, scale matching of B
	StreamNoise                         // run: input noise and shuffling
	StreamShuffle                       // unused by PaperTrainer
	StreamGraphNulls                    // run: the small-world null graphs
	StreamTrain                         // data: the trial sets (training, validation, test)
	StreamValidation                    // data: unused by PaperTrainer
	StreamTest                          // data: unused by PaperTrainer
	StreamBio                           // data: the biological matrix B of docs/method.md §2, one per simulation
)
