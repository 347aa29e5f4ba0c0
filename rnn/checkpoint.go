package rnn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
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
	zw := npyio.NewNPZWriter(w, npyio.Stored)
	add := func(name string, shape []int, data any) error {
		if err := zw.Write(name, &npyio.Array{Shape: shape, Data: data}); err != nil {
			return fmt.Errorf("rnn: Save: %s: %w", name, err)
		}
		return nil
	}
	if err := add("config", nil, []string{string(js)}); err != nil {
		return err
	}
	if err := add("rng", []int{len(rng)}, rng); err != nil {
		return err
	}
	for p := range numParams {
		shape := paramNpyShape(c, p)
		if err := add(p.String(), shape, t.model.eng.param(p)); err != nil {
			return err
		}
		if m, v := t.model.eng.moments(p); !isNilSlice(m) {
			if err := add("m_"+p.String(), shape, m); err != nil {
				return err
			}
			if err := add("v_"+p.String(), shape, v); err != nil {
				return err
			}
		}
	}
	if c.RecurrentMask != nil {
		if err := add("mask", []int{c.NRec, c.NRec}, mat.DenseCopyOf(c.RecurrentMask).RawMatrix().Data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
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

// LoadFile reads a checkpoint written by SaveFile; see Load. The file is
// read through random access, never whole.
func LoadFile(path string) (*Trainer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("rnn: LoadFile: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("rnn: LoadFile: %w", err)
	}
	t, err := Load(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("rnn: %s: %w", path, err)
	}
	return t, nil
}

// Checkpoint bounds. Load refuses larger checkpoints before allocating.
const (
	// maxConfigBytes bounds the JSON of the "config" array.
	maxConfigBytes = 1 << 20
	// maxRNGBytes bounds the "rng" array (a PCG state is 20 bytes).
	maxRNGBytes = 1 << 10
	// maxUnits bounds NIn, NRec and NOut so that every parameter's element
	// count, and its bytes in float64, fit an int on 64-bit platforms.
	maxUnits = 1 << 28
)

// kindNames describes the dtype kinds Load expects, for its errors.
var kindNames = map[byte]string{'f': "floats", 'u': "uint8", 'U': "text"}

// Load reads a checkpoint written by Save and returns the trainer with its
// model, optimiser state, counters and generator restored. Set the penalty
// and recorder again with SetPenalty and SetRecorder. Errors wrap
// ErrCheckpoint and name the array at fault.
//
// Load is bounded by what the archive holds: it reads only the arrays it
// needs; it validates the configuration and checks every array's dtype and
// shape against it from the member headers alone, before reading any data;
// each array is read through a limit equal to the size its header implies,
// which must match the member's declared size and be backed by its
// (compressed) bytes; and the model is built only once every array has
// been read. A hostile file therefore cannot make Load allocate much more
// than a few copies of the data it actually decompresses to.
func Load(r io.ReaderAt, size int64) (*Trainer, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("rnn: checkpoint: %s: %w", fmt.Sprintf(format, args...), ErrCheckpoint)
	}
	z, err := npyio.OpenNPZ(r, size)
	if err != nil {
		return nil, bad("%v", err)
	}
	// header returns the header of array name after checking its kind
	// ('f' any float, 'u' uint8, 'U' text) and shape (nil: any shape),
	// and at most maxBytes data bytes.
	header := func(name string, kind byte, shape []int, maxBytes int64) (*npyio.Header, error) {
		if !z.Has(name) {
			return nil, bad("missing array %s", name)
		}
		h, err := z.Header(name)
		if err != nil {
			return nil, bad("%v", err)
		}
		d, _, nb, err := h.DataBytes()
		if err != nil {
			return nil, bad("%s: %v", name, err)
		}
		okKind := d.Kind == kind && (kind != 'u' || d.Size == 1)
		okShape := shape == nil || slices.Equal(h.Shape, shape)
		if !okKind || !okShape {
			return nil, bad("%s: dtype %s shape %v, want %s of shape %v", name, h.Descr, h.Shape, kindNames[kind], shape)
		}
		if nb > maxBytes {
			return nil, bad("%s: %d data bytes, at most %d allowed", name, nb, maxBytes)
		}
		return h, nil
	}

	// 1. The configuration, bounded and validated before anything else.
	if _, err := header("config", 'U', []int{}, maxConfigBytes); err != nil {
		return nil, err
	}
	ca, err := z.Read("config")
	if err != nil {
		return nil, bad("%v", err)
	}
	var meta checkpointMeta
	if err := json.Unmarshal([]byte(ca.Data.([]string)[0]), &meta); err != nil {
		return nil, bad("config: %v", err)
	}
	if meta.Version != checkpointVersion {
		return nil, bad("config: version %d, want %d", meta.Version, checkpointVersion)
	}
	for _, u := range []struct {
		name string
		n    int
	}{{"NIn", meta.NIn}, {"NRec", meta.NRec}, {"NOut", meta.NOut}} {
		if u.n <= 0 || u.n > maxUnits {
			return nil, bad("config: %s = %d, want 1 … %d", u.name, u.n, maxUnits)
		}
	}
	if meta.Step < 0 || meta.Epoch < 0 {
		return nil, bad("config: step %d, epoch %d", meta.Step, meta.Epoch)
	}
	cfg := Config{
		NIn: meta.NIn, NRec: meta.NRec, NOut: meta.NOut, Alpha: meta.Alpha,
		Activation: meta.Activation, Loss: meta.Loss, RecurrentInit: meta.RecurrentInit,
		Arithmetic: meta.Precision, InputNoise: meta.InputNoise, RecurrentNoise: meta.RecurrentNoise,
		Dale: meta.Dale, ExcitatoryFraction: meta.ExcitatoryFraction,
		ReadoutExcitatoryOnly: meta.ReadoutExcitatoryOnly, NonNeg: meta.NonNeg,
	}
	if err := cfg.Validate(); err != nil {
		return nil, bad("%v", err)
	}

	// 2. Every array's header against the configuration: the sizes are
	// now backed by bytes present in the archive.
	const anySize = math.MaxInt64 // the shape check bounds the size
	if _, err := header("rng", 'u', nil, maxRNGBytes); err != nil {
		return nil, err
	}
	moments := make([]bool, numParams)
	for p := range numParams {
		shape := paramNpyShape(&cfg, p)
		if _, err := header(p.String(), 'f', shape, anySize); err != nil {
			return nil, err
		}
		if z.Has("m_"+p.String()) || z.Has("v_"+p.String()) {
			for _, pre := range []string{"m_", "v_"} {
				if _, err := header(pre+p.String(), 'f', shape, anySize); err != nil {
					return nil, err
				}
			}
			moments[p] = true
		}
	}
	if meta.HasMask {
		if _, err := header("mask", 'f', []int{cfg.NRec, cfg.NRec}, anySize); err != nil {
			return nil, bad("config says there is a mask: %v", err)
		}
	}

	// 3. Read the arrays (memory grows with the bytes they decompress to),
	// then build the model.
	floats := func(name string) ([]float64, error) {
		a, err := z.Read(name)
		if err != nil {
			return nil, bad("%v", err)
		}
		d, err := a.Float64s()
		if err != nil {
			return nil, bad("%s: %v", name, err)
		}
		return d, nil
	}
	params := make([][3][]float64, numParams) // value, first and second moment
	for p := range numParams {
		names := []string{p.String()}
		if moments[p] {
			names = append(names, "m_"+p.String(), "v_"+p.String())
		}
		for k, name := range names {
			if params[p][k], err = floats(name); err != nil {
				return nil, err
			}
		}
	}
	ra, err := z.Read("rng")
	if err != nil {
		return nil, bad("%v", err)
	}
	src := &rand.PCG{}
	if err := src.UnmarshalBinary(ra.Data.([]uint8)); err != nil {
		return nil, bad("rng: %v", err)
	}
	if meta.HasMask {
		d, err := floats("mask")
		if err != nil {
			return nil, err
		}
		cfg.RecurrentMask = mat.NewDense(cfg.NRec, cfg.NRec, d)
		if err := cfg.Validate(); err != nil {
			return nil, bad("%v", err)
		}
	}
	m, err := New(cfg, rand.New(rand.NewPCG(0, 0))) // weights are overwritten below
	if err != nil {
		return nil, bad("%v", err)
	}
	for p := range numParams {
		m.eng.setParam(p, params[p][0])
		if moments[p] {
			m.eng.setMoments(p, params[p][1], params[p][2])
		}
	}
	t, err := newTrainer(m, TrainConfig{Optimizer: meta.Optimizer, Shuffle: meta.Shuffle}, src)
	if err != nil {
		return nil, bad("%v", err)
	}
	t.step, t.epoch = meta.Step, meta.Epoch
	return t, nil
}
