package rnn

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
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
		c := ok
		tc.edit(&c)
		err := c.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tc.name, err)
			}
			continue
		}
		if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "Config."+tc.field) {
			t.Errorf("%s: error %v, want ErrConfig naming Config.%s", tc.name, err, tc.field)
		}
		if _, err := New(c, testutil.Rand(1)); err == nil {
			t.Errorf("%s: New accepted an invalid config", tc.name)
		}
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
		err := tc.o.Validate()
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrConfig)) {
			t.Errorf("%s: error %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestBadBatchData(t *testing.T) {
	t.Parallel()
	cfg := Config{NIn: 2, NRec: 4, NOut: 2}
	m, err := New(cfg, testutil.Rand(1))
	if err != nil {
		t.Fatal(err)
	}
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
		_, _, err := m.Evaluate([]Batch{tc.b}, nil)
		if !errors.Is(err, ErrBatch) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want ErrBatch mentioning %q", tc.name, err, tc.want)
		}
	}
	// Per-step data: an all-zero mask and a NaN target.
	pcfg := Config{NIn: 2, NRec: 4, NOut: 2, Loss: MaskedMSE}
	pm, err := New(pcfg, testutil.Rand(1))
	if err != nil {
		t.Fatal(err)
	}
	pb := randomBatch(pcfg, 3, 2, testutil.Rand(3))
	zero := pb
	zero.Mask = make([]float32, len(pb.Mask))
	nanY := pb
	nanY.Y = append([]float32(nil), pb.Y...)
	nanY.Y[3] = float32(math.Inf(1))
	for _, b := range []Batch{zero, nanY} {
		if _, _, err := pm.Evaluate([]Batch{b}, nil); !errors.Is(err, ErrBatch) {
			t.Errorf("error %v, want ErrBatch", err)
		}
	}
}

func TestShapePanics(t *testing.T) {
	t.Parallel()
	cfg := Config{NIn: 2, NRec: 4, NOut: 2}
	m, err := New(cfg, testutil.Rand(1))
	if err != nil {
		t.Fatal(err)
	}
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
				if _, ok := recover().(ShapeError); !ok {
					t.Errorf("%s: did not panic with a ShapeError", name)
				}
			}()
			f()
		}()
	}
	w := mat.NewDense(4, 4, nil)
	w.Set(0, 1, math.NaN())
	if err := m.SetWeights(RecurrentKernel, w); !errors.Is(err, ErrNonFinite) || !strings.Contains(err.Error(), "W_rec[0][1]") {
		t.Errorf("SetWeights NaN: error %v", err)
	}
}

// TestSetWeightsRoundTrip sets a given (biological) W_rec and reads it back,
// and checks Dale's effective matrix and the mask.
func TestSetWeightsRoundTrip(t *testing.T) {
	t.Parallel()
	mask := mat.NewDense(3, 3, []float64{0, 1, 1, 1, 0, 1, 1, 1, 0})
	cfg := Config{NIn: 1, NRec: 3, NOut: 1, Dale: true, ExcitatoryFraction: 0.6, RecurrentMask: mask, Arithmetic: Float64}
	m, err := New(cfg, testutil.Rand(1))
	if err != nil {
		t.Fatal(err)
	}
	w := mat.NewDense(3, 3, []float64{1, -2, 3, -4, 5, 6, 7, 8, -9})
	if err := m.SetWeights(RecurrentKernel, w); err != nil {
		t.Fatal(err)
	}
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
		if err := b.UnmarshalText(txt); err != nil || b != a {
			t.Errorf("activation %v: round trip gave %v, %v", a, b, err)
		}
	}
	for l := LastStepCrossEntropy; l <= MaskedMSE; l++ {
		txt, _ := l.MarshalText()
		var b Loss
		if err := b.UnmarshalText(txt); err != nil || b != l {
			t.Errorf("loss %v: round trip gave %v, %v", l, b, err)
		}
	}
	var k OptimizerKind
	if err := k.UnmarshalText([]byte("sgd")); err != nil || k != SGD {
		t.Errorf("sgd: %v %v", k, err)
	}
	var a Activation
	if err := a.UnmarshalText([]byte("sigmoid")); !errors.Is(err, ErrConfig) {
		t.Errorf("unknown activation: error %v", err)
	}
	var p Arithmetic
	if err := p.UnmarshalText([]byte("float64")); err != nil || p != Float64 {
		t.Errorf("float64: %v %v", p, err)
	}
	var i Init
	if err := i.UnmarshalText([]byte("glorot-uniform")); err != nil || i != GlorotUniform {
		t.Errorf("glorot-uniform: %v %v", i, err)
	}
}

func TestPaperConfig(t *testing.T) {
	t.Parallel()
	c := PaperConfig(8, 312, 4)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.alpha() != 1 || c.Activation != ReLU || c.InputNoise != 0.05 || c.Loss != LastStepCrossEntropy || c.Dale || c.NonNeg {
		t.Errorf("PaperConfig = %+v", c)
	}
}
