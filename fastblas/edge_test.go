package fastblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// edgeSizes are the m, n and k of the edge-tile tests: 1, primes, one off a
// tile multiple either way, and rnn's sizes (N = 42, 88, 129, 312; 128-row
// blocks).
var edgeSizes = []int{1, 7, 31, 33, 42, 88, 128, 129, 312, 313}

// edgeShape is an m×n×k product with transposes.
type edgeShape struct {
	tA, tB  bool
	m, n, k int
}

// edgeShapes crosses edgeSizes in m and n with a short k, and adds products
// whose k exceeds every kernel's kc (384 in float32, 320 in float64), so
// that later k slices store in modeAdd; the transposes cycle.
func edgeShapes() []edgeShape {
	var s []edgeShape
	for _, m := range edgeSizes {
		for _, n := range edgeSizes {
			q := len(s)
			s = append(s, edgeShape{q&1 != 0, q&2 != 0, m, n, []int{1, 7, 31, 33}[q%4]})
		}
	}
	for q, mnk := range [][3]int{
		{42, 42, 400}, {88, 88, 800}, {129, 129, 385}, {312, 313, 400},
		{128, 312, 312}, {313, 42, 900}, {7, 313, 385}, {33, 1, 769},
		{1, 129, 321}, {31, 88, 1000},
	} {
		s = append(s, edgeShape{q&1 != 0, q&2 != 0, mnk[0], mnk[1], mnk[2]})
	}
	return s
}

// edgeValue draws an operand element: a fifth each of +0, −0 and subnormal
// numbers, a fifth of numbers small enough that the product of two of them
// is subnormal, and the rest standard normal.
func edgeValue[T float](rnd *rand.Rand) T {
	var z T
	_, single := any(z).(float32)
	sub, small := 0x1p-1040, 0x1p-530
	if single {
		sub, small = 0x1p-135, 0x1p-70
	}
	x := rnd.NormFloat64()
	switch rnd.IntN(5) {
	case 0:
		return 0
	case 1:
		return T(math.Copysign(0, -1))
	case 2:
		return T(x * sub)
	case 3:
		return T(x * small)
	}
	return T(x)
}

func edgeValues[T float](rnd *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = edgeValue[T](rnd)
	}
	return s
}

