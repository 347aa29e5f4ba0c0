package rnn

import (
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	ok := Config{NIn: 2, NRec: 4, NOut: 3}
	cases := []struct {
		name  string
		edit  func(c *Config)
		field string // "" when valid
	}{
		{"valid", func(c *Config) {}, ""},
		{"valid leaky dale", func(c *Config) { c.Alpha = 0.1; c.Dale = true; c.ReadoutExcitatoryOnly = true }, ""},
		{"NIn", func(c *Config) { c.NIn = 0 }, "NIn"},
		{"NRec", func(c *Config) { c.NRec = -1 }, "NRec"},
		{"NOut", func(c *Config) { c.NOut = 0 }, "NOut"},
		{"alpha high", func(c *Config) { c.Alpha = 1.5 }, "Alpha"},
		{"alpha negative", func(c *Config) { c.Alpha = -0.1 }, "Alpha"},
		{"alpha NaN", func(c *Config) { c.Alpha = math.NaN() }, "Alpha"},
		{"activation", func(c *Config) { c.Activation = 9 }, "Activation"},
		{"loss", func(c *Config) { c.Loss = -1 }, "Loss"},
		{"init", func(c *Config) { c.RecurrentInit = 5 }, "RecurrentInit"},
		{"arithmetic", func(c *Config) { c.Arithmetic = 3 }, "Arithmetic"},
		{"input noise", func(c *Config) { c.InputNoise = -1 }, "InputNoise"},
		{"recurrent noise", func(c *Config) { c.RecurrentNoise = math.Inf(1) }, "RecurrentNoise"},
		{"mask shape", func(c *Config) { c.RecurrentMask = mat.NewDense(3, 4, nil) }, "RecurrentMask"},
		{"mask NaN", func(c *Config) {
			c.RecurrentMask = mat.NewDense(4, 4, nil)
			c.RecurrentMask.Set(1, 2, math.NaN())
		}, "RecurrentMask"},
		{"fraction", func(c *Config) { c.Dale = true; c.ExcitatoryFraction = 1.2 }, "ExcitatoryFraction"},
		{"no excitatory", func(c *Config) { c.Dale = true; c.ExcitatoryFraction = 0.01 }, "ExcitatoryFraction"},
		{"readout without dale", func(c *Config) { c.ReadoutExcitatoryOnly = true }, "ReadoutExcitatoryOnly"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.edit(&c)
			err := c.Validate()
			if tc.field == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrConfig)
			assert.ErrorContains(t, err, "Config."+tc.field)
			_, err = New(c, testutil.Rand(1))
			assert.Error(t, err, "New accepted an invalid config")
		})
	}
}

func TestOptimizerConfigValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		o    OptimizerConfig
		ok   bool
	}{
		{"defaults", OptimizerConfig{}, true},
		{"sgd", OptimizerConfig{Kind: SGD, LearningRate: 0.1, ClipNorm: 1}, true},
		{"kind", OptimizerConfig{Kind: 7}, false},
		{"lr", OptimizerConfig{LearningRate: -1}, false},
		{"beta1", OptimizerConfig{Beta1: 1}, false},
		{"beta2", OptimizerConfig{Beta2: math.NaN()}, false},
		{"eps", OptimizerConfig{Epsilon: -1}, false},
		{"clip", OptimizerConfig{ClipNorm: -1}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.o.Validate()
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrConfig)
			}
		})
	}
}

func TestBadBatchData(t *testing.T) {
	t.Parallel()
	cfg := Config{NIn: 2, NRec: 4, NOut: 2}
	m, err := New(cfg, testutil.Rand(1))
	require.NoError(t, err)
	good := randomBatch(cfg, 3, 2, testutil.Rand(2))
	nan := good
	nan.X = append([]float32(nil), good.X...)
	nan.X[5] = float32(math.NaN())
	label := good
	label.Labels = []int{0, 2}
	for _, tc := range []struct {
		name, want string
		b          Batch
	}{
		{"NaN input", "Batch.X at step 1, trial 0, channel 1", nan},
		{"label", "Batch.Labels[1] = 2", label},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := m.Evaluate([]Batch{tc.b}, nil)
			require.ErrorIs(t, err, ErrBatch)
			assert.ErrorContains(t, err, tc.want)
		})
	}
	// Per-step data: an all-zero mask and a NaN target.
	pcfg := Config{NIn: 2, NRec: 4, NOut: 2, Loss: MaskedMSE}
	pm, err := New(pcfg, testutil.Rand(1))
	require.NoError(t, err)
	pb := randomBatch(pcfg, 3, 2, testutil.Rand(3))
	zero := pb
	zero.Mask = make([]float32, len(pb.Mask))
	nanY := pb
	nanY.Y = append([]float32(nil), pb.Y...)
	nanY.Y[3] = float32(math.Inf(1))
	for _, b := range []Batch{zero, nanY} {
		_, _, err := pm.Evaluate([]Batch{b}, nil)
		assert.ErrorIs(t, err, ErrBatch, "error")
	}
}

