package rnn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
)

// checkpointVersion is stored in every checkpoint and checked on load.
const checkpointVersion = 1

// checkpointMeta is the JSON stored in the checkpoint's "config" array.
type checkpointMeta struct {
	Version               int
	NIn, NRec, NOut       int
	Alpha                 float64
	Activation            Activation
	Loss                  Loss
	RecurrentInit         Init
	Precision             Arithmetic // JSON key kept: checkpoints stay readable
	InputNoise            float64
	RecurrentNoise        float64
	HasMask               bool
	Dale                  bool
	ExcitatoryFraction    float64
	ReadoutExcitatoryOnly bool
	NonNeg                bool
	Optimizer             OptimizerConfig
	Shuffle               bool
	Step, Epoch           int
}

// Save writes the trainer's state as an .npz archive (numpy.load opens it):
// the parameters W_in (NIn×NRec), W_rec (NRec×NRec, raw, row =
// presynaptic), b (NRec), W_out (NRec×NOut), b_out (NOut) in the model's
// precision; the Adam moments m_<name> and v_<name> once Adam has stepped;
// the connectivity mask "mask" (float64) when set; "rng" (uint8), the
// binary state of the trainer's PCG generator; and "config", a 0-d unicode
// array holding JSON with the Config, the OptimizerConfig, Shuffle, the
// optimiser step and the epoch count. The Penalty and Recorder are not
// saved. Loading it with Load and continuing gives bit-identical results.
func (t *Trainer) Save(w io.Writer) error {
	c := &t.model.cfg
	meta := checkpointMeta{
		Version: checkpointVersion,
		NIn:     c.NIn, NRec: c.NRec, NOut: c.NOut,
		Alpha: c.Alpha, Activation: c.Activation, Loss: c.Loss, RecurrentInit: c.RecurrentInit,
		Precision: c.Arithmetic, InputNoise: c.InputNoise, RecurrentNoise: c.RecurrentNoise,
		HasMask: c.RecurrentMask != nil, Dale: c.Dale, ExcitatoryFraction: c.ExcitatoryFraction,
		ReadoutExcitatoryOnly: c.ReadoutExcitatoryOnly, NonNeg: c.NonNeg,
		Optimizer: t.cfg.Optimizer, Shuffle: t.cfg.Shuffle, Step: t.step, Epoch: t.epoch,
	}
	js, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("rnn: Save: %w", err)
	}
	rng, err := t.src.MarshalBinary()
	if err != nil {
		return fmt.Errorf("rnn: Save: %w", err)
	}
	arrays := map[string]*npyArray{
		"config": {descr: fmt.Sprintf("<U%d", utf8.RuneCount(js)), str: string(js)},
		"rng":    {descr: "|u1", shape: []int{len(rng)}, u8: rng},
	}
	names := []string{"config", "rng"}
	add := func(name string, shape []int, data any) {
		a := &npyArray{shape: shape}
		switch d := data.(type) {
		case []float32:
			a.descr, a.f32 = "<f4", d
		case []float64:
			a.descr, a.f64 = "<f8", d
		}
		arrays[name] = a
		names = append(names, name)
	}
	for p := range numParams {
		shape := paramNpyShape(c, p)
		add(p.String(), shape, t.model.eng.param(p))
		if m, v := t.model.eng.moments(p); !isNilSlice(m) {
			add("m_"+p.String(), shape, m)
			add("v_"+p.String(), shape, v)
		}
	}
	if c.RecurrentMask != nil {
		add("mask", []int{c.NRec, c.NRec}, mat.DenseCopyOf(c.RecurrentMask).RawMatrix().Data)
	}
	if err := writeNpz(w, names, arrays); err != nil {
		return fmt.Errorf("rnn: Save: %w", err)
	}
	return nil
}

func isNilSlice(s any) bool {
	switch s := s.(type) {
	case []float32:
		return s == nil
	case []float64:
		return s == nil
	}
	return true
}

// paramNpyShape is the shape Keras gives the parameter: biases are 1-D.
func paramNpyShape(c *Config, p Param) []int {
	r, k := paramShape(c, p)
	if p == Bias || p == OutputBias {
		return []int{k}
	}
	return []int{r, k}
}

// SaveFile writes Save's archive to path.
func (t *Trainer) SaveFile(path string) error {
	var buf bytes.Buffer
	if err := t.Save(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("rnn: SaveFile: %w", err)
	}
	return nil
}

