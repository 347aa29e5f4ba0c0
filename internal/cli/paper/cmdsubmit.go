package paper

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
)

const submitUsage = `usage: paper submit [flags]

Writes a Slurm array job that trains the sweep in shards (array task i runs
paper run -shard i/n into the shared sweep folder) and a merge job that
writes the published layout, summary.txt and figures/ once every task has
succeeded, into <out>/<folder>/slurm/. With -submit it also submits both
(the merge with --dependency=afterok:<array job>) and prints the job ids.
Rerun the same command after failures, cancellations or time-outs: only
the shards with runs missing are submitted again. The sweep flags are
those of paper run. Flags:
`

// Defaults of paper submit's scheduler flags.
const (
	defaultSlurmTime  = "24:00:00"
	defaultMergeTime  = "1:00:00"
	defaultSlurmCPUs  = 8
	defaultStopBefore = 10 * time.Minute
	// defaultRounds: without -array or -runs-per-task, each array task
	// gets about this many runs per parallel slot (-j).
	defaultRounds = 4
	// maxSignalLead is the largest --signal lead time Slurm accepts.
	maxSignalLead = 65535 * time.Second
)

// slurmOptions are the scheduler's settings.
type slurmOptions struct {
	Partition, Account, Mem string
	Time, MergeTime         string
	CPUs                    int
	Extra                   []string // lines after "#SBATCH "
	StopBefore              int      // seconds; 0: no --signal
	Requeue                 bool
}

// submitOptions are the flags of "paper submit" beyond the sweep's.
type submitOptions struct {
	weights     bool // -weights: passed on to paper run
	sweep       sweepFlags
	out         string
	jobs        int
	array       int
	runsPerTask int
	paper       string
	jobName     string
	stopBefore  time.Duration
	submit      bool
	slurm       slurmOptions
	field       fieldOptions
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, " ") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

func (o *submitOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.out, "out", "results", "output root `DIR`; the sweep folder is DIR/<field>_sttc-corr[_sign+]")
	fs.IntVar(&o.jobs, "j", 0, "runs trained at once in each array task, each with GOMAXPROCS/j BLAS threads; 0: one per CPU (SLURM_CPUS_PER_TASK)")
	fs.IntVar(&o.array, "array", 0, "array tasks `n` (shards); default: about "+strconv.Itoa(defaultRounds)+" runs per parallel slot (-j) in each")
	fs.IntVar(&o.runsPerTask, "runs-per-task", 0, "runs per array task `k` (instead of -array): n = ⌈runs / k⌉")
	fs.StringVar(&o.paper, "paper", "", "the paper `program` the jobs run (absolute path on the cluster); default: this program")
	fs.StringVar(&o.jobName, "job-name", "", "Slurm job `name` of the array job (the merge job adds -merge); default: cortexrnn-<folder>")
	fs.DurationVar(&o.stopBefore, "stop-before", defaultStopBefore, "ask each task to stop starting runs this long before its time limit (--signal=B:USR1@…); 0: never")
	fs.BoolVar(&o.submit, "submit", false, "submit both jobs with sbatch and print their ids (default: only write the scripts)")
	fs.StringVar(&o.slurm.Partition, "partition", "", "Slurm `partition` (default: the cluster's)")
	fs.StringVar(&o.slurm.Account, "account", "", "Slurm `account` to charge (default: yours)")
	fs.StringVar(&o.slurm.Time, "time", defaultSlurmTime, "time limit of each array task (Slurm's `format`: minutes, H:MM:SS or D-HH:MM:SS)")
	fs.StringVar(&o.slurm.MergeTime, "merge-time", defaultMergeTime, "time limit of the merge job")
	fs.IntVar(&o.slurm.CPUs, "cpus-per-task", defaultSlurmCPUs, "CPUs of each array task")
	fs.StringVar(&o.slurm.Mem, "mem", "", "memory of each array task (Slurm's --mem, e.g. 8G; default: the cluster's)")
	fs.Var((*stringList)(&o.slurm.Extra), "sbatch", "an extra `option` line for both scripts, e.g. --qos=long (repeatable)")
	fs.BoolVar(&o.slurm.Requeue, "requeue", false, "a task stopped by -stop-before requeues itself and resumes (--requeue)")
	fs.BoolVar(&o.weights, "weights", true, "the array tasks keep each run's trained network (paper run -weights)")
	o.field.register(fs)
}