// edgeKernels returns the kernels of ks that have an edge variant.
func edgeKernels[T float](t *testing.T, ks []kernel[T]) []kernel[T] {
	var out []kernel[T]
	for _, k := range ks {
		if k.edge != nil {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		t.Skip("no kernel with an edge variant on this CPU or build")
	}
	return out
}

// TestEdgeKernelsMatchGoEdges checks that for alpha = 1 and beta 0 or 1
// (modes set and add), with and without FlushSubnormals, the edge kernels
// give C the same bits as the edge tiles combined with C in Go (the same
// kernel with edge = nil), on operands full of zeros, negative zeros and
// subnormal numbers, with padded leading dimensions; one and three threads
// cut C into different edge tiles. Padding of C must be untouched.
func TestEdgeKernelsMatchGoEdges(t *testing.T) {
	t.Parallel()
	t.Run("float32", func(t *testing.T) {
		t.Parallel()
		edgeMatchGo(t, edgeKernels(t, testKernels32()))
	})
	t.Run("float64", func(t *testing.T) {
		t.Parallel()
		edgeMatchGo(t, edgeKernels(t, kernels64()))
	})
}

func edgeMatchGo[T float](t *testing.T, kernels []kernel[T]) {
	rnd := testutil.Rand(11)
	for _, s := range edgeShapes() {
		ra, ca := s.m, s.k
		if s.tA {
			ra, ca = ca, ra
		}
		rb, cb := s.k, s.n
		if s.tB {
			rb, cb = cb, rb
		}
		lda, ldb, ldc := ca+1, cb+2, s.n+3
		a := edgeValues[T](rnd, ra*lda)
		b := edgeValues[T](rnd, rb*ldb)
		c0 := edgeValues[T](rnd, s.m*ldc)
		got := make([]T, len(c0))
		want := make([]T, len(c0))
		for _, ker := range kernels {
			goEdges := ker
			goEdges.edge = nil
			for _, beta := range []T{0, 1} {
				for _, flush := range []bool{false, true} {
					for _, th := range []int{1, 3} {
						copy(got, c0)
						copy(want, c0)
						gemm(&ker, th, flush, s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, b, ldb, beta, got, ldc)
						gemm(&goEdges, th, flush, s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, b, ldb, beta, want, ldc)
						testutil.AssertSameBits(t, got, want, "%s %+v beta=%v flush=%v threads=%d", ker.name, s, beta, flush, th)
						for i := range got {
							if i%ldc >= s.n && math.Float64bits(float64(got[i])) != math.Float64bits(float64(c0[i])) {
								require.Failf(t, "padding of C written", "%s %+v: element %d", ker.name, s, i)
							}
						}
					}
				}
			}
		}
	}
}

// TestEdgeKernelsMatchFullTiles checks, for every alpha, beta and mode,
// that an edge tile has the bits the full-tile kernel gives the same
// elements: an m×n product equals bit for bit the top-left m×n corner of
// the product with m and n rounded up to whole tiles (A, B and C are the
// same storage, so the corner's elements are the same sums), and leaves the
// rest of C's storage alone. This is the contract for the alpha and beta
// where the Go combination of edge tiles differed (alpha ≠ 1, rounding
// alpha·acc before adding; beta ∉ {0, 1} in flushing mode, not reading a
// subnormal C as zero).
func TestEdgeKernelsMatchFullTiles(t *testing.T) {
	t.Parallel()
	t.Run("float32", func(t *testing.T) {
		t.Parallel()
		edgeMatchFull(t, edgeKernels(t, testKernels32()))
	})
	t.Run("float64", func(t *testing.T) {
		t.Parallel()
		edgeMatchFull(t, edgeKernels(t, kernels64()))
	})
}

func edgeMatchFull[T float](t *testing.T, kernels []kernel[T]) {
	rnd := testutil.Rand(12)
	for q, s := range edgeShapes() {
		alpha := []T{1, 0.75, -1.3}[q%3]
		for _, ker := range kernels {
			bm, bn := roundUp(s.m, ker.mr), roundUp(s.n, ker.nr)
			ra, ca := bm, s.k
			if s.tA {
				ra, ca = ca, ra
			}
			rb, cb := s.k, bn
			if s.tB {
				rb, cb = cb, rb
			}
			lda, ldb, ldc := ca+1, cb, bn+1
			a := edgeValues[T](rnd, ra*lda)
			b := edgeValues[T](rnd, rb*ldb)
			c0 := edgeValues[T](rnd, bm*ldc)
			full := make([]T, len(c0))
			edge := make([]T, len(c0))
			for _, beta := range []T{0, 1, 0.5, -2} {
				for _, flush := range []bool{false, true} {
					label := fmt.Sprintf("%s %+v alpha=%v beta=%v flush=%v", ker.name, s, alpha, beta, flush)
					copy(full, c0)
					copy(edge, c0)
					gemm(&ker, 1, flush, s.tA, s.tB, bm, bn, s.k, alpha, a, lda, b, ldb, beta, full, ldc)
					gemm(&ker, 1, flush, s.tA, s.tB, s.m, s.n, s.k, alpha, a, lda, b, ldb, beta, edge, ldc)
					want := append([]T(nil), c0...)
					for i := 0; i < s.m; i++ {
						copy(want[i*ldc:i*ldc+s.n], full[i*ldc:i*ldc+s.n])
					}
					testutil.AssertSameBits(t, edge, want, label)
				}
			}
		}
	}
}

// TestEdgeKernelsBetaHalf checks edge shapes with beta = 0.5 and alpha 1 or
// −0.75, with and without FlushSubnormals, against the exact reference
// within gemm_test's error bounds (runCase, runScaledCase).
func TestEdgeKernelsBetaHalf(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(13)
	for q, s := range edgeShapes() {
		if s.m*s.n*s.k > 1<<20 {
			continue // the reference is slow
		}
		for _, alpha := range []float64{1, -0.75} {
			for _, flush := range []bool{false, true} {
				cs := gemmCase{tA: s.tA, tB: s.tB, m: s.m, n: s.n, k: s.k, padA: q % 3, padB: 1, padC: 2, alpha: alpha, beta: 0.5, flush: flush}
				runScaledCase[float32](t, rnd, cs, edgeKernels(t, testKernels32()), 0x1p-120)
				runScaledCase[float64](t, rnd, cs, edgeKernels(t, kernels64()), 0x1p-1016)
			}
		}
	}
}

// TestEdgeKernelGuards calls each edge kernel directly for every rows ≤ mr
// and cols ≤ nr, in every mode with and without flushing, on a C tile
// surrounded by guard elements (rows above and below, ldc > nr): the guards
// must keep their bits, and the tile must hold the bits that the full
// kernel gives it, computed on a full tile with the same C.
func TestEdgeKernelGuards(t *testing.T) {
	t.Parallel()
	t.Run("float32", func(t *testing.T) {
		t.Parallel()
		edgeGuards(t, edgeKernels(t, testKernels32()))
	})
	t.Run("float64", func(t *testing.T) {
		t.Parallel()
		edgeGuards(t, edgeKernels(t, kernels64()))
	})
}

func edgeGuards[T float](t *testing.T, kernels []kernel[T]) {
	rnd := testutil.Rand(14)
	const guard = -7.25 // a value no kernel stores here
	for _, ker := range kernels {
		mr, nr, k := ker.mr, ker.nr, 37
		a := edgeValues[T](rnd, k*mr)
		b := edgeValues[T](rnd, k*nr)
		ldc := nr + 5
		for rows := 1; rows <= mr; rows++ {
			for cols := 1; cols <= nr; cols++ {
				for _, mode := range []int{modeSet, modeAdd, modeScale, modeSet | modeFlush, modeAdd | modeFlush, modeScale | modeFlush} {
					// Two guard rows above the tile and two below the
					// full tile; a guard column left of it.
					c := make([]T, (mr+4)*ldc)
					for i := range c {
						c[i] = guard
					}
					tile := make([]T, mr*nr)
					for i := 0; i < mr; i++ {
						for j := 0; j < nr; j++ {
							v := edgeValue[T](rnd)
							tile[i*nr+j] = v
							if i < rows && j < cols {
								c[(i+2)*ldc+1+j] = v
							}
						}
					}
					want := append([]T(nil), c...)
					ker.fn(k, mode, &a[0], &b[0], &tile[0], nr, -1.5, 0.5)
					for i := 0; i < rows; i++ {
						copy(want[(i+2)*ldc+1:(i+2)*ldc+1+cols], tile[i*nr:i*nr+cols])
					}
					ker.edge(k, mode, &a[0], &b[0], &c[2*ldc+1], ldc, -1.5, 0.5, rows, cols)
					testutil.AssertSameBits(t, c, want, "%s rows=%d cols=%d mode=%d", ker.name, rows, cols, mode)
				}
			}
		}
	}
}
