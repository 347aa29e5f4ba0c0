package experiment

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// DefaultSyntheticSeed seeds the built-in synthetic field that LoadField
// builds when Config.FieldDir is empty.
const DefaultSyntheticSeed = 1

// LoadField reads the field of cfg: connectome.ReadFieldDir(cfg.FieldDir),
// or, when FieldDir is empty, the built-in synthetic field
// (connectome.Synthetic with DefaultSyntheticN neurons and
// DefaultSyntheticSeed).
func LoadField(cfg *Config) (*connectome.Field, error) {
	if cfg.FieldDir == "" {
		return connectome.Synthetic(connectome.DefaultSyntheticConfig(connectome.DefaultSyntheticN, DefaultSyntheticSeed))
	}
	return connectome.ReadFieldDir(cfg.FieldDir)
}

// PaperTrainer is the Trainer of the paper's experiment: for each run it
// builds the variant's initial recurrent matrix (orthogonal, or the
// biological W* of package connectome and its controls), its penalty (package
// spatial: plain L1, wiring cost, communicability or EMD, with the
// configuration's coordinate, normalisation and λ choices), trains the rnn on
// the task's fixed training batches with Keras-style Adam, evaluates the
// validation and held-out test sets, and computes graphmetrics.Paper of the
// final effective recurrent matrix.
//
// Randomness, per run (RunSpec): the trial sets come from
// DataRand(StreamTrain) (shared by the variants of a simulation); the model's
// kernels from Rand(StreamInit); W* and its permutation/resampling/scale
// matching from Rand(StreamPermutation); input noise and shuffling from
// Rand(StreamNoise); the small-world nulls from Rand(StreamGraphNulls).
//
// A PaperTrainer is safe for concurrent use: the field and the distance
// matrices are read-only, and each run builds its own penalty and model.
type PaperTrainer struct {
	field *connectome.Field
	// realD and gridD are the N×N distance matrices of D* and D; cEmp is
	// the empirical communicability of the EMD penalty.
	realD, gridD, cEmp *mat.Dense
	normArt            spatial.Normalisation
}

// NewPaperTrainer prepares the distance and communicability matrices of
// field under cfg (validated). The grid of D is field.Grid when known,
// otherwise connectome.FactorGrid(N).
func NewPaperTrainer(cfg *Config, field *connectome.Field) (*PaperTrainer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if field == nil {
		return nil, errors.New("experiment: NewPaperTrainer: nil field")
	}
	if err := field.Check(); err != nil {
		return nil, fmt.Errorf("experiment: field %s: %w", field.Name, err)
	}
	t := &PaperTrainer{field: field}
	layout := spatial.LayoutTranspose
	if cfg.ReshapeCoordinates {
		layout = spatial.LayoutReferenceReshape
	}
	coords, err := spatial.Coordinates(field.Positions, spatial.CoordinateConfig{Scaling: spatial.ScaleMinMax, Layout: layout})
	if err != nil {
		return nil, fmt.Errorf("experiment: field %s: coordinates: %w", field.Name, err)
	}
	if t.realD, err = spatial.Distances(coords, 1); err != nil {
		return nil, fmt.Errorf("experiment: field %s: distances: %w", field.Name, err)
	}
	g := field.Grid
	if g[0]*g[1]*g[2] != field.N {
		g = connectome.FactorGrid(field.N)
	}
	scaling := spatial.ScaleNone
	if cfg.GridScaling == GridUnit {
		scaling = spatial.ScaleMinMax
	}
	grid, err := spatial.GridCoordinates(g[0], g[1], g[2], scaling)
	if err != nil {
		return nil, fmt.Errorf("experiment: grid %v: %w", g, err)
	}
	if t.gridD, err = spatial.Distances(grid, 1); err != nil {
		return nil, fmt.Errorf("experiment: grid distances: %w", err)
	}
	normEmp := spatial.NormZero
	t.normArt = spatial.NormZero
	if cfg.ZeroStrengthEpsilon {
		normEmp, t.normArt = spatial.NormReplaceZero, spatial.NormAddEpsilon
	}
	if t.cEmp, err = spatial.EmpiricalCommunicability(field.Synapses, normEmp); err != nil {
		return nil, fmt.Errorf("experiment: field %s: empirical communicability: %w", field.Name, err)
	}
	return t, nil
}

// Field returns the trainer's field.
func (t *PaperTrainer) Field() *connectome.Field { return t.field }

// Penalty returns the penalty of variant v under cfg (a new instance; the
// spatial penalties are not safe for concurrent use).
func (t *PaperTrainer) Penalty(cfg *Config, v Variant) (rnn.Penalty, error) {
	var d *mat.Dense
	switch v.Distance {
	case DistanceReal:
		d = t.realD
	case DistanceGrid:
		d = t.gridD
	case DistanceNone:
		if v.Comm != CommNone {
			return nil, fmt.Errorf("experiment: variant %s: communicability without distances is not defined", v.Name)
		}
		return &spatial.L1{Lambda: cfg.Lambda, IgnoreLambda: cfg.UnscaledL1}, nil
	}
	switch v.Comm {
	case CommNone:
		return spatial.NewWiring(cfg.Lambda, d), nil
	case CommDirect:
		return spatial.NewCommunicability(cfg.Lambda, d, t.normArt), nil
	case CommEMD:
		return spatial.NewEMD(cfg.Lambda, cfg.LambdaEMD, d, t.cEmp, t.normArt), nil
	}
	return nil, fmt.Errorf("experiment: variant %s: unknown communicability %v", v.Name, v.Comm)
}

