package paper

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/cortexrnn/cortexrnn/report"
)

// tinyArgs is a sweep that trains in well under a second: a 16-neuron
// synthetic field, Task 1, two variants that differ only in their
// initialisation (so a factor test exists), two simulations, one epoch of
// two batches of 16 trials, 5 small-world nulls. The variants are named by
// their shell-safe aliases (W*D*C and WD*C).
var tinyArgs = []string{"-synthetic-n", "16", "-tasks", "1", "-variants", "WsDsC,WDsC", "-sims", "2", "-epochs", "1",
	"-batch", "16", "-train-trials", "32", "-val-trials", "16", "-test-trials", "16", "-nperm", "5"}

// tinyFolder is the sweep folder tinyArgs write under -out.
const tinyFolder = "synthetic-n16_sttc-corr"

// runPaper runs the program with args and returns its exit status, stdout
// and stderr.
func runPaper(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// mustRun runs the program and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) (string, string) {
	t.Helper()
	code, out, errs := runPaper(t, args...)
	require.Equal(t, exitOK, code, "paper %q\nstdout:\n%s\nstderr:\n%s", args, out, errs)
	return out, errs
}

func with(args []string, more ...string) []string {
	return append(append([]string(nil), args...), more...)
}

// snapshot reads every file under dir, by path relative to dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[rel] = b
		return nil
	})
	require.NoError(t, err)
	return files
}

// isTiming reports whether the output file name holds wall times, the one
// kind of file that differs between two trainings of the same sweep:
// report.TimingsFile and the runs' .time files.
func isTiming(name string) bool {
	return name == report.TimingsFile || strings.HasSuffix(name, ".time")
}

// compareTrees fails unless a and b hold the same files with the same
// bytes, the timing files (isTiming) excepted when ignoreTimings: those must
// exist in both but may differ.
func compareTrees(t *testing.T, a, b map[string][]byte, ignoreTimings bool) {
	t.Helper()
	for name, x := range a {
		y, ok := b[name]
		if !assert.True(t, ok, "%s missing in the second tree", name) {
			continue
		}
		if ignoreTimings && isTiming(name) {
			continue
		}
		assert.True(t, bytes.Equal(x, y), "%s differs:\n%s\nvs\n%s", name, clip(x), clip(y))
	}
	for name := range b {
		_, ok := a[name]
		assert.True(t, ok, "%s only in the second tree", name)
	}
}

