package fastblas

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
)

// packedB is the whole k×n matrix op(B) packed once, in the layout that
// gemmCall.block packs each kc×nc panel into: for every k slice s (of
// length kc, the last one possibly shorter) the ⌈n/nr⌉ micro-panels of
// packB, starting at s·stride.
type packedB[T float] struct {
	ker    *kernel[T]
	k, n   int
	kc     int // slice length, as gemmCall.block chooses it for k
	stride int // elements between slices
	data   []T
	trans  bool // data[off:] holds B, not op(B), unpacked (see storeUnpacked)
	off    int
}

// pack packs op(B) (k×n; b[p·ldb+j], or b[j·ldb+p] when trans) for kernel
// ker, reusing the storage of p.
func (p *packedB[T]) pack(ker *kernel[T], trans bool, k, n int, b []T, ldb int) {
	p.ker, p.k, p.n = ker, k, n
	if k == 0 || n == 0 {
		p.kc, p.stride = 0, 0
		return
	}
	if ker.tile != nil {
		p.storeUnpacked(trans, k, n, b, ldb)
		return
	}
	p.kc = ceilDiv(k, ceilDiv(k, ker.kc))
	p.stride = roundUp(n, ker.nr) * p.kc
	if size := ceilDiv(k, p.kc) * p.stride; len(p.data) < size {
		p.data = alignedSlice[T](size)
	}
	for pc := 0; pc < k; pc += p.kc {
		kb := min(p.kc, k-pc)
		packB(ker, p.data[pc/p.kc*p.stride:], trans, b, ldb, pc, 0, kb, n)
	}
}

// panel returns the packed kb×(n−jc) panel of k slice s from column jc (a
// multiple of nr) on.
func (p *packedB[T]) panel(s, jc, kb int) []T {
	return p.data[s*p.stride+jc*kb:]
}

// PackedB32 is the right operand op(B) of Sgemm packed in advance by
// Implementation.PackB32, for many products with the same op(B), such as
// the recurrent weight matrix in every time step of a recurrent network:
// SgemmPackedB then skips the packing that Sgemm does on every call (and on
// every goroutine). The zero value is empty; PackB32 reuses its storage. It
// holds a copy: later changes to B are not seen until it is packed again.
// It may be used by concurrent SgemmPackedB calls.
type PackedB32 struct{ p packedB[float32] }

// PackedB64 is PackedB32 for Dgemm (Implementation.PackB64, DgemmPackedB).
type PackedB64 struct{ p packedB[float64] }

// Dims returns the k×n shape of the packed op(B).
func (p *PackedB32) Dims() (k, n int) { return p.p.k, p.p.n }

// Dims returns the k×n shape of the packed op(B).
func (p *PackedB64) Dims() (k, n int) { return p.p.k, p.p.n }

// PackB32 packs op(B) (k×n, op(B) = B or Bᵀ, row-major with leading
// dimension ldb) into dst, reusing dst's storage when it is large enough.
// It panics with gonum's Sgemm messages for a bad transpose, negative
// sizes, a bad leading dimension or a short slice.
func (impl Implementation) PackB32(tB blas.Transpose, k, n int, b []float32, ldb int, dst *PackedB32) {
	if !gemmArgsValid(blas.NoTrans, tB, 0, n, k, 0, max(1, k), len(b), ldb, 0, max(1, n)) {
		impl.Implementation.Sgemm(blas.NoTrans, tB, 0, n, k, 1, nil, max(1, k), b, ldb, 0, nil, max(1, n))
		panic("fastblas: PackB32: invalid arguments") // not reached: gonum panics
	}
	dst.p.pack(&kernel32, tB != blas.NoTrans, k, n, b, ldb)
}

// PackB64 is PackB32 for float64.
func (impl Implementation) PackB64(tB blas.Transpose, k, n int, b []float64, ldb int, dst *PackedB64) {
	if !gemmArgsValid(blas.NoTrans, tB, 0, n, k, 0, max(1, k), len(b), ldb, 0, max(1, n)) {
		impl.Implementation.Dgemm(blas.NoTrans, tB, 0, n, k, 1, nil, max(1, k), b, ldb, 0, nil, max(1, n))
		panic("fastblas: PackB64: invalid arguments") // not reached: gonum panics
	}
	dst.p.pack(&kernel64, tB != blas.NoTrans, k, n, b, ldb)
}

