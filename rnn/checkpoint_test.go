package rnn

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		t.Run(prec.String(), func(t *testing.T) {
			train, val := memoryBatches(3, 5, 8, testutil.Rand(1)), memoryBatches(1, 5, 8, testutil.Rand(2))
			tc := TrainConfig{Shuffle: true, Penalty: L1{Lambda: 1e-3}, Optimizer: OptimizerConfig{LearningRate: 1e-2}}
			mk := func() *Trainer {
				rnd := testutil.Rand(3)
				m, err := New(checkpointConfig(prec), rnd)
				require.NoError(t, err)
				tr, err := NewTrainer(m, tc, rnd)
				require.NoError(t, err)
				return tr
			}
			a := mk()
			ha, err := a.Fit(train, val, 4)
			require.NoError(t, err)
			b := mk()
			_, err = b.Fit(train, val, 2)
			require.NoError(t, err)
			path := filepath.Join(t.TempDir(), "ck.npz")
			require.NoError(t, b.SaveFile(path))
			c, err := LoadFile(path)
			require.NoError(t, err)
			c.SetPenalty(tc.Penalty)
			assert.Equal(t, 2, c.Epoch())
			assert.Equal(t, 6, c.Steps())
			hc, err := c.Fit(train, val, 2)
			require.NoError(t, err)
			assert.Equal(t, ha[2:], hc, "resumed history")
			for p := range numParams {
				assert.True(t, bitEqual(a.Model().eng.param(p), c.Model().eng.param(p)), "%s differs after resume", p)
			}
		})
	}
}

func bitEqual(a, b any) bool {
	switch a := a.(type) {
	case []float32:
		return slices.Equal(a, b.([]float32))
	case []float64:
		return slices.Equal(a, b.([]float64))
	}
	return false
}

// savedCheckpoint returns a small checkpoint (NRec 16, Float32, mask, Adam
// moments after one epoch) as bytes.
func savedCheckpoint(t testing.TB) []byte {
	rnd := testutil.Rand(1)
	m, err := New(checkpointConfig(Float32), rnd)
	require.NoError(t, err)
	tr, err := NewTrainer(m, TrainConfig{Optimizer: OptimizerConfig{LearningRate: 1e-2}}, rnd)
	require.NoError(t, err)
	_, err = tr.Fit(memoryBatches(1, 3, 4, testutil.Rand(2)), nil, 1)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, tr.Save(&buf))
	return buf.Bytes()
}

// member is one raw zip member of a hand-made archive.
type member struct {
	name     string
	data     []byte // the uncompressed bytes
	deflate  bool
	declared int64 // declared uncompressed size; -1: len(data)
}

// rawNPZ writes members as a zip with the declared sizes given, so that
// archives can lie about their contents.
func rawNPZ(t testing.TB, members []member) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		payload, method := m.data, zip.Store
		if m.deflate {
			var c bytes.Buffer
			fw, err := flate.NewWriter(&c, flate.BestCompression)
			require.NoError(t, err)
			_, err = fw.Write(m.data)
			require.NoError(t, err)
			require.NoError(t, fw.Close())
			payload, method = c.Bytes(), zip.Deflate
		}
		declared := uint64(len(m.data))
		if m.declared >= 0 {
			declared = uint64(m.declared)
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: m.name, Method: method, CRC32: crc32.ChecksumIEEE(m.data),
			CompressedSize64: uint64(len(payload)), UncompressedSize64: declared})
		require.NoError(t, err)
		_, err = w.Write(payload)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// npyBytes returns a version 1.0 .npy header with the given dtype and
// shape text (e.g. "(2, 3)"), followed by data.
func npyBytes(descr, shape string, data []byte) []byte {
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape)
	h += strings.Repeat(" ", 63-(10+len(h))%64) + "\n"
	out := append([]byte(npyio.Magic+"\x01\x00"), 0, 0)
	binary.LittleEndian.PutUint16(out[8:], uint16(len(h)))
	return append(append(out, h...), data...)
}

// members returns the members of the archive raw, uncompressed, in order.
func members(t testing.TB, raw []byte) []member {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	var out []member
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		var b bytes.Buffer
		_, err = b.ReadFrom(rc)
		require.NoError(t, err)
		rc.Close()
		out = append(out, member{name: f.Name, data: b.Bytes(), declared: -1})
	}
	return out
}

// replace returns the members with name's data replaced (or removed when
// m is nil) and extra appended.
func replace(ms []member, name string, m *member, extra ...member) []member {
	var out []member
	for _, x := range ms {
		if x.name != name {
			out = append(out, x)
		} else if m != nil {
			out = append(out, *m)
		}
	}
	return append(out, extra...)
}

