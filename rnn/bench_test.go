package rnn

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// trainStepFlops counts the GEMM flops of one training step (2 per
// multiply-add): the input projection and W_in gradient (2·T·B·NIn·N each),
// the recurrence forward, ∂h propagation and the W_rec gradient
// (2·(T−1)·B·N² each, since h_0 = 0), and the last-step readout forward,
// gradient and back-projection (2·B·N·NOut each).
func trainStepFlops(T, B, nIn, n, nOut int) float64 {
	f := 2 * 2 * float64(T*B*nIn*n)
	f += 3 * 2 * float64((T-1)*B) * float64(n*n)
	f += 3 * 2 * float64(B*n*nOut)
	return f
}

// BenchmarkTrainStep times one float32 training step (forward, BPTT, L1
// penalty, Adam) at the paper's sizes: batch 128, 50 steps, 8 inputs, 4
// classes, input noise 0.05, with the BLAS the kernel rule picks (fastblas,
// unless the test binary installed another).
func BenchmarkTrainStep(b *testing.B) {
	for _, n := range []int{312, 160, 70} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			const T, B, nIn, nOut = 50, 128, 8, 4
			rnd := testutil.Rand(1)
			cfg := Config{NIn: nIn, NRec: n, NOut: nOut, InputNoise: DefaultInputNoise}
			m, err := New(cfg, rnd)
			require.NoError(b, err)
			tr, err := NewTrainer(m, TrainConfig{Penalty: L1{Lambda: 1e-4}}, rnd)
			require.NoError(b, err)
			batch := randomBatch(cfg, T, B, rnd)
			_, _, _, err = tr.TrainStep(&batch) // warm the workspace
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

// BenchmarkSgemm times the BLAS in use (blas32.Implementation) on the
// step's typical product, 128×312 times 312×312, for the ratio the
// training-step benchmark is judged by.
func BenchmarkSgemm(b *testing.B) {
	const m, k, n = 128, 312, 312
	rnd := testutil.Rand(1)
	mk := func(r, c int) blas32.General {
		d := make([]float32, r*c)
		for i := range d {
			d[i] = float32(rnd.NormFloat64())
		}
		return blas32.General{Rows: r, Cols: c, Stride: c, Data: d}
	}
	x, w, z := mk(m, k), mk(k, n), mk(m, n)
	b.ReportAllocs()
	for b.Loop() {
		blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, x, w, 1, z)
	}
	b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
