package rnn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refNet is a slow, obviously correct implementation of the model with
// nested loops over [][]float64, one trial at a time. It shares nothing
// with the engines but the Config.
type refNet struct {
	cfg                    Config
	win, wrec, wout        [][]float64
	b, bout                []float64
	xnoise, xi             []float64 // optional, flat time-major like the engines
	alpha                  float64
	fact                   func(float64) float64
	sign, outRows, rowMask []float64
}

func newRefNet(m *Model) *refNet {
	c := m.cfg
	r := &refNet{cfg: c, alpha: c.alpha()}
	get := func(p Param) [][]float64 {
		w := m.WeightsTo(nil, p)
		rows, cols := w.Dims()
		out := make([][]float64, rows)
		for i := range out {
			out[i] = make([]float64, cols)
			for j := range out[i] {
				out[i][j] = w.At(i, j)
			}
		}
		return out
	}
	r.win, r.wrec, r.wout = get(InputKernel), get(RecurrentKernel), get(OutputKernel)
	r.b, r.bout = get(Bias)[0], get(OutputBias)[0]
	switch c.Activation {
	case ReLU:
		r.fact = func(z float64) float64 { return math.Max(z, 0) }
	case Tanh:
		r.fact = math.Tanh
	case Softplus:
		r.fact = func(z float64) float64 { return math.Log(1 + math.Exp(z)) }
	default:
		r.fact = func(z float64) float64 { return z }
	}
	return r
}

// weff returns the effective recurrent weight i → j.
func (r *refNet) weff(i, j int) float64 {
	w := r.wrec[i][j]
	if r.cfg.RecurrentMask != nil {
		w *= r.cfg.RecurrentMask.At(i, j)
	}
	if r.cfg.Dale {
		w = math.Abs(w)
		if i >= r.cfg.NumExcitatory() {
			w = -w
		}
	}
	return w
}

// logits returns the readout for every trial and step: out[t][b][k].
func (r *refNet) logits(bt *Batch) [][][]float64 {
	c := r.cfg
	T, B, N := bt.Steps, bt.Size, c.NRec
	out := make([][][]float64, T)
	for t := range out {
		out[t] = make([][]float64, B)
	}
	for b := 0; b < B; b++ {
		h := make([]float64, N)
		for t := 0; t < T; t++ {
			hn := make([]float64, N)
			for j := 0; j < N; j++ {
				z := r.b[j]
				for i := 0; i < c.NIn; i++ {
					x := float64(bt.X[(t*B+b)*c.NIn+i])
					if r.xnoise != nil {
						x = r.xnoise[(t*B+b)*c.NIn+i]
					}
					z += x * r.win[i][j]
				}
				for i := 0; i < N; i++ {
					z += h[i] * r.weff(i, j)
				}
				if r.xi != nil {
					z += r.xi[(t*B+b)*N+j]
				}
				hn[j] = (1-r.alpha)*h[j] + r.alpha*r.fact(z)
			}
			h = hn
			y := make([]float64, c.NOut)
			for k := range y {
				y[k] = r.bout[k]
				for i := 0; i < N; i++ {
					w := r.wout[i][k]
					if c.ReadoutExcitatoryOnly && i >= c.NumExcitatory() {
						w = 0
					}
					y[k] += h[i] * w
				}
			}
			out[t][b] = y
		}
	}
	return out
}

// loss returns the data loss and the number of correct and scored predictions.
func (r *refNet) loss(bt *Batch) (float64, int, int) {
	lg := r.logits(bt)
	T, B, K := bt.Steps, bt.Size, r.cfg.NOut
	lse := func(l []float64) float64 {
		var s float64
		for _, v := range l {
			s += math.Exp(v)
		}
		return math.Log(s)
	}
	best := func(l []float64) int {
		a := 0
		for k := range l {
			if l[k] > l[a] {
				a = k
			}
		}
		return a
	}
	switch r.cfg.Loss {
	case LastStepCrossEntropy:
		var s float64
		correct := 0
		for b := 0; b < B; b++ {
			l := lg[T-1][b]
			s += lse(l) - l[bt.Labels[b]]
			if best(l) == bt.Labels[b] {
				correct++
			}
		}
		return s / float64(B), correct, B
	default:
		var s, ms float64
		correct, count := 0, 0
		for t := 0; t < T; t++ {
			for b := 0; b < B; b++ {
				m := float64(bt.Mask[t*B+b])
				l := lg[t][b]
				y := make([]float64, K)
				for k := range y {
					y[k] = float64(bt.Y[(t*B+b)*K+k])
				}
				var ell float64
				for k := range y {
					if r.cfg.Loss == MaskedMSE {
						ell += (l[k] - y[k]) * (l[k] - y[k]) / float64(K)
					} else {
						ell -= y[k] * (l[k] - lse(l))
					}
				}
				s += m * ell
				ms += m
				if m > 0 {
					count++
					if best(l) == best(y) {
						correct++
					}
				}
			}
		}
		return s / ms, correct, count
	}
}

