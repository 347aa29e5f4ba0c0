package seqrnn

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/configflags"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// tiny is a configuration that trains in well under a second: a 16-neuron
// synthetic field, one epoch, one batch of 32 trials per split.
func tiny(out string, extra ...string) []string {
	return append([]string{"-n", "16", "-epochs", "1", "-train", "32", "-heldout", "32", "-test", "32",
		"-batch", "32", "-nperm", "5", "-out", out}, extra...)
}

func runProgram(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

func TestRunWritesOutputs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "nested", "out")
	code, stdout, stderr := runProgram(tiny(out, "-epochs", "2")...)
	require.Equal(t, exitOK, code, "stderr: %s", stderr)
	for _, want := range []string{"task onechoice", "variant W*D*C", "preset corrected", "held-out acc",
		"held-out accuracy", "test accuracy", "Modularity", "SmallWorldness", "Assortativity", "Entropy"} {
		assert.Contains(t, stdout, want, "stdout")
	}
	for _, name := range []string{figLearningCurve, figWBefore, figWAfter, figSomata} {
		b, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(b, pngMagic), "%s: not a PNG image", name)
		assert.GreaterOrEqual(t, len(b), 1000, "%s: PNG size in bytes", name)
		svg, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(name, ".png")+".svg"))
		require.NoError(t, err)
		assert.True(t, bytes.Contains(svg, []byte("<svg")), "%s: the SVG beside it is not an SVG", name)
	}
	f, err := os.Open(filepath.Join(out, fileHistory))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	if assert.Len(t, rows, 3, "history.csv: the header and epochs 1 and 2") {
		assert.Equal(t, historyHeader, rows[0], "history.csv header")
		assert.Equal(t, "2", rows[2][0], "history.csv: last epoch")
	}
	sum, err := os.ReadFile(filepath.Join(out, fileSummary))
	require.NoError(t, err)
	assert.Contains(t, string(sum), "test accuracy", "summary.txt")
	assert.True(t, strings.HasPrefix(stdout, string(sum)), "summary.txt is not the printed report:\n%s", sum)
	// The summary records the run's provenance as a sweep does.
	prov, err := experiment.CurrentProvenance(&experiment.Config{FieldConfig: experiment.FieldConfig{SyntheticN: 16, SyntheticSeed: 1}})
	require.NoError(t, err)
	for _, want := range []string{"provenance: run fingerprint ", "BLAS kernel " + prov.Kernel, "input synthetic field: {N:16 Seed:1"} {
		assert.Contains(t, string(sum), want, "summary.txt")
	}
	// No temporary files are left behind.
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Len(t, names, 12, "output folder: want the 4 figures as PNG and SVG, 2 tables and 2 weight files")
}

