package rnn

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

func checkpointConfig(prec Arithmetic) Config {
	mask := mat.NewDense(16, 16, nil)
	for i := 0; i < 16; i++ {
		for j := 0; j < 16; j++ {
			if i != j {
				mask.Set(i, j, 1)
			}
		}
	}
	c := memoryConfig()
	c.Arithmetic = prec
	c.RecurrentNoise = 0.05
	c.Alpha = 0.5
	c.Dale = true
	c.RecurrentMask = mask
	return c
}

// TestCheckpointResumeBitIdentical trains 4 epochs straight and 2 + save +
// load + 2, with noise, shuffling, a penalty, Dale's law and a mask, and
// requires bit-identical histories and weights.
func TestCheckpointResumeBitIdentical(t *testing.T) {
	t.Parallel()
	for _, prec := range []Arithmetic{Float32, Float64} {
		train, val := memoryBatches(3, 5, 8, testutil.Rand(1)), memoryBatches(1, 5, 8, testutil.Rand(2))
		tc := TrainConfig{Shuffle: true, Penalty: L1{Lambda: 1e-3}, Optimizer: OptimizerConfig{LearningRate: 1e-2}}
		mk := func() *Trainer {
			rnd := testutil.Rand(3)
			m, err := New(checkpointConfig(prec), rnd)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := NewTrainer(m, tc, rnd)
			if err != nil {
				t.Fatal(err)
			}
			return tr
		}
		a := mk()
		ha, err := a.Fit(train, val, 4)
		if err != nil {
			t.Fatal(err)
		}
		b := mk()
		if _, err := b.Fit(train, val, 2); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "ck.npz")
		if err := b.SaveFile(path); err != nil {
			t.Fatal(err)
		}
		c, err := LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		c.SetPenalty(tc.Penalty)
		if c.Epoch() != 2 || c.Steps() != 6 {
			t.Fatalf("%s: loaded epoch %d step %d, want 2 and 6", prec, c.Epoch(), c.Steps())
		}
		hc, err := c.Fit(train, val, 2)
		if err != nil {
			t.Fatal(err)
		}
		for i := range hc {
			if hc[i] != ha[i+2] {
				t.Errorf("%s: resumed epoch %+v, uninterrupted %+v", prec, hc[i], ha[i+2])
			}
		}
		for p := range numParams {
			ga, gc := a.Model().eng.param(p), c.Model().eng.param(p)
			if !bitEqual(ga, gc) {
				t.Errorf("%s: %s differs after resume", prec, p)
			}
		}
	}
}

func bitEqual(a, b any) bool {
	switch a := a.(type) {
	case []float32:
		return slices.Equal(a, b.([]float32))
	case []float64:
		return slices.Equal(a, b.([]float64))
	}
	return true
}

// TestCheckpointCorrupt checks that damaged archives give ErrCheckpoint.
func TestCheckpointCorrupt(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(1)
	m, err := New(memoryConfig(), rnd)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(m, TrainConfig{}, rnd)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tr.Save(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	for name, data := range map[string][]byte{
		"truncated": raw[:len(raw)/2],
		"empty":     nil,
	} {
		if _, err := Load(bytes.NewReader(data), int64(len(data))); !errors.Is(err, ErrCheckpoint) {
			t.Errorf("%s: error %v, want ErrCheckpoint", name, err)
		}
	}
	// Drop W_rec by rewriting the archive without it.
	arrays, err := readNpz(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := writeNpz(&out, []string{"config", "rng", "W_in", "b", "W_out", "b_out"}, arrays); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bytes.NewReader(out.Bytes()), int64(out.Len())); !errors.Is(err, ErrCheckpoint) {
		t.Errorf("missing W_rec: error %v, want ErrCheckpoint", err)
	}
}

// TestReadNumpyNpz reads testdata/numpy_written.npz, written by
// testdata/numpy_npz.py with numpy 1.24.2's savez, and checks its values.
func TestReadNumpyNpz(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/numpy_written.npz")
	if err != nil {
		t.Fatal(err)
	}
	arrays, err := readNpz(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	a, b, s, u := arrays["a"], arrays["b"], arrays["s"], arrays["u"]
	if a == nil || !sameShape(a.shape, []int{2, 3}) || a.descr != "<f4" {
		t.Fatalf("a: %+v", a)
	}
	for i, v := range a.f32 {
		if v != float32(i)+0.5 {
			t.Errorf("a[%d] = %g, want %g", i, v, float32(i)+0.5)
		}
	}
	if b == nil || !sameShape(b.shape, []int{4}) || b.f64[3] != -1.25 {
		t.Errorf("b: %+v", b)
	}
	if s == nil || s.str != "héllo {\"k\": 1}" {
		t.Errorf("s: %+v", s)
	}
	if u == nil || !bytes.Equal(u.u8, []byte{1, 2, 255}) {
		t.Errorf("u: %+v", u)
	}
}
