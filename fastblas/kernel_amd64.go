//go:build amd64 && !purego

package fastblas

import "golang.org/x/sys/cpu"

//go:generate go run ./internal/asmgen -out kernel_amd64.s

// The assembly micro-kernels of kernel_amd64.s; see microKernel for their
// contract and internal/asmgen for how they are generated.

//go:noescape
func sgemmAVX2(k, mode int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func dgemmAVX2(k, mode int, a, b, c *float64, ldc int, alpha, beta float64)

//go:noescape
func sgemmAVX512(k, mode int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func sgemmAVX512x8(k, mode int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func dgemmAVX512(k, mode int, a, b, c *float64, ldc int, alpha, beta float64)

// The edge variants of the AVX-512 kernels: the same sums, stored into
// only the first rows rows and cols columns of the tile (1 ≤ rows ≤ MR,
// 1 ≤ cols ≤ NR) with masked loads and stores; see edgeKernel.

//go:noescape
func sgemmAVX512Edge(k, mode int, a, b, c *float32, ldc int, alpha, beta float32, rows, cols int)

//go:noescape
func sgemmAVX512x8Edge(k, mode int, a, b, c *float32, ldc int, alpha, beta float32, rows, cols int)

//go:noescape
func dgemmAVX512Edge(k, mode int, a, b, c *float64, ldc int, alpha, beta float64, rows, cols int)

// transpose4x8s and transpose4x4d transpose 4 rows of a source matrix into a
// packed panel; see transposePanel and transpose_amd64.s.

//go:noescape
func transpose4x8s(dst *float32, w int, src *float32, lds int, n int)

//go:noescape
func transpose4x4d(dst *float64, w int, src *float64, lds int, n int)

// copyChunks copies n consecutive chunks of chunk bytes (a positive multiple
// of 16) from src to dst + q·dstStep, q < n; see transpose_amd64.s.
//
//go:noescape
func copyChunks(dst *byte, dstStep int, src *byte, chunk int, n int)

var (
	hasAVX2   = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	hasAVX512 = hasAVX2 && cpu.X86.HasAVX512F
)

// kernels32 returns the float32 kernels this CPU can run, fastest first.
func kernels32() []kernel[float32] {
	var ks []kernel[float32]
	if hasAVX512 {
		ks = append(ks, kernel[float32]{name: "avx512", mr: 12, nr: 32, kc: 384, mc: 480, nc: 4096, fn: sgemmAVX512, edge: sgemmAVX512Edge, transpose: transpose4x8s, transposeWidth: 8, copyChunks: copyChunks,
			narrow: &kernel[float32]{name: "avx512x8", mr: 8, nr: 32, kc: 384, mc: 480, nc: 4096, fn: sgemmAVX512x8, edge: sgemmAVX512x8Edge, transpose: transpose4x8s, transposeWidth: 8, copyChunks: copyChunks}})
	}
	if hasAVX2 {
		ks = append(ks, kernel[float32]{name: "avx2", mr: 6, nr: 16, kc: 384, mc: 240, nc: 4096, fn: sgemmAVX2, transpose: transpose4x8s, transposeWidth: 8, copyChunks: copyChunks})
	}
	return append(ks, genericKernel32)
}

// kernels64 returns the float64 kernels this CPU can run, fastest first.
func kernels64() []kernel[float64] {
	var ks []kernel[float64]
	if hasAVX512 {
		ks = append(ks, kernel[float64]{name: "avx512", mr: 12, nr: 16, kc: 320, mc: 240, nc: 2048, fn: dgemmAVX512, edge: dgemmAVX512Edge, transpose: transpose4x4d, transposeWidth: 4, copyChunks: copyChunks})
	}
	if hasAVX2 {
		ks = append(ks, kernel[float64]{name: "avx2", mr: 6, nr: 8, kc: 384, mc: 120, nc: 2048, fn: dgemmAVX2, transpose: transpose4x4d, transposeWidth: 4, copyChunks: copyChunks})
	}
	return append(ks, genericKernel64)
}
