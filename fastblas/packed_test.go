package fastblas

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/blas"
)

// TestGemmPackedB checks that SgemmPackedB and DgemmPackedB return bit for
// bit what Sgemm and Dgemm return (which TestGemmRagged and friends check
// against the error bound), on ragged shapes across the k-slice and
// register-tile boundaries, both transposes, padded strides, alpha/beta
// pairs, 1 and 2 threads and both subnormal modes, reusing one packed
// operand for all shapes (so that growing and shrinking it is covered).
func TestGemmPackedB(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(5)
	var p32 PackedB32
	var p64 PackedB64
	shapes := [][3]int{{1, 1, 1}, {13, 33, 7}, {128, 312, 312}, {50, 70, 400}, {12, 32, 385}, {31, 100, 800}, {3, 5, 2}}
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				cs := randomCase(rnd, m, n, k)
				cs.tA, cs.tB = tA, tB
				cs.nanC = false
				impl := Implementation{Threads: 1 + rnd.IntN(2), FlushSubnormals: rnd.IntN(2) == 0}
				label := fmt.Sprintf("%v threads=%d", cs, impl.Threads)

				o := newOperands[float32](rnd, cs)
				want := append([]float32(nil), o.c...)
				got := append([]float32(nil), o.c...)
				impl.Sgemm(transpose(tA), transpose(tB), m, n, k, float32(cs.alpha), o.a, o.lda, o.b, o.ldb, float32(cs.beta), want, o.ldc)
				impl.PackB32(transpose(tB), k, n, o.b, o.ldb, &p32)
				kk, nn := p32.Dims()
				require.Equal(t, [2]int{k, n}, [2]int{kk, nn}, "%s: Dims", label)
				impl.SgemmPackedB(transpose(tA), m, float32(cs.alpha), o.a, o.lda, &p32, float32(cs.beta), got, o.ldc)
				if !testutil.AssertSameBits(t, got, want, "float32 %s: C vs Sgemm's", label) {
					t.FailNow()
				}

				d := newOperands[float64](rnd, cs)
				want64 := append([]float64(nil), d.c...)
				got64 := append([]float64(nil), d.c...)
				impl.Dgemm(transpose(tA), transpose(tB), m, n, k, cs.alpha, d.a, d.lda, d.b, d.ldb, cs.beta, want64, d.ldc)
				impl.PackB64(transpose(tB), k, n, d.b, d.ldb, &p64)
				impl.DgemmPackedB(transpose(tA), m, cs.alpha, d.a, d.lda, &p64, cs.beta, got64, d.ldc)
				if !testutil.AssertSameBits(t, got64, want64, "float64 %s: C vs Dgemm's", label) {
					t.FailNow()
				}
			}
		}
	}
}

// TestGemmPackedBPanics checks the panics of the packed API: an empty
// packed operand, and gonum's messages for bad arguments.
func TestGemmPackedBPanics(t *testing.T) {
	mustPanic := func(name string, f func()) {
		t.Helper()
		assert.Panics(t, f, "%s: no panic", name)
	}
	var impl Implementation
	mustPanic("empty", func() {
		impl.SgemmPackedB(blas.NoTrans, 1, 1, []float32{1}, 1, &PackedB32{}, 0, []float32{0}, 1)
	})
	mustPanic("short B", func() {
		impl.PackB32(blas.NoTrans, 2, 2, []float32{1, 2, 3}, 2, &PackedB32{})
	})
	mustPanic("bad transpose", func() {
		impl.PackB64(blas.Transpose('x'), 1, 1, []float64{1}, 1, &PackedB64{})
	})
	var p PackedB32
	impl.PackB32(blas.NoTrans, 2, 2, []float32{1, 2, 3, 4}, 2, &p)
	mustPanic("short C", func() {
		impl.SgemmPackedB(blas.NoTrans, 2, 1, []float32{1, 2, 3, 4}, 2, &p, 0, []float32{0}, 2)
	})
	mustPanic("short A", func() {
		impl.SgemmPackedB(blas.NoTrans, 2, 1, []float32{1}, 2, &p, 0, make([]float32, 4), 2)
	})
	c := make([]float32, 4)
	impl.SgemmPackedB(blas.NoTrans, 2, 1, []float32{1, 0, 0, 1}, 2, &p, 0, c, 2)
	assert.Equal(t, []float32{1, 2, 3, 4}, c, "I·B")
}

