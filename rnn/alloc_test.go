package rnn

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/gonum"
)

// countingBLAS counts Sgemm calls and delegates to gonum's implementation,
// which runs serially (without allocating) at the small sizes used here.
type countingBLAS struct {
	gonum.Implementation
	gemms int
}

func (c *countingBLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, cc []float32, ldc int) {
	c.gemms++
	c.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, cc, ldc)
}

// TestTrainStepStructureAndAllocs installs a counting BLAS with blas32.Use
// (so it also checks that the engine goes through blas32's package
// functions) and checks that a steady-state training step (with noise and a
// penalty) allocates nothing and makes exactly 2T+4 GEMM calls: the input
// projection, T−1 recurrent steps and the readout forward; the readout
// gradient and back-projection, T−1 ∂h propagations, one W_rec gradient and
// one W_in gradient backward. Not parallel: it swaps the global BLAS.
func TestTrainStepStructureAndAllocs(t *testing.T) {
	counter := &countingBLAS{}
	old := blas32.Implementation()
	blas32.Use(counter)
	defer blas32.Use(old)
	const T = 7
	for _, loss := range []Loss{LastStepCrossEntropy, MaskedMSE} {
		cfg := Config{NIn: 3, NRec: 8, NOut: 2, Loss: loss, InputNoise: 0.1, RecurrentNoise: 0.1, Alpha: 0.5, Dale: true}
		rnd := testutil.Rand(1)
		m, err := New(cfg, rnd)
		require.NoError(t, err)
		tr, err := NewTrainer(m, TrainConfig{Penalty: L1{Lambda: 1e-3}, Optimizer: OptimizerConfig{ClipNorm: 1}}, rnd)
		require.NoError(t, err)
		b := randomBatch(cfg, T, 4, rnd)
		step := func() {
			_, _, _, err := tr.TrainStep(&b)
			require.NoError(t, err)
		}
		step()
		counter.gemms = 0
		step()
		assert.Equal(t, 2*T+4, counter.gemms, "%s: %d GEMM calls per step, want %d", loss, counter.gemms, 2*T+4)
		a := testing.AllocsPerRun(20, step)
		assert.EqualValues(t, 0, a, "%s: %g allocations per steady-state step, want 0", loss, a)
	}
}
