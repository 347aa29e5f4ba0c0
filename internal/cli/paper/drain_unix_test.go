//go:build unix

package paper

import (
	"context"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	require.NoError(t, err)
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
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGUSR1))
	// The signal is handled asynchronously: wait until the trainer drains.
	tr := sw.Trainer.(*hookedTrainer)
	require.Eventually(t, func() bool {
		tr.mu.Lock()
		defer tr.mu.Unlock()
		return tr.draining
	}, 10*time.Second, 10*time.Millisecond, "the drain signal was not handled")
	close(release)
	err = <-done
	assert.ErrorIs(t, err, errDrained, "Run")
	assert.ErrorIs(t, err, context.Canceled, "Run")
	assert.Equal(t, 2, st.Ran, "runs stored")
	assert.Equal(t, 2, calls, "runs trained")
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
	assert.Equal(t, [2]int{2, 2}, n, "events (started, finished):\n%s", strings.Join(lines, "\n"))
}
