package experiment

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzDecodeRecord: a run record is either refused with an error or
// decoded into a valid result that encodes and decodes to itself.
func FuzzDecodeRecord(f *testing.F) {
	cfg := smallConfig()
	spec, err := cfg.Spec(RunKey{Task: 1, Variant: "W*D*C", Simulation: 3}, nil)
	require.NoError(f, err)
	res := fakeResult(spec)
	rec := Record{Key: spec.Key, Seed: spec.Seed, Fingerprint: spec.Fingerprint, Kernel: "generic", Result: res}
	good, err := encodeRecord(&rec)
	require.NoError(f, err)
	f.Add(good)
	rec.Result = unavailable(&Divergence{Epoch: 1, Batch: 2, Reason: "loss is NaN"}, res.History[:1], 1)
	div, err := encodeRecord(&rec)
	require.NoError(f, err)
	f.Add(div)
	f.Add(good[:len(good)/2])
	f.Add([]byte(`{"task":1,"variant":"W*D*C","simulation":3,"Accuracy":1e999}`))
	f.Add([]byte(`{"task":1,"variant":"W*D*C","simulation":3,"Accuracy":-0.5,"Loss":1,"Validation_Accuracy":0.5,"Validation_Loss":1,"Test_Accuracy":0.5,"Test_Loss":1}`))
	name := filepath.Join("runs", runFileName(spec.Key, folderFormat))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeRecord(name, b, folderFormat)
		if err != nil {
			return
		}
		require.NoError(t, r.Result.validate(), "decoded an invalid result")
		r.Result.Seconds = math.NaN()
		again, err := encodeRecord(&r)
		require.NoError(t, err, "a decoded record must encode")
		r2, err := decodeRecord(name, again, folderFormat)
		require.NoError(t, err)
		again2, err := encodeRecord(&r2)
		require.NoError(t, err)
		assert.Equal(t, string(again), string(again2))
	})
}

// FuzzOpenFolder: sweep-config.json is either refused or yields a valid
// Config whose stored fingerprint matches.
func FuzzOpenFolder(f *testing.F) {
	dir := f.TempDir()
	cfg := smallConfig()
	sw := Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: dir}
	prov, err := CurrentProvenance(&cfg)
	require.NoError(f, err)
	require.NoError(f, sw.prepareFolder(&prov))
	good, err := os.ReadFile(filepath.Join(dir, configJSONName))
	require.NoError(f, err)
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add([]byte(`{"Tasks":[1],"Variants":["W"],"Simulations":100000000000,"ExpPrecision":0}`))
	f.Add([]byte(`{"format":2,"config":{},"provenance":{}}`))
	d := f.TempDir() // one folder for every input: a fuzz worker process calls the target sequentially
	f.Fuzz(func(t *testing.T, b []byte) {
		require.NoError(t, os.WriteFile(filepath.Join(d, configJSONName), b, 0o644))
		fo, err := openFolder(d)
		if err != nil {
			return
		}
		require.NoError(t, fo.cfg.Validate())
		assert.LessOrEqual(t, fo.cfg.Simulations, maxSimulations, "a valid Config is bounded")
	})
}
