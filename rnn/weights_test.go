package rnn

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// weightsModel returns a seeded model of cfg whose parameters all differ
// from their initial values (random biases, perturbed kernels), so that a
// mix-up of any two arrays changes the logits.
func weightsModel(t testing.TB, cfg Config, seed uint64) *Model {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, 1))
	m, err := New(cfg, rnd)
	require.NoError(t, err)
	for _, p := range []Param{InputKernel, RecurrentKernel, Bias, OutputKernel, OutputBias} {
		w := m.WeightsTo(nil, p)
		r, c := w.Dims()
		for i := range r {
			for j := range c {
				w.Set(i, j, w.At(i, j)+0.2*rnd.NormFloat64())
			}
		}
		require.NoError(t, m.SetWeights(p, w))
	}
	return m
}

// weightsBatch returns a seeded last-step batch for cfg.
func weightsBatch(cfg Config, steps, size int, seed uint64) Batch {
	rnd := rand.New(rand.NewPCG(seed, 2))
	b := Batch{Steps: steps, Size: size, NIn: cfg.NIn, NOut: cfg.NOut,
		X: make([]float32, steps*size*cfg.NIn), Labels: make([]int, size)}
	for k := range b.X {
		b.X[k] = float32(rnd.Float64())
	}
	for k := range b.Labels {
		b.Labels[k] = rnd.IntN(cfg.NOut)
	}
	return b
}

// checkerMask returns an NRec×NRec mask with a fifth of the entries zero
// and the others in [0.5, 1.5).
func checkerMask(n int, seed uint64) *mat.Dense {
	rnd := rand.New(rand.NewPCG(seed, 3))
	m := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			if rnd.IntN(5) > 0 {
				m.Set(i, j, 0.5+rnd.Float64())
			}
		}
	}
	return m
}

func writeWeights(t testing.TB, initial, final *Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteWeights(&buf, initial, final))
	return buf.Bytes()
}

func readWeights(raw []byte) (*Weights, error) {
	return ReadWeights(bytes.NewReader(raw), int64(len(raw)))
}

func weightsCases() []struct {
	name string
	cfg  Config
} {
	paper := PaperConfig(3, 12, 2)
	dale := paper
	dale.Dale, dale.ExcitatoryFraction = true, 0.75
	masked := paper
	masked.RecurrentMask = checkerMask(12, 1)
	leaky := Config{NIn: 3, NRec: 12, NOut: 2, Alpha: 0.2, Activation: Tanh, Dale: true,
		ReadoutExcitatoryOnly: true, RecurrentMask: checkerMask(12, 2), Arithmetic: Float64, RecurrentNoise: 0.1}
	return []struct {
		name string
		cfg  Config
	}{{"paper", paper}, {"dale", dale}, {"masked", masked}, {"leaky-tanh-dale-mask-float64", leaky}}
}