// configWith returns the config member with the JSON field key set to v.
func configWith(t testing.TB, ms []member, key string, v any) member {
	var cfgMember member
	for _, m := range ms {
		if m.name == "config.npy" {
			cfgMember = m
		}
	}
	z, err := npyio.OpenNPZ(bytes.NewReader(rawNPZ(t, []member{cfgMember})), int64(len(rawNPZ(t, []member{cfgMember}))))
	require.NoError(t, err)
	a, err := z.Read("config")
	require.NoError(t, err)
	var meta map[string]any
	require.NoError(t, json.Unmarshal([]byte(a.Data.([]string)[0]), &meta))
	meta[key] = v
	js, err := json.Marshal(meta)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, npyio.Write(&b, &npyio.Array{Shape: []int{}, Data: []string{string(js)}}))
	return member{name: "config.npy", data: b.Bytes(), declared: -1}
}

// loadAlloc loads raw and returns the error and the bytes allocated.
func loadAlloc(raw []byte) (error, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Load(bytes.NewReader(raw), int64(len(raw)))
	runtime.ReadMemStats(&after)
	return err, after.TotalAlloc - before.TotalAlloc
}

// TestCheckpointHostile feeds Load the findings of the reliability review
// (issue 14 §5) and variants: each must be an ErrCheckpoint error, never a
// panic, after allocating little. Not parallel: it measures allocation.
func TestCheckpointHostile(t *testing.T) {
	raw := savedCheckpoint(t)
	ms := members(t, raw)
	const bomb = 16 << 20 // 16 MiB of zeros, deflated to about 16 KiB
	wrec := func(shape string, extra int) []byte {
		return npyBytes("<f4", shape, make([]byte, 16*16*4+extra))
	}
	cases := []struct {
		name     string
		archive  []byte
		maxAlloc uint64 // bytes Load may allocate
		ok       bool   // the archive is valid
	}{
		{"truncated", raw[:len(raw)/2], 1 << 20, false},
		{"empty", nil, 1 << 20, false},
		{"missing W_rec", rawNPZ(t, replace(ms, "W_rec.npy", nil)), 1 << 20, false},
		{"missing config", rawNPZ(t, replace(ms, "config.npy", nil)), 1 << 20, false},
		{"missing rng", rawNPZ(t, replace(ms, "rng.npy", nil)), 1 << 20, false},
		{"only m_ moment", rawNPZ(t, replace(ms, "v_W_rec.npy", nil)), 1 << 20, false},
		// Shape products overflow to 0 for (2^62,) in 4-byte items.
		{"shape 2^62 W_in", rawNPZ(t, replace(ms, "W_in.npy", &member{name: "W_in.npy", data: npyBytes("<f4", "(4611686018427387904,)", nil), declared: -1})), 1 << 20, false},
		{"shape 2^62 rng", rawNPZ(t, replace(ms, "rng.npy", &member{name: "rng.npy", data: npyBytes("|u1", "(4611686018427387904,)", nil), declared: -1})), 1 << 20, false},
		{"shape 2^31 squared", rawNPZ(t, replace(ms, "W_rec.npy", &member{name: "W_rec.npy", data: npyBytes("<f8", "(2147483648, 2147483648)", nil), declared: -1})), 1 << 20, false},
		{"config dtype U2^62", rawNPZ(t, replace(ms, "config.npy", &member{name: "config.npy", data: npyBytes("<U4611686018427387904", "()", nil), declared: -1})), 1 << 20, false},
		{"config as floats", rawNPZ(t, replace(ms, "config.npy", &member{name: "config.npy", data: npyBytes("<f8", "(2,)", make([]byte, 16)), declared: -1})), 1 << 20, false},
		{"NRec 3e9", rawNPZ(t, replace(ms, "config.npy", ptr(configWith(t, ms, "NRec", 3e9)))), 1 << 20, false},
		{"NRec 100000", rawNPZ(t, replace(ms, "config.npy", ptr(configWith(t, ms, "NRec", 100000)))), 1 << 20, false},
		{"NRec 100000 with matching headers", rawNPZ(t, headersFor(replace(ms, "config.npy", ptr(configWith(t, ms, "NRec", 100000))), 2, 100000, 2)), 1 << 20, false},
		{"NRec -1", rawNPZ(t, replace(ms, "config.npy", ptr(configWith(t, ms, "NRec", -1)))), 1 << 20, false},
		{"Alpha 7", rawNPZ(t, replace(ms, "config.npy", ptr(configWith(t, ms, "Alpha", 7)))), 1 << 20, false},
		{"step negative", rawNPZ(t, replace(ms, "config.npy", ptr(configWith(t, ms, "Step", -3)))), 1 << 20, false},
		// Zip bombs: 16 MiB of zeros deflated to about 16 KiB (the finding
		// was 1 GiB from 1 MB; the bound does not depend on the size).
		{"bomb in an unused member", rawNPZ(t, replace(ms, "", nil, member{name: "junk.npy", data: make([]byte, bomb), deflate: true, declared: -1})), 1 << 20, true},
		{"bomb after a valid W_rec header", rawNPZ(t, replace(ms, "W_rec.npy", &member{name: "W_rec.npy", data: wrec("(16, 16)", bomb), deflate: true, declared: -1})), 1 << 20, false},
		{"bomb whose size is declared small", rawNPZ(t, replace(ms, "W_rec.npy", &member{name: "W_rec.npy", data: wrec("(16, 16)", bomb), deflate: true, declared: int64(len(wrec("(16, 16)", 0)))})), 1 << 20, false},
		{"bomb behind a wrong shape", rawNPZ(t, replace(ms, "W_rec.npy", &member{name: "W_rec.npy", data: npyBytes("<f4", "(2048, 2048)", make([]byte, bomb)), deflate: true, declared: -1})), 1 << 20, false},
		{"declared size beyond deflate", rawNPZ(t, replace(ms, "W_rec.npy", &member{name: "W_rec.npy", data: wrec("(16, 16)", 0), deflate: true, declared: 1 << 40})), 1 << 20, false},
		{"stored size lies", rawNPZ(t, replace(ms, "W_rec.npy", &member{name: "W_rec.npy", data: wrec("(16, 16)", 0), declared: 1 << 30})), 1 << 20, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			var alloc uint64
			require.NotPanics(t, func() { err, alloc = loadAlloc(c.archive) })
			if c.ok {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, ErrCheckpoint)
			}
			assert.LessOrEqual(t, alloc, c.maxAlloc, "bytes allocated by Load (archive of %d bytes): %v", len(c.archive), err)
		})
	}
	// The unchanged archive still loads.
	_, err := Load(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	_, err = Load(bytes.NewReader(rawNPZ(t, ms)), int64(len(rawNPZ(t, ms))))
	require.NoError(t, err, "the hand-made copy of a valid archive")
}

