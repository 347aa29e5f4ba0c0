package tasks

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// BenchmarkPaperDataset generates the paper's 5,120 training + 2,560
// held-out trials (batches of 128) for each of its three tasks; the issue's
// budget is ≤ 50 ms per task.
func BenchmarkPaperDataset(b *testing.B) {
	for _, name := range []string{"onechoice", "gonogo", "perceptualdm"} {
		task, err := ByName(name)
		require.NoError(b, err)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			rnd := testutil.Rand(1)
			// Errors are checked after the loop, so that the timed body is
			// the call alone (require calls b.Helper, which takes a lock).
			var err error
			for b.Loop() {
				if _, err = NewDataset(task, DefaultDatasetConfig(), rnd); err != nil {
					break
				}
			}
			require.NoError(b, err)
		})
	}
}

// BenchmarkWriteTrial writes one trial of every task into a reused batch of
// 128 (default configurations).
func BenchmarkWriteTrial(b *testing.B) {
	for _, name := range Names() {
		task, err := ByName(name)
		require.NoError(b, err)
		bt, err := NewBatch(task.Spec(), DefaultBatchSize)
		require.NoError(b, err)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			rnd := testutil.Rand(1)
			i := 0
			for b.Loop() {
				task.WriteTrial(bt, i%DefaultBatchSize, rnd)
				i++
			}
		})
	}
}