// SgemmPackedB computes C = alpha·op(A)·op(B) + beta·C like Sgemm, with
// op(B) (k×n) taken from b as PackB32 packed it; op(A) is m×k. The result
// is bit for bit that of Sgemm with the same operands, threads and
// FlushSubnormals. It panics with gonum's messages for bad arguments of A
// and C, and with a message naming the shapes if b is empty or was packed
// by another kernel.
func (impl Implementation) SgemmPackedB(tA blas.Transpose, m int, alpha float32, a []float32, lda int, b *PackedB32, beta float32, c []float32, ldc int) {
	impl.SgemmPackedBThen(tA, m, alpha, a, lda, b, beta, c, ldc, nil)
}

// SgemmPackedBThen is SgemmPackedB followed by an element-wise epilogue:
// then(i0, i1, j0, j1) is called once for every block C[i0:i1, j0:j1] of
// the split (the blocks are disjoint and cover C), as soon as that block is
// final, on the goroutine that computed it — so the epilogue runs in
// parallel and on data still in cache, instead of in a serial pass after
// the call. Blocks may be handed to then concurrently; then must touch only
// its block's elements (of C or of other arrays of C's shape) and must not
// write op(A) or C outside its block; nil means no epilogue (SgemmPackedB).
// C is bit for bit that of SgemmPackedB.
// The recurrent networks of package rnn apply the activation (forward) and
// its derivative (backward) this way.
func (impl Implementation) SgemmPackedBThen(tA blas.Transpose, m int, alpha float32, a []float32, lda int, b *PackedB32, beta float32, c []float32, ldc int, then func(i0, i1, j0, j1 int)) {
	k, n := b.p.k, b.p.n
	checkPacked(b.p.ker == &kernel32, k, n)
	if !gemmArgsValid(tA, blas.NoTrans, m, n, k, len(a), lda, k*n, max(1, n), len(c), ldc) {
		impl.Implementation.Sgemm(tA, blas.NoTrans, m, n, k, alpha, a, lda, make([]float32, k*n), max(1, n), beta, c, ldc)
		panic("fastblas: SgemmPackedBThen: invalid arguments") // not reached
	}
	gemmWith(&kernel32, impl.threads(), impl.FlushSubnormals, tA != blas.NoTrans, false, m, n, k, alpha, a, lda, nil, 0, beta, c, ldc, &b.p, then)
}

// DgemmPackedB is SgemmPackedB for float64.
func (impl Implementation) DgemmPackedB(tA blas.Transpose, m int, alpha float64, a []float64, lda int, b *PackedB64, beta float64, c []float64, ldc int) {
	impl.DgemmPackedBThen(tA, m, alpha, a, lda, b, beta, c, ldc, nil)
}

// DgemmPackedBThen is SgemmPackedBThen for float64.
func (impl Implementation) DgemmPackedBThen(tA blas.Transpose, m int, alpha float64, a []float64, lda int, b *PackedB64, beta float64, c []float64, ldc int, then func(i0, i1, j0, j1 int)) {
	k, n := b.p.k, b.p.n
	checkPacked(b.p.ker == &kernel64, k, n)
	if !gemmArgsValid(tA, blas.NoTrans, m, n, k, len(a), lda, k*n, max(1, n), len(c), ldc) {
		impl.Implementation.Dgemm(tA, blas.NoTrans, m, n, k, alpha, a, lda, make([]float64, k*n), max(1, n), beta, c, ldc)
		panic("fastblas: DgemmPackedBThen: invalid arguments") // not reached
	}
	gemmWith(&kernel64, impl.threads(), impl.FlushSubnormals, tA != blas.NoTrans, false, m, n, k, alpha, a, lda, nil, 0, beta, c, ldc, &b.p, then)
}

// checkPacked panics unless a packed operand was packed by the kernel in
// use (a zero PackedB has none).
func checkPacked(sameKernel bool, k, n int) {
	if !sameKernel {
		panic(fmt.Sprintf("fastblas: packed B (%d×%d) is empty or was not packed by PackB for this precision", k, n))
	}
}
