package rnn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// EpochStats is what Keras' History records for one epoch.
type EpochStats struct {
	Epoch int // counted from 0 over the trainer's life (continues after a checkpoint)
	// Loss and Accuracy are the means over the epoch's training batches
	// (weighted by batch size), each computed in training mode (with noise)
	// before that batch's update; Loss includes the penalty.
	Loss, Accuracy float64
	// ValLoss and ValAccuracy are computed on the validation batches after
	// the epoch, without noise; ValLoss includes the penalty. Both are NaN
	// when Fit had no validation batches.
	ValLoss, ValAccuracy float64
}

// Recorder is called after every epoch (after validation) with the model
// and that epoch's statistics, e.g. to snapshot W_rec with WeightsTo. A
// non-nil error stops Fit.
type Recorder func(epoch int, m *Model, s EpochStats) error

// TrainConfig configures a Trainer.
type TrainConfig struct {
	Optimizer OptimizerConfig
	// Shuffle, when set, visits the training batches in a fresh random order
	// every epoch (drawn from the trainer's generator); otherwise in the
	// given order, as the paper does.
	Shuffle bool
	// Penalty, when not nil, is added to the loss on every batch and to the
	// validation loss; its gradient joins W_rec's. Not saved in checkpoints.
	Penalty Penalty
	// Recorder, when not nil, is called after every epoch. Not saved in
	// checkpoints.
	Recorder Recorder
}

// Trainer trains a Model: optimiser state, step and epoch counters and a
// private random generator for noise and shuffling, all saved in
// checkpoints so that a resumed run is bit-identical to an uninterrupted one.
type Trainer struct {
	model *Model
	cfg   TrainConfig
	opt   OptimizerConfig // with defaults
	src   *rand.PCG
	rnd   *rand.Rand
	step  int // optimiser steps taken (Adam's t)
	epoch int // epochs completed

	order   []int
	wbuf    []float64
	wmat    *mat.Dense // N×N view of wbuf, handed to the penalty
	penGrad *mat.Dense
}

// NewTrainer returns a trainer for m. It seeds the trainer's own PCG
// generator with two draws from rnd (the only use of rnd); noise and
// shuffling come from that generator. It panics if m or rnd is nil.
func NewTrainer(m *Model, cfg TrainConfig, rnd *rand.Rand) (*Trainer, error) {
	if rnd == nil {
		panic("rnn: NewTrainer: nil *rand.Rand")
	}
	return newTrainer(m, cfg, rand.NewPCG(rnd.Uint64(), rnd.Uint64()))
}

func newTrainer(m *Model, cfg TrainConfig, src *rand.PCG) (*Trainer, error) {
	if m == nil {
		panic("rnn: NewTrainer: nil *Model")
	}
	if err := cfg.Optimizer.Validate(); err != nil {
		return nil, err
	}
	n := m.cfg.NRec
	t := &Trainer{
		model: m,
		cfg:   cfg,
		opt:   cfg.Optimizer.withDefaults(),
		src:   src,
		rnd:   rand.New(src),
		wbuf:  make([]float64, n*n),
	}
	t.wmat = mat.NewDense(n, n, t.wbuf)
	t.penGrad = mat.NewDense(n, n, nil)
	return t, nil
}

// Model returns the model being trained.
func (t *Trainer) Model() *Model { return t.model }

// Epoch returns the number of epochs completed.
func (t *Trainer) Epoch() int { return t.epoch }

// Steps returns the number of optimiser updates taken.
func (t *Trainer) Steps() int { return t.step }

// SetPenalty replaces the penalty (e.g. after loading a checkpoint).
func (t *Trainer) SetPenalty(p Penalty) { t.cfg.Penalty = p }

// SetRecorder replaces the recorder (e.g. after loading a checkpoint).
func (t *Trainer) SetRecorder(r Recorder) { t.cfg.Recorder = r }

// TrainStep runs one batch in training mode (noise drawn from the trainer's
// generator), computes the loss (data loss plus penalty) and its gradient,
// and applies one optimiser update, then the NonNeg clamp if configured. It
// returns the loss and the number of correct and scored predictions, all
// computed before the update. On a non-finite loss or gradient, or a failing
// penalty, it returns an error and leaves the weights untouched. It panics
// with a ShapeError on a batch of the wrong shape.
func (t *Trainer) TrainStep(b *Batch) (loss float64, correct, count int, err error) {
	m := t.model
	b.checkShape(&m.cfg)
	if err := b.checkData(&m.cfg); err != nil {
		return 0, 0, 0, err
	}
	loss, correct, count, err = t.lossGrad(b, true)
	if err != nil {
		return loss, correct, count, err
	}
	e := m.eng
	norm := math.Sqrt(e.gradNormSq())
	if math.IsNaN(norm) || math.IsInf(norm, 0) {
		return loss, correct, count, fmt.Errorf("gradient norm is %g: %w", norm, ErrNonFinite)
	}
	scale := 1.0
	if c := t.opt.ClipNorm; c > 0 && norm > c {
		scale = c / norm
	}
	t.applyUpdate(scale)
	if m.cfg.NonNeg {
		e.clampNonNeg()
	}
	return loss, correct, count, nil
}