func clip(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

func TestRunWritesPublishedLayoutAndResumes(t *testing.T) {
	out := t.TempDir()
	stdout, stderr := mustRun(t, with(tinyArgs, "-out", out)...)
	dir := filepath.Join(out, tinyFolder)
	assert.Contains(t, stderr, "4 runs planned, 0 already done, 4 trained now", "stderr lacks the run counts")
	assert.Contains(t, stderr, "[4/4]", "stderr lacks progress lines")
	assert.Contains(t, stdout, "== Accuracy (held-out test accuracy)", "stdout lacks the summary")
	assert.Contains(t, stdout, "W*D*C", "stdout lacks the summary")
	metrics, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	require.NoError(t, err)
	first, _, _ := strings.Cut(string(metrics), "\n")
	assert.Equal(t, "Task,Metric,W*D*C,WD*C", first, "metrics.csv header")
	raw, err := os.ReadFile(filepath.Join(dir, "Task1", "Accuracy_raw.csv"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	assert.Len(t, lines, 3, "Task1/Accuracy_raw.csv:\n%s", raw)
	assert.Equal(t, "simulation,W*D*C,WD*C", lines[0], "Task1/Accuracy_raw.csv header")
	for _, f := range []string{"config.txt", "metrics_SD.csv", "runs.csv", "learning_curves.csv", "summary.txt",
		"figures/Accuracy.png", "figures/Task1_learning_curves.png", "Task1/SmallWorldness_raw.csv", report.TimingsFile} {
		_, err := os.Stat(filepath.Join(dir, f))
		assert.NoError(t, err, "missing output")
	}
	// -synthetic-n is the configuration's SyntheticN.
	conf, err := os.ReadFile(filepath.Join(dir, "config.txt"))
	if assert.NoError(t, err, "config.txt") {
		assert.Contains(t, string(conf), "\nSyntheticN: 16\n", "config.txt")
	}
	before := snapshot(t, out)

	// The same command again trains nothing and rewrites identical files.
	stdout2, stderr2 := mustRun(t, with(tinyArgs, "-out", out)...)
	assert.Contains(t, stderr2, "4 runs planned, 4 already done, 0 trained now", "second run did not skip every run")
	assert.Equal(t, stdout, stdout2, "second run printed another summary")
	compareTrees(t, before, snapshot(t, out), false)
}

func TestShardsMergeToTheUnshardedSweep(t *testing.T) {
	root := t.TempDir()
	whole := filepath.Join(root, "whole")
	mustRun(t, with(tinyArgs, "-out", whole, "-j", "2")...)

	s0 := filepath.Join(root, "shard0")
	stdout, stderr := mustRun(t, with(tinyArgs, "-out", s0, "-shard", "0/2")...)
	assert.Contains(t, stderr, "2 runs planned", "shard 0/2: stdout %q", stdout)
	assert.Contains(t, stdout, "paper merge", "shard 0/2: stderr:\n%s", stderr)
	_, err := os.Stat(filepath.Join(s0, tinyFolder, "metrics.csv"))
	assert.ErrorIs(t, err, fs.ErrNotExist, "a shard wrote the published layout")
	// Shard 1/2 from a Slurm array's environment.
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "2")
	s1 := filepath.Join(root, "shard1")
	_, stderr = mustRun(t, with(tinyArgs, "-out", s1)...)
	assert.Contains(t, stderr, "shard 1/2", "Slurm shard")
	assert.Contains(t, stderr, "2 runs planned", "Slurm shard")
	t.Setenv("SLURM_ARRAY_TASK_ID", "")

	// A shard alone is not a complete sweep.
	code, _, stderr := runPaper(t, "summary", s0)
	assert.Equal(t, exitUsage, code, "summary of one shard: stderr %s", stderr)
	assert.Contains(t, stderr, "runs missing", "summary of one shard")

	merged := filepath.Join(root, "merged")
	// Shard roots and sweep folders are both accepted.
	mustRun(t, "merge", "-out", merged, s0, filepath.Join(s1, tinyFolder))
	compareTrees(t, snapshot(t, filepath.Join(whole, tinyFolder)), snapshot(t, filepath.Join(merged, tinyFolder)), true)
}

func TestSummary(t *testing.T) {
	out := t.TempDir()
	mustRun(t, with(tinyArgs, "-out", out)...)
	stdout, stderr := mustRun(t, "summary", "-resamples", "200", "-metrics", "Accuracy,Entropy", out)
	// The tiny sweep has 2 simulations per cell.
	const warns = "summary of a 2-simulation sweep does not warn"
	assert.Contains(t, stderr, "Accuracy intervals and tests rest on as few as 2 simulations", warns)
	assert.Contains(t, stderr, "Entropy intervals", warns)
	for _, want := range []string{"== Accuracy (held-out test accuracy): mean (95% t-interval)", "== Entropy",
		"percentile-bootstrap", "Mann–Whitney U", "W*D*C vs WD*C", "Kruskal–Wallis across all variants"} {
		assert.Contains(t, stdout, want, "summary")
	}
	assert.NotContains(t, stdout, "Modularity", "summary shows a metric not asked for")
}

func TestReport(t *testing.T) {
	root := t.TempDir()
	ref, cor := filepath.Join(root, "ref"), filepath.Join(root, "cor")
	mustRun(t, with(tinyArgs, "-preset", "reference", "-out", ref)...)
	mustRun(t, with(tinyArgs, "-preset", "corrected", "-out", cor, "-variants", "W*D*C,WD*C,W")...)
	md := filepath.Join(root, "out", "report.md")
	stdout, _ := mustRun(t, "report", "-ref", ref, "-cor", filepath.Join(cor, tinyFolder), "-out", md, "-resamples", "100")
	assert.Contains(t, stdout, "report written to "+md, "stdout")
	text, err := os.ReadFile(md)
	require.NoError(t, err)
	s := string(text)
	for _, want := range []string{
		"## Summary", "## 1. What the presets change", "| ReshapeCoordinates | `true` | `false` |",
		"| AccuracySource | `training` | `heldout` |", "| Variants | 2 variants | 3 variants: adds `W` |",
		"## 2. Claim: accuracy and the ordering", "0.917 (0.853, 0.981)", "- published: `W*D*C*` 0.985 >",
		"## 3. Claim: factor W", "| `W*D*C` vs `WD*C` | D=real C=direct | +0.289 |",
		"## 4. Claim: factor D", "## 5. Claim: factor C", "## 6. Claim: modularity", "0.466 (0.439, 0.493)",
		"## 7. What changed", "## Methods", "**Caveats.**", "Both sweeps have 2 simulations per cell", "smallest two-sided Mann–Whitney p-value 2 against 2 values can reach is 0.333",
	} {
		// Not assert.Contains: it would print the whole report once per line missing.
		assert.True(t, strings.Contains(s, want), "report lacks %q", want)
	}
	links := regexp.MustCompile(`\]\((report_figures/[^)]+\.png)\)`).FindAllStringSubmatch(s, -1)
	assert.GreaterOrEqual(t, len(links), 6, "figures the report embeds")
	for _, l := range links {
		st, err := os.Stat(filepath.Join(filepath.Dir(md), l[1]))
		if assert.NoError(t, err, "figure %s", l[1]) {
			assert.NotZero(t, st.Size(), "figure %s is empty", l[1])
		}
	}
	// The report is a function of the sweeps alone.
	mustRun(t, "report", "-ref", ref, "-cor", filepath.Join(cor, tinyFolder), "-out", md, "-resamples", "100")
	again, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Equal(t, string(text), string(again), "a second report differs from the first")
}

func TestReportTrainsMissingPresets(t *testing.T) {
	root := t.TempDir()
	md := filepath.Join(root, "r.md")
	_, stderr := mustRun(t, with([]string{"report", "-out", md, "-resamples", "0"}, tinyArgs...)...)
	for _, p := range []string{"reference", "corrected"} {
		_, err := os.Stat(filepath.Join(root, "report-runs", p, tinyFolder, "metrics.csv"))
		assert.NoError(t, err, "%s sweep not trained and finished\n%s", p, stderr)
	}
	_, err := os.Stat(filepath.Join(root, "r_figures", "task1_accuracy.png"))
	assert.NoError(t, err)
}

func TestValidationBeforeTraining(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "a-file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	notField := filepath.Join(tmp, "empty-folder")
	require.NoError(t, os.Mkdir(notField, 0o755))
	out := filepath.Join(tmp, "out")
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown variant", with(tinyArgs, "-variants", "W*D*C,WXD"), nil, `unknown variant "WXD"`},
		{"duplicate variant", with(tinyArgs, "-variants", "W,paper"), nil, "listed twice"},
		{"unknown task", with(tinyArgs, "-tasks", "1,4"), nil, "the paper's tasks are 1, 2 and 3"},
		{"task not a number", with(tinyArgs, "-tasks", "one"), nil, `unknown task "one"`},
		{"unknown preset", with(tinyArgs, "-preset", "published"), nil, `unknown preset "published"`},
		{"unknown activation", with(tinyArgs, "-activation", "gelu"), nil, "unknown activation"},
		{"unknown bio source", with(tinyArgs, "-bio", "cov"), nil, "unknown bio source"},
		{"unknown expm precision", with(tinyArgs, "-expm", "float16"), nil, `-expm: unknown arithmetic "float16"`},
		{"missing field folder", with(tinyArgs[2:], "-field", filepath.Join(tmp, "nope")), nil, "-field"},
		{"field is a file", with(tinyArgs[2:], "-field", file), nil, "not a folder"},
		{"folder that is not a field", with(tinyArgs[2:], "-field", notField), nil, "is not a readable MICrONS field folder"},
		{"synthetic size with a field", with(tinyArgs, "-field", notField), nil, "-synthetic-n sets the size of the synthetic field"},
		{"synthetic size too large", with(tinyArgs, "-synthetic-n", "5000"), nil, "-synthetic-n, -n: experiment: invalid config: SyntheticN: 5000"},
		{"unwritable output", with(tinyArgs, "-out", filepath.Join(file, "sub")), nil, "cannot be created"},
		{"bad shard syntax", with(tinyArgs, "-shard", "1of2"), nil, "want i/n"},
		{"shard out of range", with(tinyArgs, "-shard", "2/2"), nil, "need 0 ≤ index < count"},
		{"bad Slurm shard", tinyArgs, map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "2"}, "SLURM_ARRAY_TASK_ID"},
		{"no simulations", with(tinyArgs, "-sims", "0"), nil, "Simulations: 0 must be ≥ 1"},
		{"too many simulations", with(tinyArgs, "-sims", "100000000000"), nil, "Simulations: 100000000000 exceeds the bound 10000"},
		{"empty field", with(tinyArgs[2:], "-field", ""), nil, "-field: empty folder name"},
		{"trials not in batches", with(tinyArgs, "-train-trials", "40"), nil, "not a multiple of BatchSize"},
		{"negative lambda", with(tinyArgs, "-lambda", "-1"), nil, "Lambda"},
		{"negative jobs", with(tinyArgs, "-j", "-1"), nil, "-j -1: need 0 (one run per CPU) or more"},
		{"unknown flag", with(tinyArgs, "-simulations", "3"), nil, "flag provided but not defined"},
		{"stray argument", with(tinyArgs, "extra"), nil, "unexpected arguments"},
		{"unknown subcommand", []string{"sumary", tmp}, nil, `unknown subcommand "sumary"`},
		{"merge without -out", []string{"merge", tmp}, nil, "-out DIR is required"},
		{"merge without shards", []string{"merge", "-out", out}, nil, "no shard folders"},
		{"merge of a non-sweep", []string{"merge", "-out", out, notField}, nil, "is not a sweep folder"},
		{"summary of a non-sweep", []string{"summary", notField}, nil, "is not a sweep folder"},
		{"summary of nothing", []string{"summary"}, nil, "want exactly one sweep folder"},
		{"summary unknown metric", []string{"summary", "-metrics", "Accuracy,Speed", notField}, nil, "unknown"},
		{"report not markdown", []string{"report", "-out", filepath.Join(tmp, "r.txt")}, nil, "ending in .md"},
		{"report sweep flag with both folders", []string{"report", "-ref", tmp, "-cor", tmp, "-sims", "3", "-out", filepath.Join(tmp, "r.md")}, nil, "-sims applies only"},
		{"report bad variant", with([]string{"report", "-out", filepath.Join(tmp, "r.md")}, with(tinyArgs, "-variants", "Q")...), nil, `unknown variant "Q"`},
		{"report bad alpha", []string{"report", "-alpha", "2", "-out", filepath.Join(tmp, "r.md")}, nil, "Alpha"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			args := c.args
			if isRun := !slices.Contains([]string{"merge", "summary", "report", "sumary"}, args[0]); isRun && !slices.Contains(args, "-out") {
				args = with(args, "-out", out)
			}
			code, stdout, stderr := runPaper(t, args...)
			assert.Equal(t, exitUsage, code, "stderr:\n%s", stderr)
			assert.Contains(t, stderr, c.want, "stderr")
			assert.NotContains(t, stderr, "sweep:", "work started before validation failed:\nstdout %s", stdout)
			assert.Empty(t, stdout, "work started before validation failed:\nstderr %s", stderr)
		})
	}
	_, err := os.Stat(out)
	assert.ErrorIs(t, err, fs.ErrNotExist, "a failed validation created the output folder")
}

