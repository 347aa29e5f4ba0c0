package experiment

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// BenchmarkPaperTrainerEpoch6_6_2 times one run of one epoch (5,120 training
// trials, 2,560 validation and 2,560 test trials, graph metrics with 1,000
// nulls) on the canonical field at the paper's sizes (N = 312, batch 128),
// for the cheapest (W), the direct communicability (W*D*C) and the EMD
// (W*D*C*) variants. A full run is about 10 × the training share.
func BenchmarkPaperTrainerEpoch6_6_2(b *testing.B) {
	dir := testutil.MicronsField(b, "6_6_2")
	cfg := ReferenceConfig()
	cfg.FieldDir = dir
	cfg.Epochs = 1
	field, err := LoadField(&cfg)
	require.NoError(b, err)
	tr, err := NewPaperTrainer(&cfg, field)
	require.NoError(b, err)
	for _, v := range []string{"W", "W*D*C", "W*D*C*"} {
		b.Run(v, func(b *testing.B) {
			spec, err := tr.spec(RunKey{Task: 1, Variant: v, Simulation: 0})
			require.NoError(b, err)
			b.ReportAllocs()
			for b.Loop() {
				res, err := tr.Run(context.Background(), spec)
				if err != nil {
					require.NoError(b, err)
				}
				b.ReportMetric(res.Accuracy, "acc")
			}
		})
	}
}