// TestMatchesSweepRun checks the composition end to end: the history.csv
// and summary that seqrnn writes for a paper task are the numbers of the
// sweep's run (experiment.PaperTrainer.Run) of the same key under a Config
// built here from the same settings, number for number.
func TestMatchesSweepRun(t *testing.T) {
	for _, c := range []struct {
		args   []string
		preset experiment.Preset
		task   int
		seed   uint64
	}{
		{[]string{"-task", "task1", "-variant", "W*D*C"}, experiment.Corrected, 1, 1},
		{[]string{"-task", "gonogo", "-variant", "W!D*C*", "-preset", "reference", "-seed", "7"}, experiment.Reference, 2, 7},
	} {
		out := t.TempDir()
		code, stdout, stderr := runProgram(tiny(out, append(c.args, "-epochs", "2")...)...)
		require.Equal(t, exitOK, code, "%v: stderr\n%s", c.args, stderr)
		cfg, err := configflags.PresetConfig(c.preset)
		require.NoError(t, err)
		variant := c.args[3]
		cfg.SyntheticN, cfg.Tasks, cfg.Variants, cfg.Simulations, cfg.Epochs, cfg.Seed = 16, []string{experiment.ReferenceConfig().Tasks[c.task-1]}, []string{variant}, 1, 2, c.seed
		if c.preset != experiment.Reference {
			cfg.ClipNorm = 1 // seqrnnDefaults: seqrnn clips by default, except in the reference preset
		}
		cfg.BatchSize, cfg.TrainTrials, cfg.ValidationTrials, cfg.TestTrials, cfg.SmallWorldNulls = 32, 32, 32, 32, 5
		field, err := experiment.LoadField(&cfg)
		require.NoError(t, err)
		tr, err := experiment.NewPaperTrainer(&cfg, field)
		require.NoError(t, err)
		prov, err := experiment.CurrentProvenance(&cfg)
		require.NoError(t, err)
		spec, err := cfg.Spec(experiment.RunKey{Task: c.task, Variant: variant}, prov.Inputs)
		require.NoError(t, err)
		want, err := tr.Run(context.Background(), spec)
		require.NoError(t, err)
		f, err := os.Open(filepath.Join(out, fileHistory))
		require.NoError(t, err)
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		require.NoError(t, err)
		require.Len(t, rows, 1+len(want.History), "%v: history.csv rows, the header and one per epoch of the sweep's run", c.args)
		for e, h := range want.History {
			wantRow := []string{strconv.Itoa(e + 1), fmtG(h.Loss), fmtG(h.Accuracy), fmtG(h.ValidationLoss), fmtG(h.ValidationAccuracy)}
			assert.Equal(t, wantRow, rows[1+e], "%v: history.csv epoch %d vs the sweep's", c.args, e+1)
		}
		for _, line := range []string{fmt.Sprintf("test accuracy %.4f (loss %.4f)", want.TestAccuracy, want.TestLoss),
			"Modularity      " + metric(want.Modularity), "Entropy         " + metric(want.Entropy)} {
			assert.Contains(t, stdout, line, "%v: the summary lacks the sweep's line", c.args)
		}
	}
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// TestEveryVariantTaskAndPreset runs each variant, task and preset once at
// the tiny size.
func TestEveryVariantTaskAndPreset(t *testing.T) {
	var cases [][]string
	for _, v := range experiment.ReferenceConfig().Variants {
		cases = append(cases, []string{"-variant", v})
	}
	cases = append(cases,
		[]string{"-variant", "WrD*C", "-preset", "reference"}, // ScaleMatched at N = 16 (it failed there before)
		[]string{"-task", "perceptualdm", "-preset", "reference"},
		[]string{"-task", "delaymatchsample"}, // per-step targets
		[]string{"-task", "Task2", "-blas", "gonum"},
	)
	for _, c := range cases {
		code, stdout, stderr := runProgram(tiny(t.TempDir(), c...)...)
		if !assert.Equal(t, exitOK, code, "%v: stderr\n%s", c, stderr) {
			continue
		}
		assert.Contains(t, stdout, "test accuracy", "%v: no summary", c)
	}
}

func TestRealField(t *testing.T) {
	dir := testutil.MicronsField(t, "5_3_8")
	out := t.TempDir()
	code, stdout, stderr := runProgram("-field", dir, "-epochs", "1", "-train", "32", "-heldout", "32", "-test", "32",
		"-batch", "32", "-nperm", "5", "-out", out)
	require.Equal(t, exitOK, code, "stderr\n%s", stderr)
	assert.Contains(t, stdout, "field 5_3_8: 42 neurons", "stdout does not describe field 5_3_8")
	_, err := os.Stat(filepath.Join(out, figSomata))
	assert.NoError(t, err)
}

// TestBadInput checks that every bad flag or input is reported with a clear
// message and a non-zero exit status, before any training (nothing printed
// on stdout, nothing written).
func TestBadInput(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	notField := filepath.Join(tmp, "notfield")
	require.NoError(t, os.Mkdir(notField, 0o755))
	broken := filepath.Join(tmp, "broken")
	require.NoError(t, os.Mkdir(broken, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(broken, "connectome_broken.csv"), []byte(",0,1\n0,1,x\n"), 0o644))
	out := filepath.Join(tmp, "out")
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown task", []string{"-task", "twochoice"}, exitUsage, `unknown task "twochoice"`},
		{"unknown variant", []string{"-variant", "W*D*X"}, exitUsage, "unknown variant"},
		{"variant case", []string{"-variant", "w*d*c"}, exitUsage, "unknown variant"},
		{"unknown preset", []string{"-preset", "paper"}, exitUsage, `unknown preset "paper"`},
		{"unknown blas", []string{"-blas", "mkl"}, exitUsage, `unknown backend "mkl"`},
		{"unknown expm precision", []string{"-expm", "half"}, exitUsage, `unknown arithmetic "half"`},
		{"zero epochs", []string{"-epochs", "0"}, exitUsage, "-epochs: experiment: invalid config: Epochs: 0 must be ≥ 1"},
		{"small n", []string{"-n", "3"}, exitUsage, "-synthetic-n: 3 neurons; want at least 8"},
		{"large n", []string{"-n", "5000"}, exitUsage, "-synthetic-n, -n: experiment: invalid config: SyntheticN: 5000"},
		{"trials not multiple", []string{"-train", "100", "-batch", "32"}, exitUsage, "-train-trials, -train: experiment: invalid config: TrainTrials: 100 is not a multiple of BatchSize 32"},
		{"no test trials", []string{"-test", "0"}, exitUsage, "-test-trials, -test: experiment: invalid config: TestTrials: 0 must be ≥ 1"},
		{"negative lambda", []string{"-lambda", "-1"}, exitUsage, "-lambda"},
		{"NaN lambda", []string{"-lambda", "NaN"}, exitUsage, "-lambda"},
		{"zero nulls", []string{"-nperm", "0"}, exitUsage, "-nperm"},
		{"bad number", []string{"-epochs", "ten"}, exitUsage, "invalid value"},
		{"unknown flag", []string{"-gpu"}, exitUsage, "not defined"},
		{"extra argument", []string{"extra"}, exitUsage, "unexpected arguments"},
		{"empty field", []string{"-field", ""}, exitUsage, "-field: empty"},
		{"n with field", []string{"-field", notField, "-n", "20"}, exitUsage, "-synthetic-n sets the size of the synthetic field"},
		{"field missing", []string{"-field", filepath.Join(tmp, "nope")}, exitRun, "nope"},
		{"not a field", []string{"-field", notField}, exitRun, "not a MICrONS field folder"},
		{"broken field", []string{"-field", broken}, exitRun, "connectome_broken.csv"},
		{"field is a file", []string{"-field", file}, exitRun, "not a folder"},
		{"output is a file", []string{"-out", file}, exitRun, "not a folder"},
		{"output under a file", []string{"-out", filepath.Join(file, "sub")}, exitRun, "output"},
	}
	for _, c := range cases {
		args := append([]string{"-out", out}, c.args...)
		code, stdout, stderr := runProgram(args...)
		assert.Equal(t, c.code, code, "%s: stderr: %s", c.name, stderr)
		assert.Contains(t, stderr, c.msg, c.name)
		assert.Empty(t, stdout, "%s: printed before failing", c.name)
	}
	entries, _ := os.ReadDir(out)
	assert.Empty(t, entries, "failed runs wrote files into %s", out)
}

