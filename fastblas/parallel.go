package fastblas

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// runner is a unit of work for the worker goroutines.
type runner interface{ run() }

// work carries jobs to the worker goroutines. It is buffered so that a caller
// never waits for a worker to become idle.
var work = make(chan runner, 64)

// spinning counts the workers that are polling work instead of sleeping.
var spinning atomic.Int32

// spinDuration is how long a worker that has finished a job keeps polling
// for the next one before it goes to sleep. Waking a sleeping goroutine costs
// tens of microseconds, as much as a whole GEMM of the rnn step, while
// the training loop issues its next GEMM within microseconds; a short poll
// keeps consecutive calls parallel without burning a core when idle.
const spinDuration = 100 * time.Microsecond

var workers struct {
	sync.Mutex
	n int
}

// ensureWorkers starts worker goroutines until at least n exist. Workers
// live for the life of the process and sleep while there is no work.
func ensureWorkers(n int) {
	workers.Lock()
	defer workers.Unlock()
	for ; workers.n < n; workers.n++ {
		go worker()
	}
}

func worker() {
	for {
		r := <-work
		for r != nil {
			r.run()
			r = pollWork()
		}
	}
}

// pollWork polls for a job for up to spinDuration and returns nil if none
// came. It yields the processor regularly, so that a goroutine readied on it
// (typically the caller waiting for its parts) is not held up.
func pollWork() runner {
	spinning.Add(1)
	defer spinning.Add(-1)
	start := time.Now()
	for i := 0; ; i++ {
		select {
		case r := <-work:
			return r
		default:
		}
		if i%64 == 63 {
			if time.Since(start) > spinDuration {
				return nil
			}
			runtime.Gosched()
		}
	}
}

// runParts runs g.parts in parallel and returns when all are done. The
// workers are offered parts 1…n−1 and the calling goroutine runs part 0, then
// every part that no worker has started yet (when workers are busy with
// other calls or their threads are descheduled), then polls for up to
// waitSpin for the workers' parts before it sleeps.
func runParts[T float](g *gemmCall[T]) {
	n := len(g.parts)
	ensureWorkers(n - 1)
	cold := int(spinning.Load()) < n-1
	g.refs.Store(int32(n))
	g.pending.Store(int32(n - 1))
	g.wg.Add(n - 1)
	for i := 1; i < n; i++ {
		work <- &g.parts[i]
	}
	if cold {
		// A sleeping worker woken by this goroutine is queued on this
		// goroutine's processor and would start only after part 0; let it
		// run first while an idle processor picks this goroutine up.
		runtime.Gosched()
	}
	g.parts[0].claimed.Store(true)
	p := &g.parts[0]
	start := time.Now()
	g.block(p.i0, p.i1, p.j0, p.j1)
	if g.then != nil {
		g.then(p.i0, p.i1, p.j0, p.j1)
	}
	for i := 1; i < n; i++ {
		g.parts[i].tryRun()
	}
	own := time.Since(start)
	start = time.Now()
	for i := 0; g.pending.Load() > 0; i++ {
		if i%64 == 63 {
			if time.Since(start) > waitSpin {
				break
			}
			runtime.Gosched()
		}
	}
	g.wg.Wait()
	if waited := time.Since(start); waited > own {
		// A worker took more than twice as long as this goroutine's
		// own share (a wake-up costs tens of microseconds, not that):
		// its thread was descheduled on an oversubscribed machine, or
		// the workers are busy with other calls. Splitting then costs
		// more than it gains; run the next calls serially.
		serialCalls.Store(backoffCalls)
	}
}

// serialCalls counts down the Sgemm and Dgemm calls that run on the
// calling goroutine only, after a parallel call found its workers slow.
var serialCalls atomic.Int32

// backoffCalls is how many calls run serially after a slow parallel call
// before splitting is tried again.
const backoffCalls = 32

// parallelAllowed reports whether the next call may be split, consuming
// one serial call of the backoff if not.
func parallelAllowed() bool {
	if serialCalls.Load() <= 0 {
		return true
	}
	serialCalls.Add(-1)
	return false
}

// waitSpin bounds how long a caller polls for its parts to finish before it
// sleeps.
const waitSpin = 500 * time.Microsecond
