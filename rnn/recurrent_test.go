package rnn

import (
	"fmt"
	"testing"

	"github.com/cortexrnn/cortexrnn/fastblas"
	"github.com/cortexrnn/cortexrnn/internal/kernels"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// TestRecurrentProducts checks recurrent32/64 against the products of the
// BLAS in use (kernels.Gemm32/64): bit for bit, for W and Wᵀ, on the packed
// path (fastblas by value, by pointer, embedded in another type, and in
// place of gonum's default) and on the fallback (a BLAS of the user's own,
// here gonum wrapped in another type). It swaps the global BLAS, so it must
// not run in parallel with other tests.
func TestRecurrentProducts(t *testing.T) {
	prev32, prev64 := blas32.Implementation(), blas64.Implementation()
	defer func() { blas32.Use(prev32); blas64.Use(prev64) }()
	rnd := testutil.Rand(3)
	const n, rows = 37, 29
	w64 := testutil.Normal(rnd, n*n, 1)
	a64 := testutil.Normal(rnd, rows*n, 1)
	c64 := testutil.Normal(rnd, rows*n, 1)
	w32, a32, c32 := make([]float32, n*n), make([]float32, rows*n), make([]float32, rows*n)
	narrow(w32, w64)
	narrow(a32, a64)
	narrow(c32, c64)
	type both interface {
		blas.Float32
		blas.Float64
	}
	for _, impl := range []struct {
		name   string
		blas   both
		packed bool
	}{
		{"fastblas", fastblas.Implementation{}, true},
		{"fastblas pointer", &fastblas.Implementation{Threads: 2}, true},
		{"fastblas embedded", embedsFast{fastblas.Implementation{}}, true},
		{"gonum default", gonum.Implementation{}, true},
		{"user's own", ownBLAS{}, false},
	} {
		blas32.Use(impl.blas)
		blas64.Use(impl.blas)
		for _, trans := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/trans=%v", impl.name, trans), func(t *testing.T) {
				var r64 recurrent64
				r64.pack(w64, n, trans)
				require.Equal(t, impl.packed, r64.ok, "packed path")
				got64 := append([]float64(nil), c64...)
				want64 := append([]float64(nil), c64...)
				covered64 := 0
				r64.mulAddThen(a64, rows, 1, got64, func(i0, i1, j0, j1 int) { covered64 += (i1 - i0) * (j1 - j0) })
				require.Equal(t, rows*n, covered64, "float64: elements the epilogue saw")
				kernels.Gemm64(blas.NoTrans, transposeOf(trans), 1, gen64(a64, rows, n), gen64(w64, n, n), 1, gen64(want64, rows, n))
				testutil.AssertSameBits(t, got64, want64, "float64")

				var r32 recurrent32
				r32.pack(w32, n, trans)
				require.Equal(t, impl.packed, r32.ok, "packed path")
				got32 := append([]float32(nil), c32...)
				want32 := append([]float32(nil), c32...)
				r32.mulAddThen(a32, rows, 1, got32, func(int, int, int, int) {})
				kernels.Gemm32(blas.NoTrans, transposeOf(trans), 1, gen32(a32, rows, n), gen32(w32, n, n), 1, gen32(want32, rows, n))
				testutil.AssertSameBits(t, got32, want32, "float32")
				if impl.name == "gonum default" {
					// What runs in place of gonum's default is fastblas.
					fast := append([]float32(nil), c32...)
					fastblas.Implementation{}.Sgemm(blas.NoTrans, transposeOf(trans), rows, n, n, 1, a32, n, w32, n, 1, fast, n)
					testutil.AssertSameBits(t, got32, fast, "float32 vs fastblas")
				}
			})
		}
	}
}

// embedsFast is a wrapper of fastblas, as a program might write to count
// calls: it keeps the packed path.
type embedsFast struct{ fastblas.Implementation }

// ownBLAS stands for a BLAS the user installed (OpenBLAS through netlib,
// say): a type other than gonum's default, without packed products.
type ownBLAS struct{ gonum.Implementation }

// serialFast32/64 are fastblas hidden behind the plain BLAS interfaces, so
// that recurrent32/64 take the fallback path (one Gemm, then the epilogue
// over the whole matrix) while the products stay fastblas's, bit for bit.
type (
	serialFast32 struct{ blas.Float32 }
	serialFast64 struct{ blas.Float64 }
)

// TestEpilogueSteps checks that training with the fused epilogues of
// mulAddThen (fastblas, 2 threads: the activation and its derivative run
// per block, on both goroutines) gives bit for bit the weights of the
// serial passes, for ReLU without leak, tanh with a leak (α = 0.3, the
// (1−α) terms) and both precisions, over three Adam steps.
func TestEpilogueSteps(t *testing.T) {
	prev32, prev64 := blas32.Implementation(), blas64.Implementation()
	defer func() { blas32.Use(prev32); blas64.Use(prev64) }()
	const n, steps, size = 160, 6, 32 // 32·160·160 multiply–adds: split over 2 threads
	for _, c := range []struct {
		act   Activation
		alpha float64
		prec  Arithmetic
	}{{ReLU, 1, Float32}, {Tanh, 0.3, Float32}, {ReLU, 0.3, Float64}} {
		train := func(fused bool) []*mat.Dense {
			fast := fastblas.Implementation{Threads: 2}
			if fused {
				blas32.Use(fast)
				blas64.Use(fast)
			} else {
				blas32.Use(serialFast32{fast})
				blas64.Use(serialFast64{fast})
			}
			rnd := testutil.Rand(11)
			cfg := Config{NIn: 5, NRec: n, NOut: 3, Activation: c.act, Alpha: c.alpha, Arithmetic: c.prec, InputNoise: 0.05}
			m, err := New(cfg, rnd)
			require.NoError(t, err)
			tr, err := NewTrainer(m, TrainConfig{}, rnd)
			require.NoError(t, err)
			batch := randomBatch(cfg, steps, size, rnd)
			for i := 0; i < 3; i++ {
				_, _, _, err := tr.TrainStep(&batch)
				require.NoError(t, err)
			}
			var out []*mat.Dense
			for _, p := range []Param{InputKernel, RecurrentKernel, Bias, OutputKernel} {
				out = append(out, m.WeightsTo(nil, p))
			}
			return out
		}
		fused, serial := train(true), train(false)
		for i := range fused {
			assert.True(t, mat.Equal(fused[i], serial[i]), "%v α=%g %v: parameter %d differs between the fused and the serial epilogue", c.act, c.alpha, c.prec, i)
		}
	}
}
