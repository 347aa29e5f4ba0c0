package rnn

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// memoryBatches returns last-step batches of a one-bit memory task: the
// label is 1 when the input at step 0 is positive; later inputs are noise.
func memoryBatches(nb, steps, size int, rnd *rand.Rand) []Batch {
	out := make([]Batch, nb)
	for k := range out {
		b := Batch{Steps: steps, Size: size, NIn: 2, NOut: 2, X: make([]float32, steps*size*2), Labels: make([]int, size)}
		for i := 0; i < size; i++ {
			c := rnd.IntN(2)
			b.Labels[i] = c
			b.X[i*2+c] = 1
			for t := 1; t < steps; t++ {
				b.X[(t*size+i)*2] = float32(0.1 * rnd.NormFloat64())
			}
		}
		out[k] = b
	}
	return out
}

func memoryConfig() Config {
	return Config{NIn: 2, NRec: 16, NOut: 2, InputNoise: DefaultInputNoise}
}

func TestFitLearns(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(1)
	m, err := New(memoryConfig(), rnd)
	require.NoError(t, err)
	tr, err := NewTrainer(m, TrainConfig{Optimizer: OptimizerConfig{LearningRate: 1e-2}, Penalty: L1{Lambda: 1e-4}}, rnd)
	require.NoError(t, err)
	train, val := memoryBatches(8, 6, 16, rnd), memoryBatches(2, 6, 16, rnd)
	hist, err := tr.Fit(train, val, 15)
	require.NoError(t, err)
	require.False(t, len(hist) != 15 || tr.Epoch() != 15 || tr.Steps() != 15*8, "history %d epochs, trainer at epoch %d step %d", len(hist), tr.Epoch(), tr.Steps())
	first, last := hist[0], hist[len(hist)-1]
	assert.Less(t, last.Loss, 0.5*first.Loss, "did not learn: loss")
	assert.GreaterOrEqual(t, last.ValAccuracy, 0.95, "did not learn: validation accuracy")
}

// TestFitHistorySemantics replays Fit by hand: the epoch's training loss and
// accuracy are the means of the per-batch values computed before each
// update with noise and penalty, and validation follows the epoch.
func TestFitHistorySemantics(t *testing.T) {
	t.Parallel()
	cfg := memoryConfig()
	pen := L1{Lambda: 0.01}
	train, val := memoryBatches(3, 5, 8, testutil.Rand(2)), memoryBatches(2, 5, 4, testutil.Rand(3))
	train[2] = memoryBatches(1, 5, 4, testutil.Rand(4))[0] // a smaller last batch
	mk := func() *Trainer {
		rnd := testutil.Rand(5)
		m, err := New(cfg, rnd)
		require.NoError(t, err)
		tr, err := NewTrainer(m, TrainConfig{Penalty: pen}, rnd)
		require.NoError(t, err)
		return tr
	}
	a, b := mk(), mk()
	hist, err := a.Fit(train, val, 2)
	require.NoError(t, err)
	for ep := 0; ep < 2; ep++ {
		var sum float64
		var trials, correct, count int
		for i := range train {
			l, c, n, err := b.TrainStep(&train[i])
			require.NoError(t, err)
			sum += l * float64(train[i].Size)
			trials += train[i].Size
			correct += c
			count += n
		}
		vl, va, err := b.Model().Evaluate(val, pen)
		require.NoError(t, err)
		plain, _, err := b.Model().Evaluate(val, nil)
		require.NoError(t, err)
		p, _ := pen.Value(b.Model().WeightsTo(nil, RecurrentKernel))
		testutil.AssertClose(t, vl, plain+p, 1e-12, 0, "validation loss includes the penalty")
		want := EpochStats{Epoch: ep, Loss: sum / float64(trials), Accuracy: float64(correct) / float64(count), ValLoss: vl, ValAccuracy: va}
		assert.Equal(t, want, hist[ep], "epoch %d: history against the replay", ep)
	}
}

