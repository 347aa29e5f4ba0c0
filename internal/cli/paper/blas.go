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

// jobsUsage is the help of the -j flags that train.
const jobsUsage = "runs trained at once, each with GOMAXPROCS/j BLAS threads (results do not depend on it); " +
	"0: one run per CPU (fewer when the sweep plans fewer runs), the faster choice at every field size measured on 2 cores; " +
	"memory grows with it (about 100 MB per run at N = 312)"

// autoJobs returns the runs to train at once for -j jobs: jobs itself when
// positive; for 0, one run per CPU, but no more than the planned runs, so
// that a small sweep gives its runs more BLAS threads instead of idle CPUs.
// planned is the whole plan's size: the split is chosen before the folder
// is read, so a shard or a resume with fewer runs left still gets one run
// per CPU.
// Two one-thread runs side by side finished sooner than two runs one after
// the other with two threads each on every field measured, N = 42 to 632
// (bench -pipeline-jobs 2, bench/README.md), because the products of one
// time step are too small to split well across cores.
func autoJobs(jobs, planned int) int {
	if jobs > 0 {
		return jobs
	}
	return max(1, min(runtime.GOMAXPROCS(0), planned))
}
