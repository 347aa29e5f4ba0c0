package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/experiment/internal/buildinfo"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// fieldFolder writes a stand-in field folder named name (the fake trainer
// reads none of it; the digests read every file).
func fieldFolder(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for _, f := range []string{"connectome_" + name + ".csv", "corr_matrix.npy", "sttc_matrix.npy",
		"precision_matrix.npy", "positions_" + name + ".npy"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), []byte("content of "+f), 0o644))
	}
	return dir
}

func fieldConfig(field string) Config {
	cfg := smallConfig()
	cfg.FieldDir, cfg.FieldName = field, ""
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W", "W*D*C"}, 2
	return cfg
}

// TestProvenanceRefusesChangedData checks that a sweep folder records its
// inputs, and that resuming or merging with a changed input file (same
// folder name, permuted content) is refused with a message naming it.
func TestProvenanceRefusesChangedData(t *testing.T) {
	t.Parallel()
	field := fieldFolder(t, "6_6_2")
	cfg := fieldConfig(field)
	dir := filepath.Join(t.TempDir(), "a")
	runAndFinish(t, cfg, dir, 1)

	prov, fp, err := LoadProvenance(dir)
	require.NoError(t, err)
	require.True(t, prov.known())
	assert.Equal(t, runtime.Version(), prov.Go)
	assert.Equal(t, buildinfo.BLASKernel(), prov.Kernel)
	assert.NotEmpty(t, prov.Code)
	assert.Len(t, prov.Inputs, 6) // the folder name and five files
	assert.Equal(t, cfg.Fingerprint(prov.Inputs), fp)
	conf := ConfigFileText(dir, &cfg) // config.txt, as report.Finish writes it
	for _, want := range []string{"FolderFormat: 2\n", "Fingerprint: " + fp + "\n", "Input corr_matrix.npy: sha256 ", "Kernel: " + prov.Kernel} {
		assert.Contains(t, string(conf), want)
	}

	// The same data under another path resumes (nothing to train).
	moved := filepath.Join(t.TempDir(), "6_6_2")
	require.NoError(t, os.Rename(field, moved))
	cfg.FieldDir = moved
	st, err := (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: dir}).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 4, st.Skipped)

	// A changed file is refused by resume and by merge, naming the file.
	require.NoError(t, os.WriteFile(filepath.Join(moved, "corr_matrix.npy"), []byte("permuted"), 0o644))
	before := treeBytes(t, dir)
	_, err = (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: dir}).Run(context.Background())
	require.ErrorIs(t, err, ErrForeignRun)
	assert.Contains(t, err.Error(), "corr_matrix.npy changed")
	assert.NotContains(t, err.Error(), "sttc_matrix.npy")
	assert.Equal(t, before, treeBytes(t, dir), "a refused resume wrote into the folder")

	other := filepath.Join(t.TempDir(), "b")
	_, err = (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: other}).Run(context.Background())
	require.NoError(t, err)
	_, err = Merge(filepath.Join(t.TempDir(), "m"), []string{dir, other}, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "corr_matrix.npy changed")
}

// setStoredKernel rewrites the kernel of dir's sweep-config.json and of
// every record, as if the sweep had run on another machine.
func setStoredKernel(t *testing.T, dir, kernel string) {
	t.Helper()
	path := filepath.Join(dir, configJSONName)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var sf sweepFile
	require.NoError(t, json.Unmarshal(b, &sf))
	sf.Provenance.Kernel = kernel
	b, err = json.MarshalIndent(sf, "", " ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, b, 0o644))
	entries, err := os.ReadDir(filepath.Join(dir, runsDir))
	require.NoError(t, err)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		p := filepath.Join(dir, runsDir, e.Name())
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		rec, err := decodeRecord(p, b, folderFormat)
		require.NoError(t, err)
		rec.Kernel = kernel
		require.NoError(t, writeRecord(dir, &rec))
	}
}

func TestMixedKernels(t *testing.T) {
	t.Parallel()
	cfg := fieldConfig(fieldFolder(t, "6_6_2"))
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for i, d := range []string{a, b} {
		_, err := (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: d, Shard: Shard{Index: i, Count: 2}}).Run(context.Background())
		require.NoError(t, err)
	}
	setStoredKernel(t, b, "elsewhere")

	_, err := (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: b}).Run(context.Background())
	require.ErrorIs(t, err, ErrMixedKernels)
	assert.Contains(t, err.Error(), "elsewhere")
	st, err := (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: b, AllowMixedKernels: true}).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, st.Ran)

	_, err = Merge(filepath.Join(t.TempDir(), "m"), []string{a, b}, false)
	require.ErrorIs(t, err, ErrMixedKernels)
	n, err := Merge(filepath.Join(t.TempDir(), "m"), []string{a, b}, true)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
}

