package rnn

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/fastblas"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/gonum"
)

// BenchmarkTrainStepDefaultBLAS times BenchmarkTrainStep's float32 step at
// N = 312 under the three situations of the kernel rule (package doc):
// nothing installed (gonum's default, so fastblas runs), gonum installed by
// the program as a BLAS of its own (respected: gonum's kernels run, which is
// what a program that did not install fastblas got before the rule), and
// fastblas installed explicitly.
func BenchmarkTrainStepDefaultBLAS(b *testing.B) {
	for _, c := range []struct {
		name string
		impl blas.Float32
	}{
		{"nothing-installed", gonum.Implementation{}},
		{"own-gonum-installed", ownBLAS{}},
		{"fastblas-installed", fastblas.Implementation{}},
	} {
		b.Run(c.name, func(b *testing.B) {
			prev := blas32.Implementation()
			blas32.Use(c.impl)
			b.Cleanup(func() { blas32.Use(prev) })
			const n, T, B, nIn, nOut = 312, 50, 128, 8, 4
			rnd := testutil.Rand(1)
			cfg := Config{NIn: nIn, NRec: n, NOut: nOut, InputNoise: DefaultInputNoise}
			m, err := New(cfg, rnd)
			require.NoError(b, err)
			tr, err := NewTrainer(m, TrainConfig{Penalty: L1{Lambda: 1e-4}}, rnd)
			require.NoError(b, err)
			batch := randomBatch(cfg, T, B, rnd)
			_, _, _, err = tr.TrainStep(&batch)
			require.NoError(b, err)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, _, _, err := tr.TrainStep(&batch); err != nil {
					require.NoError(b, err)
				}
			}
			b.ReportMetric(trainStepFlops(T, B, nIn, n, nOut)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