// Fit trains for the given number of epochs over the training batches and
// returns one EpochStats per epoch, with Keras' History semantics (see
// EpochStats). Validation batches may be empty. On failure it returns the
// statistics of the completed epochs and a *TrainError naming the epoch and
// batch; the weights are those after the last successful update.
func (t *Trainer) Fit(train, val []Batch, epochs int) ([]EpochStats, error) {
	if epochs < 0 {
		return nil, fmt.Errorf("rnn: Fit: epochs = %d, want ≥ 0: %w", epochs, ErrConfig)
	}
	if len(train) == 0 && epochs > 0 {
		return nil, fmt.Errorf("rnn: Fit: no training batches: %w", ErrBatch)
	}
	hist := make([]EpochStats, 0, epochs)
	if cap(t.order) < len(train) {
		t.order = make([]int, len(train))
	}
	order := t.order[:len(train)]
	for range epochs {
		for i := range order {
			order[i] = i
		}
		if t.cfg.Shuffle {
			t.rnd.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		var sum float64
		var trials, correct, count int
		for _, bi := range order {
			l, c, n, err := t.TrainStep(&train[bi])
			if err != nil {
				return hist, &TrainError{Epoch: t.epoch, Batch: bi, Err: err}
			}
			sum += l * float64(train[bi].Size)
			trials += train[bi].Size
			correct += c
			count += n
		}
		s := EpochStats{
			Epoch:       t.epoch,
			Loss:        sum / float64(trials),
			Accuracy:    float64(correct) / float64(count),
			ValLoss:     math.NaN(),
			ValAccuracy: math.NaN(),
		}
		if len(val) > 0 {
			vl, va, err := t.model.Evaluate(val, t.cfg.Penalty)
			if err != nil {
				return hist, &TrainError{Epoch: t.epoch, Batch: -1, Err: fmt.Errorf("validation: %w", err)}
			}
			s.ValLoss, s.ValAccuracy = vl, va
		}
		t.epoch++
		hist = append(hist, s)
		if r := t.cfg.Recorder; r != nil {
			if err := r(s.Epoch, t.model, s); err != nil {
				return hist, &TrainError{Epoch: s.Epoch, Batch: -1, Err: fmt.Errorf("recorder: %w", err)}
			}
		}
	}
	return hist, nil
}

// lossGrad computes the training loss (data loss plus penalty) and its
// gradient for b. With fresh it loads the batch and draws new noise;
// otherwise it reuses the inputs and noise already in the workspace (the
// finite-difference tests rely on this).
func (t *Trainer) lossGrad(b *Batch, fresh bool) (loss float64, correct, count int, err error) {
	e := t.model.eng
	e.resize(b.Steps, b.Size)
	e.prepare()
	if fresh {
		e.load(b)
		e.drawNoise(t.rnd)
	}
	loss, correct, count = e.forward(b, true)
	var pv float64
	if p := t.cfg.Penalty; p != nil {
		e.getParam(RecurrentKernel, t.wbuf)
		pv, err = p.ValueGradTo(t.penGrad, t.wmat)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("penalty: %w", err)
		}
	}
	loss += pv
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, correct, count, fmt.Errorf("loss is %g: %w", loss, ErrNonFinite)
	}
	e.backward()
	if t.cfg.Penalty != nil {
		e.addGrad(RecurrentKernel, t.penGrad.RawMatrix().Data)
	}
	return loss, correct, count, nil
}

// applyUpdate takes one optimiser step with the gradients scaled by scale.
func (t *Trainer) applyUpdate(scale float64) {
	e := t.model.eng
	t.step++
	o := &t.opt
	switch o.Kind {
	case SGD:
		e.sgdStep(o.LearningRate, scale)
	default:
		st := float64(t.step)
		lrT := o.LearningRate * math.Sqrt(1-math.Pow(o.Beta2, st)) / (1 - math.Pow(o.Beta1, st))
		e.adamStep(lrT, o.Beta1, o.Beta2, o.Epsilon, scale)
	}
}