// TestGemmPackedBThen checks the epilogue of SgemmPackedBThen and
// DgemmPackedBThen: C is bit for bit that of SgemmPackedB, the blocks handed
// to then are disjoint and cover C exactly once, and every block is final
// when then sees it (then copies it out, and the copy must equal the final
// C). It covers 1, 2 and 4 threads, shapes that split and that do not, and
// alpha = 0 and k = 0 (then still sees all of C once).
func TestGemmPackedBThen(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(6)
	var p32 PackedB32
	var p64 PackedB64
	shapes := [][3]int{{1, 1, 1}, {13, 33, 7}, {128, 312, 312}, {250, 100, 300}, {3, 5, 0}}
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for _, threads := range []int{1, 2, 4} {
			for _, alpha := range []float64{1, 0} {
				cs := randomCase(rnd, m, n, k)
				cs.tA, cs.tB, cs.nanC, cs.alpha = rnd.IntN(2) == 0, rnd.IntN(2) == 0, false, alpha
				impl := Implementation{Threads: threads}
				label := fmt.Sprintf("%v threads=%d", cs, threads)

				o := newOperands[float32](rnd, cs)
				want := append([]float32(nil), o.c...)
				got := append([]float32(nil), o.c...)
				impl.PackB32(transpose(cs.tB), k, n, o.b, o.ldb, &p32)
				impl.SgemmPackedB(transpose(cs.tA), m, float32(cs.alpha), o.a, o.lda, &p32, float32(cs.beta), want, o.ldc)
				seen := make([]float32, m*n)
				count := make([]int32, m*n)
				var mu sync.Mutex
				impl.SgemmPackedBThen(transpose(cs.tA), m, float32(cs.alpha), o.a, o.lda, &p32, float32(cs.beta), got, o.ldc, func(i0, i1, j0, j1 int) {
					mu.Lock()
					defer mu.Unlock()
					for i := i0; i < i1; i++ {
						for j := j0; j < j1; j++ {
							seen[i*n+j] = got[i*o.ldc+j]
							count[i*n+j]++
						}
					}
				})
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						// Guarded so that the passing path stays cheap over every element.
						if count[i*n+j] != 1 {
							require.Failf(t, "block not handed to then exactly once", "float32 %s: C[%d][%d] handed to then %d times", label, i, j, count[i*n+j])
						}
						if g, w := got[i*o.ldc+j], want[i*o.ldc+j]; g != w || seen[i*n+j] != w {
							require.Failf(t, "C differs from SgemmPackedB's", "float32 %s: C[%d][%d] = %v (then saw %v), SgemmPackedB %v", label, i, j, g, seen[i*n+j], w)
						}
					}
				}

				d := newOperands[float64](rnd, cs)
				want64 := append([]float64(nil), d.c...)
				got64 := append([]float64(nil), d.c...)
				impl.PackB64(transpose(cs.tB), k, n, d.b, d.ldb, &p64)
				impl.DgemmPackedB(transpose(cs.tA), m, cs.alpha, d.a, d.lda, &p64, cs.beta, want64, d.ldc)
				clear(count)
				impl.DgemmPackedBThen(transpose(cs.tA), m, cs.alpha, d.a, d.lda, &p64, cs.beta, got64, d.ldc, func(i0, i1, j0, j1 int) {
					mu.Lock()
					defer mu.Unlock()
					for i := i0; i < i1; i++ {
						for j := j0; j < j1; j++ {
							count[i*n+j]++
						}
					}
				})
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						if count[i*n+j] != 1 || got64[i*d.ldc+j] != want64[i*d.ldc+j] {
							require.Failf(t, "C differs from DgemmPackedB's or not handed to then exactly once", "float64 %s: C[%d][%d] = %v (%d blocks), DgemmPackedB %v", label, i, j, got64[i*d.ldc+j], count[i*n+j], want64[i*d.ldc+j])
						}
					}
				}
			}
		}
	}
}

// TestNarrowKernelChoice checks pickKernel at the rnn step's shape (the
// 8-row tiles wherever they pad less: 128 rows on 1 or 2 goroutines; the
// 12-row ones when they split as well, 240 rows, or when m is a multiple
// of 12) and that the products it affects (alpha 1, beta 0 or 1,
// with and without flushing) equal Sgemm on one goroutine bit for bit,
// whatever the number of threads.
func TestNarrowKernelChoice(t *testing.T) {
	t.Parallel()
	if kernel32.narrow == nil {
		t.Skip("no narrow float32 kernel on this CPU")
	}
	got := pickKernel(&kernel32, 128, 312, 312, 2)
	assert.Same(t, kernel32.narrow, got, "m=128, 2 threads: picked %s", got.name)
	got = pickKernel(&kernel32, 128, 312, 312, 1)
	assert.Same(t, kernel32.narrow, got, "m=128 (11 tiles of 12 pad to 132 rows, 16 of 8 to 128), 1 thread: picked %s", got.name)
	got = pickKernel(&kernel32, 120, 312, 312, 1)
	assert.Same(t, &kernel32, got, "m=120 (10 tiles of 12), 1 thread: picked %s", got.name)
	got = pickKernel(&kernel32, 240, 312, 312, 2)
	assert.Same(t, &kernel32, got, "m=240 (10+10 tiles of 12), 2 threads: picked %s", got.name)
	rnd := testutil.Rand(8)
	var p PackedB32
	for _, beta := range []float64{0, 1} {
		for _, flush := range []bool{false, true} {
			cs := randomCase(rnd, 128, 312, 312)
			cs.alpha, cs.beta, cs.nanC, cs.tA, cs.tB = 1, beta, false, false, true
			o := newOperands[float32](rnd, cs)
			want := append([]float32(nil), o.c...)
			Implementation{Threads: 1, FlushSubnormals: flush}.Sgemm(blas.NoTrans, blas.Trans, 128, 312, 312, 1, o.a, o.lda, o.b, o.ldb, float32(beta), want, o.ldc)
			for _, threads := range []int{1, 2, 3} {
				impl := Implementation{Threads: threads, FlushSubnormals: flush}
				impl.PackB32(blas.Trans, 312, 312, o.b, o.ldb, &p)
				got := append([]float32(nil), o.c...)
				impl.SgemmPackedB(blas.NoTrans, 128, 1, o.a, o.lda, &p, float32(beta), got, o.ldc)
				if !testutil.AssertSameBits(t, got, want, "beta=%g flush=%t threads=%d: C vs Sgemm's", beta, flush, threads) {
					t.FailNow()
				}
			}
		}
	}
}
