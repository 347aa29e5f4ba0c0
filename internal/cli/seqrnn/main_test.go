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
	"slices"
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
	if code != exitOK {
		t.Fatalf("exit %d\nstderr: %s", code, stderr)
	}
	for _, want := range []string{"task onechoice", "variant W*D*C", "preset corrected", "held-out acc",
		"held-out accuracy", "test accuracy", "Modularity", "SmallWorldness", "Assortativity", "Entropy"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	for _, name := range []string{figLearningCurve, figWBefore, figWAfter, figSomata} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, pngMagic) || len(b) < 1000 {
			t.Errorf("%s: not a PNG image (%d bytes)", name, len(b))
		}
		svg, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(name, ".png")+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(svg, []byte("<svg")) {
			t.Errorf("%s: the SVG beside it is not an SVG", name)
		}
	}
	f, err := os.Open(filepath.Join(out, fileHistory))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(historyHeader, ",") || rows[2][0] != "2" {
		t.Errorf("history.csv = %q, want the header and epochs 1 and 2", rows)
	}
	sum, err := os.ReadFile(filepath.Join(out, fileSummary))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sum), "test accuracy") || !strings.HasPrefix(stdout, string(sum)) {
		t.Errorf("summary.txt is not the printed report:\n%s", sum)
	}
	// The summary records the run's provenance as a sweep does.
	prov, err := experiment.CurrentProvenance(&experiment.Config{FieldConfig: experiment.FieldConfig{SyntheticN: 16, SyntheticSeed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"provenance: run fingerprint ", "BLAS kernel " + prov.Kernel, "input synthetic field: {N:16 Seed:1"} {
		if !strings.Contains(string(sum), want) {
			t.Errorf("summary.txt lacks %q:\n%s", want, sum)
		}
	}
	// No temporary files are left behind.
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 12 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("output folder holds %q, want the 4 figures as PNG and SVG, 2 tables and 2 weight files", names)
	}
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
		if code != exitOK {
			t.Fatalf("%v: exit %d\n%s", c.args, code, stderr)
		}
		cfg, err := configflags.PresetConfig(c.preset)
		if err != nil {
			t.Fatal(err)
		}
		variant := c.args[3]
		cfg.SyntheticN, cfg.Tasks, cfg.Variants, cfg.Simulations, cfg.Epochs, cfg.Seed = 16, []string{experiment.ReferenceConfig().Tasks[c.task-1]}, []string{variant}, 1, 2, c.seed
		if c.preset != experiment.Reference {
			cfg.ClipNorm = 1 // seqrnnDefaults: seqrnn clips by default, except in the reference preset
		}
		cfg.BatchSize, cfg.TrainTrials, cfg.ValidationTrials, cfg.TestTrials, cfg.SmallWorldNulls = 32, 32, 32, 32, 5
		field, err := experiment.LoadField(&cfg)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := experiment.NewPaperTrainer(&cfg, field)
		if err != nil {
			t.Fatal(err)
		}
		prov, err := experiment.CurrentProvenance(&cfg)
		if err != nil {
			t.Fatal(err)
		}
		spec, err := cfg.Spec(experiment.RunKey{Task: c.task, Variant: variant}, prov.Inputs)
		if err != nil {
			t.Fatal(err)
		}
		want, err := tr.Run(context.Background(), spec)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(out, fileHistory))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+len(want.History) {
			t.Fatalf("%v: history.csv has %d rows, the sweep's run %d epochs", c.args, len(rows)-1, len(want.History))
		}
		for e, h := range want.History {
			wantRow := []string{strconv.Itoa(e + 1), fmtG(h.Loss), fmtG(h.Accuracy), fmtG(h.ValidationLoss), fmtG(h.ValidationAccuracy)}
			if !slices.Equal(rows[1+e], wantRow) {
				t.Errorf("%v: history.csv epoch %d = %v, sweep %v", c.args, e+1, rows[1+e], wantRow)
			}
		}
		for _, line := range []string{fmt.Sprintf("test accuracy %.4f (loss %.4f)", want.TestAccuracy, want.TestLoss),
			"Modularity      " + metric(want.Modularity), "Entropy         " + metric(want.Entropy)} {
			if !strings.Contains(stdout, line) {
				t.Errorf("%v: the summary lacks the sweep's %q:\n%s", c.args, line, stdout)
			}
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
		if code != exitOK {
			t.Errorf("%v: exit %d\n%s", c, code, stderr)
			continue
		}
		if !strings.Contains(stdout, "test accuracy") {
			t.Errorf("%v: no summary:\n%s", c, stdout)
		}
	}
}

func TestRealField(t *testing.T) {
	dir := testutil.MicronsField(t, "5_3_8")
	out := t.TempDir()
	code, stdout, stderr := runProgram("-field", dir, "-epochs", "1", "-train", "32", "-heldout", "32", "-test", "32",
		"-batch", "32", "-nperm", "5", "-out", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "field 5_3_8: 42 neurons") {
		t.Errorf("stdout does not describe field 5_3_8:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, figSomata)); err != nil {
		t.Error(err)
	}
}

// TestBadInput checks that every bad flag or input is reported with a clear
// message and a non-zero exit status, before any training (nothing printed
// on stdout, nothing written).
func TestBadInput(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	notField := filepath.Join(tmp, "notfield")
	if err := os.Mkdir(notField, 0o755); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(tmp, "broken")
	if err := os.Mkdir(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "connectome_broken.csv"), []byte(",0,1\n0,1,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
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
		if code != c.code {
			t.Errorf("%s: exit %d, want %d\nstderr: %s", c.name, code, c.code, stderr)
		}
		if !strings.Contains(stderr, c.msg) {
			t.Errorf("%s: stderr lacks %q:\n%s", c.name, c.msg, stderr)
		}
		if stdout != "" {
			t.Errorf("%s: printed before failing:\n%s", c.name, stdout)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("failed runs wrote %d files into %s", len(entries), out)
	}
}

func TestHelp(t *testing.T) {
	code, stdout, stderr := runProgram("-h")
	if code != exitOK || stdout != "" {
		t.Errorf("-h: exit %d, stdout %q", code, stdout)
	}
	for _, flag := range []string{"-task", "-variant", "-preset", "-field", "-epochs", "-seed", "-out", "-n"} {
		if !strings.Contains(stderr, flag+" ") {
			t.Errorf("usage lacks %s:\n%s", flag, stderr)
		}
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
