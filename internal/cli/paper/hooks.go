package paper

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"time"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// Cluster hooks of "paper run": a per-run event log, a clean stop before a
// time limit, and a test-only hold. They wrap the Trainer and the Reporter
// of an experiment.Sweep, so the sweep itself is unchanged.

// envHoldRun names a run (experiment.RunKey.String, e.g. "Task1/WD/sim1")
// that waits, after its "started" event and before training, until the
// process is stopped (the run is then not stored) or told to drain (the run
// then trains, as a long run in flight would). It exists for the end-to-end
// test of paper submit (.ci/slurm-e2e.sh), which needs an array task that
// is certainly in the middle of a run when it cancels or signals it; it has
// no other use.
const envHoldRun = "CORTEXRNN_TEST_HOLD_RUN"

// eventsDir is the folder of the event logs inside a sweep folder.
const eventsDir = "events"

// errDrained is returned for runs not started because a drain signal
// (drainSignals, SIGUSR1 on Unix) came.
var errDrained = fmt.Errorf("stopped by SIGUSR1 (the time limit is near): %w", context.Canceled)

// runHooks are the flags of paper run that configure the hooks.
type runHooks struct {
	events bool
}

func (h *runHooks) register(fs *flag.FlagSet) {
	fs.BoolVar(&h.events, "events", false, "append a line per run started, finished or stopped to DIR/<folder>/"+eventsDir+"/<host>-<pid>.log")
}

// attach wraps sw's Trainer and Progress: the event log (with -events),
// drainSignal handling and the test hold (envHoldRun). It returns a
// function that undoes what attach set up; call it when sw.Run returns.
func (h *runHooks) attach(sw *experiment.Sweep, getenv func(string) string, stderr io.Writer) (func(), error) {
	t := &hookedTrainer{inner: sw.Trainer, hold: getenv(envHoldRun), drained: make(chan struct{})}
	if t.hold != "" {
		fmt.Fprintf(stderr, "paper: %s=%s: that run will wait until the process is stopped (a test hook)\n", envHoldRun, t.hold)
	}
	if h.events {
		l, err := openEventLog(sw.Dir, getenv)
		if err != nil {
			return nil, err
		}
		t.log = l
		sw.Progress = &eventReporter{inner: sw.Progress, log: l}
	}
	sw.Trainer = t
	sig := make(chan os.Signal, 1)
	if len(drainSignals) > 0 {
		signal.Notify(sig, drainSignals...)
	}
	quit := make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			fmt.Fprintf(stderr, "paper: %v: finishing the runs in flight, starting no new one\n", s)
			t.drain()
		case <-quit:
		}
	}()
	return func() {
		signal.Stop(sig)
		close(quit)
		if t.log != nil {
			if err := t.log.close(); err != nil {
				fmt.Fprintf(stderr, "paper: event log: %v\n", err)
			}
		}
	}, nil
}

// hookedTrainer wraps a Trainer with the event log, draining and the hold.
type hookedTrainer struct {
	inner experiment.Trainer
	log   *eventLog // nil without -events
	hold  string    // envHoldRun's value

	mu       sync.Mutex
	inflight int
	draining bool
	drained  chan struct{} // closed by drain
}

func (t *hookedTrainer) drain() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.draining {
		t.draining = true
		close(t.drained)
	}
}

// Run trains spec unless draining. A run refused while draining first waits
// until the runs in flight have finished: experiment.Sweep cancels the
// shared context on the first error, which would stop them too.
func (t *hookedTrainer) Run(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
	t.mu.Lock()
	if t.draining {
		t.mu.Unlock()
		for {
			t.mu.Lock()
			n := t.inflight
			t.mu.Unlock()
			if n == 0 {
				return experiment.RunResult{}, errDrained
			}
			select {
			case <-ctx.Done():
				return experiment.RunResult{}, ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	t.inflight++
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		t.inflight--
		t.mu.Unlock()
	}()
	t.log.event("started", spec.Key, nil)
	if spec.Key.String() == t.hold {
		select {
		case <-ctx.Done():
			t.log.event("stopped", spec.Key, ctx.Err())
			return experiment.RunResult{}, ctx.Err()
		case <-t.drained:
		}
	}
	res, err := t.inner.Run(ctx, spec)
	if err != nil {
		ev := "failed"
		if errors.Is(err, context.Canceled) {
			ev = "stopped"
		}
		t.log.event(ev, spec.Key, err)
	}
	return res, err
}

// eventReporter logs "finished" once a run is stored, then reports to inner.
type eventReporter struct {
	inner experiment.Reporter // may be nil
	log   *eventLog
}

func (r *eventReporter) Start(total, skipped int) {
	if r.inner != nil {
		r.inner.Start(total, skipped)
	}
}

func (r *eventReporter) Finished(rec *experiment.Record, done int) {
	r.log.event("finished", rec.Key, nil)
	if r.inner != nil {
		r.inner.Finished(rec, done)
	}
}

func (r *eventReporter) Stop() {
	if r.inner != nil {
		r.inner.Stop()
	}
}

// eventLog appends one line per event to DIR/events/<host>-<pid>.log:
//
//	2026-12-01T21:40:00.123Z started Task1/WD/sim1 host=node7 pid=4242 slurm=118_2
//
// (slurm=<SLURM_JOB_ID>, present under Slurm; "stopped" and "failed" lines
// end with err=<quoted message>). Each process writes its own file, so that
// shards sharing a sweep folder on a network file system, where appends
// from several machines may interleave, never write to the same file.
type eventLog struct {
	mu    sync.Mutex
	f     *os.File
	tail  string // " host=… pid=…[ slurm=…]"
	err   error  // the first write error
	clock func() time.Time
}

func openEventLog(dir string, getenv func(string) string) (*eventLog, error) {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	d := filepath.Join(dir, eventsDir)
	if err := os.MkdirAll(d, 0o755); err != nil {
		return nil, fmt.Errorf("event log: %w", err)
	}
	name := filepath.Join(d, fmt.Sprintf("%s-%d.log", host, os.Getpid()))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("event log: %w", err)
	}
	tail := fmt.Sprintf(" host=%s pid=%d", host, os.Getpid())
	if id := getenv("SLURM_JOB_ID"); id != "" {
		tail += " slurm=" + id
		if a, t := getenv("SLURM_ARRAY_JOB_ID"), getenv("SLURM_ARRAY_TASK_ID"); a != "" && t != "" {
			tail += fmt.Sprintf(" array=%s_%s", a, t)
		}
	}
	return &eventLog{f: f, tail: tail, clock: time.Now}, nil
}

// event writes one line (nothing on a nil log). Write errors are kept for
// close: a lost log line must not stop a sweep.
func (l *eventLog) event(what string, k experiment.RunKey, err error) {
	if l == nil {
		return
	}
	line := fmt.Sprintf("%s %s %s%s", l.clock().UTC().Format("2006-01-02T15:04:05.000Z"), what, k, l.tail)
	if err != nil {
		line += fmt.Sprintf(" err=%q", err.Error())
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, werr := l.f.Write([]byte(line + "\n")); werr != nil && l.err == nil {
		l.err = werr
	}
}

func (l *eventLog) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.f.Close(); err != nil && l.err == nil {
		l.err = err
	}
	return l.err
}
