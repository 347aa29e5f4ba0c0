package rnn

import (
	"fmt"
	"math"
)

// OptimizerKind selects the update rule.
type OptimizerKind int

const (
	// Adam is Keras' Adam (Kingma & Ba 2015, arXiv:1412.6980) with ε added
	// to √v (not to the bias-corrected √v̂ as in PyTorch):
	//
	//	m ← β1 m + (1−β1) g,  v ← β2 v + (1−β2) g²,
	//	p ← p − lr·√(1−β2^t)/(1−β1^t) · m/(√v + ε).
	Adam OptimizerKind = iota
	// SGD is plain gradient descent, p ← p − lr·g.
	SGD
)

// String returns "adam" or "sgd".
func (k OptimizerKind) String() string {
	switch k {
	case Adam:
		return "adam"
	case SGD:
		return "sgd"
	}
	return fmt.Sprintf("OptimizerKind(%d)", int(k))
}

// Defaults for OptimizerConfig (Keras' Adam defaults, docs/method.md §6).
const (
	DefaultLearningRate = 1e-3
	DefaultBeta1        = 0.9
	DefaultBeta2        = 0.999
	DefaultEpsilon      = 1e-7
)

// OptimizerConfig configures the update. Zero fields take the defaults
// (the paper's Adam); ClipNorm 0 disables clipping.
type OptimizerConfig struct {
	Kind         OptimizerKind
	LearningRate float64 // default DefaultLearningRate
	Beta1        float64 // Adam only; default DefaultBeta1
	Beta2        float64 // Adam only; default DefaultBeta2
	Epsilon      float64 // Adam only; default DefaultEpsilon
	// ClipNorm, when positive, rescales the whole gradient (all parameters
	// together, penalty included) to this Euclidean norm when it is larger,
	// as Keras' global_clipnorm.
	ClipNorm float64
}

func orDefault(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}

func (o OptimizerConfig) withDefaults() OptimizerConfig {
	o.LearningRate = orDefault(o.LearningRate, DefaultLearningRate)
	o.Beta1 = orDefault(o.Beta1, DefaultBeta1)
	o.Beta2 = orDefault(o.Beta2, DefaultBeta2)
	o.Epsilon = orDefault(o.Epsilon, DefaultEpsilon)
	return o
}

// Validate reports the first invalid field.
func (o OptimizerConfig) Validate() error {
	bad := func(field string, v float64, want string) error {
		return fmt.Errorf("rnn: OptimizerConfig.%s: %g, want %s: %w", field, v, want, ErrConfig)
	}
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if o.Kind != Adam && o.Kind != SGD {
		return fmt.Errorf("rnn: OptimizerConfig.Kind: unknown optimiser %d: %w", int(o.Kind), ErrConfig)
	}
	if !fin(o.LearningRate) || o.LearningRate < 0 {
		return bad("LearningRate", o.LearningRate, "finite > 0 (0 means the default)")
	}
	if !fin(o.Beta1) || o.Beta1 < 0 || o.Beta1 >= 1 {
		return bad("Beta1", o.Beta1, "in [0, 1)")
	}
	if !fin(o.Beta2) || o.Beta2 < 0 || o.Beta2 >= 1 {
		return bad("Beta2", o.Beta2, "in [0, 1)")
	}
	if !fin(o.Epsilon) || o.Epsilon < 0 {
		return bad("Epsilon", o.Epsilon, "finite > 0 (0 means the default)")
	}
	if !fin(o.ClipNorm) || o.ClipNorm < 0 {
		return bad("ClipNorm", o.ClipNorm, "finite ≥ 0")
	}
	return nil
}
