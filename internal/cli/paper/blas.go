package paper

import (
	"runtime"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/cortexrnn/cortexrnn/fastblas"
)

// useFastBLAS installs the project's assembly GEMM kernels for blas32 (the
// RNN) and blas64 (the penalties' matrix exponential). With jobs trainings
// in parallel, each matrix product gets GOMAXPROCS/jobs threads so that the
// runs do not oversubscribe the cores. Subnormal results are flushed to zero,
// as TensorFlow (the published code) does on CPU: without it, networks whose
// weights a penalty drives towards zero (the plain-L1 variant W) train about
// five times slower on x86; only values below 2^-126 ≈ 1.2e-38 change.
func useFastBLAS(jobs int) {
	threads := max(1, runtime.GOMAXPROCS(0)/max(1, jobs))
	blas32.Use(fastblas.Implementation{Threads: threads, FlushSubnormals: true})
	blas64.Use(fastblas.Implementation{Threads: threads, FlushSubnormals: true})
}