// randomBatch returns a batch of random inputs and targets for cfg.
func randomBatch(cfg Config, steps, size int, rnd *rand.Rand) Batch {
	b := Batch{Steps: steps, Size: size, NIn: cfg.NIn, NOut: cfg.NOut}
	b.X = make([]float32, steps*size*cfg.NIn)
	for i := range b.X {
		b.X[i] = float32(rnd.NormFloat64())
	}
	if !cfg.Loss.perStep() {
		b.Labels = make([]int, size)
		for i := range b.Labels {
			b.Labels[i] = rnd.IntN(cfg.NOut)
		}
		return b
	}
	b.Y = make([]float32, steps*size*cfg.NOut)
	b.Mask = make([]float32, steps*size)
	for r := range b.Mask {
		b.Mask[r] = float32(rnd.IntN(3)) / 2 // 0, 0.5 or 1
		if cfg.Loss == MaskedMSE {
			for k := 0; k < cfg.NOut; k++ {
				b.Y[r*cfg.NOut+k] = float32(rnd.NormFloat64())
			}
		} else {
			b.Y[r*cfg.NOut+rnd.IntN(cfg.NOut)] = 1
		}
	}
	b.Mask[0] = 1
	return b
}

// perturb adds small random values to the biases so that they are tested
// as non-zero.
func perturb(t *testing.T, m *Model, rnd *rand.Rand) {
	t.Helper()
	for _, p := range []Param{Bias, OutputBias} {
		w := m.WeightsTo(nil, p)
		r, c := w.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				w.Set(i, j, 0.3*rnd.NormFloat64())
			}
		}
		require.NoError(t, m.SetWeights(p, w))
	}
}

// gridConfigs returns the full combination grid of activation × α × Dale ×
// loss at small sizes.
func gridConfigs(prec Arithmetic) []Config {
	var out []Config
	for _, act := range []Activation{ReLU, Tanh, Softplus, Identity} {
		for _, alpha := range []float64{0.4, 1} {
			for _, dale := range []bool{false, true} {
				for _, loss := range []Loss{LastStepCrossEntropy, MaskedCrossEntropy, MaskedMSE} {
					out = append(out, Config{
						NIn: 3, NRec: 6, NOut: 3, Alpha: alpha, Activation: act, Loss: loss,
						Dale: dale, ReadoutExcitatoryOnly: dale, Arithmetic: prec,
					})
				}
			}
		}
	}
	return out
}

func cfgName(c Config) string {
	name := c.Activation.String() + "/" + c.Loss.String()
	if c.alpha() < 1 {
		name += "/leaky"
	}
	if c.Dale {
		name += "/dale"
	}
	return name
}

// TestForwardMatchesReference compares both engines' losses and logits with
// the slow loop implementation over the combination grid, with input and
// recurrent noise and a connectivity mask.
func TestForwardMatchesReference(t *testing.T) {
	t.Parallel()
	for _, prec := range []Arithmetic{Float64, Float32} {
		tol := 1e-12
		if prec == Float32 {
			tol = 2e-5
		}
		for ci, cfg := range gridConfigs(prec) {
			rnd := testutil.Rand(uint64(ci + 1))
			mask := NewGlorotUniform(cfg.NRec, cfg.NRec, rnd)
			for i := 0; i < cfg.NRec; i++ {
				mask.Set(i, i, 0) // no self-connections
			}
			cfg.RecurrentMask = mask
			cfg.InputNoise, cfg.RecurrentNoise = 0.3, 0.2
			m, err := New(cfg, rnd)
			require.NoError(t, err)
			perturb(t, m, rnd)
			b := randomBatch(cfg, 4, 3, rnd)
			// Noisy forward through the engine; hand the same noise to the reference.
			e := m.eng
			e.resize(b.Steps, b.Size)
			e.prepare()
			e.load(&b)
			e.drawNoise(testutil.Rand(99))
			got, gc, gn := e.forward(&b, true)
			ref := newRefNet(m)
			ref.xnoise = make([]float64, len(b.X))
			ref.xi = make([]float64, b.Steps*b.Size*cfg.NRec)
			nr := testutil.Rand(99)
			alpha := cfg.alpha()
			for i := range ref.xnoise {
				ref.xnoise[i] = float64(b.X[i]) + cfg.InputNoise*nr.NormFloat64()
			}
			for i := range ref.xi {
				ref.xi[i] = cfg.RecurrentNoise * math.Sqrt(2/alpha) * nr.NormFloat64()
			}
			want, wc, wn := ref.loss(&b)
			name := prec.String() + "/" + cfgName(cfg)
			testutil.AssertClose(t, got, want, tol, 0, "%s: noisy loss", name)
			assert.Equal(t, [2]int{wc, wn}, [2]int{gc, gn}, "%s: correct of count", name)
			// Noise-free logits through the public API.
			lg, err := m.Logits(b)
			require.NoError(t, err)
			ref.xnoise, ref.xi = nil, nil
			rl := ref.logits(&b)
			rows, _ := lg.Dims()
			for r := 0; r < rows; r++ {
				tt, bb := b.Steps-1, r
				if cfg.Loss.perStep() {
					tt, bb = r/b.Size, r%b.Size
				}
				for k := 0; k < cfg.NOut; k++ {
					testutil.AssertClose(t, lg.At(r, k), rl[tt][bb][k], tol, tol, "%s: logit (%d,%d)", name, r, k)
				}
			}
		}
	}
}