func TestHelp(t *testing.T) {
	code, stdout, stderr := runProgram("-h")
	assert.Equal(t, exitOK, code, "-h: stdout %q", stdout)
	assert.Empty(t, stdout, "-h")
	for _, flag := range []string{"-task", "-variant", "-preset", "-field", "-epochs", "-seed", "-out", "-n"} {
		assert.Contains(t, stderr, flag+" ", "usage")
	}
}

// outOfSpecField copies the field folder src and sets one correlation
// (row 0, column 1) of its n×n corr_matrix.npy (little-endian float64) to
// 3, outside [−1, 1].
func outOfSpecField(t *testing.T, src string, n int) string {
	t.Helper()
	field := filepath.Join(t.TempDir(), filepath.Base(src))
	require.NoError(t, os.CopyFS(field, os.DirFS(src)))
	corr := filepath.Join(field, "corr_matrix.npy")
	raw, err := os.ReadFile(corr)
	require.NoError(t, err)
	data := raw[len(raw)-n*n*8:]
	binary.LittleEndian.PutUint64(data[8:16], math.Float64bits(3))
	require.NoError(t, os.WriteFile(corr, raw, 0o644))
	return field
}

// TestAllowOutOfSpec: a correlation of 3 is refused, naming the file and
// the option; with -allow-out-of-spec the run goes on and prints the
// library's warning.
func TestAllowOutOfSpec(t *testing.T) {
	field := outOfSpecField(t, testutil.MicronsField(t, "5_3_8"), 42)
	args := []string{"-field", field, "-epochs", "1", "-train", "32", "-heldout", "32", "-test", "32", "-batch", "32", "-nperm", "5"}
	code, _, stderr := runProgram(append(args, "-out", t.TempDir())...)
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, stderr, "corr_matrix.npy")
	assert.Contains(t, stderr, "-allow-out-of-spec")
	out := t.TempDir()
	code, stdout, stderr := runProgram(append(args, "-out", out, "-allow-out-of-spec")...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "warning: -allow-out-of-spec: ")
	assert.Contains(t, stdout, "corr_matrix.npy")
	summary, err := os.ReadFile(filepath.Join(out, fileSummary))
	require.NoError(t, err)
	assert.Contains(t, string(summary), "warning: -allow-out-of-spec: ", "the warning is kept with the results")
}

// TestDiverged: a run that diverges is reported with where it happened and
// writes nothing.
func TestDiverged(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runProgram(tiny(out, "-preset", "reference", "-sign", "-variant", "W", "-lr", "10000", "-batch", "16")...)
	assert.Equal(t, exitRun, code)
	assert.Contains(t, stderr, "training diverged (epoch 0, batch 1: loss is NaN")
	assert.NoFileExists(t, filepath.Join(out, fileSummary))
}
