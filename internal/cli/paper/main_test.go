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
	if code != exitOK {
		t.Fatalf("paper %q: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, out, errs)
	}
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
	if err != nil {
		t.Fatal(err)
	}
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
		if !ok {
			t.Errorf("%s missing in the second tree", name)
			continue
		}
		if ignoreTimings && isTiming(name) {
			continue
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs:\n%s\nvs\n%s", name, clip(x), clip(y))
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s only in the second tree", name)
		}
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
	if !strings.Contains(stderr, "4 runs planned, 0 already done, 4 trained now") {
		t.Errorf("stderr lacks the run counts:\n%s", stderr)
	}
	if !strings.Contains(stderr, "[4/4]") {
		t.Errorf("stderr lacks progress lines:\n%s", stderr)
	}
	if !strings.Contains(stdout, "== Accuracy (held-out test accuracy)") || !strings.Contains(stdout, "W*D*C") {
		t.Errorf("stdout lacks the summary:\n%s", stdout)
	}
	metrics, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(metrics), "\n"); first != "Task,Metric,W*D*C,WD*C" {
		t.Errorf("metrics.csv header %q", first)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "Task1", "Accuracy_raw.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(string(raw)), "\n"); len(lines) != 3 || lines[0] != "simulation,W*D*C,WD*C" {
		t.Errorf("Task1/Accuracy_raw.csv:\n%s", raw)
	}
	for _, f := range []string{"config.txt", "metrics_SD.csv", "runs.csv", "learning_curves.csv", "summary.txt",
		"figures/Accuracy.png", "figures/Task1_learning_curves.png", "Task1/SmallWorldness_raw.csv", report.TimingsFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}
	// -synthetic-n is the configuration's SyntheticN.
	if conf, err := os.ReadFile(filepath.Join(dir, "config.txt")); err != nil || !strings.Contains(string(conf), "\nSyntheticN: 16\n") {
		t.Errorf("config.txt lacks SyntheticN: 16 (%v):\n%s", err, conf)
	}
	before := snapshot(t, out)

	// The same command again trains nothing and rewrites identical files.
	stdout2, stderr2 := mustRun(t, with(tinyArgs, "-out", out)...)
	if !strings.Contains(stderr2, "4 runs planned, 4 already done, 0 trained now") {
		t.Errorf("second run did not skip every run:\n%s", stderr2)
	}
	if stdout2 != stdout {
		t.Errorf("second run printed another summary")
	}
	compareTrees(t, before, snapshot(t, out), false)
}

func TestShardsMergeToTheUnshardedSweep(t *testing.T) {
	root := t.TempDir()
	whole := filepath.Join(root, "whole")
	mustRun(t, with(tinyArgs, "-out", whole, "-j", "2")...)

	s0 := filepath.Join(root, "shard0")
	stdout, stderr := mustRun(t, with(tinyArgs, "-out", s0, "-shard", "0/2")...)
	if !strings.Contains(stderr, "2 runs planned") || !strings.Contains(stdout, "paper merge") {
		t.Errorf("shard 0/2: stdout %q, stderr:\n%s", stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(s0, tinyFolder, "metrics.csv")); err == nil {
		t.Errorf("a shard wrote the published layout")
	}
	// Shard 1/2 from a Slurm array's environment.
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "2")
	s1 := filepath.Join(root, "shard1")
	_, stderr = mustRun(t, with(tinyArgs, "-out", s1)...)
	if !strings.Contains(stderr, "shard 1/2") || !strings.Contains(stderr, "2 runs planned") {
		t.Errorf("Slurm shard:\n%s", stderr)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "")

	// A shard alone is not a complete sweep.
	code, _, stderr := runPaper(t, "summary", s0)
	if code != exitUsage || !strings.Contains(stderr, "runs missing") {
		t.Errorf("summary of one shard: exit %d, %s", code, stderr)
	}

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
	if !strings.Contains(stderr, "Accuracy intervals and tests rest on as few as 2 simulations") ||
		!strings.Contains(stderr, "Entropy intervals") {
		t.Errorf("summary of a 2-simulation sweep does not warn:\n%s", stderr)
	}
	for _, want := range []string{"== Accuracy (held-out test accuracy): mean (95% t-interval)", "== Entropy",
		"percentile-bootstrap", "Mann–Whitney U", "W*D*C vs WD*C", "Kruskal–Wallis across all variants"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "Modularity") {
		t.Errorf("summary shows a metric not asked for")
	}
}

