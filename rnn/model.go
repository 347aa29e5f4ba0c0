package rnn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Model is a leaky rate RNN with a linear readout (see Config for the
// equations). Its methods are not safe for concurrent use: the model owns
// one reusable workspace.
type Model struct {
	cfg Config
	eng engine
}

// New validates cfg and returns a model initialised as Keras initialises
// SimpleRNN followed by Dense: W_in Glorot-uniform, W_rec by
// cfg.RecurrentInit, W_out Glorot-uniform, both biases zero. The draws come
// from rnd in that order. It panics if rnd is nil.
func New(cfg Config, rnd *rand.Rand) (*Model, error) {
	if rnd == nil {
		panic("rnn: New: nil *rand.Rand")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.RecurrentMask != nil {
		cfg.RecurrentMask = mat.DenseCopyOf(cfg.RecurrentMask)
	}
	m := &Model{cfg: cfg}
	if cfg.Arithmetic == Float64 {
		m.eng = newEngine64(&m.cfg)
	} else {
		m.eng = newEngine32(&m.cfg)
	}
	m.eng.setParam(InputKernel, NewGlorotUniform(cfg.NIn, cfg.NRec, rnd).RawMatrix().Data)
	var wrec *mat.Dense
	if cfg.RecurrentInit == GlorotUniform {
		wrec = NewGlorotUniform(cfg.NRec, cfg.NRec, rnd)
	} else {
		wrec = NewOrthogonal(cfg.NRec, cfg.NRec, rnd)
	}
	m.eng.setParam(RecurrentKernel, wrec.RawMatrix().Data)
	m.eng.setParam(OutputKernel, NewGlorotUniform(cfg.NRec, cfg.NOut, rnd).RawMatrix().Data)
	return m, nil
}

// Config returns a copy of the model's configuration (RecurrentMask is
// shared; do not modify it).
func (m *Model) Config() Config { return m.cfg }

// WeightsTo copies parameter p into dst as float64 and returns dst. A
// zero-value dst is sized; otherwise it must have p's shape (biases are
// 1×n), or WeightsTo panics with a ShapeError.
func (m *Model) WeightsTo(dst *mat.Dense, p Param) *mat.Dense {
	r, c := paramShape(&m.cfg, p)
	if dst == nil {
		dst = &mat.Dense{}
	}
	if dst.IsEmpty() {
		dst.ReuseAs(r, c)
	} else if dr, dc := dst.Dims(); dr != r || dc != c {
		panicShape(p.String()+" destination", fmt.Sprintf("%d×%d", dr, dc), fmt.Sprintf("%d×%d", r, c))
	}
	buf := make([]float64, r*c)
	m.eng.getParam(p, buf)
	dst.Copy(mat.NewDense(r, c, buf))
	return dst
}

// SetWeights sets parameter p from w (e.g. a biological W_rec, row =
// presynaptic unit), rounding to the model's precision. It panics with a
// ShapeError if w does not have p's shape and returns an error naming the
// first non-finite entry. Under NonNeg the caller is responsible for the
// sign of W_rec; the clamp applies after each update.
func (m *Model) SetWeights(p Param, w mat.Matrix) error {
	if p < 0 || p >= numParams {
		panic(fmt.Sprintf("rnn: SetWeights: unknown Param %d", int(p)))
	}
	r, c := paramShape(&m.cfg, p)
	if wr, wc := w.Dims(); wr != r || wc != c {
		panicShape(p.String(), fmt.Sprintf("%d×%d", wr, wc), fmt.Sprintf("%d×%d", r, c))
	}
	buf := make([]float64, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := w.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("rnn: SetWeights %s[%d][%d] is %g: %w", p, i, j, v, ErrNonFinite)
			}
			buf[i*c+j] = v
		}
	}
	m.eng.setParam(p, buf)
	return nil
}

