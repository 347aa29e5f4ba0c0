package fastblas

import "unsafe"

// float is the element type of the GEMM kernels.
type float interface{ float32 | float64 }

// Store modes of a micro-kernel: how the tile sum acc is combined with C.
const (
	modeSet   = 0 // C = alpha·acc; C is not read
	modeAdd   = 1 // C = alpha·acc + C
	modeScale = 2 // C = alpha·acc + beta·C

	// modeFlush, or-ed into a store mode, asks the kernel to run with
	// subnormal inputs read as zero and subnormal results written as zero
	// (the FTZ and DAZ flags of MXCSR in the assembly kernels). The pure-Go
	// kernel ignores it and stays IEEE (the Go compiler cannot set MXCSR),
	// which satisfies the flushing error bound as well.
	modeFlush = 4
)

// microKernel computes the sums acc[i,j] = Σ_p a[p*mr+i]·b[p*nr+j] for
// i < mr, j < nr and p < k, where a is a packed mr×k micro-panel of op(A)
// (column by column) and b a packed k×nr micro-panel of op(B) (row by row),
// k ≥ 1, and stores them into C[i*ldc+j] as mode says (modeSet, modeAdd or
// modeScale).
type microKernel[T float] func(k, mode int, a, b, c *T, ldc int, alpha, beta T)

// edgeKernel is a microKernel for the edge tiles of C, those cut by the
// border of the matrix: it computes the same sums acc[i,j] in the same
// order, and stores, exactly as the microKernel would, only C[i*ldc+j] for
// i < rows ≤ mr and j < cols ≤ nr, reading and writing no other element of
// C. So an edge tile has the bits that a full tile would have.
type edgeKernel[T float] func(k, mode int, a, b, c *T, ldc int, alpha, beta T, rows, cols int)

// kernel is a micro-kernel together with its register tile (mr×nr) and the
// cache blocking that feeds it: a kc×nr micro-panel of B stays in L1 (or
// close to it) while the kernel sweeps an mc×kc block of A held in L2; a
// kc×nc panel of B is packed once per k slice and shared by all mc blocks.
// The block sizes were tuned on an AVX-512 Xeon with 48 KiB L1d and 2 MiB L2
// per core.
type kernel[T float] struct {
	name       string
	mr, nr     int
	kc, mc, nc int
	fn         microKernel[T]

	// edge, if not nil, is fn's edge variant, which macro calls for the
	// tiles of C cut by its border; when nil, macro has fn write such a
	// tile into a scratch tile and combines it with C in Go.
	edge edgeKernel[T]

	// transpose, if not nil, is an assembly routine that writes
	// dst[p·w + i] = src[i·lds + p] for 4 rows i and transposeWidth·n
	// columns p (n ≥ 1); packing uses it for the operands it must
	// transpose.
	transpose      func(dst *T, w int, src *T, lds int, n int)
	transposeWidth int

	// narrow, if not nil, is a kernel with fewer rows per tile (same nr,
	// kc and packed-B layout) for products with op(B) packed in advance
	// whose rows split more evenly over the goroutines in its tiles (see
	// pickKernel).
	narrow *kernel[T]

	// copyChunks, if not nil, copies n consecutive chunks of chunk bytes
	// (a multiple of 16) from src to dst + q·dstStep, q < n: one source
	// row into the packed panels.
	copyChunks func(dst *byte, dstStep int, src *byte, chunk int, n int)

	// tile, if not nil, computes whole tiles of C in place of packing and
	// fn (see delegateBlock), and exact the products it must not (see
	// useDelegate); a packed op(B) is then stored unpacked. Set only in
	// builds without assembly kernels (kernel_noasm.go).
	tile  tileGemm[T]
	exact *kernel[T]
}

// genericKernel is the portable micro-kernel: a 4×4 register tile in plain Go.
// It is the fallback under the purego build tag, on other architectures and
// on amd64 CPUs without AVX2 and FMA.
func genericKernel[T float](k, mode int, a, b, c *T, ldc int, alpha, beta T) {
	const mr, nr = 4, 4
	as := unsafe.Slice(a, k*mr)
	bs := unsafe.Slice(b, k*nr)
	cs := unsafe.Slice(c, (mr-1)*ldc+nr)
	var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 T
	for p := 0; p < k; p++ {
		ap := as[p*mr : p*mr+mr : p*mr+mr]
		bp := bs[p*nr : p*nr+nr : p*nr+nr]
		a0, a1, a2, a3 := ap[0], ap[1], ap[2], ap[3]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	acc := [mr][nr]T{
		{c00, c01, c02, c03},
		{c10, c11, c12, c13},
		{c20, c21, c22, c23},
		{c30, c31, c32, c33},
	}
	for i := range acc {
		row := cs[i*ldc : i*ldc+nr : i*ldc+nr]
		for j, v := range acc[i] {
			switch mode &^ modeFlush {
			case modeSet:
				row[j] = alpha * v
			case modeAdd:
				row[j] += alpha * v
			default:
				row[j] = alpha*v + beta*row[j]
			}
		}
	}
}

// genericKernel32 and genericKernel64 are the portable kernels with their
// blocking.
var (
	genericKernel32 = kernel[float32]{name: "generic", mr: 4, nr: 4, kc: 256, mc: 128, nc: 1024, fn: genericKernel[float32]}
	genericKernel64 = kernel[float64]{name: "generic", mr: 4, nr: 4, kc: 256, mc: 128, nc: 1024, fn: genericKernel[float64]}
)
