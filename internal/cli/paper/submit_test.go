package paper

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// Tests of paper submit, paper status and the cluster hooks of paper run.
// The whole path on a real Slurm is tested by .ci/slurm-e2e.sh.

func TestArraySpec(t *testing.T) {
	for _, c := range []struct {
		idx  []int
		want string
	}{
		{nil, ""}, {[]int{0}, "0"}, {[]int{0, 1, 2}, "0-2"}, {[]int{3, 7}, "3,7"},
		{[]int{0, 1, 2, 5, 7, 8}, "0-2,5,7-8"}, {[]int{1, 2, 4, 5, 6, 9}, "1-2,4-6,9"},
	} {
		assert.Equal(t, c.want, arraySpec(c.idx), "arraySpec(%v)", c.idx)
	}
}

func TestParseSlurmTime(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
		ok   bool
		err  bool
	}{
		{"10", 10 * time.Minute, true, false},
		{"10:30", 10*time.Minute + 30*time.Second, true, false},
		{"2:00:00", 2 * time.Hour, true, false},
		{"1-2", 26 * time.Hour, true, false},
		{"1-2:30", 26*time.Hour + 30*time.Minute, true, false},
		{"1-0:0:5", 24*time.Hour + 5*time.Second, true, false},
		{"UNLIMITED", 0, false, false},
		{"infinite", 0, false, false},
		{"", 0, false, true}, {"1 day", 0, false, true}, {"1:2:3:4", 0, false, true},
		{"-5", 0, false, true}, {"1h", 0, false, true}, {"1--2", 0, false, true},
	} {
		d, ok, err := parseSlurmTime(c.in)
		if c.err {
			assert.Error(t, err, "parseSlurmTime(%q)", c.in)
		} else {
			assert.NoError(t, err, "parseSlurmTime(%q)", c.in)
		}
		assert.Equal(t, c.ok, ok, "parseSlurmTime(%q): ok", c.in)
		assert.Equal(t, c.want, d, "parseSlurmTime(%q)", c.in)
	}
}

func FuzzParseSlurmTime(f *testing.F) {
	for _, s := range []string{"10", "1:00:00", "2-12:00:00", "unlimited", "4294967295-4294967295:4294967295:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok, err := parseSlurmTime(s)
		if err != nil {
			require.False(t, ok, "%q: error %v with ok", s, err)
			require.Zero(t, d, "%q: error %v with a duration", s, err)
		}
		require.GreaterOrEqual(t, d, time.Duration(0), "%q: negative duration", s)
	})
}

func TestParseJobID(t *testing.T) {
	for _, c := range []struct{ in, want string }{{"123\n", "123"}, {"77;cluster2\n", "77"}} {
		got, err := parseJobID(c.in)
		assert.NoError(t, err, "parseJobID(%q)", c.in)
		assert.Equal(t, c.want, got, "parseJobID(%q)", c.in)
	}
	for _, in := range []string{"", "Submitted batch job 5", "-1", "12a", ";x"} {
		got, err := parseJobID(in)
		assert.Error(t, err, "parseJobID(%q) = %q", in, got)
	}
}

func FuzzParseJobID(f *testing.F) {
	for _, s := range []string{"123\n", "77;c", "", "Submitted batch job 5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseJobID(s)
		if err == nil {
			require.Regexp(t, `^[0-9]{1,20}$`, id, "%q: accepted job id", s)
		}
	})
}

func TestReadSubmitState(t *testing.T) {
	s, err := readSubmitState([]byte(`{"shards": 3, "array": "1", "array_job": "5", "merge_job": "6", "written": "x"}`))
	assert.NoError(t, err)
	assert.Equal(t, 3, s.Shards)
	assert.Equal(t, "1", s.Array)
	assert.Equal(t, "5", s.ArrayJob)
	assert.Equal(t, "6", s.MergeJob)
	for _, in := range []string{``, `{}`, `{"shards": 0}`, `{"shards": -1}`, `{"shards": 1e9}`, `{"shards": 2, "x": 1}`, `[1]`} {
		_, err := readSubmitState([]byte(in))
		assert.Error(t, err, "readSubmitState(%s)", in)
	}
}