// nanAfter is a penalty that returns NaN from its k-th gradient call on.
type nanAfter struct {
	calls, k int
}

func (p *nanAfter) Value(w mat.Matrix) (float64, error) { return 0, nil }
func (p *nanAfter) ValueGradTo(dst *mat.Dense, w mat.Matrix) (float64, error) {
	p.calls++
	r, c := w.Dims()
	if dst.IsEmpty() {
		dst.ReuseAs(r, c)
	}
	dst.Zero()
	if p.calls >= p.k {
		return math.NaN(), nil
	}
	return 0, nil
}

func TestFitNonFiniteStops(t *testing.T) {
	t.Parallel()
	train := memoryBatches(3, 4, 4, testutil.Rand(1))
	mk := func(pen Penalty) *Trainer {
		rnd := testutil.Rand(2)
		m, err := New(memoryConfig(), rnd)
		require.NoError(t, err)
		tr, err := NewTrainer(m, TrainConfig{Penalty: pen}, rnd)
		require.NoError(t, err)
		return tr
	}
	a := mk(&nanAfter{k: 5}) // fails at epoch 1, batch 1
	hist, err := a.Fit(train, nil, 3)
	var te *TrainError
	require.False(t, !errors.As(err, &te) || te.Epoch != 1 || te.Batch != 1 || !errors.Is(err, ErrNonFinite), "error %v, want TrainError at epoch 1 batch 1 wrapping ErrNonFinite", err)
	require.Len(t, hist, 1)
	assert.True(t, math.IsNaN(hist[0].ValLoss), "want an epoch without validation, got %+v", hist[0])
	b := mk(nil) // four good updates
	for i := 0; i < 4; i++ {
		_, _, _, err := b.TrainStep(&train[i%3])
		require.NoError(t, err)
	}
	for p := range numParams {
		testutil.AssertMatClose(t, a.Model().WeightsTo(nil, p), b.Model().WeightsTo(nil, p), 0, 0, "%s after the failure", p)
	}
}

func TestNonNegClamp(t *testing.T) {
	t.Parallel()
	cfg := memoryConfig()
	cfg.NonNeg = true
	rnd := testutil.Rand(3)
	m, err := New(cfg, rnd)
	require.NoError(t, err)
	tr, err := NewTrainer(m, TrainConfig{}, rnd)
	require.NoError(t, err)
	b := memoryBatches(1, 4, 8, rnd)[0]
	_, _, _, err = tr.TrainStep(&b)
	require.NoError(t, err)
	w := m.WeightsTo(nil, RecurrentKernel)
	assert.GreaterOrEqual(t, mat.Min(w), 0.0, "W_rec after a NonNeg step")
	assert.Greater(t, mat.Max(w), 0.0, "W_rec after a NonNeg step must not be all zero")
}

// TestAdamKerasFormula replays three Adam steps with an independent loop
// implementation of docs/method.md §6's formula.
func TestAdamKerasFormula(t *testing.T) {
	t.Parallel()
	cfg := memoryConfig()
	cfg.InputNoise = 0
	cfg.Arithmetic = Float64
	rnd := testutil.Rand(4)
	m, err := New(cfg, rnd)
	require.NoError(t, err)
	opt := OptimizerConfig{LearningRate: 0.01, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-3}
	tr, err := NewTrainer(m, TrainConfig{Optimizer: opt}, rnd)
	require.NoError(t, err)
	b := memoryBatches(1, 4, 8, rnd)[0]
	p := flatParams(m)
	mom, vel := make([]float64, len(p)), make([]float64, len(p))
	for step := 1; step <= 3; step++ {
		_, _, _, err := tr.lossGrad(&b, true)
		require.NoError(t, err)
		g := flatGrads(m)
		_, _, _, err = tr.TrainStep(&b)
		require.NoError(t, err)
		lrT := opt.LearningRate * math.Sqrt(1-math.Pow(opt.Beta2, float64(step))) / (1 - math.Pow(opt.Beta1, float64(step)))
		for i := range p {
			mom[i] = opt.Beta1*mom[i] + (1-opt.Beta1)*g[i]
			vel[i] = opt.Beta2*vel[i] + (1-opt.Beta2)*g[i]*g[i]
			p[i] -= lrT * mom[i] / (math.Sqrt(vel[i]) + opt.Epsilon)
		}
		testutil.AssertSlicesClose(t, flatParams(m), p, 1e-13, 1e-15, "Adam step %d", step)
	}
}

