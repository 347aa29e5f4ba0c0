package fastblas

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// Compile-time checks that Implementation plugs into gonum's blas32 and
// blas64 (blas32.Use / blas64.Use take these interfaces).
var (
	_ blas.Float32 = Implementation{}
	_ blas.Float64 = Implementation{}
)

func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// TestGemmPanics checks that bad arguments raise exactly gonum's panics.
func TestGemmPanics(t *testing.T) {
	t.Parallel()
	type args struct {
		name     string
		tA, tB   blas.Transpose
		m, n, k  int
		la, lb   int // slice lengths
		lc       int
		lda, ldb int
		ldc      int
	}
	nt, tr := blas.NoTrans, blas.Trans
	cases := []args{
		{"bad tA", 'X', nt, 2, 2, 2, 4, 4, 4, 2, 2, 2},
		{"bad tB", nt, 'X', 2, 2, 2, 4, 4, 4, 2, 2, 2},
		{"m<0", nt, nt, -1, 2, 2, 4, 4, 4, 2, 2, 2},
		{"n<0", nt, nt, 2, -1, 2, 4, 4, 4, 2, 2, 2},
		{"k<0", nt, nt, 2, 2, -1, 4, 4, 4, 2, 2, 2},
		{"lda<k", nt, nt, 2, 2, 3, 9, 9, 4, 2, 2, 2},
		{"lda<m trans", tr, nt, 3, 2, 2, 9, 9, 9, 2, 2, 2},
		{"ldb<n", nt, nt, 2, 3, 2, 9, 9, 9, 2, 2, 3},
		{"ldb<k trans", nt, tr, 2, 2, 3, 9, 9, 9, 3, 2, 2},
		{"ldc<n", nt, nt, 2, 3, 2, 9, 9, 9, 2, 3, 2},
		{"lda=0 m=0", nt, nt, 0, 2, 0, 0, 9, 9, 0, 2, 2},
		{"short A", nt, nt, 2, 2, 2, 3, 4, 4, 2, 2, 2},
		{"short A trans", tr, nt, 2, 2, 2, 3, 4, 4, 2, 2, 2},
		{"short B", nt, nt, 2, 2, 2, 4, 3, 4, 2, 2, 2},
		{"short B trans", nt, tr, 2, 2, 2, 4, 3, 4, 2, 2, 2},
		{"short C", nt, nt, 2, 2, 2, 4, 4, 3, 2, 2, 2},
		{"short C k=0", nt, nt, 2, 2, 0, 1, 4, 3, 1, 2, 2},
		{"valid, m=0 and short slices", nt, nt, 0, 2, 2, 0, 0, 0, 2, 2, 2},
		{"valid", tr, tr, 2, 3, 4, 8, 12, 6, 2, 4, 3},
	}
	var ref gonum.Implementation
	for _, c := range cases {
		want32 := panicValue(func() {
			ref.Sgemm(c.tA, c.tB, c.m, c.n, c.k, 1, make([]float32, c.la), c.lda, make([]float32, c.lb), c.ldb, 0, make([]float32, c.lc), c.ldc)
		})
		got32 := panicValue(func() {
			Implementation{}.Sgemm(c.tA, c.tB, c.m, c.n, c.k, 1, make([]float32, c.la), c.lda, make([]float32, c.lb), c.ldb, 0, make([]float32, c.lc), c.ldc)
		})
		want64 := panicValue(func() {
			ref.Dgemm(c.tA, c.tB, c.m, c.n, c.k, 1, make([]float64, c.la), c.lda, make([]float64, c.lb), c.ldb, 0, make([]float64, c.lc), c.ldc)
		})
		got64 := panicValue(func() {
			Implementation{}.Dgemm(c.tA, c.tB, c.m, c.n, c.k, 1, make([]float64, c.la), c.lda, make([]float64, c.lb), c.ldb, 0, make([]float64, c.lc), c.ldc)
		})
		assert.Equal(t, want32, got32, "%s: Sgemm's panic vs gonum's", c.name)
		assert.Equal(t, want64, got64, "%s: Dgemm's panic vs gonum's", c.name)
		valid := gemmArgsValid(c.tA, c.tB, c.m, c.n, c.k, c.la, c.lda, c.lb, c.ldb, c.lc, c.ldc)
		assert.Equal(t, want32 == nil, valid, "%s: gemmArgsValid, gonum panics with %v", c.name, want32)
		if !strings.HasPrefix(c.name, "valid") {
			assert.NotNil(t, want32, "%s: gonum did not panic; the case is wrong", c.name)
		}
	}
}

// TestGemmBetaZeroIgnoresC checks that beta = 0 overwrites NaN and Inf in C
// (C is not read), and that alpha = 0 ignores NaN in A and B.
func TestGemmBetaZeroIgnoresC(t *testing.T) {
	t.Parallel()
	for _, m := range []int{1, 7, 64} {
		a := make([]float32, m*m)
		b := make([]float32, m*m)
		c := make([]float32, m*m)
		for i := range a {
			a[i], b[i] = 1, 2
			c[i] = float32(math.NaN())
			if i%2 == 1 {
				c[i] = float32(math.Inf(-1))
			}
		}
		Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, m, m, m, 1, a, m, b, m, 0, c, m)
		for i, v := range c {
			require.Equal(t, float32(2*m), v, "m=%d beta=0: C[%d]", m, i)
		}
		for i := range a {
			a[i], b[i] = float32(math.NaN()), float32(math.NaN())
		}
		Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, m, m, m, 0, a, m, b, m, 0.5, c, m)
		for i, v := range c {
			require.Equal(t, float32(m), v, "m=%d alpha=0: C[%d]", m, i)
		}
	}
}