func FuzzReadSubmitState(f *testing.F) {
	f.Add([]byte(`{"shards": 3, "array": "0-2", "written": "2026-12-01T00:00:00Z"}`))
	f.Add([]byte(`{"shards": 4000002}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := readSubmitState(b)
		if err == nil {
			require.GreaterOrEqual(t, s.Shards, 1, "accepted shards")
			require.LessOrEqual(t, s.Shards, maxShards, "accepted shards")
		}
	})
}

// submitArgs are tinyArgs for paper submit: three array tasks of one CPU,
// with this test binary standing in for the program the jobs run.
func submitArgs(t *testing.T, out string, more ...string) []string {
	exe, err := os.Executable()
	require.NoError(t, err)
	return with(with(tinyArgs, "-out", out, "-paper", exe, "-array", "3", "-cpus-per-task", "1", "-time", "30"), more...)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestSubmitWritesScriptsAndResubmitsMissingShards(t *testing.T) {
	out := t.TempDir()
	stdout, _ := mustRun(t, with([]string{"submit"}, submitArgs(t, out)...)...)
	assert.Contains(t, stdout, "4 of 4 runs missing in 3 of 3 shards: array 0-2", "stdout")
	dir := filepath.Join(out, tinyFolder)
	array := readFile(t, filepath.Join(dir, "slurm", "array.sbatch"))
	merge := readFile(t, filepath.Join(dir, "slurm", "merge.sbatch"))
	for _, want := range []string{
		"#SBATCH --array=0-2\n", "#SBATCH --cpus-per-task=1\n", "#SBATCH --time=30\n",
		"#SBATCH --signal=B:USR1@600\n", "shards=3\n", `-shard "$SLURM_ARRAY_TASK_ID/$shards" -j "$jobs" -events &`,
		"-out " + out + " ", "-synthetic-n=16", "-variants=WsDsC,WDsC", "-sims=2", "-epochs=1", "-nperm=5",
		"export GOMAXPROCS=\"${SLURM_CPUS_PER_TASK:-1}\"\n", "trap 'forward USR1' USR1\n",
	} {
		assert.Contains(t, array, want, "array.sbatch")
	}
	assert.NotContains(t, array, "--requeue", "array.sbatch requeues without -requeue")
	for _, want := range []string{"#SBATCH --kill-on-invalid-dep=yes\n", "merge -out " + out + " " + dir + "\n"} {
		assert.Contains(t, merge, want, "merge.sbatch")
	}
	// Shard 2 finishes, shards 0 and 1 do not: only they are submitted again.
	mustRun(t, with(tinyArgs, "-out", out, "-shard", "2/3")...)
	stdout, _ = mustRun(t, "status", dir)
	for _, want := range []string{"1 of 4 runs done (0 diverged), 3 missing; 3 shards (the last paper submit)",
		"\n0      2     0     0         2        Task1/W*D*C/sim0\n", "\n1      1     0     0         1        Task1/W*D*C/sim1\n",
		"\n2      1     1     0         0        \n", "published layout: not written yet"} {
		assert.Contains(t, stdout, want, "status")
	}
	stdout, _ = mustRun(t, with([]string{"submit"}, submitArgs(t, out)...)...)
	assert.Contains(t, stdout, "3 of 4 runs missing in 2 of 3 shards: array 0-1", "stdout")
	array = readFile(t, filepath.Join(dir, "slurm", "array.sbatch"))
	assert.Contains(t, array, "#SBATCH --array=0-1\n", "resubmission")
	mustRun(t, with(tinyArgs, "-out", out)...)
	stdout, _ = mustRun(t, with([]string{"submit"}, submitArgs(t, out)...)...)
	assert.Contains(t, stdout, "all 4 runs of "+dir+" are stored: no array job needed, only the merge", "stdout")
	stdout, _ = mustRun(t, "status", "-shards", "2", out)
	assert.Contains(t, stdout, "4 of 4 runs done (0 diverged), 0 missing; 2 shards (-shards)", "status")
	assert.Contains(t, stdout, "published layout: written", "status")
}

// fakeSlurm puts sbatch and squeue scripts first on PATH: sbatch logs its
// arguments to <dir>/sbatch.log and prints ids 100, 101, …; squeue prints
// the contents of <dir>/queue.
func fakeSlurm(t *testing.T) string {
	dir := t.TempDir()
	write := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body), 0o755))
	}
	write("sbatch", `n=$(cat "`+dir+`/n" 2>/dev/null || echo 100); echo "$@" >> "`+dir+`/sbatch.log"; echo $((n+1)) > "`+dir+`/n"; echo "$n;cluster"`+"\n")
	write("squeue", `cat "`+dir+`/queue" 2>/dev/null; exit 0`+"\n")
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

func TestSubmitCallsSbatch(t *testing.T) {
	fake := fakeSlurm(t)
	out := t.TempDir()
	stdout, _ := mustRun(t, with([]string{"submit"}, submitArgs(t, out, "-submit")...)...)
	dir := filepath.Join(out, tinyFolder)
	for _, want := range []string{"array job 100: shards 0-2 of 3", "merge job 101: writes the published layout into " + dir} {
		assert.Contains(t, stdout, want, "stdout")
	}
	want := "--parsable " + filepath.Join(dir, "slurm", "array.sbatch") + "\n" +
		"--parsable --dependency=afterok:100 " + filepath.Join(dir, "slurm", "merge.sbatch") + "\n"
	assert.Equal(t, want, readFile(t, filepath.Join(fake, "sbatch.log")), "sbatch calls")
	st, err := readSubmitState([]byte(readFile(t, filepath.Join(dir, "slurm", submitStateFile))))
	assert.NoError(t, err, "submit.json")
	assert.Equal(t, "100", st.ArrayJob, "submit.json")
	assert.Equal(t, "101", st.MergeJob, "submit.json")
	assert.Equal(t, 3, st.Shards, "submit.json")
	assert.Equal(t, "0-2", st.Array, "submit.json")
	// While a job of this sweep is queued, a second submission is refused.
	queue := "7 /elsewhere/slurm/array.sbatch\n101 " + filepath.Join(dir, "slurm", "merge.sbatch") + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(fake, "queue"), []byte(queue), 0o644))
	code, _, stderr := runPaper(t, with([]string{"submit"}, submitArgs(t, out, "-submit")...)...)
	assert.Equal(t, exitFailure, code, "stderr:\n%s", stderr)
	assert.Contains(t, stderr, "still queued or running (101)")
}

func TestSubmitRefusesBadFlags(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"array and runs-per-task", []string{"-array", "2", "-runs-per-task", "2"}, "not both"},
		{"time", []string{"-time", "1 day"}, "-time: time limit"},
		{"stop-before too long", []string{"-time", "10", "-stop-before", "10m"}, "not shorter than -time"},
		{"requeue without signal", []string{"-requeue", "-stop-before", "0"}, "-requeue needs -stop-before"},
		{"j above cpus", []string{"-j", "4"}, "more than -cpus-per-task"},
		{"sbatch line", []string{"-sbatch", "#SBATCH --qos=x"}, "want one sbatch option"},
		{"newline", []string{"-partition", "a\nb"}, "no spaces or control characters"},
		{"shard", []string{"-shard", "0/2"}, "flag provided but not defined"},
		{"program", []string{"-paper", "/nonexistent/paper"}, "not an executable file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			code, _, stderr := runPaper(t, with([]string{"submit"}, submitArgs(t, out, c.args...)...)...)
			assert.Equal(t, exitUsage, code, "stderr:\n%s", stderr)
			assert.Contains(t, stderr, c.want)
		})
	}
}

func TestSubmitShardCount(t *testing.T) {
	for _, c := range []struct {
		o    submitOptions
		runs int
		want int
	}{
		{submitOptions{array: 16}, 660, 16},
		{submitOptions{array: 16}, 4, 4},
		{submitOptions{runsPerTask: 10}, 660, 66},
		{submitOptions{runsPerTask: 7}, 20, 3},
		{submitOptions{slurm: slurmOptions{CPUs: 8}}, 660, 21}, // ⌈660 / (4×8)⌉
		{submitOptions{jobs: 2, slurm: slurmOptions{CPUs: 8}}, 660, 83},
	} {
		assert.Equal(t, c.want, c.o.shardCount(c.runs), "%+v, %d runs: shards", c.o, c.runs)
	}
}

// sweepForHooks is a 6-run sweep on the synthetic field for fake trainers.
func sweepForHooks(t *testing.T, tr experiment.Trainer) *experiment.Sweep {
	cfg := experiment.CorrectedConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W*D*C", "WD*C"}, 3
	require.NoError(t, cfg.Validate())
	return &experiment.Sweep{Config: cfg, Trainer: tr, Dir: t.TempDir(), Jobs: 2}
}

func eventLines(t *testing.T, dir string) []string {
	t.Helper()
	logs, err := filepath.Glob(filepath.Join(dir, eventsDir, "*.log"))
	require.NoError(t, err)
	require.Len(t, logs, 1, "event logs")
	return strings.Split(strings.TrimSpace(readFile(t, logs[0])), "\n")
}

// TestHoldWaitsUntilStopped checks the test hook of the Slurm end-to-end
// test and the event log: the held run logs "started" and, once the
// context is cancelled, "stopped"; the other runs start and finish.
func TestHoldWaitsUntilStopped(t *testing.T) {
	const hold = "Task1/WD*C/sim1"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sw := sweepForHooks(t, experiment.TrainerFunc(func(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
		// assert, not require: the sweep trains on goroutines of its own.
		assert.NotEqual(t, hold, spec.Key.String(), "the held run was trained")
		return experiment.RunResult{Accuracy: 0.5}, nil
	}))
	sw.Jobs = 1
	env := map[string]string{envHoldRun: hold, "SLURM_JOB_ID": "12", "SLURM_ARRAY_JOB_ID": "10", "SLURM_ARRAY_TASK_ID": "2"}
	h := runHooks{events: true}
	detach, err := h.attach(sw, func(k string) string { return env[k] }, os.Stderr)
	require.NoError(t, err)
	// Cancel once the held run has logged "started", as scancel does.
	go func() {
		for !strings.Contains(readEvents(sw.Dir), " started "+hold+" ") {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	st, err := sw.Run(ctx)
	detach()
	assert.ErrorIs(t, err, context.Canceled, "Run")
	assert.Equal(t, 4, st.Ran, "Run: runs stored")
	lines := eventLines(t, sw.Dir)
	re := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (started|finished|stopped) (Task1/\S+/sim\d) host=\S+ pid=\d+ slurm=12 array=10_2( err="context canceled")?$`)
	var got []string
	for _, l := range lines {
		if !assert.Regexp(t, re, l, "malformed event line") {
			continue
		}
		m := re.FindStringSubmatch(l)
		got = append(got, m[1]+" "+m[2])
	}
	want := []string{"started Task1/W*D*C/sim0", "finished Task1/W*D*C/sim0", "started Task1/W*D*C/sim1", "finished Task1/W*D*C/sim1",
		"started Task1/W*D*C/sim2", "finished Task1/W*D*C/sim2", "started Task1/WD*C/sim0", "finished Task1/WD*C/sim0",
		"started " + hold, "stopped " + hold}
	assert.Equal(t, want, got, "events")
}

// readEvents returns the contents of the event logs under dir.
func readEvents(dir string) string {
	logs, _ := filepath.Glob(filepath.Join(dir, eventsDir, "*.log"))
	var b strings.Builder
	for _, l := range logs {
		c, _ := os.ReadFile(l)
		b.Write(c)
	}
	return b.String()
}

// TestSubmitPassesWeights: -weights=false reaches the array tasks' paper
// run, and the default keeps the weights (no flag written).
func TestSubmitPassesWeights(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{{nil, false}, {[]string{"-weights=false"}, true}} {
		out := t.TempDir()
		mustRun(t, with([]string{"submit"}, submitArgs(t, out, tc.args...)...)...)
		array := readFile(t, filepath.Join(out, tinyFolder, "slurm", "array.sbatch"))
		assert.Equal(t, tc.want, strings.Contains(array, "-weights=false"), "submit %q: array.sbatch holds -weights=false", tc.args)
	}
}