// EffectiveRecurrentTo writes the effective recurrent matrix W_eff (W_rec ⊙
// M, or diag(s)|W_rec ⊙ M| under Dale's law) into dst and returns it. dst
// follows the rules of WeightsTo.
func (m *Model) EffectiveRecurrentTo(dst *mat.Dense) *mat.Dense {
	n := m.cfg.NRec
	if dst == nil {
		dst = &mat.Dense{}
	}
	if dst.IsEmpty() {
		dst.ReuseAs(n, n)
	} else if dr, dc := dst.Dims(); dr != n || dc != n {
		panicShape("effective W_rec destination", fmt.Sprintf("%d×%d", dr, dc), fmt.Sprintf("%d×%d", n, n))
	}
	buf := make([]float64, n*n)
	m.eng.effectiveTo(buf)
	dst.Copy(mat.NewDense(n, n, buf))
	return dst
}

// run checks b and runs the network on it without noise.
func (m *Model) run(b *Batch) (loss accum, correct, count int, err error) {
	b.checkShape(&m.cfg)
	if err := b.checkData(&m.cfg); err != nil {
		return 0, 0, 0, err
	}
	m.eng.resize(b.Steps, b.Size)
	m.eng.prepare()
	m.eng.load(b)
	loss, correct, count = m.eng.forward(b, false)
	return loss, correct, count, nil
}

// Evaluate returns the loss and accuracy over the batches without noise, as
// Keras' evaluate reports them: the data loss averaged over trials (batches
// weighted by Size), plus pen(W_rec) when pen is not nil, and the fraction
// of correct argmax predictions (per trial for LastStepCrossEntropy, per
// step with a positive mask for the per-step losses). It panics with a
// ShapeError on a batch of the wrong shape and returns an error for bad
// data, a failing penalty or a non-finite loss.
func (m *Model) Evaluate(batches []Batch, pen Penalty) (loss, accuracy float64, err error) {
	if len(batches) == 0 {
		return 0, 0, fmt.Errorf("rnn: Evaluate: no batches: %w", ErrBatch)
	}
	var sum accum
	var trials, correct, count int
	for i := range batches {
		l, c, n, err := m.run(&batches[i])
		if err != nil {
			return 0, 0, fmt.Errorf("rnn: Evaluate batch %d: %w", i, err)
		}
		sum += l * accum(batches[i].Size)
		trials += batches[i].Size
		correct += c
		count += n
	}
	loss = sum / float64(trials)
	if pen != nil {
		p, err := pen.Value(m.WeightsTo(nil, RecurrentKernel))
		if err != nil {
			return 0, 0, fmt.Errorf("rnn: Evaluate penalty: %w", err)
		}
		loss += p
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, 0, fmt.Errorf("rnn: Evaluate: loss is %g: %w", loss, ErrNonFinite)
	}
	return loss, float64(correct) / float64(count), nil
}

// Logits runs the network on b without noise and returns the readout: a
// Size×NOut matrix for LastStepCrossEntropy, otherwise a (Steps·Size)×NOut
// matrix in time-major order (row t·Size + b). It panics with a ShapeError
// on a batch of the wrong shape and returns an error for bad data.
func (m *Model) Logits(b Batch) (*mat.Dense, error) {
	if _, _, _, err := m.run(&b); err != nil {
		return nil, err
	}
	rows := b.Size
	if m.cfg.Loss.perStep() {
		rows *= b.Steps
	}
	buf := make([]float64, rows*m.cfg.NOut)
	m.eng.logitsTo(buf)
	return mat.NewDense(rows, m.cfg.NOut, buf), nil
}

// States runs the network on b without noise and returns the states h_1 …
// h_T as a (Steps·Size)×NRec matrix in time-major order (row t·Size + b
// holds h_{t+1} of trial b). Panics and errors as Logits.
func (m *Model) States(b Batch) (*mat.Dense, error) {
	if _, _, _, err := m.run(&b); err != nil {
		return nil, err
	}
	rows := b.Steps * b.Size
	buf := make([]float64, rows*m.cfg.NRec)
	m.eng.statesTo(buf)
	return mat.NewDense(rows, m.cfg.NRec, buf), nil
}
