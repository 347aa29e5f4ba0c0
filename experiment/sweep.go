package experiment

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cortexrnn/cortexrnn/internal/seeds"
)

// Plan returns every run of the configuration in canonical order: tasks in
// Config.Tasks order, then variants in Config.Variants order, then
// simulations 0…Simulations−1. Sharding and output order follow it. It
// yields (position, key) pairs one at a time, so that no plan is held in
// memory.
func (c *Config) Plan() iter.Seq2[int, RunKey] {
	return func(yield func(int, RunKey) bool) {
		pos := 0
		for _, task := range c.TaskNumbers() {
			for _, v := range c.Variants {
				for s := 0; s < c.Simulations; s++ {
					if !yield(pos, RunKey{Task: task, Variant: v, Simulation: s}) {
						return
					}
					pos++
				}
			}
		}
	}
}

// planSize returns the number of runs of the plan.
func (c *Config) planSize() int { return len(c.Tasks) * len(c.Variants) * c.Simulations }

// Spec returns the RunSpec of key under c, with the run's fingerprint for
// the given inputs: CurrentProvenance(c).Inputs for a run to train, a
// stored run's Provenance.Inputs to redraw what its training drew. Its
// seeds (Seed, DataSeed) and fingerprint are the ones Sweep gives the
// Trainer.
func (c *Config) Spec(k RunKey, inputs []Input) (RunSpec, error) {
	v, err := VariantByName(k.Variant)
	if err != nil {
		return RunSpec{}, err
	}
	name, err := c.taskName(k.Task)
	if err != nil {
		return RunSpec{}, err
	}
	return RunSpec{
		Key: k, TaskName: name, Variant: v, Config: c,
		Seed:        seeds.Run(c.Seed, k.Task, k.Variant, k.Simulation),
		DataSeed:    seeds.Data(c.Seed, k.Task, k.Simulation),
		TrialSeed:   c.trialSeed(k.Task, k.Simulation),
		Fingerprint: c.RunFingerprint(v, inputs),
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
	// AllowMixedKernels lets a sweep resume with runs stored by another
	// BLAS kernel (Provenance.Kernel), e.g. on a heterogeneous cluster. Kernels
	// change results in the last bits, so by default a resume on another
	// kernel is refused (ErrMixedKernels).
	AllowMixedKernels bool
	// RetrainDiverged retrains runs stored as diverged (RunResult.Diverged).
	// Training is deterministic, so by default a resume keeps them.
	RetrainDiverged bool
	// SkipWeights keeps no weights files. By default each run's spec asks
	// for the network (RunSpec.KeepWeights), and the weights file the
	// Trainer returns (RunResult.Weights) is stored in runs/<key>.npz
	// (StoredRun.WeightsFile) before the record. Not part of any fingerprint.
	SkipWeights bool
	// Progress, if non-nil, is told about progress.
	Progress Reporter
}

// SweepStats counts the runs of one Sweep.Run call.
type SweepStats struct {
	Planned int // runs in this shard
	Skipped int // already finished before this call
	Ran     int // trained and stored by this call
	// Diverged counts the runs of Ran and Skipped that are stored as
	// diverged; Retrained those of them this call trained again
	// (RetrainDiverged).
	Diverged, Retrained int
	// Stale lists the leftover temporary files (atomicfile.TempPrefix)
	// older than an hour that this call removed from the folder.
	Stale []string
	// MovedAside maps each unreadable or invalid run record
	// to the name it was moved to (…json.bad); those runs were retrained.
	MovedAside map[string]string
}

// Run trains every run of the shard that Dir does not hold yet, Jobs at a
// time, and stores each as soon as it finishes. Rerunning it after an
// interruption (even kill -9) resumes: finished runs are skipped and the
// results equal those of an uninterrupted sweep.
//
// Before anything is written, the configuration is validated (with its
// bounds) and a folder that already holds a sweep is checked against this
// one: another configuration or other input data (Provenance) is an error
// that names what differs, a folder of an older format one wrapping
// ErrForeignRun too, runs of another kernel one wrapping ErrMixedKernels
// (unless AllowMixedKernels), and a stored run of another configuration
// one wrapping ErrForeignRun.
//
// A run that diverges (RunResult.Diverged, or a Trainer error wrapping
// rnn.ErrNonFinite, whose metrics are then not available) is stored as a
// result and the sweep goes on; a resume keeps it unless RetrainDiverged.
// Before planning, temporary files older than an hour are removed
// (SweepStats.Stale), and records that cannot be read or hold impossible
// values are moved aside and retrained
// (SweepStats.MovedAside).
//
// When a run fails, or ctx is cancelled, no new run starts; runs in flight
// finish (or see their ctx cancelled), finished ones are kept, and Run
// returns the failures (in plan order), joined.
func (s *Sweep) Run(ctx context.Context) (SweepStats, error) {
	if err := s.check(); err != nil {
		return SweepStats{}, err
	}
	prov, err := CurrentProvenance(&s.Config)
	if err != nil {
		return SweepStats{}, err
	}
	if err := s.prepareFolder(&prov); err != nil {
		return SweepStats{}, err
	}
	stale, err := removeStaleTemps(s.Dir, time.Now())
	if err != nil {
		return SweepStats{}, err
	}
	todo, st, err := s.plan(&prov)
	st.Stale = stale
	if err != nil {
		return st, err
	}
	if s.Progress != nil {
		s.Progress.Start(st.Planned, st.Skipped)
		defer s.Progress.Stop()
	}
	var diverged int
	st.Ran, diverged, err = s.pool(ctx, todo, &prov)
	st.Diverged += diverged
	if err != nil {
		return st, err
	}
	if err := context.Cause(ctx); err != nil && st.Ran+st.Skipped < st.Planned {
		return st, fmt.Errorf("experiment: sweep interrupted after %d of %d runs: %w", st.Ran+st.Skipped, st.Planned, err)
	}
	return st, nil
}

// check validates the sweep's fields; it touches nothing.
func (s *Sweep) check() error {
	if err := s.Config.Validate(); err != nil {
		return err
	}
	if err := s.Shard.validate(); err != nil {
		return err
	}
	if s.Trainer == nil {
		return errors.New("experiment: Sweep.Trainer is nil")
	}
	if s.Dir == "" {
		return errors.New("experiment: Sweep.Dir is empty")
	}
	return nil
}

// prepareFolder creates Dir and its sweep-config.json, or checks that the
// sweep it holds is this one (same fingerprint, kernel unless allowed) and
// stores this invocation's extent in it.
func (s *Sweep) prepareFolder(prov *Provenance) error {
	if _, err := os.Stat(filepath.Join(s.Dir, configJSONName)); err == nil {
		old, err := openFolder(s.Dir)
		if err != nil {
			return err
		}
		if err := compatible(s.Dir, old, &s.Config, prov, s.AllowMixedKernels); err != nil {
			return err
		}
		stored := old.prov // the creator's provenance stays
		return writeSweepFile(s.Dir, &s.Config, &stored)
	}
	if err := os.MkdirAll(filepath.Join(s.Dir, runsDir), 0o755); err != nil {
		return fmt.Errorf("experiment: output folder: %w", err)
	}
	return writeSweepFile(s.Dir, &s.Config, prov)
}

// compatible reports why the stored sweep old cannot take runs of cfg with
// provenance prov: an older format, another fingerprint (naming the
// settings and inputs that differ) or another kernel.
func compatible(dir string, old *folder, cfg *Config, prov *Provenance, allowMixed bool) error {
	if old.format != folderFormat {
		return fmt.Errorf("experiment: %s was written in sweep folder format %d, before input digests and per-run fingerprints: its runs cannot be shown to match this data, so it is read-only (summary, report); train into another folder: %w",
			dir, old.format, errOldFormat)
	}
	if a, b := old.cfg.Fingerprint(old.prov.Inputs), cfg.Fingerprint(prov.Inputs); a != b {
		return fmt.Errorf("experiment: %s holds a sweep of another configuration or data (fingerprint %s, this one %s): %s: %w",
			dir, a, b, describeDiff(&old.cfg, cfg, old.prov.Inputs, prov.Inputs), ErrForeignRun)
	}
	if old.prov.Kernel != prov.Kernel && !allowMixed {
		return fmt.Errorf("experiment: %s was trained on BLAS kernel %s, this process uses %s; kernels change results in the last bits (allow mixing explicitly to continue): %w",
			dir, old.prov.Kernel, prov.Kernel, ErrMixedKernels)
	}
	return nil
}

// describeDiff names the fingerprinted settings and the inputs that differ
// between two configurations.
func describeDiff(a, b *Config, ia, ib []Input) string {
	var diffs []string
	sa, sb := a.settings(), b.settings()
	for i := range sa {
		sc := fingerprintScopes[sa[i].name]
		if sc.exclude == "" && sa[i].value != sb[i].value {
			diffs = append(diffs, fmt.Sprintf("%s %s, now %s", sa[i].name, sa[i].value, sb[i].value))
		}
	}
	if d := diffInputs(ia, ib); d != "" {
		diffs = append(diffs, "inputs: "+d)
	}
	if len(diffs) == 0 {
		return "the folder format or seed scheme differs"
	}
	return strings.Join(diffs, "; ")
}

// job is one run to train, at position pos of the plan.
type job struct {
	pos  int
	spec RunSpec
}

// plan returns the runs of the shard that Dir does not hold yet, checking
// the stored ones (fingerprint, seed, kernel).
func (s *Sweep) plan(prov *Provenance) ([]job, SweepStats, error) {
	var st SweepStats
	cfg := &s.Config
	f := &folder{dir: s.Dir, format: folderFormat, cfg: *cfg, prov: *prov}
	var todo []job
	for pos, k := range cfg.Plan() {
		if !s.Shard.takes(pos) {
			continue
		}
		st.Planned++
		rec, ok, err := f.readRecord(cfg, k)
		if errors.Is(err, errBadRecord) {
			from := filepath.Join(s.Dir, runsDir, runFileName(k, folderFormat))
			to, merr := moveAside(from)
			if merr != nil {
				return nil, st, fmt.Errorf("%w (and moving it aside failed: %w)", err, merr)
			}
			if st.MovedAside == nil {
				st.MovedAside = map[string]string{}
			}
			st.MovedAside[from] = to
			ok, err = false, nil
		}
		if err != nil {
			return nil, st, err
		}
		if ok {
			if rec.Kernel != prov.Kernel && !s.AllowMixedKernels {
				return nil, st, fmt.Errorf("experiment: run %v in %s was trained on BLAS kernel %s, this process uses %s: %w",
					k, s.Dir, rec.Kernel, prov.Kernel, ErrMixedKernels)
			}
			if rec.Result.Diverged == nil || !s.RetrainDiverged {
				if rec.Result.Diverged != nil {
					st.Diverged++
				}
				st.Skipped++
				continue
			}
			st.Retrained++
		}
		spec, err := cfg.Spec(k, prov.Inputs)
		if err != nil {
			return nil, st, err
		}
		todo = append(todo, job{pos, spec})
	}
	return todo, st, nil
}

// pool trains todo with Jobs workers and returns how many runs it stored,
// and how many of them diverged.
// On the first failure (or when ctx ends) it starts no new run and returns
// the failures in plan order, leaving out runs cancelled because of
// another failure.
func (s *Sweep) pool(ctx context.Context, todo []job, prov *Provenance) (ran, diverged int, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu     sync.Mutex // guards failed, ran, diverged and Progress calls
		failed = map[int]error{}
	)
	queue := make(chan job)
	var wg sync.WaitGroup
	for range max(s.Jobs, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				rec, err := s.runOne(ctx, j.spec, prov)
				mu.Lock()
				if err != nil {
					failed[j.pos] = err
					cancel()
				} else {
					ran++
					if rec.Result.Diverged != nil {
						diverged++
					}
					if s.Progress != nil {
						s.Progress.Finished(&rec, ran)
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
	if len(failed) == 0 {
		return ran, diverged, nil
	}
	pos := make([]int, 0, len(failed))
	for p := range failed {
		pos = append(pos, p)
	}
	sort.Ints(pos)
	// Runs cancelled because another failed are not worth reporting next
	// to that failure.
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
	return ran, diverged, errors.Join(errs...)
}

// runOne trains and stores one run.
func (s *Sweep) runOne(ctx context.Context, spec RunSpec, prov *Provenance) (Record, error) {
	if err := ctx.Err(); err != nil {
		return Record{}, fmt.Errorf("experiment: run %v: %w", spec.Key, err)
	}
	spec.KeepWeights = !s.SkipWeights
	start := time.Now()
	res, err := s.Trainer.Run(ctx, spec)
	if d := divergenceOf(err); d != nil {
		// A Trainer that reports a divergence as an error: the run is
		// stored as diverged, its metrics not available.
		res, err = unavailable(d, nil, time.Since(start).Seconds()), nil
	}
	if err != nil {
		return Record{}, fmt.Errorf("experiment: run %v: %w", spec.Key, err)
	}
	if err := res.validate(); err != nil {
		return Record{}, fmt.Errorf("experiment: run %v: trainer result: %w", spec.Key, err)
	}
	rec := Record{Key: spec.Key, Seed: spec.Seed, Fingerprint: spec.Fingerprint,
		Kernel: prov.Kernel, Code: prov.Code, Go: prov.Go, Result: res}
	if o := res.Origin; o != nil {
		if o.Kernel != prov.Kernel && !s.AllowMixedKernels {
			return Record{}, fmt.Errorf("experiment: run %v: the trainer repeated a run trained on BLAS kernel %s, this sweep runs on %s: %w",
				spec.Key, o.Kernel, prov.Kernel, ErrMixedKernels)
		}
		rec.Kernel, rec.Code, rec.Go, rec.ReusedFrom = o.Kernel, o.Code, o.Go, o.Sweep
		rec.Result.Origin = nil
	}
	if res.Weights != nil && !s.SkipWeights {
		if rec.Weights, err = writeWeights(s.Dir, spec.Key, res.Weights); err != nil {
			return Record{}, err
		}
	}
	rec.Result.Weights = nil
	if err := writeRecord(s.Dir, &rec); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// LoadRecords returns the records of every run of cfg's plan from dir/runs
// (folder format 2 or 1), in plan order, each checked against cfg and the
// inputs stored in dir. Missing runs are an error that counts them and
// names the first few, unless allowMissing, in which case they are left
// out.
func LoadRecords(dir string, cfg *Config, allowMissing bool) ([]Record, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	f, err := openFolder(dir)
	if err != nil {
		return nil, err
	}
	var recs []Record
	var missing []RunKey
	for _, k := range cfg.Plan() {
		r, ok, err := f.readRecord(cfg, k)
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
		return nil, &MissingRunsError{Dir: dir, Missing: len(missing), Total: cfg.planSize(), First: missing[:min(3, len(missing))]}
	}
	return recs, nil
}

// MissingRunsError is LoadRecords' error for a sweep folder that lacks
// runs of its plan: an unfinished sweep, or one shard of a sharded one.
type MissingRunsError struct {
	Dir            string
	Missing, Total int      // runs missing, runs planned
	First          []RunKey // the first few missing, in plan order
}

func (e *MissingRunsError) Error() string {
	return fmt.Sprintf("experiment: %s: %d of %d runs missing (first: %s); finish the sweep or merge its shards first",
		e.Dir, e.Missing, e.Total, fmt.Sprint(e.First))
}
