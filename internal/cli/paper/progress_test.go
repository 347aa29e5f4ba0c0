package paper

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

func TestProgress(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := newProgress(&buf) // not a terminal: log lines
	lp, ok := p.(*logProgress)
	require.True(t, ok, "newProgress(buffer) = %T, want log lines", p)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	lp.now = func() time.Time { return now }
	lp.Start(10, 4)
	now = now.Add(30 * time.Second)
	lp.Finished(&experiment.Record{Key: experiment.RunKey{Task: 1, Variant: "W*D*C", Simulation: 3},
		Result: experiment.RunResult{Accuracy: 0.9171875, Seconds: 29.5}}, 2)
	lp.Stop()
	want := "sweep: 10 runs, 4 already done, 6 to train\n" +
		"[2/6] Task1/W*D*C/sim3: Accuracy 0.917 Loss 0.0000 Validation_Accuracy 0.000 test 0.000 (29.5 s); elapsed 30s, ETA 1m0s\n" +
		"sweep: stopped after 30s\n"
	assert.Equal(t, want, buf.String(), "log progress")

	var bar bytes.Buffer
	b := newBarProgress(&bar)
	b.Start(3, 1)
	b.Finished(&experiment.Record{Key: experiment.RunKey{Task: 1, Variant: "W", Simulation: 0}}, 1)
	b.Finished(&experiment.Record{Key: experiment.RunKey{Task: 1, Variant: "W", Simulation: 1}}, 2)
	b.Stop()
	assert.Contains(t, bar.String(), "2/2", "progress bar count")
}
