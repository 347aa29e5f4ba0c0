// Package rnn is a leaky rate recurrent neural network with Dale's law,
// hand-derived backpropagation through time, Keras' Adam, a training loop
// with Keras' History semantics, and checkpoints that numpy can open.
//
// # Model
//
// On row vectors (one row per trial, as Keras computes x K + h W):
//
//	h_t = (1 − α) h_{t−1} + α f(x̃_t W_in + h_{t−1} W_eff + b + ξ_t),  h_0 = 0,
//	y_t = h_t W_out + b_out,
//
// with α = dt/τ ∈ (0, 1] (α = 1 is exactly Keras' SimpleRNN), f one of
// relu, tanh, softplus, identity, x̃_t the input plus Gaussian noise during
// training (Keras GaussianNoise), and ξ_t optional recurrent noise of
// variance 2σ_rec²/α during training (Song, Yang & Wang 2016,
// doi:10.1371/journal.pcbi.1004792; PsychRNN, Ehrlich et al. 2021,
// doi:10.1523/ENEURO.0427-20.2020). Every weight matrix has one row per
// presynaptic unit: W_rec[i][j] is the connection i → j.
//
// Dale's law (Song et al. 2016) keeps raw weights W and uses
// W_eff = diag(s)|W ⊙ M|, s_i = +1 for excitatory and −1 for inhibitory
// presynaptic units, M a fixed connectivity mask; gradients flow back to W
// through |·|. The paper's positive-only arm is different: Config.NonNeg
// clamps the stored W_rec to ≥ 0 after every update (Keras NonNeg).
//
// The readout is taken from the last state (LastStepCrossEntropy, the
// paper's model: softmax cross-entropy from logits averaged over the batch)
// or from every step with a per-step mask (MaskedCrossEntropy, MaskedMSE).
//
// # Training
//
// Trainer applies Keras' Adam (Kingma & Ba 2015, arXiv:1412.6980; ε added to
// √v) or SGD, with optional global-norm clipping and an optional Penalty on
// the raw W_rec (declared here, implemented by package spatial). Fit reports
// what Keras' History reports: the training loss and accuracy as means over
// the epoch's batches, each computed before that batch's update with noise
// on and the penalty included; validation loss and accuracy after the epoch
// without noise, penalty included. Model.Evaluate with a nil penalty gives
// the plain held-out loss.
//
// # Arithmetic and speed
//
// Training runs in float32 by default (Config.Arithmetic's zero value);
// Float64 gives the same computations in float64 (used by the gradient
// checks). Arithmetic is the same type as spatial.Arithmetic, with the same
// zero value. The float32 engine (engine32.go) is generated from the float64
// one by go generate, and a test fails when it is stale.
//
// Matrix products go through the BLAS the program installed with
// blas32.Use/blas64.Use (fastblas with its settings, OpenBLAS or MKL through
// gonum.org/v1/netlib, …); while gonum's default native implementation is
// installed, which is about six times slower here, they go through
// fastblas.Implementation{} instead. gonum's default is recognised by its
// type, so a program that wants gonum's kernels installs them under a type
// of its own (struct{ gonum.Implementation }). When the BLAS in use
// implements PackedBLAS32/PackedBLAS64 (fastblas, a pointer to it, or a type
// that embeds it), the per-step products with W_eff use its packed-operand
// methods, with W_eff packed once per pass and the activation applied inside
// the product. Per batch one GEMM projects the inputs of all steps, one GEMM
// per step after the first (h_0 = 0) runs the recurrence forward, one GEMM
// per step after the first propagates ∂L/∂h back, and one GEMM each over all
// steps gives ∂L/∂W_rec and ∂L/∂W_in (time-major storage makes these
// contiguous). The ReLU loops are fastblas/relu's. The workspace is reused,
// so a steady-state training step allocates nothing in this package.
// BPTT.md derives the gradients.
//
// # Batches and errors
//
// Batches are time-major: X[(t·B + b)·NIn + i]. Sizes that disagree with
// each other or with the model are programming errors and panic with a
// ShapeError; non-finite data, labels out of range, a non-finite loss and
// invalid configurations are returned as errors wrapping ErrBatch,
// ErrNonFinite and ErrConfig. ErrNonFinite and ShapeError are the module's
// shared values (spatial exports the same ones), so errors.Is(err,
// rnn.ErrNonFinite) also matches a non-finite matrix a spatial penalty
// reported during Fit. Every stochastic call takes an explicit
// *rand.Rand; a nil generator panics.
//
// # Stored networks
//
// A checkpoint (Trainer.Save, Load) resumes training. A weights file
// (WriteWeights, ReadWeights) keeps a trained network for analysis: float32
// arrays in an .npz that np.load opens, with the effective recurrent matrix
// W_rec_eff and, under Dale's law or a mask, the raw parameter W_rec_raw
// named apart, and the configuration as JSON. docs/weights.md turns one
// into a PyTorch module.
package rnn
