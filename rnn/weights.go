package rnn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
	"gonum.org/v1/gonum/mat"
)

// ErrWeights marks an unreadable or inconsistent weights file.
var ErrWeights = errors.New("bad weights file")

// Names of the recurrent matrices in a weights file (see WriteWeights).
// "eff" is the effective matrix that acts in the dynamics; "raw" is the
// trainable parameter it is derived from under Dale's law or a mask.
const (
	WeightsEffective        = "W_rec_eff"
	WeightsRaw              = "W_rec_raw"
	WeightsInitialEffective = "W_rec_eff_initial"
	WeightsInitialRaw       = "W_rec_raw_initial"
)

// Other members of a weights file.
const (
	weightsConfig = "config"
	weightsMask   = "mask"
)

// weightsFormat and weightsVersion identify the JSON of a weights file.
const (
	weightsFormat  = "cortexrnn-weights"
	weightsVersion = 1
)

// weightsUpdate states the equations in the file itself, for readers
// outside Go.
const weightsUpdate = "h_t = (1-alpha) h_{t-1} + alpha f(x_t W_in + h_{t-1} W_rec_eff + b), h_0 = 0; " +
	"y_t = h_t W_out + b_out; row vectors, row of a weight matrix = presynaptic unit"

// weightsMeta is the JSON of the "config" member: everything needed to run
// the network, with defaults resolved.
type weightsMeta struct {
	Format                string     `json:"format"`
	Version               int        `json:"version"`
	Update                string     `json:"update"`
	NIn                   int        `json:"n_in"`
	NRec                  int        `json:"n_rec"`
	NOut                  int        `json:"n_out"`
	Alpha                 float64    `json:"alpha"`
	Activation            Activation `json:"activation"`
	Loss                  Loss       `json:"loss"`
	Arithmetic            Arithmetic `json:"arithmetic"`
	Dale                  bool       `json:"dale"`
	ExcitatoryFraction    float64    `json:"excitatory_fraction"`
	NumExcitatory         int        `json:"n_excitatory"`
	ReadoutExcitatoryOnly bool       `json:"readout_excitatory_only"`
	NonNeg                bool       `json:"non_neg"`
	Masked                bool       `json:"masked"`
	RecurrentInit         Init       `json:"recurrent_init"`
	InputNoise            float64    `json:"input_noise"`
	RecurrentNoise        float64    `json:"recurrent_noise"`
	Initial               bool       `json:"initial"`
}

// storesRaw reports whether a weights file of c holds the raw recurrent
// parameter besides the effective matrix: only when they can differ.
func storesRaw(c *Config) bool { return c.Dale || c.RecurrentMask != nil }