// InitialRecurrent returns the variant's initial W_rec for a run, or nil
// for the orthogonal initialisation (left to rnn.New).
func (t *PaperTrainer) InitialRecurrent(spec RunSpec) (*mat.Dense, error) {
	v, cfg := spec.Variant, spec.Config
	if v.Init == InitOrthogonal {
		return nil, nil
	}
	var src connectome.Source
	switch cfg.BioSource {
	case BioCorrSTTC:
		src = connectome.SourceCorr
	case BioPrecisionSTTC:
		src = connectome.SourcePrecision
	default:
		src = connectome.SourceSTTC
	}
	bc := connectome.DefaultBioConfig(src)
	rnd := spec.Rand(StreamPermutation)
	b, err := connectome.BioInit(t.field, bc, rnd)
	if err != nil {
		return nil, fmt.Errorf("biological initialisation: %w", err)
	}
	switch v.Init {
	case InitBio:
		return b, nil
	case InitPermutedBio:
		return connectome.Permute(b, rnd), nil
	case InitScaledRandom:
		return connectome.ScaleMatched(b, bc.Mu, bc.Sigma, rnd)
	case InitResampledBio:
		return connectome.Resample(b, rnd)
	}
	return nil, fmt.Errorf("unknown initialisation %v", v.Init)
}

// Run trains one network (see PaperTrainer).
func (t *PaperTrainer) Run(ctx context.Context, spec RunSpec) (RunResult, error) {
	start := time.Now()
	cfg, v := spec.Config, spec.Variant
	task, err := tasks.ByName(fmt.Sprintf("task%d", spec.Key.Task))
	if err != nil {
		return RunResult{}, err
	}
	ds, err := tasks.NewDataset(task, tasks.DatasetConfig{Train: cfg.TrainTrials, HeldOut: cfg.ValidationTrials,
		Test: cfg.TestTrials, BatchSize: cfg.BatchSize}, spec.DataRand(StreamTrain))
	if err != nil {
		return RunResult{}, err
	}
	mc := rnn.PaperConfig(ds.Spec.NIn(), t.field.N, ds.Spec.NOut())
	mc.InputNoise = cfg.InputNoise
	mc.NonNeg = cfg.PositiveOnly
	mc.Dale = v.Dale
	if cfg.Activation == Tanh {
		mc.Activation = rnn.Tanh
	}
	m, err := rnn.New(mc, spec.Rand(StreamInit))
	if err != nil {
		return RunResult{}, err
	}
	w0, err := t.InitialRecurrent(spec)
	if err != nil {
		return RunResult{}, err
	}
	if w0 != nil {
		if err := m.SetWeights(rnn.RecurrentKernel, w0); err != nil {
			return RunResult{}, err
		}
	}
	pen, err := t.Penalty(cfg, v)
	if err != nil {
		return RunResult{}, err
	}
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{
		Optimizer: rnn.OptimizerConfig{Kind: rnn.Adam, LearningRate: cfg.LearningRate},
		Shuffle:   cfg.Shuffle,
		Penalty:   pen,
		Recorder:  func(int, *rnn.Model, rnn.EpochStats) error { return ctx.Err() },
	}, spec.Rand(StreamNoise))
	if err != nil {
		return RunResult{}, err
	}
	hist, err := tr.Fit(toRNN(ds.Train), toRNN(ds.HeldOut), cfg.Epochs)
	if err != nil {
		return RunResult{}, err
	}
	last := hist[len(hist)-1]
	res := RunResult{Accuracy: last.Accuracy, Loss: last.Loss,
		ValidationAccuracy: last.ValAccuracy, ValidationLoss: last.ValLoss}
	for _, h := range hist {
		res.History = append(res.History, Epoch{Loss: h.Loss, Accuracy: h.Accuracy,
			ValidationLoss: h.ValLoss, ValidationAccuracy: h.ValAccuracy})
	}
	if res.TestLoss, res.TestAccuracy, err = m.Evaluate(toRNN(ds.Test), pen); err != nil {
		return RunResult{}, fmt.Errorf("test set: %w", err)
	}
	w := m.EffectiveRecurrentTo(nil)
	gm, err := graphmetrics.Paper(w, cfg.SmallWorldNulls, spec.Rand(StreamGraphNulls))
	if err != nil && !errors.Is(err, graphmetrics.ErrUndefined) {
		return RunResult{}, fmt.Errorf("graph metrics: %w", err)
	}
	// An undefined metric (graphmetrics.ErrUndefined) is NaN; the others
	// are valid.
	res.Modularity, res.SmallWorldness, res.Assortativity, res.Entropy = gm.Modularity, gm.SmallWorldness, gm.Assortativity, gm.Entropy
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

func toRNN(bs []*tasks.Batch) []rnn.Batch {
	out := make([]rnn.Batch, len(bs))
	for i, b := range bs {
		out[i] = rnn.Batch(*b)
	}
	return out
}