// validate checks the scheduler flags: bounds, and no value that could
// break out of its #SBATCH line.
func (o *submitOptions) validate() error {
	if o.jobs < 0 {
		return usagef("-j %d: need 0 (one run per CPU) or more", o.jobs)
	}
	if o.slurm.CPUs < 1 {
		return usagef("-cpus-per-task %d: need at least 1", o.slurm.CPUs)
	}
	if o.jobs > o.slurm.CPUs {
		return usagef("-j %d is more than -cpus-per-task %d", o.jobs, o.slurm.CPUs)
	}
	if o.array < 0 || o.runsPerTask < 0 {
		return usagef("-array and -runs-per-task must be positive")
	}
	if o.array > 0 && o.runsPerTask > 0 {
		return usagef("give -array or -runs-per-task, not both")
	}
	if o.stopBefore < 0 || o.stopBefore > maxSignalLead {
		return usagef("-stop-before %v: want 0 to %v", o.stopBefore, maxSignalLead)
	}
	if o.slurm.Requeue && o.stopBefore == 0 {
		return usagef("-requeue needs -stop-before > 0 (the task requeues itself when told the time limit is near)")
	}
	o.slurm.StopBefore = int(o.stopBefore.Round(time.Second) / time.Second)
	if o.slurm.Time == "" || o.slurm.MergeTime == "" {
		return usagef("-time and -merge-time must not be empty")
	}
	for _, t := range []struct{ name, v string }{{"-time", o.slurm.Time}, {"-merge-time", o.slurm.MergeTime}} {
		d, ok, err := parseSlurmTime(t.v)
		if err != nil {
			return usagef("%s: %v", t.name, err)
		}
		if t.name == "-time" && ok && o.stopBefore >= d {
			return usagef("-stop-before %v is not shorter than -time %s", o.stopBefore, t.v)
		}
	}
	fields := []struct{ name, v string }{{"-partition", o.slurm.Partition}, {"-account", o.slurm.Account},
		{"-time", o.slurm.Time}, {"-merge-time", o.slurm.MergeTime}, {"-mem", o.slurm.Mem}, {"-job-name", o.jobName}}
	for _, f := range fields {
		if strings.IndexFunc(f.v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
			return usagef("%s %q: no spaces or control characters", f.name, f.v)
		}
	}
	for _, e := range o.slurm.Extra {
		if !strings.HasPrefix(e, "-") || strings.IndexFunc(e, unicode.IsControl) >= 0 {
			return usagef("-sbatch %q: want one sbatch option such as --qos=long (no #SBATCH, no line breaks)", e)
		}
	}
	return nil
}

// shardCount returns the number of array tasks for total runs.
func (o *submitOptions) shardCount(total int) int {
	par := o.jobs
	if par == 0 {
		par = o.slurm.CPUs
	}
	k := o.runsPerTask
	switch {
	case o.array > 0:
		return min(o.array, total)
	case k == 0:
		k = defaultRounds * par
	}
	return (total + k - 1) / k
}

// submitState is <dir>/slurm/submit.json: what the last paper submit did,
// read by paper status.
type submitState struct {
	Shards   int    `json:"shards"`
	Array    string `json:"array"` // the indices submitted, "" when none
	ArrayJob string `json:"array_job,omitempty"`
	MergeJob string `json:"merge_job,omitempty"`
	Written  string `json:"written"` // RFC 3339, UTC
}

const submitStateFile = "submit.json"

// readSubmitState parses a submit.json.
func readSubmitState(b []byte) (submitState, error) {
	var s submitState
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, err
	}
	if s.Shards < 1 || s.Shards > maxShards {
		return s, fmt.Errorf("shards = %d: want 1 to %d", s.Shards, maxShards)
	}
	return s, nil
}

