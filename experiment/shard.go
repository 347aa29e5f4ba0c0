package experiment

import "fmt"

// Shard selects a deterministic part of a sweep: of the runs in canonical
// order (Plan), shard Index of Count takes those whose position p satisfies
// p mod Count = Index. The zero value (Count 0) means the whole sweep.
// Sweep.Run refuses a shard outside 0 ≤ Index < Count. examples/paper
// reads one from "-shard i/n" or from the Slurm array variables.
type Shard struct {
	Index, Count int
}

// whole reports whether s selects every run.
func (s Shard) whole() bool { return s.Count <= 1 }

// validate checks 0 ≤ Index < Count (or the zero Shard).
func (s Shard) validate() error {
	if s.Count == 0 && s.Index == 0 {
		return nil
	}
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("experiment: shard %d/%d: need 0 ≤ index < count", s.Index, s.Count)
	}
	return nil
}

// takes reports whether position p of the plan belongs to s.
func (s Shard) takes(p int) bool { return s.whole() || p%s.Count == s.Index }
