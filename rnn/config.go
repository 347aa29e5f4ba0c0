package rnn

import (
	"fmt"
	"math"

	"github.com/cortexrnn/cortexrnn/internal/arith"
	"gonum.org/v1/gonum/mat"
)

// Activation names the nonlinearity f of the recurrent layer.
type Activation int

const (
	// ReLU is f(z) = max(z, 0), with f'(0) = 0 as in TensorFlow and PyTorch.
	ReLU Activation = iota
	// Tanh is f(z) = tanh(z).
	Tanh
	// Softplus is f(z) = log(1 + exp(z)).
	Softplus
	// Identity is f(z) = z (a linear RNN).
	Identity
)

// String returns the lower-case name of a.
func (a Activation) String() string {
	switch a {
	case ReLU:
		return "relu"
	case Tanh:
		return "tanh"
	case Softplus:
		return "softplus"
	case Identity:
		return "identity"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// Loss names the training objective.
type Loss int

const (
	// LastStepCrossEntropy is the softmax cross-entropy of the readout of the
	// last state against Batch.Labels, computed from the logits (no clipping)
	// and averaged over the batch: the paper's Keras model.
	LastStepCrossEntropy Loss = iota
	// MaskedCrossEntropy is the softmax cross-entropy at every step against
	// the one-hot (or soft) targets Batch.Y, weighted by Batch.Mask:
	// L = Σ_{t,b} m_tb ℓ_tb / Σ_{t,b} m_tb.
	MaskedCrossEntropy
	// MaskedMSE is the squared error of the readout at every step against
	// Batch.Y, averaged over the NOut channels and weighted by Batch.Mask:
	// L = Σ_{t,b} m_tb (1/NOut) Σ_k (ŷ_tbk − y_tbk)² / Σ_{t,b} m_tb.
	MaskedMSE
)

// String returns the name of l.
func (l Loss) String() string {
	switch l {
	case LastStepCrossEntropy:
		return "last-step-cross-entropy"
	case MaskedCrossEntropy:
		return "masked-cross-entropy"
	case MaskedMSE:
		return "masked-mse"
	}
	return fmt.Sprintf("Loss(%d)", int(l))
}

// perStep reports whether the loss reads out every step.
func (l Loss) perStep() bool { return l == MaskedCrossEntropy || l == MaskedMSE }

// Init names a weight initialiser.
type Init int

const (
	// Orthogonal is Keras' Orthogonal(gain = 1): the Q factor of the QR
	// decomposition of a standard Gaussian matrix, with column j multiplied by
	// sign(R_jj) (Saxe et al. 2014, arXiv:1312.6120). Keras' default for the
	// recurrent kernel of SimpleRNN.
	Orthogonal Init = iota
	// GlorotUniform is U(−l, l) with l = √(6 / (fan_in + fan_out)) (Glorot &
	// Bengio 2010). Keras' default for input and readout kernels.
	GlorotUniform
)

// String returns the name of i.
func (i Init) String() string {
	switch i {
	case Orthogonal:
		return "orthogonal"
	case GlorotUniform:
		return "glorot-uniform"
	}
	return fmt.Sprintf("Init(%d)", int(i))
}

// Arithmetic selects the floating-point type of the training arithmetic.
// It is the same type as spatial.Arithmetic, so one value configures both.
type Arithmetic = arith.Arithmetic

const (
	// Float32, the zero value, trains in single precision, as Keras and
	// PyTorch do.
	Float32 = arith.Float32
	// Float64 trains in double precision; used for gradient checks.
	Float64 = arith.Float64
)

// Defaults for Config.
const (
	// DefaultAlpha is α = dt/τ = 1: no leak, Keras SimpleRNN.
	DefaultAlpha = 1.0
	// DefaultExcitatoryFraction is the share of excitatory units under Dale's
	// law (PsychRNN's dale_ratio default is 0.8).
	DefaultExcitatoryFraction = 0.8
	// DefaultInputNoise is the paper's GaussianNoise σ on the inputs.
	DefaultInputNoise = 0.05
)

// Config describes the network. The zero values of Activation (ReLU), Loss
// (LastStepCrossEntropy), RecurrentInit (Orthogonal) and Arithmetic
// (Float32) are the paper's choices; Alpha 0 means DefaultAlpha.
//
// The state update, on row vectors with one row per trial, is
//
//	h_t = (1 − α) h_{t−1} + α f(x̃_t W_in + h_{t−1} W_eff + b + ξ_t),  h_0 = 0,
//
// with x̃_t = x_t + ε_t the input plus Keras GaussianNoise (σ = InputNoise,
// training only) and ξ_t ~ N(0, 2σ_rec²/α) the recurrent noise (training
// only). For the identity nonlinearity, α ξ_t has variance 2ασ_rec², exactly
// PsychRNN's sqrt(2α σ_rec²)·N(0,1) (Song, Yang & Wang 2016,
// doi:10.1371/journal.pcbi.1004792). The readout is y_t = h_t W_out + b_out.
//
// W_rec has one row per presynaptic unit: W_rec[i][j] is the weight i → j,
// as in Keras (x K + h W). Without Dale's law W_eff = W_rec ⊙ M; with Dale's
// law W_eff = diag(s) |W_rec ⊙ M|, s_i = +1 for excitatory and −1 for
// inhibitory presynaptic units (PsychRNN's |W|·D in its transposed
// orientation). M is RecurrentMask, all ones when nil.
type Config struct {
	NIn  int // input channels; > 0
	NRec int // recurrent units N; > 0
	NOut int // readout channels (classes); > 0

	// Alpha is the leak α = dt/τ in (0, 1]; 0 means DefaultAlpha (1).
	Alpha float64
	// Activation is f; default ReLU.
	Activation Activation
	// Loss is the training objective; default LastStepCrossEntropy.
	Loss Loss
	// RecurrentInit initialises W_rec; default Orthogonal. W_in and W_out are
	// always GlorotUniform and both biases zero, as Keras does.
	RecurrentInit Init
	// Arithmetic of training; default (zero value) Float32.
	Arithmetic Arithmetic

	// InputNoise is the standard deviation σ of the Gaussian noise added to
	// the inputs during training (Keras GaussianNoise); 0 disables it. The
	// paper uses DefaultInputNoise.
	InputNoise float64
	// RecurrentNoise is σ_rec of the recurrent noise ξ_t (variance
	// 2σ_rec²/α), added during training only; 0 disables it.
	RecurrentNoise float64

	// RecurrentMask is the fixed connectivity mask M (NRec×NRec, finite);
	// nil means all ones. A zero entry removes the connection for good: its
	// effective weight is zero and its gradient is zero.
	RecurrentMask *mat.Dense
	// Dale enables Dale's law on the recurrent weights.
	Dale bool
	// ExcitatoryFraction is the share of excitatory units when Dale is set:
	// units 0 … round(fraction·NRec)−1 are excitatory, the rest inhibitory.
	// 0 means DefaultExcitatoryFraction; must lie in (0, 1].
	ExcitatoryFraction float64
	// ReadoutExcitatoryOnly zeroes (and freezes) the readout weights of
	// inhibitory units; requires Dale.
	ReadoutExcitatoryOnly bool
	// NonNeg clamps W_rec to ≥ 0 after every update (Keras NonNeg), the
	// paper's positive-only arm. Unlike Dale's law, which keeps raw weights of
	// either sign and maps them through |·| and a fixed sign per unit, NonNeg
	// changes the stored weights and makes every connection excitatory.
	NonNeg bool
}

// alpha returns α with the default applied.
func (c *Config) alpha() float64 {
	if c.Alpha == 0 {
		return DefaultAlpha
	}
	return c.Alpha
}

// excitatoryFraction returns the fraction with the default applied.
func (c *Config) excitatoryFraction() float64 {
	if c.ExcitatoryFraction == 0 {
		return DefaultExcitatoryFraction
	}
	return c.ExcitatoryFraction
}

// NumExcitatory returns the number of excitatory units under Dale's law,
// round(ExcitatoryFraction·NRec); NRec when Dale is off.
func (c *Config) NumExcitatory() int {
	if !c.Dale {
		return c.NRec
	}
	return int(math.Round(c.excitatoryFraction() * float64(c.NRec)))
}

// Validate reports the first problem with c, naming the field.
func (c *Config) Validate() error {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("rnn: Config.%s: %s: %w", field, fmt.Sprintf(format, args...), ErrConfig)
	}
	switch {
	case c.NIn <= 0:
		return bad("NIn", "%d, want > 0", c.NIn)
	case c.NRec <= 0:
		return bad("NRec", "%d, want > 0", c.NRec)
	case c.NOut <= 0:
		return bad("NOut", "%d, want > 0", c.NOut)
	}
	if a := c.Alpha; math.IsNaN(a) || a < 0 || a > 1 {
		return bad("Alpha", "%g, want in (0, 1] (0 means the default %g)", a, DefaultAlpha)
	}
	if c.Activation < ReLU || c.Activation > Identity {
		return bad("Activation", "unknown activation %d", int(c.Activation))
	}
	if c.Loss < LastStepCrossEntropy || c.Loss > MaskedMSE {
		return bad("Loss", "unknown loss %d", int(c.Loss))
	}
	if c.RecurrentInit < Orthogonal || c.RecurrentInit > GlorotUniform {
		return bad("RecurrentInit", "unknown initialiser %d", int(c.RecurrentInit))
	}
	if !c.Arithmetic.Valid() {
		return bad("Arithmetic", "unknown arithmetic %d", int(c.Arithmetic))
	}
	if s := c.InputNoise; math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
		return bad("InputNoise", "%g, want finite ≥ 0", s)
	}
	if s := c.RecurrentNoise; math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
		return bad("RecurrentNoise", "%g, want finite ≥ 0", s)
	}
	if m := c.RecurrentMask; m != nil {
		r, k := m.Dims()
		if r != c.NRec || k != c.NRec {
			return bad("RecurrentMask", "shape %d×%d, want %d×%d", r, k, c.NRec, c.NRec)
		}
		for i := 0; i < r; i++ {
			for j := 0; j < k; j++ {
				if v := m.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
					return bad("RecurrentMask", "entry (%d, %d) is %g", i, j, v)
				}
			}
		}
	}
	if f := c.ExcitatoryFraction; math.IsNaN(f) || f < 0 || f > 1 {
		return bad("ExcitatoryFraction", "%g, want in (0, 1]", f)
	}
	if c.Dale && c.NumExcitatory() < 1 {
		return bad("ExcitatoryFraction", "%g of %d units leaves no excitatory unit", c.excitatoryFraction(), c.NRec)
	}
	if c.ReadoutExcitatoryOnly && !c.Dale {
		return bad("ReadoutExcitatoryOnly", "requires Dale")
	}
	return nil
}

// PaperConfig returns the published model of arXiv 2606.14975 (docs/method.md
// §6): relu, no leak (α = 1), orthogonal W_rec, Glorot-uniform input and
// readout kernels, zero biases, input noise σ = DefaultInputNoise during
// training, last-step softmax cross-entropy, float32. Set NonNeg for the
// positive-only arm; set W_rec with Model.SetWeights for the biological
// initialisation.
func PaperConfig(nIn, nRec, nOut int) Config {
	return Config{
		NIn: nIn, NRec: nRec, NOut: nOut,
		Alpha:         1,
		Activation:    ReLU,
		Loss:          LastStepCrossEntropy,
		RecurrentInit: Orthogonal,
		Arithmetic:    Float32,
		InputNoise:    DefaultInputNoise,
	}
}