func TestRefusesAnotherConfiguration(t *testing.T) {
	out := t.TempDir()
	mustRun(t, with(tinyArgs, "-out", out)...)
	code, stdout, stderr := runPaper(t, with(tinyArgs, "-out", out, "-lambda", "0.5")...)
	assert.Equal(t, exitUsage, code, "stdout %s\nstderr %s", stdout, stderr)
	assert.Contains(t, stderr, "holds a sweep of another configuration", "stdout %s", stdout)
	assert.NotContains(t, stderr, "sweep:", "stdout %s", stdout)
	// More simulations of the same configuration extend the sweep.
	_, stderr = mustRun(t, with(tinyArgs, "-out", out, "-sims", "3")...)
	assert.Contains(t, stderr, "6 runs planned, 4 already done, 2 trained now", "extending the sweep")
}

func TestRealFieldIsValidated(t *testing.T) {
	field := testutil.MicronsField(t, "6_6_2")
	tmp := t.TempDir()
	file := filepath.Join(tmp, "a-file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	// The real field is read and accepted; the unwritable output, checked
	// after it, is what fails.
	code, _, stderr := runPaper(t, "-preset", "reference", "-field", field, "-tasks", "1", "-variants", "W",
		"-out", filepath.Join(file, "sub"))
	assert.Equal(t, exitUsage, code, "stderr:\n%s", stderr)
	assert.Contains(t, stderr, "cannot be created")
}

func TestHelp(t *testing.T) {
	code, stdout, _ := runPaper(t, "help")
	assert.Equal(t, exitOK, code, "help: stdout\n%s", stdout)
	assert.Contains(t, stdout, "paper merge -out DIR SHARD_DIR", "help")
	code, _, stderr := runPaper(t, "run", "-h")
	assert.Equal(t, exitOK, code, "run -h: stderr\n%s", stderr)
	assert.Contains(t, stderr, "-shard i/n", "run -h")
	assert.Contains(t, stderr, "-preset", "run -h")
}

// TestRefusesChangedField trains on a copy of a real field, changes one of
// its files (two entries of the correlation matrix swapped symmetrically,
// the folder name unchanged) and checks that resume and merge refuse to
// mix the results, naming the file.
func TestRefusesChangedField(t *testing.T) {
	src := testutil.MicronsField(t, "6_6_2")
	field := filepath.Join(t.TempDir(), "6_6_2")
	require.NoError(t, os.CopyFS(field, os.DirFS(src)))
	args := []string{"-preset", "reference", "-field", field, "-tasks", "1", "-variants", "W", "-sims", "1", "-epochs", "1",
		"-batch", "16", "-train-trials", "16", "-val-trials", "16", "-test-trials", "16", "-nperm", "2"}
	a, b := t.TempDir(), t.TempDir()
	mustRun(t, with(args, "-out", a)...)

	corr := filepath.Join(field, "corr_matrix.npy")
	raw, err := os.ReadFile(corr)
	require.NoError(t, err)
	const n = 312
	data := raw[len(raw)-n*n*8:]
	at := func(i, j int) []byte { return data[(i*n+j)*8 : (i*n+j+1)*8] }
	swap := func(x, y []byte) {
		var tmp [8]byte
		copy(tmp[:], x)
		copy(x, y)
		copy(y, tmp[:])
	}
	swap(at(0, 1), at(0, 2))
	swap(at(1, 0), at(2, 0))
	require.NoError(t, os.WriteFile(corr, raw, 0o644))
	before := snapshot(t, a)
	code, _, stderr := runPaper(t, with(args, "-out", a)...)
	assert.Equal(t, exitUsage, code, "resume on changed data: stderr\n%s", stderr)
	assert.Contains(t, stderr, "corr_matrix.npy changed", "resume on changed data")
	assert.NotContains(t, stderr, "sttc_matrix.npy", "resume on changed data")
	compareTrees(t, snapshot(t, a), before, false)

	mustRun(t, with(args, "-out", b)...)
	code, _, stderr = runPaper(t, "merge", "-out", t.TempDir(), filepath.Join(a, "6_6_2_sttc-corr"), filepath.Join(b, "6_6_2_sttc-corr"))
	assert.NotEqual(t, exitOK, code, "merge of two datasets: stderr\n%s", stderr)
	assert.Contains(t, stderr, "corr_matrix.npy changed", "merge of two datasets")
}

// TestReadsFormat1Folders checks that summary reads a committed sweep
// folder written before folder format 2.
func TestReadsFormat1Folders(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "format1", "reference")
	stdout, _ := mustRun(t, "summary", "-resamples", "0", "-metrics", "Accuracy", dir)
	assert.Contains(t, stdout, "W*D*C", "summary of a format-1 folder")
	assert.Contains(t, stdout, "Task3", "summary of a format-1 folder")
}

