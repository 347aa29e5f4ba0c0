package rnn

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flatParams returns all parameters of m concatenated in Param order.
func flatParams(m *Model) []float64 {
	var x []float64
	for p := range numParams {
		x = append(x, m.WeightsTo(nil, p).RawMatrix().Data...)
	}
	return x
}

// setFlatParams is the inverse of flatParams.
func setFlatParams(m *Model, x []float64) {
	sizes := paramSizes(&m.cfg)
	off := 0
	for p := range numParams {
		m.eng.setParam(p, x[off:off+sizes[p]])
		off += sizes[p]
	}
}

// flatGrads returns all gradients of m concatenated in Param order.
func flatGrads(m *Model) []float64 {
	var g []float64
	sizes := paramSizes(&m.cfg)
	for p := range numParams {
		buf := make([]float64, sizes[p])
		m.eng.getGrad(p, buf)
		g = append(g, buf...)
	}
	return g
}

// TestGradientFiniteDifference checks the hand-derived BPTT gradient of
// every parameter against central finite differences in float64 over the
// full grid activation × α (0.4, 1) × Dale (off; on with excitatory-only
// readout) × loss (last-step CE, masked CE, masked MSE), with input and
// recurrent noise held fixed, a connectivity mask with a zero diagonal and
// an L1 penalty on W_rec.
func TestGradientFiniteDifference(t *testing.T) {
	t.Parallel()
	for ci, cfg := range gridConfigs(Float64) {
		name := cfgName(cfg)
		rnd := testutil.Rand(uint64(100 + ci))
		mask := NewGlorotUniform(cfg.NRec, cfg.NRec, rnd)
		for i := 0; i < cfg.NRec; i++ {
			mask.Set(i, i, 0)
		}
		cfg.RecurrentMask = mask
		cfg.InputNoise, cfg.RecurrentNoise = 0.2, 0.1
		m, err := New(cfg, rnd)
		require.NoError(t, err)
		perturb(t, m, rnd)
		tr, err := NewTrainer(m, TrainConfig{Penalty: L1{Lambda: 0.01}}, rnd)
		require.NoError(t, err)
		b := randomBatch(cfg, 5, 3, rnd)
		x := flatParams(m)
		_, _, _, err = tr.lossGrad(&b, true) // draws the noise once
		require.NoError(t, err)
		analytic := flatGrads(m)
		f := func(x []float64) float64 {
			setFlatParams(m, x)
			l, _, _, err := tr.lossGrad(&b, false)
			require.NoError(t, err)
			return l
		}
		testutil.CheckGradient(t, f, analytic, x, 1e-6, name)
		// The frozen readout rows of inhibitory units get no gradient.
		if cfg.ReadoutExcitatoryOnly {
			g := m.eng.(*engine64).g[OutputKernel]
			for i := cfg.NumExcitatory(); i < cfg.NRec; i++ {
				for k := 0; k < cfg.NOut; k++ {
					assert.EqualValues(t, 0, g[i*cfg.NOut+k], "%s: inhibitory readout gradient (%d,%d) = %g, want 0", name, i, k, g[i*cfg.NOut+k])
				}
			}
		}
	}
}

// TestGradientFloat32MatchesFloat64 checks that the generated float32 engine
// computes the same gradient as the float64 one, to float32 accuracy.
func TestGradientFloat32MatchesFloat64(t *testing.T) {
	t.Parallel()
	for ci, cfg := range gridConfigs(Float64) {
		name := cfgName(cfg)
		m64, err := New(cfg, testutil.Rand(uint64(200+ci)))
		require.NoError(t, err)
		cfg32 := cfg
		cfg32.Arithmetic = Float32
		m32, err := New(cfg32, testutil.Rand(uint64(200+ci)))
		require.NoError(t, err)
		perturb(t, m64, testutil.Rand(7))
		perturb(t, m32, testutil.Rand(7))
		b := randomBatch(cfg, 5, 4, testutil.Rand(uint64(300+ci)))
		var grads [2][]float64
		var losses [2]float64
		for k, m := range []*Model{m64, m32} {
			tr, err := NewTrainer(m, TrainConfig{}, testutil.Rand(1))
			require.NoError(t, err)
			losses[k], _, _, err = tr.lossGrad(&b, true)
			require.NoError(t, err)
			grads[k] = flatGrads(m)
		}
		testutil.AssertClose(t, losses[1], losses[0], 1e-5, 0, "%s: float32 loss", name)
		e := testutil.MaxRelErr(grads[1], grads[0])
		assert.LessOrEqual(t, e, 1e-4, "%s: float32 gradient relative error %.3g > 1e-4", name, e)
	}
}

// TestGradientSingleStep covers the edge T = 1, B = 1 (no recurrence: the
// W_rec gradient is zero except for the penalty's).
func TestGradientSingleStep(t *testing.T) {
	t.Parallel()
	for _, loss := range []Loss{LastStepCrossEntropy, MaskedCrossEntropy} {
		cfg := Config{NIn: 2, NRec: 3, NOut: 2, Activation: Tanh, Alpha: 0.5, Loss: loss, Arithmetic: Float64}
		rnd := testutil.Rand(5)
		m, err := New(cfg, rnd)
		require.NoError(t, err)
		perturb(t, m, rnd)
		tr, err := NewTrainer(m, TrainConfig{Penalty: L1{Lambda: 0.1}}, rnd)
		require.NoError(t, err)
		b := randomBatch(cfg, 1, 1, rnd)
		x := flatParams(m)
		_, _, _, err = tr.lossGrad(&b, true)
		require.NoError(t, err)
		analytic := flatGrads(m)
		f := func(x []float64) float64 {
			setFlatParams(m, x)
			l, _, _, err := tr.lossGrad(&b, false)
			require.NoError(t, err)
			return l
		}
		testutil.CheckGradient(t, f, analytic, x, 1e-6, "T=1/"+loss.String())
	}
}