func TestReport(t *testing.T) {
	root := t.TempDir()
	ref, cor := filepath.Join(root, "ref"), filepath.Join(root, "cor")
	mustRun(t, with(tinyArgs, "-preset", "reference", "-out", ref)...)
	mustRun(t, with(tinyArgs, "-preset", "corrected", "-out", cor, "-variants", "W*D*C,WD*C,W")...)
	md := filepath.Join(root, "out", "report.md")
	stdout, _ := mustRun(t, "report", "-ref", ref, "-cor", filepath.Join(cor, tinyFolder), "-out", md, "-resamples", "100")
	if !strings.Contains(stdout, "report written to "+md) {
		t.Errorf("stdout: %s", stdout)
	}
	text, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	for _, want := range []string{
		"## Summary", "## 1. What the presets change", "| ReshapeCoordinates | `true` | `false` |",
		"| AccuracySource | `training` | `heldout` |", "| Variants | 2 variants | 3 variants: adds `W` |",
		"## 2. Claim: accuracy and the ordering", "0.917 (0.853, 0.981)", "- published: `W*D*C*` 0.985 >",
		"## 3. Claim: factor W", "| `W*D*C` vs `WD*C` | D=real C=direct | +0.289 |",
		"## 4. Claim: factor D", "## 5. Claim: factor C", "## 6. Claim: modularity", "0.466 (0.439, 0.493)",
		"## 7. What changed", "## Methods", "**Caveats.**", "Both sweeps have 2 simulations per cell", "smallest two-sided Mann–Whitney p-value 2 against 2 values can reach is 0.333",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	links := regexp.MustCompile(`\]\((report_figures/[^)]+\.png)\)`).FindAllStringSubmatch(s, -1)
	if len(links) < 6 {
		t.Errorf("report embeds %d figures, want at least 6", len(links))
	}
	for _, l := range links {
		if st, err := os.Stat(filepath.Join(filepath.Dir(md), l[1])); err != nil || st.Size() == 0 {
			t.Errorf("figure %s: %v", l[1], err)
		}
	}
	// The report is a function of the sweeps alone.
	mustRun(t, "report", "-ref", ref, "-cor", filepath.Join(cor, tinyFolder), "-out", md, "-resamples", "100")
	again, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, text) {
		t.Errorf("a second report differs from the first")
	}
}

func TestReportTrainsMissingPresets(t *testing.T) {
	root := t.TempDir()
	md := filepath.Join(root, "r.md")
	_, stderr := mustRun(t, with([]string{"report", "-out", md, "-resamples", "0"}, tinyArgs...)...)
	for _, p := range []string{"reference", "corrected"} {
		if _, err := os.Stat(filepath.Join(root, "report-runs", p, tinyFolder, "metrics.csv")); err != nil {
			t.Errorf("%s sweep not trained and finished: %v\n%s", p, err, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "r_figures", "task1_accuracy.png")); err != nil {
		t.Error(err)
	}
}

func TestValidationBeforeTraining(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	notField := filepath.Join(tmp, "empty-folder")
	if err := os.Mkdir(notField, 0o755); err != nil {
		t.Fatal(err)
	}
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
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr lacks %q:\n%s", c.want, stderr)
			}
			if strings.Contains(stderr, "sweep:") || stdout != "" {
				t.Errorf("work started before validation failed:\nstdout %s\nstderr %s", stdout, stderr)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed validation created the output folder")
	}
}

