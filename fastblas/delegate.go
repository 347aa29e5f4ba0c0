package fastblas

import "unsafe"

// tileGemm computes one tile of a product, C = alpha·op(A)·op(B) + beta·C
// on validated arguments, with another implementation: gonum's, in builds
// without assembly kernels (kernel_noasm.go).
type tileGemm[T float] func(tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)

// delegateTile is the side of the square tiles of C that a kernel with a
// tileGemm computes one call each. Tiles sit at multiples of delegateTile
// whatever the number of goroutines (the kernel's mr and nr are
// delegateTile, so parts are made of whole tiles), so the result does not
// depend on it; at 64, gonum's Sgemm and Dgemm compute a tile serially,
// without allocating.
const delegateTile = 64

// useDelegate reports whether a product with kernel ker goes to ker.tile:
// not when op(B) (k×n, b[p·ldb+j] or b[j·ldb+p] when tB) holds an Inf or a
// NaN, because gonum skips the zeros of A, which would make 0·Inf 0
// instead of NaN. ker.exact computes those.
func useDelegate[T float](ker *kernel[T], tB bool, k, n int, b []T, ldb int) bool {
	if ker.tile == nil {
		return false
	}
	rows, cols := k, n
	if tB {
		rows, cols = n, k
	}
	for i := range rows {
		if !finite(b[i*ldb : i*ldb+cols]) {
			return false
		}
	}
	return true
}

// finite reports whether every element of x is finite: 0·x is 0 for a
// finite x and NaN otherwise, summed in four independent chains.
func finite[T float](x []T) bool {
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += 0 * x[i]
		s1 += 0 * x[i+1]
		s2 += 0 * x[i+2]
		s3 += 0 * x[i+3]
	}
	for ; i < len(x); i++ {
		s0 += 0 * x[i]
	}
	return s0+s1+s2+s3 == 0
}

// delegateBlock computes C[i0:i1, j0:j1] (edges at multiples of
// delegateTile, or at m and n) one delegateTile² tile of C and one
// delegateTile slice of k at a time with g.ker.tile, as gonum's own
// parallel Sgemm and Dgemm do: the operands of one call stay in L1.
func (g *gemmCall[T]) delegateBlock(i0, i1, j0, j1 int) {
	const t = delegateTile
	for i := i0; i < i1; i += t {
		mi := min(t, i1-i)
		for j := j0; j < j1; j += t {
			nj := min(t, j1-j)
			c := g.c[i*g.ldc+j:]
			beta := g.beta
			for p := 0; p < g.k; p += t {
				kp := min(t, g.k-p)
				var a, b []T
				if g.tA {
					a = g.a[p*g.lda+i:]
				} else {
					a = g.a[i*g.lda+p:]
				}
				if g.tB {
					b = g.b[j*g.ldb+p:]
				} else {
					b = g.b[p*g.ldb+j:]
				}
				g.ker.tile(g.tA, g.tB, mi, nj, kp, g.alpha, a, g.lda, b, g.ldb, beta, c, g.ldc)
				beta = 1
			}
		}
	}
}

// unpacked returns op(B) of a packed operand of a delegating kernel, which
// pack stores as given (see storeUnpacked), and a nil packed operand.
func (p *packedB[T]) unpacked() (b []T, ldb int, trans bool, none *packedB[T]) {
	return p.data[p.off:], p.stride, p.trans, nil
}

// storeUnpacked copies B (op(B) = B, k×n, or Bᵀ, B n×k when trans; row i at
// b[i·ldb]) into p.data for a delegating kernel, with B's orientation, its
// leading dimension and its address modulo 64 bytes: gonum's assembly
// handles the elements before the first aligned one separately, so only an
// identical layout keeps the products bit for bit those of Sgemm and Dgemm
// with the same operands.
func (p *packedB[T]) storeUnpacked(trans bool, k, n int, b []T, ldb int) {
	rows, cols := k, n
	if trans {
		rows, cols = n, k
	}
	const align = 64
	size := int(unsafe.Sizeof(b[0]))
	need := (rows-1)*ldb + cols + align/size
	if len(p.data) < need {
		p.data = make([]T, need)
	}
	want := uintptr(unsafe.Pointer(&b[0])) % align
	p.off = 0
	for uintptr(unsafe.Pointer(&p.data[p.off]))%align != want {
		p.off++
	}
	p.kc, p.stride, p.trans = k, ldb, trans
	for i := range rows {
		copy(p.data[p.off+i*ldb:p.off+i*ldb+cols], b[i*ldb:i*ldb+cols])
	}
}
