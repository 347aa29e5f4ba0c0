package rnn

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// golden holds testdata/golden.json, written by testdata/golden.py (PyTorch
// autograd in float64 for the losses and gradients, numpy for Keras' Adam
// and Orthogonal; versions recorded in its "source" field: torch 1.13.0a0,
// numpy 1.24.2, Debian python 3.11.2).
type golden struct {
	Source string
	Cases  []struct {
		Name, Activation, Loss string
		Alpha                  float64
		Dale                   bool
		NIn, N, NOut           int
		Steps, Size            int
		Excitatory             int
		Mask, X, Y             []float64
		MaskT                  []float64 `json:"mask_t"`
		Labels                 []int
		Params, Grads          map[string][]float64
		LossValue              float64 `json:"loss_value"`
	}
	Adam struct {
		P0, P3 []float64
		Grads  [][]float64
	}
	Orthogonal struct {
		G, Q       []float64
		Rows, Cols int
	}
}

func readGolden(t *testing.T) *golden {
	t.Helper()
	raw, err := os.ReadFile("testdata/golden.json")
	require.NoError(t, err)
	var g golden
	require.NoError(t, json.Unmarshal(raw, &g), "testdata/golden.json")
	return &g
}

func to32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// TestGoldenTorch compares losses and all five gradients with PyTorch
// autograd on fixed inputs, in both precisions.
func TestGoldenTorch(t *testing.T) {
	t.Parallel()
	g := readGolden(t)
	acts := map[string]Activation{"relu": ReLU, "tanh": Tanh, "softplus": Softplus, "identity": Identity}
	losses := map[string]Loss{"last": LastStepCrossEntropy, "ce": MaskedCrossEntropy, "mse": MaskedMSE}
	for _, c := range g.Cases {
		for _, prec := range []Arithmetic{Float64, Float32} {
			t.Run(c.Name+"/"+prec.String(), func(t *testing.T) {
				tol := 1e-12
				if prec == Float32 {
					tol = 1e-5
				}
				cfg := Config{
					NIn: c.NIn, NRec: c.N, NOut: c.NOut, Alpha: c.Alpha,
					Activation: acts[c.Activation], Loss: losses[c.Loss], Arithmetic: prec,
					RecurrentMask: mat.NewDense(c.N, c.N, c.Mask),
					Dale:          c.Dale, ExcitatoryFraction: float64(c.Excitatory) / float64(c.N),
				}
				m, err := New(cfg, testutil.Rand(1))
				require.NoError(t, err)
				for p := range numParams {
					r, k := paramShape(&cfg, p)
					require.NoError(t, m.SetWeights(p, mat.NewDense(r, k, c.Params[p.String()])))
				}
				b := Batch{Steps: c.Steps, Size: c.Size, NIn: c.NIn, NOut: c.NOut, X: to32(c.X), Labels: c.Labels}
				if c.Y != nil {
					b.Y, b.Mask = to32(c.Y), to32(c.MaskT)
				}
				tr, err := NewTrainer(m, TrainConfig{}, testutil.Rand(1))
				require.NoError(t, err)
				loss, _, _, err := tr.lossGrad(&b, true)
				require.NoError(t, err)
				name := t.Name()
				testutil.AssertClose(t, loss, c.LossValue, tol, 0, "%s: loss", name)
				for p := range numParams {
					got := make([]float64, len(c.Grads[p.String()]))
					m.eng.getGrad(p, got)
					e := testutil.MaxRelErr(got, c.Grads[p.String()])
					assert.LessOrEqual(t, e, tol, "%s: ∂L/∂%s relative error %.3g > %.3g", name, p, e, tol)
				}
			})
		}
	}
}

// TestGoldenAdam applies three Keras Adam updates to fixed gradients and
// compares with numpy.
func TestGoldenAdam(t *testing.T) {
	t.Parallel()
	g := readGolden(t).Adam
	n := len(g.P0)
	cfg := Config{NIn: 1, NRec: 1, NOut: n, Arithmetic: Float64}
	m, err := New(cfg, testutil.Rand(1))
	require.NoError(t, err)
	e := m.eng.(*engine64)
	copy(e.p[OutputBias], g.P0)
	tr, err := NewTrainer(m, TrainConfig{}, testutil.Rand(1))
	require.NoError(t, err)
	for _, gs := range g.Grads {
		for k := range e.g {
			clear(e.g[k])
		}
		copy(e.g[OutputBias], gs)
		tr.applyUpdate(1)
	}
	testutil.AssertSlicesClose(t, e.p[OutputBias], g.P3, 1e-14, 0, "Adam after 3 steps")
}

// TestGoldenOrthogonal compares the sign-fixed QR factor with numpy's.
func TestGoldenOrthogonal(t *testing.T) {
	t.Parallel()
	g := readGolden(t).Orthogonal
	q := orthogonalFrom(mat.NewDense(g.Rows, g.Cols, g.G))
	testutil.AssertMatClose(t, q, mat.NewDense(g.Rows, g.Cols, g.Q), 1e-12, 1e-14, "Q")
	// NewOrthogonal gives orthonormal rows or columns.
	for _, sz := range [][2]int{{5, 5}, {6, 3}, {3, 6}} {
		w := NewOrthogonal(sz[0], sz[1], testutil.Rand(2))
		var p mat.Dense
		if sz[0] >= sz[1] {
			p.Mul(w.T(), w)
		} else {
			p.Mul(w, w.T())
		}
		k, _ := p.Dims()
		eye := mat.NewDiagDense(k, nil)
		for i := 0; i < k; i++ {
			eye.SetDiag(i, 1)
		}
		testutil.AssertMatClose(t, &p, eye, 0, 1e-12, "orthonormality %v", sz)
	}
}