// TestGemmNaNPropagates checks that a NaN in A reaches the rows of C it
// contributes to, and only those.
func TestGemmNaNPropagates(t *testing.T) {
	t.Parallel()
	const m, n, k = 40, 50, 30
	a := make([]float64, m*k)
	b := make([]float64, k*n)
	c := make([]float64, m*n)
	for i := range a {
		a[i] = 1
	}
	for i := range b {
		b[i] = 1
	}
	a[17*k+5] = math.NaN()
	Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			require.Equal(t, i == 17, math.IsNaN(c[i*n+j]), "C[%d,%d] = %v is NaN (want NaN in row 17 only)", i, j, c[i*n+j])
		}
	}
}

// TestThreadsConfig checks that explicit thread counts, including more
// threads than tiles, give the same result as one thread. The problem is
// just large enough (m·n·k ≥ parallelMinFlops) to be split.
func TestThreadsConfig(t *testing.T) {
	t.Parallel()
	const m, n, k = 70, 90, 100
	require.GreaterOrEqual(t, m*n*k, parallelMinFlops, "%d×%d×%d is below parallelMinFlops: every call would run on one goroutine", m, n, k)
	a := make([]float32, m*k)
	b := make([]float32, k*n)
	for i := range a {
		a[i] = float32(i%13) - 6
	}
	for i := range b {
		b[i] = float32(i%11) - 5
	}
	want := make([]float32, m*n)
	Implementation{Threads: 1}.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, want, n)
	for _, th := range []int{0, -1, 2, 3, 64} {
		got := make([]float32, m*n)
		Implementation{Threads: th}.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, got, n)
		// Small integers: every partial sum is exact, so the
		// results must agree bit for bit.
		if !testutil.AssertSameBits(t, got, want, "Threads=%d: C", th) {
			t.FailNow()
		}
	}
}

// TestGemmAllocs checks that a warmed-up call allocates nothing. It runs on
// one goroutine: a parallel call also allocates nothing once the workers keep
// up, but on an oversubscribed machine a worker may still hold the previous
// call's bookkeeping when the next call starts, which then takes a new one,
// so the count is not deterministic there.
func TestGemmAllocs(t *testing.T) {
	const m, n, k = 128, 312, 312
	a := make([]float32, m*k)
	b := make([]float32, k*n)
	c := make([]float32, m*n)
	impl := Implementation{Threads: 1}
	impl.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
	allocs := testing.AllocsPerRun(20, func() {
		impl.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
	})
	assert.Zero(t, allocs, "Sgemm allocations per call")
}

// TestConcurrentCalls runs many multi-threaded calls from several goroutines
// at once, so that parts are queued behind other calls' parts and some are
// computed by their caller instead of a worker. Every call must give the
// same bits as a one-goroutine call: parts are aligned to whole register
// tiles, so each element is computed by the same operations whichever
// goroutine computes it.
func TestConcurrentCalls(t *testing.T) {
	t.Parallel()
	const goroutines, calls = 6, 15
	type problem struct {
		m, n, k int
		a, b    []float32
		want    []float32
	}
	rnd := testutil.Rand(5)
	problems := make([]problem, 8)
	for i := range problems {
		p := &problems[i]
		p.m, p.n, p.k = 40+rnd.IntN(150), 40+rnd.IntN(150), 20+rnd.IntN(200)
		p.a = make([]float32, p.m*p.k)
		p.b = make([]float32, p.k*p.n)
		for j := range p.a {
			p.a[j] = float32(rnd.NormFloat64())
		}
		for j := range p.b {
			p.b[j] = float32(rnd.NormFloat64())
		}
		p.want = make([]float32, p.m*p.n)
		Implementation{Threads: 1}.Sgemm(blas.NoTrans, blas.NoTrans, p.m, p.n, p.k, 1.5, p.a, p.k, p.b, p.n, 0, p.want, p.n)
	}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range calls {
				p := &problems[(g+c)%len(problems)]
				got := make([]float32, p.m*p.n)
				Implementation{Threads: 2 + (g+c)%3}.Sgemm(blas.NoTrans, blas.NoTrans, p.m, p.n, p.k, 1.5, p.a, p.k, p.b, p.n, 0, got, p.n)
				// assert, not require: this is not the test's goroutine.
				testutil.AssertSameBits(t, got, p.want, "goroutine %d call %d (%d×%d×%d): C", g, c, p.m, p.n, p.k)
			}
		}()
	}
	wg.Wait()
}

// TestSerialBackoff checks that after a slow parallel call the next
// backoffCalls calls run on one goroutine and then splitting resumes.
// Not parallel: other tests' calls would move the shared counter.
func TestSerialBackoff(t *testing.T) {
	defer serialCalls.Store(0)
	serialCalls.Store(backoffCalls)
	impl := Implementation{Threads: 2}
	for i := range backoffCalls {
		require.Equal(t, 1, impl.threads(), "call %d of the backoff: threads", i)
	}
	assert.Equal(t, 2, impl.threads(), "threads after the backoff")
	assert.Equal(t, 1, (Implementation{Threads: 1}).threads(), "threads of Threads: 1")
}