// WriteWeights writes the trained network final, and the recurrent
// weights of initial when it is not nil, as an .npz archive of float32
// arrays (numpy.load opens it; docs/weights.md describes it for Python and
// PyTorch). Every matrix has one row per presynaptic unit or input channel
// (row vectors, as in Keras: x W_in + h W_rec_eff):
//
//	config             0-d unicode: JSON with the configuration (n_in, n_rec,
//	                   n_out, alpha, activation, dale, n_excitatory, …)
//	W_in               NIn×NRec input kernel
//	b                  NRec recurrent bias
//	W_rec_eff          NRec×NRec effective recurrent matrix W_eff, the one
//	                   that acts in the dynamics (see Config)
//	W_rec_raw          NRec×NRec raw trainable parameter, only under Dale's
//	                   law or a mask; W_eff = diag(s)|W_rec_raw ⊙ M| (Dale)
//	                   or W_rec_raw ⊙ M. Without either, the raw parameter
//	                   is W_rec_eff itself.
//	W_out              NRec×NOut readout kernel
//	b_out              NOut readout bias
//	mask               NRec×NRec float64 mask M, only when set
//	W_rec_eff_initial  initial's W_eff, only when initial is not nil
//	W_rec_raw_initial  initial's raw W_rec, when initial is set and W_rec_raw
//	                   is stored
//
// A Float64 model's parameters are rounded to float32. initial must have
// final's NRec, Dale, NumExcitatory and mask (for instance the model before
// training), or WriteWeights panics with a ShapeError.
func WriteWeights(w io.Writer, initial, final *Model) error {
	c := &final.cfg
	if initial != nil {
		ic := &initial.cfg
		if ic.NRec != c.NRec || ic.Dale != c.Dale || ic.NumExcitatory() != c.NumExcitatory() ||
			(ic.RecurrentMask == nil) != (c.RecurrentMask == nil) ||
			(c.RecurrentMask != nil && !mat.Equal(ic.RecurrentMask, c.RecurrentMask)) {
			panicShape("WriteWeights initial model", fmt.Sprintf("NRec %d, Dale %t", ic.NRec, ic.Dale),
				fmt.Sprintf("NRec %d, Dale %t, the final model's excitatory units and mask", c.NRec, c.Dale))
		}
	}
	meta := weightsMeta{
		Format: weightsFormat, Version: weightsVersion, Update: weightsUpdate,
		NIn: c.NIn, NRec: c.NRec, NOut: c.NOut, Alpha: c.alpha(),
		Activation: c.Activation, Loss: c.Loss, Arithmetic: c.Arithmetic,
		Dale: c.Dale, ExcitatoryFraction: c.excitatoryFraction(), NumExcitatory: c.NumExcitatory(),
		ReadoutExcitatoryOnly: c.ReadoutExcitatoryOnly, NonNeg: c.NonNeg, Masked: c.RecurrentMask != nil,
		RecurrentInit: c.RecurrentInit, InputNoise: c.InputNoise, RecurrentNoise: c.RecurrentNoise,
		Initial: initial != nil,
	}
	js, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("rnn: WriteWeights: %w", err)
	}
	zw := npyio.NewNPZWriter(w, npyio.Stored)
	add := func(name string, shape []int, data any) error {
		if err := zw.Write(name, &npyio.Array{Shape: shape, Data: data}); err != nil {
			return fmt.Errorf("rnn: WriteWeights: %s: %w", name, err)
		}
		return nil
	}
	f32 := func(m *mat.Dense) []float32 {
		raw := m.RawMatrix() // freshly allocated, so contiguous
		out := make([]float32, len(raw.Data))
		for i, v := range raw.Data {
			out[i] = float32(v)
		}
		return out
	}
	nn := []int{c.NRec, c.NRec}
	type entry struct {
		name  string
		shape []int
		data  func() any
	}
	param := func(m *Model, p Param) func() any {
		return func() any { return f32(m.WeightsTo(nil, p)) }
	}
	entries := []entry{
		{weightsConfig, nil, func() any { return []string{string(js)} }},
		{InputKernel.String(), paramNpyShape(c, InputKernel), param(final, InputKernel)},
		{Bias.String(), paramNpyShape(c, Bias), param(final, Bias)},
		{WeightsEffective, nn, func() any { return f32(final.EffectiveRecurrentTo(nil)) }},
	}
	if storesRaw(c) {
		entries = append(entries, entry{WeightsRaw, nn, param(final, RecurrentKernel)})
	}
	entries = append(entries,
		entry{OutputKernel.String(), paramNpyShape(c, OutputKernel), param(final, OutputKernel)},
		entry{OutputBias.String(), paramNpyShape(c, OutputBias), param(final, OutputBias)})
	if c.RecurrentMask != nil {
		entries = append(entries, entry{weightsMask, nn, func() any {
			return mat.DenseCopyOf(c.RecurrentMask).RawMatrix().Data
		}})
	}
	if initial != nil {
		entries = append(entries, entry{WeightsInitialEffective, nn, func() any { return f32(initial.EffectiveRecurrentTo(nil)) }})
		if storesRaw(c) {
			entries = append(entries, entry{WeightsInitialRaw, nn, param(initial, RecurrentKernel)})
		}
	}
	for _, e := range entries {
		if err := add(e.name, e.shape, e.data()); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("rnn: WriteWeights: %w", err)
	}
	return nil
}

// WriteWeightsFile writes WriteWeights' archive to path.
func WriteWeightsFile(path string, initial, final *Model) error {
	var buf bytes.Buffer
	if err := WriteWeights(&buf, initial, final); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("rnn: WriteWeightsFile: %w", err)
	}
	return nil
}

// Weights is a network read from a weights file.
type Weights struct {
	// Model is the trained network, in the precision it was trained in,
	// ready for Logits, States and Evaluate.
	Model *Model
	// InitialEffective and InitialRaw are the effective and raw recurrent
	// matrices before training (NRec×NRec, row = presynaptic); nil when the
	// file holds none. Without Dale's law or a mask, InitialRaw is
	// InitialEffective.
	InitialEffective, InitialRaw *mat.Dense
}

