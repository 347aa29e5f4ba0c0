package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"github.com/cortexrnn/cortexrnn/internal/fieldgrid"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// defaultSyntheticSeed is the default Config.SyntheticSeed, the seed of the
// built-in synthetic field that LoadField builds when Config.FieldDir is
// empty.
const defaultSyntheticSeed = 1

// LoadField reads the field of cfg: connectome.ReadFieldDir(cfg.FieldDir),
// or, when FieldDir is empty, the built-in synthetic field
// (connectome.Synthetic with connectome.DefaultSyntheticConfig(
// cfg.SyntheticN, cfg.SyntheticSeed)).
//
// To read a field folder otherwise, e.g. with
// connectome.FieldReader{AllowOutOfSpec: true} (functional matrices that
// fail the meaning checks, with warnings for the caller to show), call
// the reader's ReadDir on cfg.FieldFolder() instead: the inputs' digests
// (Provenance.Inputs) do not depend on the reader.
func LoadField(cfg *Config) (*connectome.Field, error) {
	if cfg.FieldDir == "" {
		f, err := connectome.Synthetic(connectome.DefaultSyntheticConfig(cfg.SyntheticN, cfg.SyntheticSeed))
		if err != nil {
			return nil, fmt.Errorf("experiment: synthetic field (SyntheticN %d, SyntheticSeed %d): %w", cfg.SyntheticN, cfg.SyntheticSeed, err)
		}
		return f, nil
	}
	dir, err := cfg.FieldFolder()
	if err != nil {
		return nil, err
	}
	f, _, err := connectome.FieldReader{}.ReadDir(dir)
	return f, err
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
// stream StreamTrain of the trial seed of (task, simulation) (shared by the variants of a simulation, and by all simulations under
// DataShared); the model's
// kernels from stream StreamInit of the run seed; the biological B from stream StreamBio of the data seed
// (one B per task and simulation, shared by its variants as docs/method.md §2
// says); its permutation/resampling/scale matching from
// StreamPermutation; input noise and shuffling from StreamNoise; the
// small-world nulls from StreamGraphNulls (the streams of internal/seeds).
//
// A PaperTrainer keeps the Config it was built from and the inputs of its
// field (Provenance.Inputs), and refuses a RunSpec whose fingerprint is not that
// configuration's (RunSpec.Fingerprint): every setting a run reads comes
// from that one copy.
//
// Divergence: a run whose loss, gradient or weights become non-finite is
// a result (RunResult.Diverged, with the epoch and batch). In the corrected
// preset its metrics are not available (NaN). The reference preset
// reports what the published code reports for such a run, since its
// tables include them: Keras trains on with NaN weights, and its accuracy
// compares argmax(y_true) with the argmax of an all-NaN prediction, which
// is the first class; so the accuracies are the share of class 0 among the
// evaluated trials, the losses and graph metrics NaN (with Config.Shuffle,
// which the published code does not use, it reports as the corrected
// preset does).
//
// A PaperTrainer is safe for concurrent use: the field and the distance
// matrices are read-only, and each run builds its own penalty and model.
type PaperTrainer struct {
	cfg    Config
	inputs []Input
	field  *connectome.Field
	// realD and gridD are the N×N distance matrices of D* and D; cEmp is
	// the empirical communicability of the EMD penalty.
	realD, gridD, cEmp *mat.Dense
	normArt            spatial.Normalisation
	grid               [3]int // the grid of D (internal/fieldgrid)
}

// NewPaperTrainer prepares the distance and communicability matrices of
// field under cfg (validated), which it copies. field must be LoadField(cfg):
// the trainer records the digests of the files LoadField reads (CurrentProvenance),
// as its data. The grid of D is field.Grid when known, otherwise
// connectome.FactorGrid(N).
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
	inputs, err := fieldInputs(cfg)
	if err != nil {
		return nil, err
	}
	t := &PaperTrainer{cfg: cfg.Clone(), inputs: inputs, field: field}
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
	t.grid = fieldgrid.Used(field.N, field.Grid)
	g := t.grid
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

// penalty returns the penalty of variant v under cfg (a new instance; the
// spatial penalties are not safe for concurrent use).
func (t *PaperTrainer) penalty(cfg *Config, v Variant) (rnn.Penalty, error) {
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
		p, err := spatial.NewWiring(d, cfg.Lambda)
		if err != nil {
			return nil, err
		}
		return p, nil
	case CommDirect:
		p, err := spatial.NewCommunicability(d, spatial.CommunicabilityConfig{Lambda: cfg.Lambda, Norm: t.normArt, Arithmetic: cfg.ExpPrecision})
		if err != nil {
			return nil, err
		}
		return p, nil
	case CommEMD:
		p, err := spatial.NewEMD(d, t.cEmp, spatial.EMDConfig{Lambda: cfg.Lambda, LambdaEMD: cfg.LambdaEMD, Norm: t.normArt, Arithmetic: cfg.ExpPrecision})
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	return nil, fmt.Errorf("experiment: variant %s: unknown communicability %v", v.Name, v.Comm)
}

// initialRecurrent returns the variant's initial W_rec for a run, or nil
// for the orthogonal initialisation (left to rnn.New).
func (t *PaperTrainer) initialRecurrent(spec RunSpec) (*mat.Dense, error) {
	v, cfg := spec.Variant, &t.cfg
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
	// docs/method.md §2: B is drawn once per simulation and shared by its
	// variants (W! permutes that same B), so it comes from the
	// simulation's data stream; what is specific to a variant (the
	// permutation, resampling, scale matching) from the run's own.
	if v.Init == InitLogNormal {
		// The same draws of L as the simulation's B, without modulation.
		src = connectome.SourceNone
		bc = connectome.DefaultBioConfig(src)
	}
	b, err := connectome.BioInit(t.field, bc, spec.dataRand(seeds.StreamBio))
	rnd := spec.runRand(seeds.StreamPermutation)
	if err != nil {
		return nil, fmt.Errorf("biological initialisation: %w", err)
	}
	switch v.Init {
	case InitBio, InitLogNormal:
		return b, nil
	case InitPermutedBio:
		return connectome.Permute(b, rnd), nil
	case InitScaledRandom:
		return connectome.ScaleMatched(b, bc.Mu, bc.Sigma, rnd)
	case InitResampledBio:
		return connectome.Resample(b, rnd)
	case InitBioDiagonal:
		return connectome.SelfConnections(b)
	case InitBioCoupling:
		return connectome.Coupling(b)
	}
	return nil, fmt.Errorf("unknown initialisation %v", v.Init)
}

// checkSpec refuses a spec of another configuration or data (its
// fingerprint is not the trainer's RunFingerprint of its variant).
func (t *PaperTrainer) checkSpec(spec RunSpec) error {
	if want := t.cfg.RunFingerprint(spec.Variant, t.inputs); spec.Fingerprint != want {
		return fmt.Errorf("experiment: run %v: spec fingerprint %q, the trainer's configuration %s: %w",
			spec.Key, spec.Fingerprint, want, ErrForeignRun)
	}
	return nil
}

// untrained returns the network of spec's run before training, for a task
// of spec ts: rnn.New from the run's init stream, then, unless w0 is nil
// (the orthogonal initialisation rnn.New draws), W_rec set to w0.
func (t *PaperTrainer) untrained(spec RunSpec, ts tasks.Spec, w0 *mat.Dense) (*rnn.Model, error) {
	mc := rnn.PaperConfig(ts.NIn(), t.field.N, ts.NOut())
	if ts.Target == tasks.TargetPerStep {
		mc.Loss = rnn.MaskedCrossEntropy
	}
	mc.InputNoise = t.cfg.InputNoise
	mc.NonNeg = t.cfg.PositiveOnly
	mc.Dale = spec.Variant.Dale
	mc.Activation = t.cfg.Activation
	m, err := rnn.New(mc, spec.runRand(seeds.StreamInit))
	if err != nil {
		return nil, err
	}
	if w0 != nil {
		if err := m.SetWeights(rnn.RecurrentKernel, w0); err != nil {
			return nil, fmt.Errorf("variant %s: initial W_rec: %w", spec.Variant.Name, err)
		}
	}
	return m, nil
}

// InitialRecurrent returns the effective recurrent matrix W_rec (row =
// presynaptic) that Run starts spec's run from: the variant's
// initialisation, or for the orthogonal one rnn's draw from the run's
// stream, with the configuration's sign constraints applied
// (rnn.Model.EffectiveRecurrentTo). It builds no trial sets, so it is
// cheap next to training (for N = 312, one initialisation and its
// spectral radius). A spec of another configuration or data is refused
// with an error wrapping ErrForeignRun.
func (t *PaperTrainer) InitialRecurrent(spec RunSpec) (*mat.Dense, error) {
	if err := t.checkSpec(spec); err != nil {
		return nil, err
	}
	task, err := tasks.ByName(spec.TaskName)
	if err != nil {
		return nil, err
	}
	w0, err := t.initialRecurrent(spec)
	if err != nil {
		return nil, fmt.Errorf("variant %s: %w", spec.Variant.Name, err)
	}
	m, err := t.untrained(spec, task.Spec(), w0)
	if err != nil {
		return nil, err
	}
	return m.EffectiveRecurrentTo(nil), nil
}

// Training is the outcome of one PaperTrainer.Train.
type Training struct {
	// Result is what Run reports for the run.
	Result RunResult
	// History is rnn's form of Result.History: one entry per epoch.
	History []rnn.EpochStats
	// Initial and Final are the effective recurrent matrices W_rec before
	// and after training (row = presynaptic unit).
	Initial, Final *mat.Dense
	// GraphErr, when not nil, wraps graphmetrics.ErrUndefined and says
	// which graph metrics of Final are undefined (NaN in Result).
	GraphErr error
	// GraphSeconds is the part of Result.Seconds spent on the graph
	// metrics.
	GraphSeconds float64
	// Model is the trained network (e.g. for package dynamics).
	Model *rnn.Model
	// InitialModel is the same network before training (its
	// EffectiveRecurrentTo is Initial), e.g. for rnn.WriteWeights.
	InitialModel *rnn.Model
}

// Run trains one network (see PaperTrainer): Train on the task
// spec.TaskName (tasks.ByName), without an epoch callback; with spec.KeepWeights the
// result carries the network's weights file (RunResult.Weights), unless the
// run diverged.
func (t *PaperTrainer) Run(ctx context.Context, spec RunSpec) (RunResult, error) {
	task, err := tasks.ByName(spec.TaskName)
	if err != nil {
		return RunResult{}, err
	}
	tr, err := t.Train(ctx, spec, task, nil)
	if err != nil {
		return RunResult{}, err
	}
	// A diverged network's weights are not finite: nothing to keep or
	// reanalyse (its metrics are not available either).
	if spec.KeepWeights && tr.Result.Diverged == nil {
		if tr.Result.Weights, err = weightsFile(tr); err != nil {
			return RunResult{}, err
		}
	}
	return tr.Result, nil
}

// Train trains one network of spec's variant on task, the steps of
// PaperTrainer in order: the trial sets, the model, its initial W_rec
// of the variant, its penalty, Adam training for
// Config.Epochs epochs (calling epoch, if not nil, after each from the
// goroutine that called Train, with the epoch's statistics and wall time), the held-out test
// set and the graph metrics of the final W_rec. A task with per-step
// targets (tasks.TargetPerStep) trains on the masked cross-entropy; the
// paper's three have last-step targets. Run is Train on the paper's task
// spec.TaskName, so for that task Train's Result equals Run's. A spec
// whose Fingerprint is not the trainer configuration's RunFingerprint (a
// spec of another configuration or data) is refused with an error wrapping
// ErrForeignRun, before anything is computed.
func (t *PaperTrainer) Train(ctx context.Context, spec RunSpec, task tasks.Task, epoch func(st rnn.EpochStats, took time.Duration)) (*Training, error) {
	start := time.Now()
	cfg, v := &t.cfg, spec.Variant
	if err := t.checkSpec(spec); err != nil {
		return nil, err
	}
	ds, err := t.dataset(spec, task)
	if err != nil {
		return nil, fmt.Errorf("task %s: %w", task.Spec().Name, err)
	}
	w0, err := t.initialRecurrent(spec)
	if err != nil {
		return nil, fmt.Errorf("variant %s: %w", v.Name, err)
	}
	// The untrained model is built twice from the same stream: one copy
	// trains, the other is kept as Training.InitialModel.
	m, err := t.untrained(spec, ds.Spec, w0)
	if err != nil {
		return nil, err
	}
	m0, err := t.untrained(spec, ds.Spec, w0)
	if err != nil {
		return nil, err
	}
	pen, err := t.penalty(cfg, v)
	if err != nil {
		return nil, err
	}
	out := &Training{Initial: m.EffectiveRecurrentTo(nil), InitialModel: m0}
	epochStart := time.Now()
	epochDone := func(st rnn.EpochStats) error {
		if epoch != nil {
			epoch(st, time.Since(epochStart))
		}
		epochStart = time.Now()
		return ctx.Err()
	}
	// The reference preset goes on after a divergence as Keras does
	// (kerasFit); it needs the batches in their fixed order.
	keras := cfg.Preset == Reference && !cfg.Shuffle
	trainCfg := rnn.TrainConfig{
		Optimizer: rnn.OptimizerConfig{Kind: rnn.Adam, LearningRate: cfg.LearningRate, ClipNorm: cfg.ClipNorm},
		Shuffle:   cfg.Shuffle,
		Penalty:   pen,
	}
	if !keras {
		trainCfg.Recorder = func(_ int, _ *rnn.Model, st rnn.EpochStats) error { return epochDone(st) }
	}
	tr, err := rnn.NewTrainer(m, trainCfg, spec.runRand(seeds.StreamNoise))
	if err != nil {
		return nil, err
	}
	train, val, test := toRNN(ds.Train), toRNN(ds.HeldOut), toRNN(ds.Test)
	var div *Divergence
	if keras {
		div, out.History, err = kerasFit(tr, train, val, cfg.Epochs, pen, epochDone)
	} else {
		out.History, err = tr.Fit(train, val, cfg.Epochs)
		if div = divergenceOf(err); div != nil {
			err = nil
		}
	}
	if err != nil {
		return nil, err
	}
	res := &out.Result
	for _, h := range out.History {
		res.History = append(res.History, Epoch{Loss: h.Loss, Accuracy: h.Accuracy,
			ValidationLoss: h.ValLoss, ValidationAccuracy: h.ValAccuracy})
	}
	res.LargeLoss = largeLoss(res.History)
	out.Final = m.EffectiveRecurrentTo(nil)
	out.Model = m
	if div == nil {
		res.TestLoss, res.TestAccuracy, err = m.Evaluate(test, pen)
		if d := divergenceOf(err); d != nil {
			div, err = &Divergence{Epoch: cfg.Epochs - 1, Batch: -1, Reason: "test set: " + d.Reason}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("test set: %w", err)
		}
	}
	if div != nil && !keras {
		// Metrics not available; Final holds the weights after the last
		// finite update.
		large := res.LargeLoss
		*res = unavailable(div, res.History, time.Since(start).Seconds())
		res.LargeLoss = large
		return out, nil
	}
	last := out.History[len(out.History)-1]
	res.Accuracy, res.Loss, res.ValidationAccuracy, res.ValidationLoss = last.Accuracy, last.Loss, last.ValAccuracy, last.ValLoss
	if div != nil {
		// Keras with NaN weights: NaN losses, every prediction class 0,
		// NaN graph metrics (the published code computes them of a NaN
		// matrix).
		zeros, count := classZero(test)
		res.TestAccuracy, res.TestLoss = float64(zeros)/float64(count), math.NaN()
		nan := math.NaN()
		res.Loss, res.ValidationLoss = nan, nan
		res.Modularity, res.SmallWorldness, res.Assortativity, res.Entropy = nan, nan, nan, nan
		res.Diverged = div
		res.Seconds = time.Since(start).Seconds()
		return out, nil
	}
	graphStart := time.Now()
	gm, err := graphmetrics.Paper(out.Final, cfg.SmallWorldNulls, spec.runRand(seeds.StreamGraphNulls))
	if errors.Is(err, graphmetrics.ErrUndefined) {
		// An undefined metric is NaN; the others are valid.
		out.GraphErr, err = err, nil
	}
	if err != nil {
		return nil, fmt.Errorf("graph metrics: %w", err)
	}
	res.Modularity, res.SmallWorldness, res.Assortativity, res.Entropy = gm.Modularity, gm.SmallWorldness, gm.Assortativity, gm.Entropy
	out.GraphSeconds = time.Since(graphStart).Seconds()
	res.Seconds = time.Since(start).Seconds()
	return out, nil
}

func toRNN(bs []*tasks.Batch) []rnn.Batch {
	out := make([]rnn.Batch, len(bs))
	for i, b := range bs {
		out[i] = rnn.Batch(*b)
	}
	return out
}

// dataset draws the run's trial sets from stream StreamTrain of its trial
// seed (RunSpec.TrialSeed): shared by the variants of a simulation, and by
// every simulation under DataShared.
func (t *PaperTrainer) dataset(spec RunSpec, task tasks.Task) (*tasks.Dataset, error) {
	cfg := &t.cfg
	return tasks.NewDataset(task, tasks.DatasetConfig{Train: cfg.TrainTrials, HeldOut: cfg.ValidationTrials,
		Test: cfg.TestTrials, BatchSize: cfg.BatchSize},
		seeds.Rand(spec.TrialSeed, seeds.StreamTrain))
}