func TestRefusesAnotherConfiguration(t *testing.T) {
	out := t.TempDir()
	mustRun(t, with(tinyArgs, "-out", out)...)
	code, stdout, stderr := runPaper(t, with(tinyArgs, "-out", out, "-lambda", "0.5")...)
	if code != exitUsage || !strings.Contains(stderr, "holds a sweep of another configuration") || strings.Contains(stderr, "sweep:") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	// More simulations of the same configuration extend the sweep.
	_, stderr = mustRun(t, with(tinyArgs, "-out", out, "-sims", "3")...)
	if !strings.Contains(stderr, "6 runs planned, 4 already done, 2 trained now") {
		t.Errorf("extending the sweep:\n%s", stderr)
	}
}

func TestRealFieldIsValidated(t *testing.T) {
	field := testutil.MicronsField(t, "6_6_2")
	tmp := t.TempDir()
	file := filepath.Join(tmp, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The real field is read and accepted; the unwritable output, checked
	// after it, is what fails.
	code, _, stderr := runPaper(t, "-preset", "reference", "-field", field, "-tasks", "1", "-variants", "W",
		"-out", filepath.Join(file, "sub"))
	if code != exitUsage || !strings.Contains(stderr, "cannot be created") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestHelp(t *testing.T) {
	code, stdout, _ := runPaper(t, "help")
	if code != exitOK || !strings.Contains(stdout, "paper merge -out DIR SHARD_DIR") {
		t.Errorf("help: exit %d\n%s", code, stdout)
	}
	code, _, stderr := runPaper(t, "run", "-h")
	if code != exitOK || !strings.Contains(stderr, "-shard i/n") || !strings.Contains(stderr, "-preset") {
		t.Errorf("run -h: exit %d\n%s", code, stderr)
	}
}

// TestRefusesChangedField trains on a copy of a real field, changes one of
// its files (two entries of the correlation matrix swapped symmetrically,
// the folder name unchanged) and checks that resume and merge refuse to
// mix the results, naming the file.
func TestRefusesChangedField(t *testing.T) {
	src := testutil.MicronsField(t, "6_6_2")
	field := filepath.Join(t.TempDir(), "6_6_2")
	if err := os.CopyFS(field, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	args := []string{"-preset", "reference", "-field", field, "-tasks", "1", "-variants", "W", "-sims", "1", "-epochs", "1",
		"-batch", "16", "-train-trials", "16", "-val-trials", "16", "-test-trials", "16", "-nperm", "2"}
	a, b := t.TempDir(), t.TempDir()
	mustRun(t, with(args, "-out", a)...)

	corr := filepath.Join(field, "corr_matrix.npy")
	raw, err := os.ReadFile(corr)
	if err != nil {
		t.Fatal(err)
	}
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
	if err := os.WriteFile(corr, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, a)
	code, _, stderr := runPaper(t, with(args, "-out", a)...)
	if code != exitUsage || !strings.Contains(stderr, "corr_matrix.npy changed") || strings.Contains(stderr, "sttc_matrix.npy") {
		t.Errorf("resume on changed data: exit %d\n%s", code, stderr)
	}
	compareTrees(t, snapshot(t, a), before, false)

	mustRun(t, with(args, "-out", b)...)
	code, _, stderr = runPaper(t, "merge", "-out", t.TempDir(), filepath.Join(a, "6_6_2_sttc-corr"), filepath.Join(b, "6_6_2_sttc-corr"))
	if code == exitOK || !strings.Contains(stderr, "corr_matrix.npy changed") {
		t.Errorf("merge of two datasets: exit %d\n%s", code, stderr)
	}
}

// TestReadsFormat1Folders checks that summary reads a committed sweep
// folder written before folder format 2.
func TestReadsFormat1Folders(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "docs", "reproduction", "6_6_2", "reference")
	stdout, _ := mustRun(t, "summary", "-resamples", "0", "-metrics", "Accuracy", dir)
	if !strings.Contains(stdout, "W*D*C") || !strings.Contains(stdout, "Task3") {
		t.Errorf("summary of a format-1 folder:\n%s", stdout)
	}
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
	if !strings.Contains(stderr, "1 stored as diverged") {
		t.Errorf("stderr does not count the diverged run:\n%s", stderr)
	}
	if !strings.Contains(stdout, "Diverged runs: 1 (as the published code") || !strings.Contains(stdout, "Task1 W: 1 of 1 diverged") {
		t.Errorf("summary does not show the diverged run:\n%s", clip([]byte(stdout)))
	}
	dirs, err := filepath.Glob(filepath.Join(out, "*"))
	if err != nil || len(dirs) != 1 {
		t.Fatalf("want one sweep folder in %s: %v %v", out, dirs, err)
	}
	div, err := os.ReadFile(filepath.Join(dirs[0], report.DivergedFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := "task,variant,runs,diverged,large_loss\nTask1,W,1,1,0\nTask1,W*D*C,1,0,"; !strings.HasPrefix(string(div), want) {
		t.Errorf("%s:\n%s\nwant prefix\n%s", report.DivergedFile, div, want)
	}
	rec, err := os.ReadFile(filepath.Join(dirs[0], "runs", "Task1_W_sim0000.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"diverged": {`, `"Loss": null`, `"Modularity": null`} {
		if !strings.Contains(string(rec), want) {
			t.Errorf("record lacks %s:\n%s", want, clip(rec))
		}
	}
	if regexp.MustCompile(`"Accuracy": null`).Match(rec) {
		t.Errorf("reference preset: the accuracy is the published code's, not null:\n%s", clip(rec))
	}
	_, stderr = mustRun(t, args...)
	if !strings.Contains(stderr, "2 runs planned, 2 already done, 0 trained now; 1 stored as diverged") {
		t.Errorf("resume:\n%s", stderr)
	}
	stdout, _ = mustRun(t, "status", dirs[0])
	if !strings.Contains(stdout, "2 of 2 runs done (1 diverged)") {
		t.Errorf("status:\n%s", stdout)
	}
}

// TestAllowOutOfSpec: a field whose correlation matrix holds a 3 is
// refused, naming the file and the option; with -allow-out-of-spec the
// sweep trains and the warning is printed.
func TestAllowOutOfSpec(t *testing.T) {
	src := testutil.MicronsField(t, "5_3_8")
	field := filepath.Join(t.TempDir(), "5_3_8")
	if err := os.CopyFS(field, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	corr := filepath.Join(field, "corr_matrix.npy")
	raw, err := os.ReadFile(corr)
	if err != nil {
		t.Fatal(err)
	}
	const n = 42
	binary.LittleEndian.PutUint64(raw[len(raw)-n*n*8+8:], math.Float64bits(3)) // corr[0][1]
	if err := os.WriteFile(corr, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-field", field, "-tasks", "1", "-variants", "W", "-sims", "1", "-epochs", "1",
		"-batch", "16", "-train-trials", "16", "-val-trials", "16", "-test-trials", "16", "-nperm", "2", "-out", t.TempDir()}
	code, _, stderr := runPaper(t, args...)
	if code != exitUsage || !strings.Contains(stderr, "corr_matrix.npy") || !strings.Contains(stderr, "-allow-out-of-spec") {
		t.Errorf("strict: exit %d\n%s", code, stderr)
	}
	_, stderr = mustRun(t, with(args, "-allow-out-of-spec")...)
	if !strings.Contains(stderr, "paper: warning: -allow-out-of-spec: ") || !strings.Contains(stderr, "corr_matrix.npy") {
		t.Errorf("the warning is not printed:\n%s", stderr)
	}
}
