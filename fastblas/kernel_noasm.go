//go:build !amd64 || purego

package fastblas

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Without assembly micro-kernels, gonum's own Sgemm and Dgemm beat the
// portable 4×4 Go kernel: on amd64 under purego gonum still runs its SSE
// assembly, and elsewhere its unrolled Go loops are at least as fast
// (BENCHMARKS.md, "Without assembly kernels"). So the default kernel of such
// builds hands each 64×64 tile of C to gonum, on fastblas's goroutines
// (delegateBlock); a build without our assembly is never slower than plain
// gonum. The Go kernel computes the products whose op(B) holds an Inf or a
// NaN (see useDelegate).

// kernels32 returns the float32 kernels of this build, the default first:
// gonum's tiles, then the portable Go kernel.
func kernels32() []kernel[float32] {
	return []kernel[float32]{delegating(&genericKernel32, gonumSgemm), genericKernel32}
}

// kernels64 is kernels32 for float64.
func kernels64() []kernel[float64] {
	return []kernel[float64]{delegating(&genericKernel64, gonumDgemm), genericKernel64}
}

// delegating returns a kernel that computes tiles with tile and falls back
// to exact.
func delegating[T float](exact *kernel[T], tile tileGemm[T]) kernel[T] {
	k := *exact
	k.name, k.mr, k.nr, k.tile, k.exact = "gonum", delegateTile, delegateTile, tile, exact
	return k
}

func blasTranspose(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

func gonumSgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gonum.Implementation{}.Sgemm(blasTranspose(tA), blasTranspose(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func gonumDgemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gonum.Implementation{}.Dgemm(blasTranspose(tA), blasTranspose(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
