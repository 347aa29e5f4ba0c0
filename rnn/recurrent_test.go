package rnn

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/fastblas"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// TestRecurrentProducts checks recurrent32/64 against blas32/64.Gemm with
// the same BLAS installed: bit for bit, for W and Wᵀ, with fastblas (the
// packed path) and with gonum (the fallback). It swaps the global BLAS, so
// it must not run in parallel with other tests.
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
	for _, impl := range []struct {
		name   string
		b32    blas.Float32
		b64    blas.Float64
		packed bool
	}{
		{"fastblas", fastblas.Implementation{}, fastblas.Implementation{}, true},
		{"gonum", gonum.Implementation{}, gonum.Implementation{}, false},
	} {
		blas32.Use(impl.b32)
		blas64.Use(impl.b64)
		for _, trans := range []bool{false, true} {
			var r64 recurrent64
			r64.pack(w64, n, trans)
			if r64.ok != impl.packed {
				t.Fatalf("%s: packed = %v", impl.name, r64.ok)
			}
			got64 := append([]float64(nil), c64...)
			want64 := append([]float64(nil), c64...)
			covered64 := 0
			r64.mulAddThen(a64, rows, 1, got64, func(i0, i1, j0, j1 int) { covered64 += (i1 - i0) * (j1 - j0) })
			if covered64 != rows*n {
				t.Fatalf("%s float64: epilogue saw %d elements, want %d", impl.name, covered64, rows*n)
			}
			blas64.Gemm(blas.NoTrans, transposeOf(trans), 1, gen64(a64, rows, n), gen64(w64, n, n), 1, gen64(want64, rows, n))
			for i := range got64 {
				if got64[i] != want64[i] {
					t.Fatalf("%s float64 trans=%v: c[%d] = %v, Gemm %v", impl.name, trans, i, got64[i], want64[i])
				}
			}
			var r32 recurrent32
			r32.pack(w32, n, trans)
			got32 := append([]float32(nil), c32...)
			want32 := append([]float32(nil), c32...)
			r32.mulAddThen(a32, rows, 1, got32, func(int, int, int, int) {})
			blas32.Gemm(blas.NoTrans, transposeOf(trans), 1, gen32(a32, rows, n), gen32(w32, n, n), 1, gen32(want32, rows, n))
			for i := range got32 {
				if got32[i] != want32[i] {
					t.Fatalf("%s float32 trans=%v: c[%d] = %v, Gemm %v", impl.name, trans, i, got32[i], want32[i])
				}
			}
		}
	}
}

// serialFast is fastblas hidden behind another type, so that recurrent32/64
// take the fallback path (one Gemm, then the epilogue over the whole matrix)
// while the products stay fastblas's, bit for bit.
type serialFast struct{ fastblas.Implementation }

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
				blas32.Use(serialFast{fast})
				blas64.Use(serialFast{fast})
			}
			rnd := testutil.Rand(11)
			cfg := Config{NIn: 5, NRec: n, NOut: 3, Activation: c.act, Alpha: c.alpha, Arithmetic: c.prec, InputNoise: 0.05}
			m, err := New(cfg, rnd)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := NewTrainer(m, TrainConfig{}, rnd)
			if err != nil {
				t.Fatal(err)
			}
			batch := randomBatch(cfg, steps, size, rnd)
			for i := 0; i < 3; i++ {
				if _, _, _, err := tr.TrainStep(&batch); err != nil {
					t.Fatal(err)
				}
			}
			var out []*mat.Dense
			for _, p := range []Param{InputKernel, RecurrentKernel, Bias, OutputKernel} {
				out = append(out, m.WeightsTo(nil, p))
			}
			return out
		}
		fused, serial := train(true), train(false)
		for i := range fused {
			if !mat.Equal(fused[i], serial[i]) {
				t.Errorf("%v α=%g %v: parameter %d differs between the fused and the serial epilogue", c.act, c.alpha, c.prec, i)
			}
		}
	}
}