// TestLegacyFolder reads a committed folder of format 1 (before input
// digests: flat sweep-config.json, tasks by number, percent-encoded run
// file names): it loads with unknown provenance, its records verify
// against the format-1 fingerprint, and resume and merge refuse it without
// writing anything.
func TestLegacyFolder(t *testing.T) {
	t.Parallel()
	legacy := filepath.Join("..", "testdata", "format1", "reference", "6_6_2_sttc-corr")
	cfg, err := LoadConfig(legacy)
	require.NoError(t, err)
	assert.Equal(t, Reference, cfg.Preset)
	assert.Equal(t, paperTasks, cfg.Tasks)
	prov, fp, err := LoadProvenance(legacy)
	require.NoError(t, err)
	assert.False(t, prov.known())
	assert.Equal(t, "5017ebe07730bf2d", fp) // its config.txt's Fingerprint
	small := cfg.Clone()
	small.Tasks, small.Simulations = []string{"gonogo"}, 2
	recs, err := LoadRecords(legacy, &small, false)
	require.NoError(t, err)
	require.Len(t, recs, 22)
	assert.Equal(t, RunKey{Task: 2, Variant: "W*D*C", Simulation: 0}, recs[0].Key)

	// A copy cannot be resumed or merged, and stays as it was. The folder
	// names its field by the documented convention ($CORTEXRNN_MICRONS/6_6_2);
	// a resume reads the field where the user's command points.
	cfg.FieldDir = fieldFolder(t, "6_6_2")
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(legacy)))
	before := treeBytes(t, dir)
	_, err = (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: dir}).Run(context.Background())
	require.ErrorIs(t, err, errOldFormat)
	_, err = Merge(filepath.Join(t.TempDir(), "m"), []string{dir}, false)
	require.ErrorIs(t, err, errOldFormat)
	assert.Equal(t, before, treeBytes(t, dir))
}

// TestBoundsBeforeWriting checks that an out-of-bounds setting is refused
// before the sweep folder is created.
func TestBoundsBeforeWriting(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Simulations = 100_000_000_000
	dir := filepath.Join(t.TempDir(), "sweep")
	_, err := (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: dir}).Run(context.Background())
	require.ErrorIs(t, err, ErrConfig)
	assert.Contains(t, err.Error(), "Simulations")
	assert.NoDirExists(t, dir)
}

// TestTrainerRefusesForeignSpec checks that PaperTrainer refuses a spec of
// another configuration.
func TestTrainerRefusesForeignSpec(t *testing.T) {
	t.Parallel()
	cfg := tinyTrainerConfig()
	tr, err := NewPaperTrainer(&cfg, tinyField(t))
	require.NoError(t, err)
	other := cfg.Clone()
	other.Lambda = 0.7
	spec, err := other.Spec(RunKey{Task: 1, Variant: "W*D*C"}, tr.inputs)
	require.NoError(t, err)
	_, err = tr.Run(context.Background(), spec)
	require.ErrorIs(t, err, ErrForeignRun)
	// The trainer keeps its own copy: changing the caller's Config after
	// NewPaperTrainer changes nothing.
	cfg.Lambda = 0.9
	assert.Equal(t, 0.3, tr.cfg.Lambda)
}

// TestFieldDirExpandsEnvironment checks that a FieldDir naming the data by
// an environment variable, as stored folders do ($CORTEXRNN_MICRONS/…),
// reads the same field and gives the same input digests and fingerprint as
// the path it expands to.
func TestFieldDirExpandsEnvironment(t *testing.T) {
	dir := testutil.MicronsField(t, "5_3_8")
	t.Setenv("CORTEXRNN_TEST_FIELDS", filepath.Dir(dir))
	plain, viaEnv := CorrectedConfig(), CorrectedConfig()
	plain.FieldDir = dir
	viaEnv.FieldDir = "$CORTEXRNN_TEST_FIELDS/" + filepath.Base(dir)
	require.Equal(t, plain.Field(), viaEnv.Field())
	a, err := LoadField(&plain)
	require.NoError(t, err)
	b, err := LoadField(&viaEnv)
	require.NoError(t, err)
	assert.Equal(t, a.N, b.N)
	assert.True(t, mat.Equal(a.Synapses, b.Synapses))
	pa, err := CurrentProvenance(&plain)
	require.NoError(t, err)
	pb, err := CurrentProvenance(&viaEnv)
	require.NoError(t, err)
	assert.Equal(t, pa.Inputs, pb.Inputs)
	assert.Equal(t, plain.Fingerprint(pa.Inputs), viaEnv.Fingerprint(pb.Inputs))
}