// effectiveTol is the largest relative difference ReadWeights accepts
// between a stored effective matrix and the one derived from the stored
// raw parameter: two float32 ulps, room for a Float64 model whose W_eff was
// rounded after the mask was applied.
const effectiveTol = 0x1p-22

// ReadWeights reads a file written by WriteWeights. Errors wrap ErrWeights
// and name the array at fault.
//
// Like Load, ReadWeights is bounded by what the archive holds: it checks
// the JSON configuration (at most 1 MiB), then every array's dtype (any
// float) and shape from the member headers alone, before reading any data,
// and reads each array through a limit equal to the size its header
// implies. It refuses non-finite weights, and a stored W_rec_eff (or
// W_rec_eff_initial) that differs from the matrix derived from W_rec_raw
// (or W_rec_raw_initial) and the mask by more than two float32 ulps.
func ReadWeights(r io.ReaderAt, size int64) (*Weights, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("rnn: weights: %s: %w", fmt.Sprintf(format, args...), ErrWeights)
	}
	z, err := npyio.OpenNPZ(r, size)
	if err != nil {
		return nil, bad("%v", err)
	}
	header := func(name string, kind byte, shape []int, maxBytes int64) error {
		if !z.Has(name) {
			return bad("missing array %s", name)
		}
		h, err := z.Header(name)
		if err != nil {
			return bad("%v", err)
		}
		d, _, nb, err := h.DataBytes()
		if err != nil {
			return bad("%s: %v", name, err)
		}
		if d.Kind != kind || !slices.Equal(h.Shape, shape) {
			return bad("%s: dtype %s shape %v, want %s of shape %v", name, h.Descr, h.Shape, kindNames[kind], shape)
		}
		if nb > maxBytes {
			return bad("%s: %d data bytes, at most %d allowed", name, nb, maxBytes)
		}
		return nil
	}

	// 1. The configuration, bounded and validated before anything else.
	if err := header(weightsConfig, 'U', []int{}, maxConfigBytes); err != nil {
		return nil, err
	}
	ca, err := z.Read(weightsConfig)
	if err != nil {
		return nil, bad("%v", err)
	}
	var meta weightsMeta
	if err := json.Unmarshal([]byte(ca.Data.([]string)[0]), &meta); err != nil {
		return nil, bad("config: %v", err)
	}
	if meta.Format != weightsFormat || meta.Version != weightsVersion {
		return nil, bad("config: format %q version %d, want %q version %d", meta.Format, meta.Version, weightsFormat, weightsVersion)
	}
	for _, u := range []struct {
		name string
		n    int
	}{{"n_in", meta.NIn}, {"n_rec", meta.NRec}, {"n_out", meta.NOut}} {
		if u.n <= 0 || u.n > maxUnits {
			return nil, bad("config: %s = %d, want 1 … %d", u.name, u.n, maxUnits)
		}
	}
	cfg := Config{
		NIn: meta.NIn, NRec: meta.NRec, NOut: meta.NOut, Alpha: meta.Alpha,
		Activation: meta.Activation, Loss: meta.Loss, RecurrentInit: meta.RecurrentInit,
		Arithmetic: meta.Arithmetic, InputNoise: meta.InputNoise, RecurrentNoise: meta.RecurrentNoise,
		Dale: meta.Dale, ExcitatoryFraction: meta.ExcitatoryFraction,
		ReadoutExcitatoryOnly: meta.ReadoutExcitatoryOnly, NonNeg: meta.NonNeg,
	}
	if meta.Alpha == 0 || (meta.Dale && meta.ExcitatoryFraction == 0) {
		return nil, bad("config: alpha %g, excitatory_fraction %g: want the values, not 0", meta.Alpha, meta.ExcitatoryFraction)
	}
	if err := cfg.Validate(); err != nil {
		return nil, bad("%v", err)
	}
	if meta.NumExcitatory != cfg.NumExcitatory() {
		return nil, bad("config: n_excitatory %d, but excitatory_fraction %g of %d units gives %d",
			meta.NumExcitatory, meta.ExcitatoryFraction, cfg.NRec, cfg.NumExcitatory())
	}

	// 2. Every array's header against the configuration.
	const anySize = math.MaxInt64 // the shape check bounds the size
	nn := []int{cfg.NRec, cfg.NRec}
	raw := cfg.Dale || meta.Masked
	shapes := []struct {
		name  string
		shape []int
	}{
		{InputKernel.String(), paramNpyShape(&cfg, InputKernel)},
		{Bias.String(), paramNpyShape(&cfg, Bias)},
		{WeightsEffective, nn},
		{OutputKernel.String(), paramNpyShape(&cfg, OutputKernel)},
		{OutputBias.String(), paramNpyShape(&cfg, OutputBias)},
	}
	add := func(name string, shape []int) {
		shapes = append(shapes, struct {
			name  string
			shape []int
		}{name, shape})
	}
	if raw {
		add(WeightsRaw, nn)
	}
	if meta.Masked {
		add(weightsMask, nn)
	}
	if meta.Initial {
		add(WeightsInitialEffective, nn)
		if raw {
			add(WeightsInitialRaw, nn)
		}
	}
	for _, s := range shapes {
		if err := header(s.name, 'f', s.shape, anySize); err != nil {
			return nil, err
		}
	}

	// 3. Read the arrays, then build the model.
	arrays := make(map[string]*mat.Dense, len(shapes))
	for _, s := range shapes {
		a, err := z.Read(s.name)
		if err != nil {
			return nil, bad("%v", err)
		}
		d, err := a.Float64s()
		if err != nil {
			return nil, bad("%s: %v", s.name, err)
		}
		for k, v := range d {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, bad("%s: entry %d is %g", s.name, k, v)
			}
		}
		rows, cols := 1, len(d)
		if len(s.shape) == 2 {
			rows, cols = s.shape[0], s.shape[1]
		}
		arrays[s.name] = mat.NewDense(rows, cols, d)
	}
	if meta.Masked {
		cfg.RecurrentMask = arrays[weightsMask]
	}
	// build returns a model of cfg with recurrent raw parameter wr, after
	// checking that its W_eff is the stored eff.
	build := func(wr, eff *mat.Dense, rawName, effName string) (*Model, error) {
		m, err := New(cfg, rand.New(rand.NewPCG(0, 0))) // the weights are set below
		if err != nil {
			return nil, bad("%v", err)
		}
		if err := m.SetWeights(RecurrentKernel, wr); err != nil {
			return nil, bad("%s: %v", rawName, err)
		}
		if rawName != effName {
			got := m.EffectiveRecurrentTo(nil)
			for i := range cfg.NRec {
				for j := range cfg.NRec {
					g, w := got.At(i, j), eff.At(i, j)
					if math.Abs(g-w) > effectiveTol*math.Abs(g) {
						return nil, bad("%s[%d][%d] = %g, but %s and the configuration give %g", effName, i, j, w, rawName, g)
					}
				}
			}
		}
		return m, nil
	}
	rawName := WeightsEffective
	if raw {
		rawName = WeightsRaw
	}
	m, err := build(arrays[rawName], arrays[WeightsEffective], rawName, WeightsEffective)
	if err != nil {
		return nil, err
	}
	for _, p := range []Param{InputKernel, Bias, OutputKernel, OutputBias} {
		if err := m.SetWeights(p, arrays[p.String()]); err != nil {
			return nil, bad("%s: %v", p, err)
		}
	}
	out := &Weights{Model: m}
	if meta.Initial {
		initRaw := WeightsInitialEffective
		if raw {
			initRaw = WeightsInitialRaw
		}
		if _, err := build(arrays[initRaw], arrays[WeightsInitialEffective], initRaw, WeightsInitialEffective); err != nil {
			return nil, err
		}
		out.InitialEffective, out.InitialRaw = arrays[WeightsInitialEffective], arrays[initRaw]
	}
	return out, nil
}

// ReadWeightsFile reads a weights file written by WriteWeightsFile; see
// ReadWeights. The file is read through random access, never whole.
func ReadWeightsFile(path string) (*Weights, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("rnn: ReadWeightsFile: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("rnn: ReadWeightsFile: %w", err)
	}
	w, err := ReadWeights(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("rnn: %s: %w", path, err)
	}
	return w, nil
}
