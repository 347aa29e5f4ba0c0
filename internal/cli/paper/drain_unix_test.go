//go:build unix

package paper

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// TestDrainFinishesRunsInFlight sends the drain signal while two runs are
// in flight: both are stored, nothing else starts, and the sweep reports
// the stop as a cancellation.
func TestDrainFinishesRunsInFlight(t *testing.T) {
	started := make(chan struct{}, 6)
	release := make(chan struct{})
	var mu sync.Mutex
	calls := 0
	sw := sweepForHooks(t, experiment.TrainerFunc(func(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		started <- struct{}{}
		<-release
		return experiment.RunResult{Accuracy: 0.5, History: []experiment.Epoch{{}}}, nil
	}))
	h := runHooks{events: true}
	detach, err := h.attach(sw, func(string) string { return "" }, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	defer detach()
	done := make(chan error, 1)
	var st experiment.SweepStats
	go func() {
		var err error
		st, err = sw.Run(context.Background())
		done <- err
	}()
	<-started
	<-started
	if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	// The signal is handled asynchronously: wait until the trainer drains.
	tr := sw.Trainer.(*hookedTrainer)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		tr.mu.Lock()
		d := tr.draining
		tr.mu.Unlock()
		if d {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the drain signal was not handled")
		}
	}
	close(release)
	err = <-done
	if !errors.Is(err, errDrained) || !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v, want errDrained", err)
	}
	if st.Ran != 2 || calls != 2 {
		t.Errorf("%d runs stored, %d trained; want 2 and 2", st.Ran, calls)
	}
	lines := eventLines(t, sw.Dir)
	var n [2]int
	for _, l := range lines {
		switch strings.Fields(l)[1] {
		case "started":
			n[0]++
		case "finished":
			n[1]++
		}
	}
	if n != [2]int{2, 2} {
		t.Errorf("events %v: want 2 started, 2 finished:\n%s", n, strings.Join(lines, "\n"))
	}
}
