package rnn

import (
	"flag"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// updateTorch rewrites the Go-written inputs of testdata/torch_logits.py:
//
//	go test ./rnn/ -run TestTorchRecipe -update-torch
//	/usr/bin/python3 rnn/testdata/torch_logits.py rnn/testdata
var updateTorch = flag.Bool("update-torch", false, "rewrite testdata/weights_{relu,dale,leaky}.npz and weights_batch.npy")

// torchTol bounds |Go − PyTorch| of every logit, both in float32: rounding
// of sums in a different order over 16 steps of 24 units, for logits of
// order 1 (|logit| ≤ 1.3 here). Measured: 8.5e-7 (relu), 1.2e-7 (Dale), 2.4e-7
// (leaky tanh).
const torchTol = 1e-5

// torchCases are the paper's models (relu, α = 1, float32, no leak) the
// recipe of docs/weights.md turns into torch.nn.RNN + nn.Linear: without
// and with Dale's law (PyTorch gets W_rec_eff either way). The Dale
// model's W_rec is scaled down so that its activity stays of order 1
// (|W_rec| of an orthogonal matrix has spectral radius ≈ 3 here). The
// leaky tanh model (α = 0.3) checks the nn.RNNCell recipe for leaky models.
func torchCases() []struct {
	name  string
	cfg   Config
	scale float64 // of W_rec
} {
	paper := PaperConfig(3, 24, 4)
	dale := paper
	dale.Dale = true
	leaky := paper
	leaky.Alpha, leaky.Activation = 0.3, Tanh
	return []struct {
		name  string
		cfg   Config
		scale float64
	}{{"relu", paper, 1}, {"dale", dale, 0.25}, {"leaky", leaky, 1}}
}

// TestTorchRecipe: rnn's logits on the stored batch equal those PyTorch
// computes with the recipe from the stored weights files.
func TestTorchRecipe(t *testing.T) {
	dir := "testdata"
	batch := weightsBatch(torchCases()[0].cfg, 16, 8, 5)
	if *updateTorch {
		for i, tc := range torchCases() {
			m := weightsModel(t, tc.cfg, uint64(10+i))
			var w mat.Dense
			w.Scale(tc.scale, m.WeightsTo(nil, RecurrentKernel))
			require.NoError(t, m.SetWeights(RecurrentKernel, &w))
			require.NoError(t, WriteWeightsFile(filepath.Join(dir, "weights_"+tc.name+".npz"), nil, m))
		}
		require.NoError(t, npyio.WriteFile(filepath.Join(dir, "weights_batch.npy"),
			&npyio.Array{Shape: []int{batch.Steps, batch.Size, batch.NIn}, Data: batch.X}))
	}
	stored, err := npyio.ReadFile(filepath.Join(dir, "weights_batch.npy"))
	require.NoError(t, err)
	require.Equal(t, []int{batch.Steps, batch.Size, batch.NIn}, stored.Shape)
	require.Equal(t, batch.X, stored.Data, "weights_batch.npy is not the batch of this test")
	for _, tc := range torchCases() {
		t.Run(tc.name, func(t *testing.T) {
			w, err := ReadWeightsFile(filepath.Join(dir, "weights_"+tc.name+".npz"))
			require.NoError(t, err)
			assert.Equal(t, tc.cfg.Dale, w.Model.Config().Dale)
			got, err := w.Model.Logits(batch)
			require.NoError(t, err)
			a, err := npyio.ReadFile(filepath.Join(dir, "torch_logits_"+tc.name+".npy"))
			require.NoError(t, err)
			require.Equal(t, []int{batch.Size, tc.cfg.NOut}, a.Shape)
			want, err := a.Float64s()
			require.NoError(t, err)
			var worst float64
			for k, v := range got.RawMatrix().Data {
				worst = math.Max(worst, math.Abs(v-want[k]))
			}
			t.Logf("max |Go − PyTorch| = %.3g (tolerance %g)", worst, torchTol)
			testutil.AssertMatClose(t, got, mat.NewDense(batch.Size, tc.cfg.NOut, want), 0, torchTol, "logits")
		})
	}
}
