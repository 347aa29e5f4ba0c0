package dynamics

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// DefaultStarts is AnalysisConfig's default number of initial states per
// input: with the paper's N = 312 and the ten inputs of the one-choice task
// the whole analysis stays within a minute on two cores.
const DefaultStarts = 256

// AnalysisConfig configures Analyze.
type AnalysisConfig struct {
	// Config tunes the fixed-point search.
	Config
	// Starts is the number of initial states drawn from the trajectories
	// (the same states for every input); 0 means DefaultStarts.
	Starts int
	// Noise is the standard deviation of the Gaussian noise added to each
	// sampled state (0: none).
	Noise float64
}

// Validate reports the first invalid field of c.
func (c AnalysisConfig) Validate() error {
	if c.Starts < 0 {
		return fmt.Errorf("dynamics: AnalysisConfig.Starts: %d, want ≥ 0: %w", c.Starts, ErrConfig)
	}
	if !(c.Noise >= 0) || math.IsInf(c.Noise, 0) {
		return fmt.Errorf("dynamics: AnalysisConfig.Noise: %g, want finite ≥ 0: %w", c.Noise, ErrConfig)
	}
	return c.Config.Validate()
}

// Analysis is the state-space analysis of one network: its fixed and slow
// points under each input, and the PCA of its trajectories.
type Analysis struct {
	Points *Result
	PCA    *PCA
}

// Analyze samples cfg.Starts initial states from the rows of trajectories
// (SampleStates, drawing from rnd), finds the fixed and slow points of net
// under each input from them (FindFixedPoints) and fits the PCA of the
// trajectories (FitPCA). Randomness: exactly the draws of SampleStates.
// Errors are those of its parts; it panics if rnd is nil or trajectories
// does not have N columns.
func Analyze(ctx context.Context, net *Network, inputs []Input, trajectories mat.Matrix, cfg AnalysisConfig, rnd *rand.Rand) (*Analysis, error) {
	if rnd == nil {
		panic("dynamics: Analyze: nil *rand.Rand")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := net.Validate(); err != nil {
		return nil, err
	}
	rows, cols := trajectories.Dims()
	if cols != net.N() {
		panicShape("trajectories", fmt.Sprintf("%d×%d", rows, cols), fmt.Sprintf("T×%d", net.N()))
	}
	pca, err := FitPCA(trajectories)
	if err != nil {
		return nil, err
	}
	k := cfg.Starts
	if k == 0 {
		k = DefaultStarts
	}
	starts := SampleStates(trajectories, k, cfg.Noise, rnd)
	pts, err := FindFixedPoints(ctx, net, inputs, starts, cfg.Config)
	if err != nil {
		return nil, err
	}
	return &Analysis{Points: pts, PCA: pca}, nil
}

// Summary is the small digest of an Analysis that a sweep compares across
// networks with the same statistics as accuracy.
type Summary struct {
	// Inputs has one entry per input, in the order analysed.
	Inputs []InputSummary
	// ParticipationRatio is the dimensionality of the trajectories
	// (PCA.ParticipationRatio).
	ParticipationRatio float64
	// LeadingModulus is the largest |λ| of the Jacobian over every fixed
	// point of every input: above 1 some fixed point is unstable; NaN when
	// no fixed point was found.
	LeadingModulus float64
}

// InputSummary counts the points found under one input.
type InputSummary struct {
	Name    string
	Periods []string
	// Stable counts the stable fixed points (attractors); Unstable the other
	// fixed points (saddles, repellers, marginal points); Slow the slow
	// points.
	Stable, Unstable, Slow int
	// LeadingModulus is the largest |λ| over this input's fixed points; NaN
	// when there is none.
	LeadingModulus float64
}

// Summary digests a.
func (a *Analysis) Summary() Summary {
	s := Summary{ParticipationRatio: a.PCA.ParticipationRatio(), LeadingModulus: math.NaN()}
	for _, in := range a.Points.Inputs {
		s.Inputs = append(s.Inputs, InputSummary{Name: in.Input.Name, Periods: in.Input.Periods, LeadingModulus: math.NaN()})
	}
	for _, p := range a.Points.Points {
		is := &s.Inputs[p.Input]
		if p.Kind == Slow {
			is.Slow++
			continue
		}
		if p.Lin.Stability == Stable {
			is.Stable++
		} else {
			is.Unstable++
		}
		l := p.Lin.Leading()
		if math.IsNaN(is.LeadingModulus) || l > is.LeadingModulus {
			is.LeadingModulus = l
		}
		if math.IsNaN(s.LeadingModulus) || l > s.LeadingModulus {
			s.LeadingModulus = l
		}
	}
	return s
}

// Summarize is Analyze followed by Summary: the one call per trained
// network of a sweep.
func Summarize(ctx context.Context, net *Network, inputs []Input, trajectories mat.Matrix, cfg AnalysisConfig, rnd *rand.Rand) (Summary, error) {
	a, err := Analyze(ctx, net, inputs, trajectories, cfg, rnd)
	if err != nil {
		return Summary{}, err
	}
	return a.Summary(), nil
}