// TestSGDClipNorm checks plain SGD with global-norm clipping: the update is
// −lr·c·g/‖g‖ when ‖g‖ > c.
func TestSGDClipNorm(t *testing.T) {
	t.Parallel()
	cfg := memoryConfig()
	cfg.InputNoise = 0
	cfg.Arithmetic = Float64
	rnd := testutil.Rand(5)
	m, err := New(cfg, rnd)
	require.NoError(t, err)
	const lr, clip = 0.5, 1e-3
	tr, err := NewTrainer(m, TrainConfig{Optimizer: OptimizerConfig{Kind: SGD, LearningRate: lr, ClipNorm: clip}}, rnd)
	require.NoError(t, err)
	b := memoryBatches(1, 4, 8, rnd)[0]
	before := flatParams(m)
	_, _, _, err = tr.lossGrad(&b, true)
	require.NoError(t, err)
	g := flatGrads(m)
	var norm float64
	for _, v := range g {
		norm += v * v
	}
	norm = math.Sqrt(norm)
	require.Greater(t, norm, clip, "gradient norm %g too small for the test", norm)
	_, _, _, err = tr.TrainStep(&b)
	require.NoError(t, err)
	after := flatParams(m)
	want := make([]float64, len(g))
	for i := range g {
		want[i] = before[i] - lr*clip/norm*g[i]
	}
	testutil.AssertSlicesClose(t, after, want, 1e-12, 1e-15, "clipped SGD step")
}

func TestFitShuffleDeterministic(t *testing.T) {
	t.Parallel()
	train := memoryBatches(4, 4, 4, testutil.Rand(1))
	run := func(shuffle bool, seed uint64) []EpochStats {
		rnd := testutil.Rand(seed)
		m, err := New(memoryConfig(), rnd)
		require.NoError(t, err)
		var seen []int
		tr, err := NewTrainer(m, TrainConfig{Shuffle: shuffle, Recorder: func(ep int, _ *Model, s EpochStats) error {
			seen = append(seen, ep)
			return nil
		}}, rnd)
		require.NoError(t, err)
		h, err := tr.Fit(train, nil, 3)
		require.NoError(t, err)
		require.Len(t, seen, 3, "recorder saw epochs %v", seen)
		assert.Equal(t, 2, seen[2])
		return h
	}
	a, b, c := run(true, 9), run(true, 9), run(false, 9)
	for i := range a {
		assert.Equal(t, b[i].Loss, a[i].Loss, "epoch %d: same seed gave losses %g and %g", i, a[i].Loss, b[i].Loss)
	}
	assert.NotEqual(t, [2]float64{a[0].Loss, a[1].Loss}, [2]float64{c[0].Loss, c[1].Loss}, "shuffled and ordered runs agree exactly")
}

func TestRecorderErrorStops(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(1)
	m, err := New(memoryConfig(), rnd)
	require.NoError(t, err)
	stop := errors.New("stop")
	tr, err := NewTrainer(m, TrainConfig{Recorder: func(ep int, _ *Model, _ EpochStats) error {
		if ep == 1 {
			return stop
		}
		return nil
	}}, rnd)
	require.NoError(t, err)
	h, err := tr.Fit(memoryBatches(2, 3, 4, rnd), nil, 5)
	var te *TrainError
	require.ErrorIs(t, err, stop)
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 1, te.Epoch)
	assert.Len(t, h, 2)
}
