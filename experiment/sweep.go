package experiment

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// Plan returns every run of the configuration in canonical order: tasks in
// Config.Tasks order, then variants in Config.Variants order, then
// simulations 0…Simulations−1. Sharding and output order follow it.
func (c *Config) Plan() []RunKey {
	keys := make([]RunKey, 0, len(c.Tasks)*len(c.Variants)*c.Simulations)
	for _, t := range c.Tasks {
		for _, v := range c.Variants {
			for s := 0; s < c.Simulations; s++ {
				keys = append(keys, RunKey{Task: t, Variant: v, Simulation: s})
			}
		}
	}
	return keys
}

// Spec returns the RunSpec of key under c.
func (c *Config) Spec(k RunKey) (RunSpec, error) {
	v, err := VariantByName(k.Variant)
	if err != nil {
		return RunSpec{}, err
	}
	return RunSpec{
		Key: k, Variant: v, Config: c,
		Seed:     RunSeed(c.Seed, k.Task, k.Variant, k.Simulation),
		DataSeed: DataSeed(c.Seed, k.Task, k.Simulation),
	}, nil
}

// Reporter receives a sweep's progress. The runner calls it from one
// goroutine at a time: Start once, Finished after each run is stored, Stop
// once at the end (also after an error).
type Reporter interface {
	// Start announces total runs in this shard, of which skipped were
	// already finished by an earlier invocation.
	Start(total, skipped int)
	// Finished reports a stored run; done counts finished runs of this
	// invocation so far (skipped ones excluded).
	Finished(rec *Record, done int)
	// Stop ends the report.
	Stop()
}

// Sweep runs the runs of Config (or of one Shard of it) with Trainer,
// storing each finished run in Dir/runs the moment it finishes.
type Sweep struct {
	Config  Config
	Trainer Trainer
	// Dir is the sweep folder, normally filepath.Join(root,
	// Config.FolderName()). Shards of one sweep may share it or use one
	// folder each (then Merge them).
	Dir string
	// Jobs is the number of runs trained in parallel (≤ 0 means 1). Results
	// do not depend on it.
	Jobs int
	// Shard selects part of the plan; the zero value runs everything.
	Shard Shard
	// Progress, if non-nil, is told about progress.
	Progress Reporter
}

// SweepStats counts the runs of one Sweep.Run call.
type SweepStats struct {
	Planned int // runs in this shard
	Skipped int // already finished before this call
	Ran     int // trained and stored by this call
}

// Run trains every run of the shard that Dir does not hold yet, Jobs at a
// time, and stores each as soon as it finishes. Rerunning it after an
// interruption (even kill -9) resumes: finished runs are skipped and the
// results equal those of an uninterrupted sweep. A run stored under another
// configuration (Config.Fingerprint) is an error wrapping ErrForeignRun.
//
// When a run fails, or ctx is cancelled, no new run starts; runs in flight
// finish (or see their ctx cancelled), finished ones are kept, and Run
// returns the failures (in plan order), joined.
func (s *Sweep) Run(ctx context.Context) (SweepStats, error) {
	var st SweepStats
	if err := s.Config.Validate(); err != nil {
		return st, err
	}
	if err := s.Shard.Validate(); err != nil {
		return st, err
	}
	if s.Trainer == nil {
		return st, errors.New("experiment: Sweep.Trainer is nil")
	}
	if s.Dir == "" {
		return st, errors.New("experiment: Sweep.Dir is empty")
	}
	if err := os.MkdirAll(filepath.Join(s.Dir, runsDir), 0o755); err != nil {
		return st, fmt.Errorf("experiment: output folder: %w", err)
	}
	if err := writeConfigJSON(s.Dir, &s.Config); err != nil {
		return st, err
	}
	cfg := &s.Config
	fp := cfg.Fingerprint()
	type job struct {
		pos  int
		spec RunSpec
	}
	var todo []job
	for pos, k := range cfg.Plan() {
		if !s.Shard.takes(pos) {
			continue
		}
		st.Planned++
		_, ok, err := readRecord(s.Dir, k, cfg)
		if err != nil {
			return st, err
		}
		if ok {
			st.Skipped++
			continue
		}
		spec, err := cfg.Spec(k)
		if err != nil {
			return st, err
		}
		todo = append(todo, job{pos, spec})
	}

	jobs := max(s.Jobs, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu     sync.Mutex // guards failed, st.Ran and Progress calls
		failed = map[int]error{}
	)
	if s.Progress != nil {
		s.Progress.Start(st.Planned, st.Skipped)
		defer s.Progress.Stop()
	}
	queue := make(chan job)
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				rec, err := s.runOne(ctx, j.spec, fp)
				mu.Lock()
				if err != nil {
					failed[j.pos] = err
					cancel()
				} else {
					st.Ran++
					if s.Progress != nil {
						s.Progress.Finished(&rec, st.Ran)
					}
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, j := range todo {
		select {
		case queue <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(queue)
	wg.Wait()
	if len(failed) > 0 {
		pos := make([]int, 0, len(failed))
		for p := range failed {
			pos = append(pos, p)
		}
		sort.Ints(pos)
		// Runs cancelled because another failed are not worth reporting
		// next to that failure.
		var errs, cancelled []error
		for _, p := range pos {
			if errors.Is(failed[p], context.Canceled) {
				cancelled = append(cancelled, failed[p])
			} else {
				errs = append(errs, failed[p])
			}
		}
		if len(errs) == 0 {
			errs = cancelled
		}
		return st, errors.Join(errs...)
	}
	if err := context.Cause(ctx); err != nil && st.Ran+st.Skipped < st.Planned {
		return st, fmt.Errorf("experiment: sweep interrupted after %d of %d runs: %w", st.Ran+st.Skipped, st.Planned, err)
	}
	return st, nil
}

// runOne trains and stores one run.
func (s *Sweep) runOne(ctx context.Context, spec RunSpec, fp string) (Record, error) {
	if err := ctx.Err(); err != nil {
		return Record{}, fmt.Errorf("experiment: run %v: %w", spec.Key, err)
	}
	res, err := s.Trainer.Run(ctx, spec)
	if err != nil {
		return Record{}, fmt.Errorf("experiment: run %v: %w", spec.Key, err)
	}
	if err := res.validate(); err != nil {
		return Record{}, fmt.Errorf("experiment: run %v: trainer result: %w", spec.Key, err)
	}
	rec := Record{Key: spec.Key, Seed: spec.Seed, Fingerprint: fp, Result: res}
	if err := writeRecord(s.Dir, &rec); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// LoadRecords returns the records of every run of cfg's plan from dir/runs,
// in plan order. Missing runs are an error that counts them and names the
// first few, unless allowMissing, in which case they are left out.
func LoadRecords(dir string, cfg *Config, allowMissing bool) ([]Record, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var recs []Record
	var missing []RunKey
	for _, k := range cfg.Plan() {
		r, ok, err := readRecord(dir, k, cfg)
		if err != nil {
			return nil, err
		}
		if !ok {
			missing = append(missing, k)
			continue
		}
		recs = append(recs, r)
	}
	if len(missing) > 0 && !allowMissing {
		first := fmt.Sprint(missing[:min(3, len(missing))])
		return nil, fmt.Errorf("experiment: %s: %d of %d runs missing (first: %s); finish the sweep or merge its shards first",
			dir, len(missing), len(cfg.Plan()), first)
	}
	return recs, nil
}