// TestReferenceSignArmRunsThroughDivergence: the positive-only arm of the
// reference preset on field 6_6_2 used to stop at its first orthogonally
// initialised variant ("epoch 0, batch 1: loss is NaN"). Now that run is
// stored as diverged, with the accuracies the published code reports, the
// sweep finishes, diverged.csv and the summary count it, status shows it,
// and a resume does not retrain it.
func TestReferenceSignArmRunsThroughDivergence(t *testing.T) {
	field := testutil.MicronsField(t, "6_6_2")
	out := t.TempDir()
	args := []string{"-preset", "reference", "-sign", "-field", field, "-tasks", "1", "-variants", "W,WsDsC", "-sims", "1",
		"-epochs", "1", "-batch", "16", "-train-trials", "32", "-val-trials", "16", "-test-trials", "16", "-nperm", "5", "-out", out}
	stdout, stderr := mustRun(t, args...)
	assert.Contains(t, stderr, "1 stored as diverged", "stderr does not count the diverged run")
	// assert.True, not assert.Contains: the message clips the long output.
	for _, want := range []string{"Diverged runs: 1 (as the published code", "Task1 W: 1 of 1 diverged"} {
		assert.True(t, strings.Contains(stdout, want), "summary does not show the diverged run (%q):\n%s", want, clip([]byte(stdout)))
	}
	dirs, err := filepath.Glob(filepath.Join(out, "*"))
	require.NoError(t, err)
	require.Len(t, dirs, 1, "want one sweep folder in %s", out)
	div, err := os.ReadFile(filepath.Join(dirs[0], report.DivergedFile))
	require.NoError(t, err)
	want := "task,variant,runs,diverged,large_loss\nTask1,W,1,1,0\nTask1,W*D*C,1,0,"
	assert.True(t, strings.HasPrefix(string(div), want), "%s:\n%s\nwant prefix\n%s", report.DivergedFile, div, want)
	rec, err := os.ReadFile(filepath.Join(dirs[0], "runs", "Task1_W_sim0000.json"))
	require.NoError(t, err)
	for _, want := range []string{`"diverged": {`, `"Loss": null`, `"Modularity": null`} {
		assert.True(t, strings.Contains(string(rec), want), "record lacks %s:\n%s", want, clip(rec))
	}
	assert.False(t, regexp.MustCompile(`"Accuracy": null`).Match(rec),
		"reference preset: the accuracy is the published code's, not null:\n%s", clip(rec))
	_, stderr = mustRun(t, args...)
	assert.Contains(t, stderr, "2 runs planned, 2 already done, 0 trained now; 1 stored as diverged", "resume")
	stdout, _ = mustRun(t, "status", dirs[0])
	assert.Contains(t, stdout, "2 of 2 runs done (1 diverged)", "status")
}

