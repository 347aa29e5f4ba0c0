package paper

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"
)

// The two batch scripts of paper submit. Both are self-contained: absolute
// paths to the program, the field and the output, every sweep flag spelled
// out, so that they can be read, edited and submitted by hand.

// slurmJob is what the templates need.
type slurmJob struct {
	Command   string   // the paper submit command line, for the header
	Folder    string   // the sweep folder's name
	Dir       string   // the sweep folder, absolute
	Out       string   // the output root, absolute
	Paper     string   // the program, absolute
	RunArgs   []string // the sweep flags of paper run
	Shards    int      // shard count n: array task i runs -shard i/n
	Array     string   // the array indices to run, e.g. "0-15" or "3,7"
	Jobs      int      // -j of every array task; 0: SLURM_CPUS_PER_TASK
	Opts      slurmOptions
	JobName   string
	MergeName string
}

var scriptTemplates = template.Must(template.New("").Funcs(template.FuncMap{"q": shellQuote, "args": shellArgs}).Parse(`
{{- define "common" -}}
{{- with .Opts.Partition}}#SBATCH --partition={{.}}
{{end -}}
{{- with .Opts.Account}}#SBATCH --account={{.}}
{{end -}}
{{- range .Opts.Extra}}#SBATCH {{.}}
{{end -}}
{{- end -}}

{{- define "array" -}}
#!/bin/bash
# Array job of {{.Folder}}, written by "paper submit" (cortexrnn):
#   {{.Command}}
# Array task i trains shard i/{{.Shards}} of the sweep (the runs at positions i, i+{{.Shards}},
# i+2×{{.Shards}}, … of the plan) into the shared sweep folder
#   {{.Dir}}
# with GOMAXPROCS = SLURM_CPUS_PER_TASK, split as paper run does: -j runs at once, each with
# GOMAXPROCS/-j BLAS threads. Each run is stored the moment it finishes, so a cancelled,
# failed or timed-out task loses only the runs in flight. To train what is missing, rerun
# the paper submit command above: it submits only the shards with runs missing.
{{- if .Opts.StopBefore}}
# --signal: {{.Opts.StopBefore}} s before the time limit Slurm sends SIGUSR1 to this script,
# which passes it on: paper finishes the runs in flight and starts no new one.
{{- end}}
{{- if .Opts.Requeue}}
# -requeue: a task stopped that way puts itself back in the queue and resumes.
{{- end}}
#SBATCH --job-name={{.JobName}}
#SBATCH --array={{.Array}}
#SBATCH --cpus-per-task={{.Opts.CPUs}}
#SBATCH --time={{.Opts.Time}}
{{with .Opts.Mem}}#SBATCH --mem={{.}}
{{end -}}
#SBATCH --output={{.Dir}}/slurm/logs/array-%A_%a.out
{{if .Opts.StopBefore}}#SBATCH --signal=B:USR1@{{.Opts.StopBefore}}
{{end -}}
{{if .Opts.Requeue}}#SBATCH --requeue
#SBATCH --open-mode=append
{{end -}}
{{template "common" .}}
set -u
paper={{q .Paper}}
shards={{.Shards}}
export GOMAXPROCS="${SLURM_CPUS_PER_TASK:-1}"
jobs={{if .Jobs}}{{.Jobs}}{{else}}"$GOMAXPROCS"{{end}}
stop=
pid=
forward() {
  stop=$1
  if [ -n "$pid" ]; then kill -s "$1" "$pid" 2>/dev/null; fi
}
trap 'forward USR1' USR1
trap 'forward TERM' TERM
"$paper" run {{args .RunArgs}} -out {{q .Out}} -shard "$SLURM_ARRAY_TASK_ID/$shards" -j "$jobs" -events &
pid=$!
# wait returns early when a trapped signal arrives: wait again until paper has exited.
while :; do
  wait "$pid"
  status=$?
  kill -0 "$pid" 2>/dev/null || break
done
{{- if .Opts.Requeue}}
if [ "$stop" = USR1 ] && [ "$status" -ne 0 ]; then
  echo "paper submit: time limit near; requeueing ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
  scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
fi
{{- end}}
exit "$status"
{{end -}}

{{- define "merge" -}}
#!/bin/bash
# Merge job of {{.Folder}}, written by "paper submit" (cortexrnn):
#   {{.Command}}
# It runs once every array task has succeeded (paper submit -submit passes
# --dependency=afterok:<array job id>; by hand: sbatch --dependency=afterok:ID merge.sbatch)
# and writes the published layout, summary.txt and figures/ into
#   {{.Dir}}
# --kill-on-invalid-dep: if an array task fails, this job is cancelled rather than left
# pending; rerun paper submit.
#SBATCH --job-name={{.MergeName}}
#SBATCH --cpus-per-task=1
#SBATCH --time={{.Opts.MergeTime}}
#SBATCH --kill-on-invalid-dep=yes
#SBATCH --output={{.Dir}}/slurm/logs/merge-%j.out
{{template "common" .}}
set -eu
export GOMAXPROCS=1
exec {{q .Paper}} merge -out {{q .Out}} {{q .Dir}}
{{end -}}
`))

// render executes template name ("array" or "merge") for j.
func (j *slurmJob) render(name string) ([]byte, error) {
	var b bytes.Buffer
	if err := scriptTemplates.ExecuteTemplate(&b, name, j); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// shellQuote quotes s for bash: a single-quoted word.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./=,:+@%", r)))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellArgs quotes each argument and joins them with spaces.
func shellArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}

// arraySpec writes the sorted, distinct indices idx as a Slurm --array
// specification of ranges, e.g. [0 1 2 5 7 8] → "0-2,5,7-8".
func arraySpec(idx []int) string {
	var b strings.Builder
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(idx[i]))
		if j > i {
			fmt.Fprintf(&b, "-%d", idx[j])
		}
		i = j + 1
	}
	return b.String()
}

// parseSlurmTime parses a Slurm time limit ("minutes", "minutes:seconds",
// "hours:minutes:seconds", "days-hours", "days-hours:minutes",
// "days-hours:minutes:seconds"; sbatch --time). ok is false for
// "infinite"/"unlimited", which have no length.
func parseSlurmTime(s string) (d time.Duration, ok bool, err error) {
	switch strings.ToLower(s) {
	case "infinite", "unlimited", "-1":
		return 0, false, nil
	}
	bad := fmt.Errorf("time limit %q: want minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS", s)
	var days int64
	rest := s
	hasDays := false
	if a, b, found := strings.Cut(s, "-"); found {
		n, err := strconv.ParseUint(a, 10, 32)
		if err != nil {
			return 0, false, bad
		}
		days, rest, hasDays = int64(n), b, true
	}
	parts := strings.Split(rest, ":")
	if len(parts) > 3 {
		return 0, false, bad
	}
	nums := make([]int64, len(parts))
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return 0, false, bad
		}
		nums[i] = int64(n)
	}
	var sec int64
	switch {
	case hasDays: // hours[:minutes[:seconds]]
		units := []int64{3600, 60, 1}
		for i, n := range nums {
			sec += n * units[i]
		}
	case len(nums) == 1: // minutes
		sec = nums[0] * 60
	case len(nums) == 2: // minutes:seconds
		sec = nums[0]*60 + nums[1]
	default: // hours:minutes:seconds
		sec = nums[0]*3600 + nums[1]*60 + nums[2]
	}
	sec += days * 86400
	const maxSec = int64(1<<63-1) / int64(time.Second)
	if sec > maxSec {
		return 0, false, bad
	}
	return time.Duration(sec) * time.Second, true, nil
}
