package fastblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// gemmCase is one GEMM problem: C = alpha·op(A)·op(B) + beta·C with op(A)
// m×k, op(B) k×n, and leading dimensions padded by padA, padB and padC
// elements beyond the row length.
type gemmCase struct {
	tA, tB           bool
	m, n, k          int
	padA, padB, padC int
	alpha, beta      float64
	nanC             bool // fill C with NaN; only meaningful with beta = 0
	flush            bool // FlushSubnormals mode
}

func (c gemmCase) String() string {
	return fmt.Sprintf("tA=%v,tB=%v,m=%d,n=%d,k=%d,pad=%d/%d/%d,alpha=%g,beta=%g,nanC=%v,flush=%v",
		c.tA, c.tB, c.m, c.n, c.k, c.padA, c.padB, c.padC, c.alpha, c.beta, c.nanC, c.flush)
}

func transpose(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// operands holds the row-major storage of A, B and C for a case. Padding
// elements (beyond each row) hold NaN in A and B, so that any read of them
// poisons the result, and a sentinel in C, so that any write is detected.
type operands[T float] struct {
	a, b, c       []T
	lda, ldb, ldc int
}

const padSentinel = -12345.5

func storage[T float](rnd *rand.Rand, rows, cols, pad int, padValue float64) ([]T, int) {
	ld := max(1, cols+pad)
	n := 0
	if rows > 0 {
		n = max(0, (rows-1)*ld+cols)
	}
	s := make([]T, n)
	for i := range s {
		if i%ld < cols {
			s[i] = T(rnd.NormFloat64())
		} else {
			s[i] = T(padValue)
		}
	}
	return s, ld
}

func newOperands[T float](rnd *rand.Rand, cs gemmCase) operands[T] {
	var o operands[T]
	ra, ca := cs.m, cs.k
	if cs.tA {
		ra, ca = ca, ra
	}
	rb, cb := cs.k, cs.n
	if cs.tB {
		rb, cb = cb, rb
	}
	o.a, o.lda = storage[T](rnd, ra, ca, cs.padA, math.NaN())
	o.b, o.ldb = storage[T](rnd, rb, cb, cs.padB, math.NaN())
	o.c, o.ldc = storage[T](rnd, cs.m, cs.n, cs.padC, padSentinel)
	if cs.nanC {
		for i := range o.c {
			if i%o.ldc < cs.n {
				o.c[i] = T(math.NaN())
			}
		}
	}
	return o
}

func at[T float](s []T, ld int, trans bool, i, j int) float64 {
	if trans {
		return float64(s[j*ld+i])
	}
	return float64(s[i*ld+j])
}

// gamma is Higham's γ_n = n·u/(1 − n·u).
func gamma(n int, u float64) float64 { return float64(n) * u / (1 - float64(n)*u) }

// dot2 is the compensated dot product of Ogita, Rump and Oishi (SIAM J. Sci.
// Comput. 26(6), 2005, doi:10.1137/030601818, Algorithm 5.3): its result
// differs from the exact xᵀy by at most u·|xᵀy| + γ_n²·|x|ᵀ|y|.
func dot2(x, y []float64) float64 {
	var s, c float64
	for i := range x {
		p := x[i] * y[i]
		pe := math.FMA(x[i], y[i], -p)
		t := s + p
		z := t - s
		c += (s - (t - z)) + (p - z) + pe
		s = t
	}
	return s + c
}

// reference holds the exact product of a case (to within refErr) and the
// allowed deviation of each computed element.
type reference struct {
	want, tol []float64 // m×n, row-major
}

// newReference computes the reference result and tolerance of a case.
//
// Error bound. Every C[i,j] = alpha·Σ_p op(A)[i,p]·op(B)[p,j] + beta·C[i,j]
// is an inner product of length k followed by a scaling and one addition.
// Whatever the order of summation and whether or not multiply–adds are
// fused, the computed value differs from the exact one by at most
//
//	γ_{k+2}·M[i,j],  M[i,j] = |alpha|·Σ_p |op(A)[i,p]|·|op(B)[p,j]| + |beta|·|C[i,j]|
//
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1 and
// §3.5, doi:10.1137/1.9780898718027), with u = 2⁻²⁴ for float32 and 2⁻⁵³ for
// float64. The reference is not exact either: for float32 it is the plain
// float64 sum (error ≤ γ_{k+2}·M with u = 2⁻⁵³); for float64 it is dot2
// followed by the scaling and addition (error ≤ (γ_4 + γ_k²)·M). The test
// allows the sum of the two bounds, plus (k+3)·η for gradual underflow (η the
// smallest subnormal of T; each of the k+2 operations of the routine and
// the conversion of the reference can lose at most η in absolute terms when
// its result is subnormal), and nothing more.
//
// Flushing mode (cs.flush, Implementation.FlushSubnormals) is a different
// arithmetic, not a looser tolerance of the same one: with DAZ every
// subnormal input is read as zero, so a product with a subnormal factor
// (or beta·C[i,j] with a subnormal C[i,j] or product) is dropped exactly,
// an error equal to its magnitude, which the bound adds (the term D[i,j]);
// with FTZ every result below the smallest normal number η_N is written as
// zero, an absolute error below η_N instead of below η. So the flushing bound
// is the bound above with η replaced by η_N, plus D[i,j].
func newReference[T float](cs gemmCase, o operands[T], c0 []T) reference {
	var z T
	_, single := any(z).(float32)
	u, eta, tiny := 0x1p-53, 0x1p-1074, 0x1p-1022
	if single {
		u, eta, tiny = 0x1p-24, 0x1p-149, 0x1p-126
	}
	if cs.flush {
		eta = tiny
	}
	sub := func(v float64) bool { return cs.flush && v != 0 && math.Abs(v) < tiny }
	// The routine sees alpha and beta rounded to T.
	alpha, beta := float64(T(cs.alpha)), float64(T(cs.beta))
	r := reference{want: make([]float64, cs.m*cs.n), tol: make([]float64, cs.m*cs.n)}
	x := make([]float64, cs.k)
	y := make([]float64, cs.k)
	for i := 0; i < cs.m; i++ {
		for j := 0; j < cs.n; j++ {
			var abs, dropped, droppedC float64
			for p := 0; p < cs.k; p++ {
				x[p] = at(o.a, o.lda, cs.tA, i, p)
				y[p] = at(o.b, o.ldb, cs.tB, p, j)
				abs += math.Abs(x[p] * y[p])
				if sub(x[p]) || sub(y[p]) {
					dropped += math.Abs(x[p] * y[p])
				}
			}
			mag := math.Abs(alpha) * abs
			var ref, refErr float64
			if single {
				var s float64
				for p := range x {
					s += x[p] * y[p]
				}
				ref = alpha * s
				refErr = gamma(cs.k+2, 0x1p-53)
			} else {
				ref = alpha * dot2(x, y)
				refErr = gamma(4, u) + gamma(cs.k, u)*gamma(cs.k, u)
			}
			if beta != 0 {
				cij := float64(c0[i*o.ldc+j])
				ref += beta * cij
				mag += math.Abs(beta * cij)
				if sub(cij) || sub(beta*cij) {
					droppedC = math.Abs(beta * cij)
				}
			}
			r.want[i*cs.n+j] = ref
			r.tol[i*cs.n+j] = (gamma(cs.k+2, u)+refErr)*mag + float64(cs.k+3)*eta + math.Abs(alpha)*dropped + droppedC
		}
	}
	return r
}

// checkGemm verifies got (C after the call) against the reference, and that
// no element of C's storage outside the m×n matrix was written.
func checkGemm[T float](t *testing.T, label string, cs gemmCase, ref reference, ldc int, c0, got []T) {
	t.Helper()
	bad := 0
	var first []string // the first few elements out of bounds
	for i := 0; i < cs.m; i++ {
		for j := 0; j < cs.n; j++ {
			g := float64(got[i*ldc+j])
			want, tol := ref.want[i*cs.n+j], ref.tol[i*cs.n+j]
			if !(math.Abs(g-want) <= tol) { // NaN is out of bounds too
				if bad < 5 {
					first = append(first, fmt.Sprintf("C[%d,%d] = %v, want %v ± %.3g", i, j, g, want, tol))
				}
				bad++
			}
		}
	}
	assert.Zero(t, bad, "%s %v: elements out of bounds, the first:\n%s", label, cs, strings.Join(first, "\n"))
	for idx := range got {
		if idx%ldc >= cs.n && got[idx] != c0[idx] {
			assert.Failf(t, "padding of C written", "%s %v: padding element %d of C written: %v", label, cs, idx, got[idx])
			return
		}
	}
}

// runCase runs cs through every kernel available on this CPU with several
// thread counts, through Implementation, and through gonum's native
// implementation (which must meet the same bound), in precision T.
func runCase[T float](t *testing.T, rnd *rand.Rand, cs gemmCase, kernels []kernel[T], threads []int) {
	t.Helper()
	o := newOperands[T](rnd, cs)
	c0 := append([]T(nil), o.c...)
	ref := newReference(cs, o, c0)
	got := make([]T, len(o.c))
	for _, ker := range kernels {
		for _, th := range threads {
			copy(got, c0)
			gemm(&ker, th, cs.flush, cs.tA, cs.tB, cs.m, cs.n, cs.k, T(cs.alpha), o.a, o.lda, o.b, o.ldb, T(cs.beta), got, o.ldc)
			checkGemm(t, fmt.Sprintf("%s/threads=%d", ker.name, th), cs, ref, o.ldc, c0, got)
		}
	}
	copy(got, c0)
	var native gonum.Implementation
	switch a := any(o.a).(type) {
	case []float32:
		b, g := any(o.b).([]float32), any(got).([]float32)
		Implementation{FlushSubnormals: cs.flush}.Sgemm(transpose(cs.tA), transpose(cs.tB), cs.m, cs.n, cs.k, float32(cs.alpha), a, o.lda, b, o.ldb, float32(cs.beta), g, o.ldc)
		checkGemm(t, "Implementation", cs, ref, o.ldc, c0, got)
		copy(got, c0)
		native.Sgemm(transpose(cs.tA), transpose(cs.tB), cs.m, cs.n, cs.k, float32(cs.alpha), a, o.lda, b, o.ldb, float32(cs.beta), g, o.ldc)
	case []float64:
		b, g := any(o.b).([]float64), any(got).([]float64)
		Implementation{FlushSubnormals: cs.flush}.Dgemm(transpose(cs.tA), transpose(cs.tB), cs.m, cs.n, cs.k, cs.alpha, a, o.lda, b, o.ldb, cs.beta, g, o.ldc)
		checkGemm(t, "Implementation", cs, ref, o.ldc, c0, got)
		copy(got, c0)
		native.Dgemm(transpose(cs.tA), transpose(cs.tB), cs.m, cs.n, cs.k, cs.alpha, a, o.lda, b, o.ldb, cs.beta, g, o.ldc)
	}
	if !cs.nanC {
		// gonum scales C by beta = 0 by multiplication in some paths; only
		// compare it where C is finite.
		checkGemm(t, "gonum", cs, ref, o.ldc, c0, got)
	}
}

var alphaBetas = []float64{0, 1, -1, 0.5, 2.75}

// randomCase draws transposes, paddings, alpha and beta for an m×n×k shape.
func randomCase(rnd *rand.Rand, m, n, k int) gemmCase {
	cs := gemmCase{
		tA: rnd.IntN(2) == 1, tB: rnd.IntN(2) == 1,
		m: m, n: n, k: k,
		padA: rnd.IntN(4), padB: rnd.IntN(4), padC: rnd.IntN(4),
		alpha: alphaBetas[rnd.IntN(len(alphaBetas))],
		beta:  alphaBetas[rnd.IntN(len(alphaBetas))],
	}
	if rnd.IntN(4) == 0 {
		cs.alpha = rnd.NormFloat64()
	}
	if cs.beta == 0 && rnd.IntN(2) == 0 {
		cs.nanC = true
	}
	return cs
}

// TestGemmRagged covers every m, n in 1..33 (all ragged edges of every
// register tile) with random k in 0..40, transposes, strides, alpha and beta.
func TestGemmRagged(t *testing.T) {
	t.Parallel()
	for _, prec := range []string{"float32", "float64"} {
		t.Run(prec, func(t *testing.T) {
			t.Parallel()
			rnd := testutil.Rand(1)
			for m := 1; m <= 33; m++ {
				for n := 1; n <= 33; n++ {
					cs := randomCase(rnd, m, n, rnd.IntN(41))
					th := []int{1 + rnd.IntN(3)}
					if prec == "float32" {
						runCase(t, rnd, cs, testKernels32(), th)
					} else {
						runCase(t, rnd, cs, kernels64(), th)
					}
				}
			}
		})
	}
}

// TestGemmAllTransposes runs each transpose combination and the special
// sizes 0 and 1 of m, n and k with every alpha/beta pair.
func TestGemmAllTransposes(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(2)
	sizes := []int{0, 1, 2, 13, 37}
	for _, tA := range []bool{false, true} {
		for _, tB := range []bool{false, true} {
			for _, m := range sizes {
				for _, n := range sizes {
					for _, k := range sizes {
						for _, alpha := range alphaBetas[:3] {
							for _, beta := range alphaBetas[:3] {
								cs := gemmCase{tA: tA, tB: tB, m: m, n: n, k: k, padA: 1, padB: 2, padC: 3, alpha: alpha, beta: beta}
								runCase(t, rnd, cs, testKernels32(), []int{1})
								runCase(t, rnd, cs, kernels64(), []int{2})
							}
						}
					}
				}
			}
		}
	}
}

// TestGemmLarge crosses every cache-blocking boundary (kc, mc and nc) and
// the multi-threaded split, including the rnn shapes, for every assembly
// kernel in float32 and the fastest kernel in float64; the pure-Go kernel
// (slow at these sizes) runs them only through Implementation, on CPUs or
// builds (purego) without the assembly kernels.
func TestGemmLarge(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(3)
	shapes := []struct {
		tA, tB  bool
		m, n, k int
	}{
		{false, false, 128, 312, 312}, // recurrent forward step
		{false, true, 128, 312, 312},  // recurrent backward step
		{true, false, 312, 312, 900},  // weight gradient Hᵀ·dZ (k shortened)
		{false, false, 640, 312, 8},   // input projection (m shortened)
		{false, false, 501, 37, 530},  // m > mc, k > 2·kc
		{true, true, 29, 4200, 300},   // n > nc
		{false, true, 250, 130, 385},  // k = kc + 1 (float32 kernels)
		{true, true, 40, 50, 321},     // k = kc + 1 (float64 AVX-512)
	}
	for _, s := range shapes {
		cs := gemmCase{tA: s.tA, tB: s.tB, m: s.m, n: s.n, k: s.k, padA: 3, padB: 1, padC: 2, alpha: 0.75, beta: -1.5}
		runCase(t, rnd, cs, withNarrow(kernels32()[:len(kernels32())-1]), []int{1, 2, 3})
		runCase(t, rnd, cs, kernels64()[:1], []int{2})
	}
}

// TestGemmRandomShapes is a randomized shape test over sizes up to 300.
func TestGemmRandomShapes(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(4)
	for range 60 {
		size := func() int {
			if rnd.IntN(3) == 0 {
				return 1 + rnd.IntN(8)
			}
			return 1 + rnd.IntN(300)
		}
		cs := randomCase(rnd, size(), size(), size())
		th := []int{1 + rnd.IntN(4)}
		runCase(t, rnd, cs, testKernels32(), th)
		runCase(t, rnd, cs, kernels64(), th)
	}
}

// FuzzGemm checks arbitrary small shapes, transposes, strides, scalars and
// thread counts in float32 and float64. Run with go test -fuzz=FuzzGemm.
func FuzzGemm(f *testing.F) {
	f.Add(uint8(5), uint8(7), uint8(3), uint8(0), uint8(0), 1.0, 0.0, uint64(1))
	f.Add(uint8(33), uint8(1), uint8(64), uint8(3), uint8(17), -2.0, 0.5, uint64(2))
	f.Add(uint8(12), uint8(32), uint8(1), uint8(1), uint8(255), 0.0, 1.0, uint64(3))
	f.Add(uint8(100), uint8(50), uint8(0), uint8(2), uint8(6), 1.5, -1.0, uint64(4))
	f.Fuzz(func(t *testing.T, m, n, k, trans, pads uint8, alpha, beta float64, seed uint64) {
		if math.IsNaN(alpha) || math.IsInf(alpha, 0) || math.Abs(alpha) > 1e6 ||
			math.IsNaN(beta) || math.IsInf(beta, 0) || math.Abs(beta) > 1e6 {
			t.Skip("alpha and beta must be finite and moderate")
		}
		cs := gemmCase{
			tA: trans&1 != 0, tB: trans&2 != 0,
			m: int(m) % 80, n: int(n) % 80, k: int(k) % 80,
			padA: int(pads) & 3, padB: int(pads>>2) & 3, padC: int(pads>>4) & 3,
			alpha: alpha, beta: beta,
			nanC: beta == 0 && pads&64 != 0,
		}
		rnd := testutil.Rand(seed)
		th := []int{1 + int(trans>>2)%3}
		runCase(t, rnd, cs, testKernels32(), th)
		runCase(t, rnd, cs, kernels64(), th)
	})
}

// scaleOperands multiplies the m×n matrix elements of a case's storage by
// s (padding is left alone), to move them towards the subnormal range.
func scaleOperands[T float](s []T, ld, cols int, f T) {
	for i := range s {
		if i%ld < cols {
			s[i] *= f
		}
	}
}

// TestGemmFlushSubnormals runs ragged cases in flushing mode on operands
// scaled so that some inputs, products, partial sums and results are
// subnormal (A by 2⁻¹²⁰ in float32, 2⁻¹⁰¹⁶ in float64: about 1.5 % of its
// elements fall below the smallest normal number), against the flushing
// error bound of newReference, and also checks that the same cases in the
// default mode still meet the IEEE bound.
func TestGemmFlushSubnormals(t *testing.T) {
	t.Parallel()
	run := func(t *testing.T, rnd *rand.Rand, cs gemmCase, single bool) {
		if single {
			runScaledCase[float32](t, rnd, cs, testKernels32(), 0x1p-120)
		} else {
			runScaledCase[float64](t, rnd, cs, kernels64(), 0x1p-1016)
		}
	}
	for _, single := range []bool{true, false} {
		rnd := testutil.Rand(7)
		for m := 1; m <= 30; m += 3 {
			for n := 1; n <= 40; n += 3 {
				cs := randomCase(rnd, m, n, 1+rnd.IntN(60))
				for _, flush := range []bool{true, false} {
					cs.flush = flush
					run(t, rnd, cs, single)
				}
			}
		}
	}
}

// runScaledCase is runCase on operands whose A and C are scaled by f.
func runScaledCase[T float](t *testing.T, rnd *rand.Rand, cs gemmCase, kernels []kernel[T], f T) {
	t.Helper()
	o := newOperands[T](rnd, cs)
	ca := cs.k
	if cs.tA {
		ca = cs.m
	}
	scaleOperands(o.a, o.lda, ca, f)
	if !cs.nanC {
		scaleOperands(o.c, o.ldc, cs.n, f)
	}
	c0 := append([]T(nil), o.c...)
	ref := newReference(cs, o, c0)
	got := make([]T, len(o.c))
	for _, ker := range kernels {
		for _, th := range []int{1, 2} {
			copy(got, c0)
			gemm(&ker, th, cs.flush, cs.tA, cs.tB, cs.m, cs.n, cs.k, T(cs.alpha), o.a, o.lda, o.b, o.ldb, T(cs.beta), got, o.ldc)
			checkGemm(t, fmt.Sprintf("%s/threads=%d", ker.name, th), cs, ref, o.ldc, c0, got)
		}
	}
}

// TestFlushSubnormalsSemantics checks the two modes exactly on a product
// whose every term is subnormal: 1×1×1 with a = 2⁻¹³⁰ (float32) and b = 1.
// IEEE mode must return the subnormal 2⁻¹³⁰; flushing mode on an assembly
// kernel must return 0 (DAZ reads a as 0), and the caller's MXCSR must be
// restored afterwards: Go arithmetic on this goroutine still produces
// subnormals.
func TestFlushSubnormalsSemantics(t *testing.T) {
	sub := float32(0x1p-130)
	a := []float32{sub}
	b := []float32{1}
	for _, ker := range testKernels32() {
		for _, flush := range []bool{false, true} {
			c := []float32{7}
			gemm(&ker, 1, flush, false, false, 1, 1, 1, 1, a, 1, b, 1, 0, c, 1)
			want := sub
			if flush && ker.name != "generic" && ker.name != "gonum" {
				want = 0
			}
			assert.Equal(t, want, c[0], "%s flush=%v: got %g, want %g", ker.name, flush, c[0], want)
			// A full register tile goes through the assembly store paths.
			m, n := ker.mr, ker.nr
			aa := make([]float32, m)
			bb := make([]float32, n)
			for i := range aa {
				aa[i] = 0x1p-70
			}
			for j := range bb {
				bb[j] = 0x1p-70 // products 2⁻¹⁴⁰: subnormal results
			}
			cc := make([]float32, m*n)
			gemm(&ker, 1, flush, false, false, m, n, 1, 1, aa, 1, bb, n, 0, cc, n)
			want = 0x1p-140
			if flush && ker.name != "generic" && ker.name != "gonum" {
				want = 0
			}
			for i, v := range cc {
				require.Equal(t, want, v, "%s flush=%v: tile element %d = %g, want %g", ker.name, flush, i, v, want)
			}
			x := float32(0x1p-70)
			y := x * bb[0]
			require.Equal(t, float32(0x1p-140), y, "%s flush=%v: MXCSR not restored: 2⁻⁷⁰·2⁻⁷⁰ = %g in Go afterwards", ker.name, flush, y)
		}
	}
}

// withNarrow returns ks followed by their narrow variants (kernel.narrow),
// which gemm picks for some packed-B products, so that every test of the
// kernels covers them too.
func withNarrow[T float](ks []kernel[T]) []kernel[T] {
	out := append([]kernel[T](nil), ks...)
	for _, k := range ks {
		if k.narrow != nil {
			out = append(out, *k.narrow)
		}
	}
	return out
}

// testKernels32 is every float32 kernel of this CPU, narrow variants included.
func testKernels32() []kernel[float32] { return withNarrow(kernels32()) }