// headersFor replaces every parameter, moment and mask member by a header
// of the shape a network of the given sizes needs, without data.
func headersFor(ms []member, nin, nrec, nout int) []member {
	shapes := map[string]string{
		"W_in": fmt.Sprintf("(%d, %d)", nin, nrec), "W_rec": fmt.Sprintf("(%d, %d)", nrec, nrec),
		"b": fmt.Sprintf("(%d,)", nrec), "W_out": fmt.Sprintf("(%d, %d)", nrec, nout), "b_out": fmt.Sprintf("(%d,)", nout),
	}
	out := slices.Clone(ms)
	for i, m := range out {
		name := strings.TrimSuffix(m.name, ".npy")
		if name == "mask" {
			out[i].data = npyBytes("<f8", shapes["W_rec"], nil)
			continue
		}
		name = strings.TrimPrefix(strings.TrimPrefix(name, "m_"), "v_")
		if sh, ok := shapes[name]; ok {
			out[i].data = npyBytes("<f4", sh, nil)
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// TestCheckpointNumpyWritten reads testdata/numpy_written.npz, written by
// testdata/numpy_npz.py with numpy 1.24.2's savez, through the codec the
// checkpoints use.
func TestCheckpointNumpyWritten(t *testing.T) {
	t.Parallel()
	z, err := npyio.OpenNPZFile("testdata/numpy_written.npz")
	require.NoError(t, err)
	defer z.Close()
	get := func(name string) *npyio.Array {
		a, err := z.Read(name)
		require.NoError(t, err, name)
		return a
	}
	a := get("a")
	assert.Equal(t, []int{2, 3}, a.Shape)
	assert.Equal(t, []float32{0.5, 1.5, 2.5, 3.5, 4.5, 5.5}, a.Data)
	b := get("b")
	assert.Equal(t, []int{4}, b.Shape)
	assert.Equal(t, []float64{0, 1, 2.5, -1.25}, b.Data)
	assert.Equal(t, []string{"héllo {\"k\": 1}"}, get("s").Data)
	assert.Equal(t, []uint8{1, 2, 255}, get("u").Data)
}
