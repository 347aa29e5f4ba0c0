package paper

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// The text form of a shard, "i/n" (0-based, like SLURM_ARRAY_TASK_ID in an
// array 0-(n-1)), and the Slurm array variables: how paper run is told
// which experiment.Shard to train.

// checkShard checks 0 ≤ Index < Count.
func checkShard(s experiment.Shard) error {
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("shard %d/%d: need 0 ≤ index < count", s.Index, s.Count)
	}
	return nil
}

// shardText writes s as "i/n"; the whole sweep is "0/1".
func shardText(s experiment.Shard) string {
	if s.Count <= 1 {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// parseShard parses "i/n" with 0 ≤ i < n.
func parseShard(text string) (experiment.Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(text), "/")
	if !ok {
		return experiment.Shard{}, fmt.Errorf("shard %q: want i/n, e.g. 0/4", text)
	}
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return experiment.Shard{}, fmt.Errorf("shard %q: want integers i/n, e.g. 0/4", text)
	}
	s := experiment.Shard{Index: i, Count: n}
	if n < 1 {
		return experiment.Shard{}, fmt.Errorf("shard %q: count must be ≥ 1", text)
	}
	if err := checkShard(s); err != nil {
		return experiment.Shard{}, err
	}
	return s, nil
}

// Slurm environment variables read by shardFromEnv.
const (
	envSlurmTaskID    = "SLURM_ARRAY_TASK_ID"
	envSlurmTaskCount = "SLURM_ARRAY_TASK_COUNT"
	envSlurmTaskMin   = "SLURM_ARRAY_TASK_MIN"
)

// shardFromEnv returns the shard of a Slurm array job: index
// SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN (MIN defaults to 0) of
// SLURM_ARRAY_TASK_COUNT, for a contiguous array such as --array=0-7 or
// --array=1-8 (stepped arrays like 0-15:2 are not supported: use -shard).
// ok is false when SLURM_ARRAY_TASK_ID is unset.
// getenv is os.Getenv when nil.
func shardFromEnv(getenv func(string) string) (s experiment.Shard, ok bool, err error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	id := getenv(envSlurmTaskID)
	if id == "" {
		return experiment.Shard{}, false, nil
	}
	num := func(name, v string) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, fmt.Errorf("%s=%q is not an integer", name, v)
		}
		return n, nil
	}
	i, err := num(envSlurmTaskID, id)
	if err != nil {
		return experiment.Shard{}, false, err
	}
	cnt := getenv(envSlurmTaskCount)
	if cnt == "" {
		return experiment.Shard{}, false, fmt.Errorf("%s is set but %s is not", envSlurmTaskID, envSlurmTaskCount)
	}
	n, err := num(envSlurmTaskCount, cnt)
	if err != nil {
		return experiment.Shard{}, false, err
	}
	lo := 0
	if m := getenv(envSlurmTaskMin); m != "" {
		if lo, err = num(envSlurmTaskMin, m); err != nil {
			return experiment.Shard{}, false, err
		}
	}
	s = experiment.Shard{Index: i - lo, Count: n}
	if n < 1 {
		return experiment.Shard{}, false, fmt.Errorf("%s=%d must be ≥ 1", envSlurmTaskCount, n)
	}
	if err := checkShard(s); err != nil {
		return experiment.Shard{}, false, fmt.Errorf("from %s=%s, %s=%s, %s=%q: %w",
			envSlurmTaskID, id, envSlurmTaskCount, cnt, envSlurmTaskMin, getenv(envSlurmTaskMin), err)
	}
	return s, true, nil
}