// maxShards bounds the shard counts paper status accepts from a file or
// flag: more array tasks than any Slurm allows (MaxArraySize ≤ 4000001).
const maxShards = 4_000_001

// runSubmit is "paper submit".
func runSubmit(args []string, stdout, stderr io.Writer) error {
	var o submitOptions
	fs := newFlagSet("submit", submitUsage, stderr)
	o.sweep.register(fs, true)
	o.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q (flags go before them? see paper submit -h)", fs.Args())
	}
	if err := o.validate(); err != nil {
		return err
	}
	out, err := filepath.Abs(o.out)
	if err != nil {
		return usagef("-out: %v", err)
	}
	p, err := o.sweep.parsePreset()
	if err != nil {
		return err
	}
	cfg, err := o.sweep.config(p)
	if err != nil {
		return err
	}
	paper, err := paperProgram(o.paper)
	if err != nil {
		return err
	}
	// The field is read and the folder prepared here, so that a mistake
	// shows now rather than in every array task.
	o.field.warn = stderr
	s, err := setupSweep(cfg, "", out, func(string) string { return "" }, o.field, 1)
	if err != nil {
		return err
	}
	planned := planSize(&cfg)
	n := o.shardCount(planned)
	counts, err := shardCounts(s.dir, &s.cfg, n)
	if err != nil {
		return err
	}
	var todo []int
	missing := 0
	for i, c := range counts {
		if c.missing > 0 {
			todo = append(todo, i)
			missing += c.missing
		}
	}

	// The array tasks run "paper run" with the sweep flags given here
	// (canonical names), the field folder made absolute.
	runArgs := []string{"-preset=" + o.sweep.preset}
	for _, nv := range o.sweep.flags.GivenValues() {
		name, v := nv[0], nv[1]
		if name == "field" && v != "" {
			abs, err := filepath.Abs(v)
			if err != nil {
				return usagef("-field: %v", err)
			}
			v = abs
		}
		runArgs = append(runArgs, "-"+name+"="+v)
	}
	if !o.weights {
		runArgs = append(runArgs, "-weights=false")
	}
	if o.field.allowOutOfSpec {
		runArgs = append(runArgs, "-allow-out-of-spec")
	}
	job := slurmJob{
		Command: "paper submit " + shellArgs(args), Folder: s.cfg.FolderName(), Dir: s.dir, Out: out,
		Paper: paper, RunArgs: runArgs, Shards: n, Array: arraySpec(todo), Jobs: o.jobs, Opts: o.slurm,
		JobName: o.jobName,
	}
	if job.JobName == "" {
		job.JobName = "cortexrnn-" + job.Folder
	}
	job.MergeName = job.JobName + "-merge"
	slurmDir := filepath.Join(s.dir, "slurm")
	if err := os.MkdirAll(filepath.Join(slurmDir, "logs"), 0o755); err != nil {
		return err
	}
	arrayPath, mergePath := filepath.Join(slurmDir, "array.sbatch"), filepath.Join(slurmDir, "merge.sbatch")
	for _, sc := range []struct{ name, path string }{{"array", arrayPath}, {"merge", mergePath}} {
		b, err := job.render(sc.name)
		if err != nil {
			return err
		}
		if err := atomicfile.Write(sc.path, b); err != nil {
			return err
		}
		if err := os.Chmod(sc.path, 0o755); err != nil {
			return err
		}
	}
	state := submitState{Shards: n, Array: job.Array, Written: time.Now().UTC().Format(time.RFC3339)}
	if len(todo) == 0 {
		fmt.Fprintf(stdout, "all %d runs of %s are stored: no array job needed, only the merge\n", planned, s.dir)
	} else {
		fmt.Fprintf(stdout, "%d of %d runs missing in %d of %d shards: array %s\n", missing, planned, len(todo), n, job.Array)
	}
	if !o.submit {
		if err := writeSubmitState(slurmDir, state); err != nil {
			return err
		}
		if len(todo) > 0 {
			fmt.Fprintf(stdout, "wrote %s and %s; submit them with\n  id=$(sbatch --parsable %s)\n  sbatch --dependency=afterok:${id%%%%;*} %s\n",
				arrayPath, mergePath, arrayPath, mergePath)
		} else {
			fmt.Fprintf(stdout, "wrote %s; submit it with\n  sbatch %s\n", mergePath, mergePath)
		}
		return nil
	}
	if err := checkNotQueued(slurmDir); err != nil {
		return err
	}
	var dep []string
	if len(todo) > 0 {
		id, err := sbatch(arrayPath)
		if err != nil {
			return err
		}
		state.ArrayJob = id
		dep = []string{"--dependency=afterok:" + id}
		fmt.Fprintf(stdout, "array job %s: shards %s of %d (logs in %s)\n", id, job.Array, n, filepath.Join(slurmDir, "logs"))
	}
	id, err := sbatch(mergePath, dep...)
	if err != nil {
		// The array job is queued: record it before failing.
		_ = writeSubmitState(slurmDir, state)
		return err
	}
	state.MergeJob = id
	fmt.Fprintf(stdout, "merge job %s: writes the published layout into %s\n", id, s.dir)
	fmt.Fprintf(stdout, "follow with: paper status %s\n", s.dir)
	return writeSubmitState(slurmDir, state)
}