// TestAllowOutOfSpec: a field whose correlation matrix holds a 3 is
// refused, naming the file and the option; with -allow-out-of-spec the
// sweep trains and the warning is printed.
func TestAllowOutOfSpec(t *testing.T) {
	src := testutil.MicronsField(t, "5_3_8")
	field := filepath.Join(t.TempDir(), "5_3_8")
	require.NoError(t, os.CopyFS(field, os.DirFS(src)))
	corr := filepath.Join(field, "corr_matrix.npy")
	raw, err := os.ReadFile(corr)
	require.NoError(t, err)
	const n = 42
	binary.LittleEndian.PutUint64(raw[len(raw)-n*n*8+8:], math.Float64bits(3)) // corr[0][1]
	require.NoError(t, os.WriteFile(corr, raw, 0o644))
	args := []string{"-field", field, "-tasks", "1", "-variants", "W", "-sims", "1", "-epochs", "1",
		"-batch", "16", "-train-trials", "16", "-val-trials", "16", "-test-trials", "16", "-nperm", "2", "-out", t.TempDir()}
	code, _, stderr := runPaper(t, args...)
	assert.Equal(t, exitUsage, code, "strict: stderr\n%s", stderr)
	assert.Contains(t, stderr, "corr_matrix.npy", "strict")
	assert.Contains(t, stderr, "-allow-out-of-spec", "strict")
	_, stderr = mustRun(t, with(args, "-allow-out-of-spec")...)
	assert.Contains(t, stderr, "paper: warning: -allow-out-of-spec: ", "the warning is not printed")
	assert.Contains(t, stderr, "corr_matrix.npy", "the warning is not printed")
}