// LoadFile reads a checkpoint written by SaveFile; see Load.
func LoadFile(path string) (*Trainer, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rnn: LoadFile: %w", err)
	}
	t, err := Load(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("rnn: %s: %w", path, err)
	}
	return t, nil
}

// Load reads a checkpoint written by Save and returns the trainer with its
// model, optimiser state, counters and generator restored. Set the penalty
// and recorder again with SetPenalty and SetRecorder. Errors wrap
// ErrCheckpoint and name the array at fault.
func Load(r io.ReaderAt, size int64) (*Trainer, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("rnn: checkpoint: %s: %w", fmt.Sprintf(format, args...), ErrCheckpoint)
	}
	arrays, err := readNpz(r, size)
	if err != nil {
		return nil, bad("%v", err)
	}
	ca, ok := arrays["config"]
	if !ok || ca.u8 != nil || ca.f32 != nil || ca.f64 != nil {
		return nil, bad("missing or malformed config array")
	}
	var meta checkpointMeta
	if err := json.Unmarshal([]byte(ca.str), &meta); err != nil {
		return nil, bad("config: %v", err)
	}
	if meta.Version != checkpointVersion {
		return nil, bad("config: version %d, want %d", meta.Version, checkpointVersion)
	}
	cfg := Config{
		NIn: meta.NIn, NRec: meta.NRec, NOut: meta.NOut, Alpha: meta.Alpha,
		Activation: meta.Activation, Loss: meta.Loss, RecurrentInit: meta.RecurrentInit,
		Arithmetic: meta.Precision, InputNoise: meta.InputNoise, RecurrentNoise: meta.RecurrentNoise,
		Dale: meta.Dale, ExcitatoryFraction: meta.ExcitatoryFraction,
		ReadoutExcitatoryOnly: meta.ReadoutExcitatoryOnly, NonNeg: meta.NonNeg,
	}
	if cfg.NRec <= 0 {
		return nil, bad("config: NRec = %d", cfg.NRec)
	}
	if meta.HasMask {
		ma, ok := arrays["mask"]
		if !ok {
			return nil, bad("config says there is a mask but the mask array is missing")
		}
		d, ok := ma.floats()
		if !ok || len(d) != cfg.NRec*cfg.NRec {
			return nil, bad("mask: dtype %s shape %v, want %d×%d floats", ma.descr, ma.shape, cfg.NRec, cfg.NRec)
		}
		cfg.RecurrentMask = mat.NewDense(cfg.NRec, cfg.NRec, append([]float64(nil), d...))
	}
	if err := cfg.Validate(); err != nil {
		return nil, bad("%v", err)
	}
	m, err := New(cfg, rand.New(rand.NewPCG(0, 0))) // weights are overwritten below
	if err != nil {
		return nil, bad("%v", err)
	}
	get := func(name string, p Param) ([]float64, error) {
		a, ok := arrays[name]
		if !ok {
			return nil, bad("missing array %s", name)
		}
		d, ok := a.floats()
		want := paramNpyShape(&cfg, p)
		if !ok || !sameShape(a.shape, want) {
			return nil, bad("%s: dtype %s shape %v, want floats of shape %v", name, a.descr, a.shape, want)
		}
		return d, nil
	}
	for p := range numParams {
		d, err := get(p.String(), p)
		if err != nil {
			return nil, err
		}
		m.eng.setParam(p, d)
		if _, ok := arrays["m_"+p.String()]; ok {
			mm, err := get("m_"+p.String(), p)
			if err != nil {
				return nil, err
			}
			vv, err := get("v_"+p.String(), p)
			if err != nil {
				return nil, err
			}
			m.eng.setMoments(p, mm, vv)
		}
	}
	ra, ok := arrays["rng"]
	if !ok || ra.u8 == nil {
		return nil, bad("missing or malformed rng array")
	}
	src := &rand.PCG{}
	if err := src.UnmarshalBinary(ra.u8); err != nil {
		return nil, bad("rng: %v", err)
	}
	t, err := newTrainer(m, TrainConfig{Optimizer: meta.Optimizer, Shuffle: meta.Shuffle}, src)
	if err != nil {
		return nil, bad("%v", err)
	}
	if meta.Step < 0 || meta.Epoch < 0 {
		return nil, bad("config: step %d, epoch %d", meta.Step, meta.Epoch)
	}
	t.step, t.epoch = meta.Step, meta.Epoch
	return t, nil
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
