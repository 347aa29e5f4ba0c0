package experiment

import (
	"errors"
	"fmt"
	"math"

	"github.com/cortexrnn/cortexrnn/rnn"
)

// LargeLossFactor is the ratio to the first epoch's training loss above
// which a finite epoch loss counts as a blow-up (RunResult.LargeLoss): a
// run at a too-large learning rate can reach losses of 1e35 and more
// without ever becoming non-finite.
const LargeLossFactor = 1e6

// Divergence says where a run's training became non-finite (a NaN or
// infinite loss, gradient or weight).
type Divergence struct {
	// Epoch is the 0-based epoch in which training diverged.
	Epoch int
	// Batch is the 0-based training batch of that epoch, or −1 when the
	// validation or test evaluation after it was the first non-finite
	// value.
	Batch int
	// Reason is the error that stopped training, e.g. "loss is NaN".
	Reason string
}

func (d *Divergence) String() string {
	if d.Batch < 0 {
		return fmt.Sprintf("epoch %d, evaluation: %s", d.Epoch, d.Reason)
	}
	return fmt.Sprintf("epoch %d, batch %d: %s", d.Epoch, d.Batch, d.Reason)
}

// divergenceOf returns the Divergence described by err, or nil when err is
// not a non-finite failure of training (rnn.ErrNonFinite).
func divergenceOf(err error) *Divergence {
	if err == nil || !errors.Is(err, rnn.ErrNonFinite) {
		return nil
	}
	d := &Divergence{Epoch: -1, Batch: -1, Reason: err.Error()}
	var te *rnn.TrainError
	if errors.As(err, &te) {
		d.Epoch, d.Batch, d.Reason = te.Epoch, te.Batch, te.Err.Error()
	}
	return d
}

// unavailable returns the result of a diverged run whose metrics are not
// available (the corrected preset): every value NaN, the history of the
// epochs completed before the divergence kept.
func unavailable(d *Divergence, hist []Epoch, seconds float64) RunResult {
	nan := math.NaN()
	return RunResult{
		Accuracy: nan, Loss: nan, ValidationAccuracy: nan, ValidationLoss: nan,
		TestAccuracy: nan, TestLoss: nan,
		Modularity: nan, SmallWorldness: nan, Assortativity: nan, Entropy: nan,
		Seconds: seconds, History: hist, Diverged: d,
	}
}

// largeLoss reports whether an epoch's training loss exceeds LargeLossFactor
// times the first epoch's.
func largeLoss(hist []Epoch) bool {
	if len(hist) == 0 {
		return false
	}
	first := math.Abs(hist[0].Loss)
	for _, e := range hist[1:] {
		if e.Loss > LargeLossFactor*first {
			return true
		}
	}
	return false
}

// classZero counts the scored predictions of bs whose target is class 0,
// and all scored predictions, as rnn counts accuracy: one per trial for
// last-step targets, one per step with a positive mask for per-step
// targets (the target's class being its first largest entry).
func classZero(bs []rnn.Batch) (zeros, count int) {
	for i := range bs {
		b := &bs[i]
		if b.Labels != nil {
			for _, y := range b.Labels {
				if y == 0 {
					zeros++
				}
			}
			count += len(b.Labels)
			continue
		}
		for r, m := range b.Mask {
			if m <= 0 {
				continue
			}
			count++
			y := b.Y[r*b.NOut : (r+1)*b.NOut]
			arg := 0
			for k, v := range y {
				if v > y[arg] {
					arg = k
				}
			}
			if arg == 0 {
				zeros++
			}
		}
	}
	return zeros, count
}

// kerasFit is rnn.Trainer.Fit without shuffling, except that a non-finite
// loss or gradient does not stop it: from then on it reports what Keras
// reports when training goes on with NaN weights (the published code
// stops nothing). Keras' accuracy compares argmax(y_true) with the argmax
// of the prediction, and the argmax of an all-NaN prediction is the first
// class, so every prediction after the divergence counts as class 0: the
// diverged batch's own predictions (made before its update) are scored as
// they are, the later batches and every evaluation score the share of
// class 0; the losses are NaN. It returns the divergence (nil when
// training stayed finite) and the history; epochDone is called after each
// epoch, and a non-nil error from it stops training.
func kerasFit(tr *rnn.Trainer, train, val []rnn.Batch, epochs int, pen rnn.Penalty,
	epochDone func(rnn.EpochStats) error) (*Divergence, []rnn.EpochStats, error) {
	m := tr.Model()
	var div *Divergence
	hist := make([]rnn.EpochStats, 0, epochs)
	valZeros, valCount := classZero(val)
	for ep := range epochs {
		var sum float64
		var trials, correct, count int
		for bi := range train {
			b := &train[bi]
			if div != nil {
				z, n := classZero(train[bi : bi+1])
				correct += z
				count += n
				trials += b.Size
				continue
			}
			l, c, n, err := tr.TrainStep(b)
			if err != nil {
				if div = divergenceOf(err); div == nil {
					return nil, hist, &rnn.TrainError{Epoch: ep, Batch: bi, Err: err}
				}
				div.Epoch, div.Batch = ep, bi
				l = math.NaN()
				if n == 0 { // a failing penalty reports no predictions
					c, n = classZero(train[bi : bi+1])
				}
			}
			sum += l * float64(b.Size)
			trials += b.Size
			correct += c
			count += n
		}
		s := rnn.EpochStats{Epoch: ep, Loss: sum / float64(trials), Accuracy: float64(correct) / float64(count),
			ValLoss: math.NaN(), ValAccuracy: math.NaN()}
		if div != nil {
			s.Loss = math.NaN()
		}
		if len(val) > 0 {
			if div == nil {
				vl, va, err := m.Evaluate(val, pen)
				if d := divergenceOf(err); d != nil {
					div = &Divergence{Epoch: ep, Batch: -1, Reason: "validation: " + d.Reason}
				} else if err != nil {
					return nil, hist, &rnn.TrainError{Epoch: ep, Batch: -1, Err: fmt.Errorf("validation: %w", err)}
				} else {
					s.ValLoss, s.ValAccuracy = vl, va
				}
			}
			if div != nil {
				s.ValAccuracy = float64(valZeros) / float64(valCount)
			}
		}
		hist = append(hist, s)
		if epochDone != nil {
			if err := epochDone(s); err != nil {
				return div, hist, &rnn.TrainError{Epoch: ep, Batch: -1, Err: fmt.Errorf("recorder: %w", err)}
			}
		}
	}
	return div, hist, nil
}