// TestWeightsRoundTrip: the model read back has the written configuration
// and computes the same logits; float32 models bit for bit, float64 ones
// within float32 rounding of the weights.
func TestWeightsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range weightsCases() {
		for _, withInitial := range []bool{false, true} {
			name := tc.name
			if withInitial {
				name += "/initial"
			}
			t.Run(name, func(t *testing.T) {
				initial := weightsModel(t, tc.cfg, 1)
				final := weightsModel(t, tc.cfg, 2)
				var ini *Model
				if withInitial {
					ini = initial
				}
				got, err := readWeights(writeWeights(t, ini, final))
				require.NoError(t, err)

				gc, wc := got.Model.Config(), final.Config()
				wc.Alpha, wc.ExcitatoryFraction = wc.alpha(), wc.excitatoryFraction()
				if wc.RecurrentMask != nil {
					require.NotNil(t, gc.RecurrentMask)
					assert.True(t, mat.Equal(gc.RecurrentMask, wc.RecurrentMask), "mask")
				}
				gc.RecurrentMask, wc.RecurrentMask = nil, nil
				assert.Equal(t, wc, gc)

				tol := 0.0 // float32 models: bit for bit
				if tc.cfg.Arithmetic == Float64 {
					tol = 1e-6
				}
				b := weightsBatch(tc.cfg, 7, 5, 3)
				want, err := final.Logits(b)
				require.NoError(t, err)
				logits, err := got.Model.Logits(b)
				require.NoError(t, err)
				testutil.AssertMatClose(t, logits, want, tol, tol, "logits")
				testutil.AssertMatClose(t, got.Model.EffectiveRecurrentTo(nil), final.EffectiveRecurrentTo(nil), tol, tol, "W_rec_eff")

				if !withInitial {
					assert.Nil(t, got.InitialEffective)
					assert.Nil(t, got.InitialRaw)
					return
				}
				require.NotNil(t, got.InitialEffective)
				testutil.AssertMatClose(t, got.InitialEffective, initial.EffectiveRecurrentTo(nil), tol, tol, "initial W_rec_eff")
				wantRaw := initial.WeightsTo(nil, RecurrentKernel)
				if !storesRaw(&tc.cfg) {
					wantRaw = initial.EffectiveRecurrentTo(nil)
				}
				testutil.AssertMatClose(t, got.InitialRaw, wantRaw, tol, tol, "initial W_rec_raw")
			})
		}
	}
}

// TestWeightsLayout pins what numpy sees: the member names, float32
// weights, their shapes and the JSON keys a Python reader uses.
func TestWeightsLayout(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		cfg     func() Config
		initial bool
		want    []string
	}{
		{"paper", func() Config { return PaperConfig(3, 12, 2) }, true,
			[]string{"config", "W_in", "b", "W_rec_eff", "W_out", "b_out", "W_rec_eff_initial"}},
		{"dale", func() Config { c := PaperConfig(3, 12, 2); c.Dale = true; return c }, true,
			[]string{"config", "W_in", "b", "W_rec_eff", "W_rec_raw", "W_out", "b_out", "W_rec_eff_initial", "W_rec_raw_initial"}},
		{"masked", func() Config { c := PaperConfig(3, 12, 2); c.RecurrentMask = checkerMask(12, 1); return c }, false,
			[]string{"config", "W_in", "b", "W_rec_eff", "W_rec_raw", "W_out", "b_out", "mask"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg()
			m := weightsModel(t, cfg, 1)
			var ini *Model
			if tc.initial {
				ini = weightsModel(t, cfg, 2)
			}
			raw := writeWeights(t, ini, m)
			z, err := npyio.OpenNPZ(bytes.NewReader(raw), int64(len(raw)))
			require.NoError(t, err)
			assert.Equal(t, tc.want, z.Names())
			shapes := map[string][]int{"W_in": {3, 12}, "b": {12}, "W_out": {12, 2}, "b_out": {2}}
			for _, name := range z.Names() {
				a, err := z.Read(name)
				require.NoError(t, err)
				d, err := a.DType()
				require.NoError(t, err)
				switch name {
				case "config":
					assert.Equal(t, byte('U'), d.Kind)
					var js map[string]any
					require.NoError(t, json.Unmarshal([]byte(a.Data.([]string)[0]), &js))
					assert.Equal(t, "cortexrnn-weights", js["format"])
					assert.Equal(t, 12.0, js["n_rec"])
					assert.Equal(t, 1.0, js["alpha"])
					assert.Equal(t, "relu", js["activation"])
					assert.Equal(t, cfg.Dale, js["dale"])
				case "mask":
					assert.Equal(t, "<f8", d.String())
				default:
					assert.Equal(t, "<f4", d.String(), name)
					want, ok := shapes[name]
					if !ok {
						want = []int{12, 12}
					}
					assert.Equal(t, want, a.Shape, name)
				}
			}
			// The effective matrix is what acts: under Dale's law row i has
			// the sign of unit i.
			a, err := z.Read(WeightsEffective)
			require.NoError(t, err)
			eff := a.Data.([]float32)
			nE := cfg.NumExcitatory()
			for k, v := range eff {
				if cfg.Dale && k/12 >= nE {
					assert.LessOrEqual(t, v, float32(0), "inhibitory row %d", k/12)
				} else if cfg.Dale {
					assert.GreaterOrEqual(t, v, float32(0), "excitatory row %d", k/12)
				}
			}
		})
	}
}

