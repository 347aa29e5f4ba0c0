package experiment

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Shard selects a deterministic part of a sweep: of the runs in canonical
// order (Plan), shard Index of Count takes those whose position p satisfies
// p mod Count = Index. The zero value (Count 0) means the whole sweep.
type Shard struct {
	Index, Count int
}

// Whole reports whether s selects every run.
func (s Shard) Whole() bool { return s.Count <= 1 }

// Validate checks 0 ≤ Index < Count (or the zero Shard).
func (s Shard) Validate() error {
	if s.Count == 0 && s.Index == 0 {
		return nil
	}
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("experiment: shard %d/%d: need 0 ≤ index < count", s.Index, s.Count)
	}
	return nil
}

func (s Shard) String() string {
	if s.Whole() {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// takes reports whether position p of the plan belongs to s.
func (s Shard) takes(p int) bool { return s.Whole() || p%s.Count == s.Index }

// ParseShard parses "i/n" with 0 ≤ i < n (0-based, like
// SLURM_ARRAY_TASK_ID in an array 0-(n-1)).
func ParseShard(text string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(text), "/")
	if !ok {
		return Shard{}, fmt.Errorf("experiment: shard %q: want i/n, e.g. 0/4", text)
	}
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("experiment: shard %q: want integers i/n, e.g. 0/4", text)
	}
	s := Shard{Index: i, Count: n}
	if n < 1 {
		return Shard{}, fmt.Errorf("experiment: shard %q: count must be ≥ 1", text)
	}
	if err := s.Validate(); err != nil {
		return Shard{}, err
	}
	return s, nil
}

// Slurm environment variables read by ShardFromEnv.
const (
	envSlurmTaskID    = "SLURM_ARRAY_TASK_ID"
	envSlurmTaskCount = "SLURM_ARRAY_TASK_COUNT"
	envSlurmTaskMin   = "SLURM_ARRAY_TASK_MIN"
)

// ShardFromEnv returns the shard of a Slurm array job: index
// SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN (MIN defaults to 0) of
// SLURM_ARRAY_TASK_COUNT, for a contiguous array such as --array=0-7 or
// --array=1-8 (stepped arrays like 0-15:2 are not supported: use -shard).
// ok is false when SLURM_ARRAY_TASK_ID is unset.
// getenv is os.Getenv when nil.
func ShardFromEnv(getenv func(string) string) (s Shard, ok bool, err error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	id := getenv(envSlurmTaskID)
	if id == "" {
		return Shard{}, false, nil
	}
	num := func(name, v string) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, fmt.Errorf("experiment: %s=%q is not an integer", name, v)
		}
		return n, nil
	}
	i, err := num(envSlurmTaskID, id)
	if err != nil {
		return Shard{}, false, err
	}
	cnt := getenv(envSlurmTaskCount)
	if cnt == "" {
		return Shard{}, false, fmt.Errorf("experiment: %s is set but %s is not", envSlurmTaskID, envSlurmTaskCount)
	}
	n, err := num(envSlurmTaskCount, cnt)
	if err != nil {
		return Shard{}, false, err
	}
	lo := 0
	if m := getenv(envSlurmTaskMin); m != "" {
		if lo, err = num(envSlurmTaskMin, m); err != nil {
			return Shard{}, false, err
		}
	}
	s = Shard{Index: i - lo, Count: n}
	if n < 1 {
		return Shard{}, false, fmt.Errorf("experiment: %s=%d must be ≥ 1", envSlurmTaskCount, n)
	}
	if err := s.Validate(); err != nil {
		return Shard{}, false, fmt.Errorf("experiment: from %s=%s, %s=%s, %s=%q: %w",
			envSlurmTaskID, id, envSlurmTaskCount, cnt, envSlurmTaskMin, getenv(envSlurmTaskMin), err)
	}
	return s, true, nil
}
