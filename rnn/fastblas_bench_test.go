package rnn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/fastblas"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/mat"
)

// useFastBLAS installs fastblas as the float32 BLAS for the rest of the
// benchmark and restores the previous implementation afterwards.
func useFastBLAS(b *testing.B, impl fastblas.Implementation) {
	prev := blas32.Implementation()
	blas32.Use(impl)
	b.Cleanup(func() { blas32.Use(prev) })
}

// countSubnormal32 returns how many elements of s are float32 subnormals.
func countSubnormal32(s []float32) int {
	c := 0
	for _, v := range s {
		if v != 0 && math.Abs(float64(v)) < 0x1p-126 {
			c++
		}
	}
	return c
}

// BenchmarkTrainStepFastBLAS times the float32 training step of
// BenchmarkTrainStep at N = 312 with fastblas installed, for the model as
// initialised ("orthogonal") and with W_rec scaled by 10⁻³ ("tiny"), the
// state a strong L1 penalty drives W towards: ∂L/∂h then decays by a factor
// ≈ ‖W‖ per step back in time and passes through the float32 subnormal range
// (2⁻¹⁴⁹ ≤ |x| < 2⁻¹²⁶), where x86 cores take microcode assists unless
// subnormals are flushed. It reports the number of subnormal elements of
// ∂L/∂z and ∂L/∂h after one step.
func BenchmarkTrainStepFastBLAS(b *testing.B) {
	for _, scale := range []float64{1, 1e-3} {
		name := "orthogonal"
		if scale != 1 {
			name = "tiny"
		}
		for _, flush := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/flush=%t", name, flush), func(b *testing.B) {
				useFastBLAS(b, fastblas.Implementation{FlushSubnormals: flush})
				const n, T, B, nIn, nOut = 312, 50, 128, 8, 4
				rnd := testutil.Rand(1)
				cfg := Config{NIn: nIn, NRec: n, NOut: nOut, InputNoise: DefaultInputNoise}
				m, err := New(cfg, rnd)
				require.NoError(b, err)
				w := m.WeightsTo(nil, RecurrentKernel)
				w.Scale(scale, w)
				require.NoError(b, m.SetWeights(RecurrentKernel, mat.Matrix(w)))
				tr, err := NewTrainer(m, TrainConfig{Penalty: L1{Lambda: 1e-4}}, rnd)
				require.NoError(b, err)
				batch := randomBatch(cfg, T, B, rnd)
				_, _, _, err = tr.TrainStep(&batch)
				require.NoError(b, err)
				e := m.eng.(*engine32)
				sub := countSubnormal32(e.dz) + countSubnormal32(e.dh)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					if _, _, _, err := tr.TrainStep(&batch); err != nil {
						require.NoError(b, err)
					}
				}
				b.ReportMetric(trainStepFlops(T, B, nIn, n, nOut)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				b.ReportMetric(float64(sub), "subnormals")
			})
		}
	}
}