func writeSubmitState(dir string, s submitState) error {
	b, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, submitStateFile), append(b, '\n'))
}

// paperProgram returns the program the jobs run: flag, or this one when
// empty. A program built by "go run" lives in a temporary folder that is
// gone when the jobs start, so it is refused.
func paperProgram(flagValue string) (string, error) {
	p := flagValue
	if p == "" {
		exe, err := os.Executable()
		if err != nil {
			return "", usagef("cannot find this program (%v): pass -paper PATH", err)
		}
		if strings.Contains(exe, string(filepath.Separator)+"go-build") {
			return "", usagef("this program was built by go run (%s) and will be gone when the jobs start: "+
				"build it (go build -o paper ./examples/paper) and run that, or pass -paper PATH", exe)
		}
		p = exe
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", usagef("-paper: %v", err)
	}
	if st, err := os.Stat(abs); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return "", usagef("-paper %s: not an executable file", abs)
	}
	return abs, nil
}

// sbatch submits script with extra options and returns the job id.
func sbatch(script string, opts ...string) (string, error) {
	args := append(append([]string{"--parsable"}, opts...), script)
	cmd := exec.Command("sbatch", args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", fmt.Errorf("sbatch not found: run paper submit where Slurm's commands are (a login node), or submit the scripts by hand")
		}
		return "", fmt.Errorf("sbatch %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return parseJobID(out.String())
}

// parseJobID parses sbatch --parsable's output, "<id>" or "<id>;<cluster>".
func parseJobID(s string) (string, error) {
	id, _, _ := strings.Cut(strings.TrimSpace(s), ";")
	if _, err := strconv.ParseUint(id, 10, 64); err != nil || len(id) > 20 {
		return "", fmt.Errorf("sbatch printed %q, not a job id", s)
	}
	return id, nil
}

// checkNotQueued refuses to submit while jobs of this sweep (batch scripts
// under slurmDir) are queued or running: they would train the same runs.
func checkNotQueued(slurmDir string) error {
	cmd := exec.Command("squeue", "-h", "-o", "%i %o")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return fmt.Errorf("squeue not found: run paper submit -submit where Slurm's commands are")
		}
		return fmt.Errorf("squeue: %v: %s", err, strings.TrimSpace(errb.String()))
	}
	var ids []string
	for _, line := range strings.Split(out.String(), "\n") {
		id, script, ok := strings.Cut(strings.TrimSpace(line), " ")
		if ok && strings.HasPrefix(script, slurmDir+string(filepath.Separator)) {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		return fmt.Errorf("jobs of this sweep are still queued or running (%s): wait for them, or scancel them, then rerun", strings.Join(ids, " "))
	}
	return nil
}
