package fastblas

import (
	"runtime"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is a BLAS implementation whose Sgemm and Dgemm use packed,
// cache-blocked, multi-threaded GEMM with assembly micro-kernels; every other
// routine is gonum's native implementation, which it embeds. The zero value
// is ready to use.
//
//	blas32.Use(fastblas.Implementation{})
//	blas64.Use(fastblas.Implementation{})
type Implementation struct {
	gonum.Implementation

	// Threads is the largest number of goroutines one Sgemm or Dgemm call
	// uses. Zero or negative means runtime.GOMAXPROCS(0). Problems smaller
	// than 2¹⁹ multiply–adds always run on the calling goroutine.
	Threads int

	// FlushSubnormals, when true, makes Sgemm and Dgemm treat subnormal
	// inputs as zero and write zero for subnormal results (the FTZ and DAZ
	// flags of the x86 MXCSR register, set by the assembly kernels for the
	// duration of each micro-kernel call and restored before it returns),
	// as TensorFlow and PyTorch builds with flush-to-zero do on CPUs.
	// Subnormal operands make x86 cores take microcode assists costing
	// about a hundred cycles per vector instruction: a GEMM whose operands
	// decay into the subnormal range, such as back-propagation through a
	// network whose recurrent weights an L1 penalty has driven to zero, can
	// run many times slower. The results then obey the error bound of
	// Sgemm with the smallest normal number (2⁻¹²⁶, 2⁻¹⁰²² for Dgemm) in
	// place of the smallest subnormal as the absolute error of each
	// operation, plus the terms that involve a subnormal input, which are
	// dropped. The default (false) is exact IEEE 754 arithmetic. The
	// pure-Go fallback kernel ignores the option and is always IEEE.
	FlushSubnormals bool
}

var (
	_ blas.Float32 = Implementation{}
	_ blas.Float64 = Implementation{}
)

// Kernels chosen once for this CPU: the first (fastest) available.
var (
	kernel32 = kernels32()[0]
	kernel64 = kernels64()[0]
)

// KernelName reports which micro-kernel Sgemm and Dgemm use on this CPU:
// "avx512", "avx2" or "generic" (the pure-Go fallback).
func KernelName() string { return kernel32.name }

// threads returns the number of goroutines the next call may use: Threads
// (default GOMAXPROCS), or 1 while a recent parallel call found its workers
// slow (see runParts).
func (impl Implementation) threads() int {
	t := impl.Threads
	if t <= 0 {
		t = runtime.GOMAXPROCS(0)
	}
	if t > 1 && !parallelAllowed() {
		return 1
	}
	return t
}

// Sgemm performs one of the matrix-matrix operations
//
//	C = alpha * op(A) * op(B) + beta * C,  op(X) = X or Xᵀ,
//
// where op(A) is m×k, op(B) is k×n and C is m×n, all row-major with leading
// dimensions lda, ldb and ldc. When beta is zero C is not read (NaN or Inf
// in C does not propagate); when alpha is zero or k is zero A and B are not
// read. Sgemm panics, with gonum's messages, for an illegal transpose,
// negative sizes, bad leading dimensions and short slices.
//
// Each element of the result differs from the exact value by at most
// γ_{k+2}·(|alpha|·Σ_p |op(A)[i,p]|·|op(B)[p,j]| + |beta|·|C[i,j]|) with
// γ_n = n·u/(1−n·u) and u = 2⁻²⁴, the classical bound for inner products
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1,
// doi:10.1137/1.9780898718027), whatever the summation order.
// Unlike gonum and the reference BLAS, zeros in A are not skipped, so
// 0·Inf in a product gives NaN as IEEE arithmetic prescribes.
func (impl Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !gemmArgsValid(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) {
		// gonum raises the matching panic.
		impl.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if m == 0 || n == 0 {
		return
	}
	gemm(&kernel32, impl.threads(), impl.FlushSubnormals, tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dgemm performs one of the matrix-matrix operations
//
//	C = alpha * op(A) * op(B) + beta * C,  op(X) = X or Xᵀ,
//
// in float64, with the semantics, panics and error bound of Sgemm
// (u = 2⁻⁵³).
func (impl Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !gemmArgsValid(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) {
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if m == 0 || n == 0 {
		return
	}
	gemm(&kernel64, impl.threads(), impl.FlushSubnormals, tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmArgsValid reports whether gonum's Sgemm/Dgemm would accept the
// arguments without panicking; it performs the same checks in the same
// order (gonum.org/v1/gonum/blas/gonum, sgemm.go).
func gemmArgsValid(tA, tB blas.Transpose, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) bool {
	validT := func(t blas.Transpose) bool {
		return t == blas.NoTrans || t == blas.Trans || t == blas.ConjTrans
	}
	if !validT(tA) || !validT(tB) || m < 0 || n < 0 || k < 0 {
		return false
	}
	aTrans := tA != blas.NoTrans
	bTrans := tB != blas.NoTrans
	if aTrans && lda < max(1, m) || !aTrans && lda < max(1, k) {
		return false
	}
	if bTrans && ldb < max(1, k) || !bTrans && ldb < max(1, n) {
		return false
	}
	if ldc < max(1, n) {
		return false
	}
	if m == 0 || n == 0 {
		return true
	}
	if aTrans && lenA < (k-1)*lda+m || !aTrans && lenA < (m-1)*lda+k {
		return false
	}
	if bTrans && lenB < (n-1)*ldb+k || !bTrans && lenB < (k-1)*ldb+n {
		return false
	}
	return lenC >= (m-1)*ldc+n
}