// members reads every array of a weights archive, in order.
func weightsMembers(t testing.TB, raw []byte) []npyio.Named {
	t.Helper()
	z, err := npyio.OpenNPZ(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	var out []npyio.Named
	for _, name := range z.Names() {
		a, err := z.Read(name)
		require.NoError(t, err)
		out = append(out, npyio.Named{Name: name, Array: a})
	}
	return out
}

// rewrite returns the archive of ms after edit has changed them.
func rewrite(t testing.TB, ms []npyio.Named, edit func(ms []npyio.Named) []npyio.Named) []byte {
	t.Helper()
	ms = edit(slices.Clone(ms))
	var buf bytes.Buffer
	zw := npyio.NewNPZWriter(&buf, npyio.Stored)
	for _, m := range ms {
		require.NoError(t, zw.Write(m.Name, m.Array))
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func setArray(name string, a *npyio.Array) func([]npyio.Named) []npyio.Named {
	return func(ms []npyio.Named) []npyio.Named {
		for i := range ms {
			if ms[i].Name == name {
				ms[i].Array = a
			}
		}
		return ms
	}
}

func dropArray(name string) func([]npyio.Named) []npyio.Named {
	return func(ms []npyio.Named) []npyio.Named {
		return slices.DeleteFunc(ms, func(m npyio.Named) bool { return m.Name == name })
	}
}

// setConfig returns an edit that sets key of the JSON config to v.
func setConfig(t testing.TB, ms []npyio.Named, key string, v any) func([]npyio.Named) []npyio.Named {
	t.Helper()
	var js map[string]any
	for _, m := range ms {
		if m.Name == "config" {
			require.NoError(t, json.Unmarshal([]byte(m.Array.Data.([]string)[0]), &js))
		}
	}
	js[key] = v
	b, err := json.Marshal(js)
	require.NoError(t, err)
	return setArray("config", &npyio.Array{Data: []string{string(b)}})
}

func modified(a *npyio.Array, k int, v float32) *npyio.Array {
	d := slices.Clone(a.Data.([]float32))
	d[k] = v
	return &npyio.Array{Shape: a.Shape, Data: d}
}

func arrayOf(ms []npyio.Named, name string) *npyio.Array {
	for _, m := range ms {
		if m.Name == name {
			return m.Array
		}
	}
	return nil
}

// TestReadWeightsRefuses: each damaged or inconsistent file gives an error
// wrapping ErrWeights that names what is wrong, never a panic.
func TestReadWeightsRefuses(t *testing.T) {
	t.Parallel()
	cfg := PaperConfig(3, 12, 2)
	cfg.Dale = true
	raw := writeWeights(t, weightsModel(t, cfg, 1), weightsModel(t, cfg, 2))
	ms := weightsMembers(t, raw)
	eff, rawW := arrayOf(ms, WeightsEffective), arrayOf(ms, WeightsRaw)
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"not a zip", []byte("PK not really"), "weights"},
		{"truncated", raw[:len(raw)/2], "weights"},
		{"no config", rewrite(t, ms, dropArray("config")), "missing array config"},
		{"no W_rec_raw under Dale", rewrite(t, ms, dropArray(WeightsRaw)), "missing array W_rec_raw"},
		{"no initial", rewrite(t, ms, dropArray(WeightsInitialEffective)), "missing array W_rec_eff_initial"},
		{"wrong format", rewrite(t, ms, setConfig(t, ms, "format", "keras")), "format"},
		{"future version", rewrite(t, ms, setConfig(t, ms, "version", 2)), "version 2"},
		{"huge n_rec", rewrite(t, ms, setConfig(t, ms, "n_rec", 3e9)), "n_rec"},
		{"n_rec disagrees with arrays", rewrite(t, ms, setConfig(t, ms, "n_rec", 13)), "shape"},
		{"alpha zero", rewrite(t, ms, setConfig(t, ms, "alpha", 0)), "alpha"},
		{"alpha out of range", rewrite(t, ms, setConfig(t, ms, "alpha", 2)), "Alpha"},
		{"unknown activation", rewrite(t, ms, setConfig(t, ms, "activation", "gelu")), "activation"},
		{"n_excitatory disagrees", rewrite(t, ms, setConfig(t, ms, "n_excitatory", 5)), "n_excitatory"},
		{"config not JSON", rewrite(t, ms, setArray("config", &npyio.Array{Data: []string{"{"}})), "config"},
		{"config not text", rewrite(t, ms, setArray("config", &npyio.Array{Shape: []int{1}, Data: []float32{1}})), "config"},
		{"W_in integers", rewrite(t, ms, setArray("W_in", &npyio.Array{Shape: []int{3, 12}, Data: make([]int32, 36)})), "W_in: dtype"},
		{"W_out transposed", rewrite(t, ms, setArray("W_out", &npyio.Array{Shape: []int{2, 12}, Data: make([]float32, 24)})), "W_out"},
		{"NaN bias", rewrite(t, ms, setArray("b", modified(arrayOf(ms, "b"), 3, float32(math.NaN())))), "b: entry 3"},
		{"Inf W_rec_eff", rewrite(t, ms, setArray(WeightsEffective, modified(eff, 5, float32(math.Inf(1))))), "W_rec_eff: entry 5"},
		{"W_rec_eff not derived from W_rec_raw", rewrite(t, ms, setArray(WeightsEffective, modified(eff, 14, eff.Data.([]float32)[14]*1.001))), "W_rec_eff[1][2]"},
		{"W_rec_eff sign flipped on an excitatory row", rewrite(t, ms, setArray(WeightsEffective, modified(eff, 0, -eff.Data.([]float32)[0]))), "W_rec_eff[0][0]"},
		{"initial inconsistent", rewrite(t, ms, setArray(WeightsInitialRaw, modified(rawW, 0, 7))), "W_rec_eff_initial[0][0]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readWeights(tc.file)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrWeights)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestWriteWeightsInitialMismatch: an initial model of another shape is a
// caller bug.
func TestWriteWeightsInitialMismatch(t *testing.T) {
	t.Parallel()
	cfg := PaperConfig(3, 12, 2)
	other := cfg
	other.Dale = true
	assert.PanicsWithValue(t,
		ShapeError{Func: "rnn", Arg: "WriteWeights initial model", Got: "NRec 12, Dale true", Want: "NRec 12, Dale false, the final model's excitatory units and mask"},
		func() { _ = WriteWeights(&bytes.Buffer{}, weightsModel(t, other, 1), weightsModel(t, cfg, 2)) })
}

// TestWeightsFile: the path forms round-trip and name the file in errors.
func TestWeightsFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "weights.npz")
	m := weightsModel(t, PaperConfig(2, 8, 2), 1)
	require.NoError(t, WriteWeightsFile(path, nil, m))
	got, err := ReadWeightsFile(path)
	require.NoError(t, err)
	assert.True(t, mat.Equal(got.Model.EffectiveRecurrentTo(nil), m.EffectiveRecurrentTo(nil)))

	bad := filepath.Join(dir, "bad.npz")
	require.NoError(t, os.WriteFile(bad, []byte("nonsense"), 0o644))
	_, err = ReadWeightsFile(bad)
	require.ErrorIs(t, err, ErrWeights)
	assert.Contains(t, err.Error(), bad)
	_, err = ReadWeightsFile(filepath.Join(dir, "absent.npz"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}