func TestShapePanics(t *testing.T) {
	t.Parallel()
	cfg := Config{NIn: 2, NRec: 4, NOut: 2}
	m, err := New(cfg, testutil.Rand(1))
	require.NoError(t, err)
	good := randomBatch(cfg, 3, 2, testutil.Rand(2))
	short := good
	short.X = good.X[1:]
	wrongIn := good
	wrongIn.NIn = 3
	noLabels := good
	noLabels.Labels = nil
	cases := map[string]func(){
		"short X":       func() { _, _ = m.Logits(short) },
		"wrong NIn":     func() { _, _ = m.Logits(wrongIn) },
		"no labels":     func() { _, _ = m.Logits(noLabels) },
		"SetWeights":    func() { _ = m.SetWeights(RecurrentKernel, mat.NewDense(3, 4, nil)) },
		"WeightsTo dst": func() { m.WeightsTo(mat.NewDense(2, 2, nil), InputKernel) },
	}
	for name, f := range cases {
		func() {
			defer func() {
				_, ok := recover().(ShapeError)
				assert.True(t, ok, "%s: did not panic with a ShapeError", name)
			}()
			f()
		}()
	}
	w := mat.NewDense(4, 4, nil)
	w.Set(0, 1, math.NaN())
	err = m.SetWeights(RecurrentKernel, w)
	require.ErrorIs(t, err, ErrNonFinite, "SetWeights NaN")
	assert.ErrorContains(t, err, "W_rec[0][1]", "SetWeights NaN")
}

// TestSetWeightsRoundTrip sets a given (biological) W_rec and reads it back,
// and checks Dale's effective matrix and the mask.
func TestSetWeightsRoundTrip(t *testing.T) {
	t.Parallel()
	mask := mat.NewDense(3, 3, []float64{0, 1, 1, 1, 0, 1, 1, 1, 0})
	cfg := Config{NIn: 1, NRec: 3, NOut: 1, Dale: true, ExcitatoryFraction: 0.6, RecurrentMask: mask, Arithmetic: Float64}
	m, err := New(cfg, testutil.Rand(1))
	require.NoError(t, err)
	w := mat.NewDense(3, 3, []float64{1, -2, 3, -4, 5, 6, 7, 8, -9})
	require.NoError(t, m.SetWeights(RecurrentKernel, w))
	testutil.AssertMatClose(t, m.WeightsTo(nil, RecurrentKernel), w, 0, 0, "W_rec round trip")
	// 0.6·3 = 1.8 rounds to 2 excitatory units: rows 0, 1 positive, row 2 negative.
	want := mat.NewDense(3, 3, []float64{0, 2, 3, 4, 0, 6, -7, -8, 0})
	testutil.AssertMatClose(t, m.EffectiveRecurrentTo(nil), want, 0, 0, "effective W_rec")
}

func TestEnumText(t *testing.T) {
	t.Parallel()
	for a := ReLU; a <= Identity; a++ {
		txt, _ := a.MarshalText()
		var b Activation
		err := b.UnmarshalText(txt)
		require.NoError(t, err, "activation %v", a)
		assert.Equal(t, a, b, "activation round trip")
	}
	for l := LastStepCrossEntropy; l <= MaskedMSE; l++ {
		txt, _ := l.MarshalText()
		var b Loss
		err := b.UnmarshalText(txt)
		require.NoError(t, err, "loss %v", l)
		assert.Equal(t, l, b, "loss round trip")
	}
	var k OptimizerKind
	err := k.UnmarshalText([]byte("sgd"))
	require.NoError(t, err)
	assert.Equal(t, SGD, k)
	var a Activation
	assert.ErrorIs(t, a.UnmarshalText([]byte("sigmoid")), ErrConfig, "unknown activation: error")
	var p Arithmetic
	err = p.UnmarshalText([]byte("float64"))
	require.NoError(t, err)
	assert.Equal(t, Float64, p)
	var i Init
	err = i.UnmarshalText([]byte("glorot-uniform"))
	require.NoError(t, err)
	assert.Equal(t, GlorotUniform, i)
}

func TestPaperConfig(t *testing.T) {
	t.Parallel()
	c := PaperConfig(8, 312, 4)
	require.NoError(t, c.Validate())
	assert.Equal(t, 1.0, c.alpha())
	assert.Equal(t, ReLU, c.Activation)
	assert.Equal(t, 0.05, c.InputNoise)
	assert.Equal(t, LastStepCrossEntropy, c.Loss)
	assert.False(t, c.Dale)
	assert.False(t, c.NonNeg)
}
