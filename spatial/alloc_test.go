package spatial

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

// TestNoAllocs checks that after the first call the penalties reuse their
// workspaces. At N = 24 gonum's BLAS runs serially; at the paper's sizes its
// parallel Dgemm starts goroutines, which allocate inside gonum.
func TestNoAllocs(t *testing.T) {
	const n = 24
	rnd := testutil.Rand(4)
	w, d := testW(rnd, n), testD(rnd, n)
	emp, err := EmpiricalCommunicability(testCounts(rnd, n), NormZero)
	if err != nil {
		t.Fatal(err)
	}
	var g mat.Dense
	c32, e32 := NewCommunicability(0.3, d, NormZero), NewEMD(0.3, 0.1, d, emp, NormZero)
	c32.SetPrecision(Float32)
	e32.SetPrecision(Float32)
	for _, p := range []penalty{
		c32, e32,
		&L1{Lambda: 0.3}, NewWiring(0.3, d),
		NewCommunicability(0.3, d, NormZero), NewCommunicability(0.3, d, NormAddEpsilon),
		NewEMD(0.3, 0.1, d, emp, NormAddEpsilon),
	} {
		g.Reset()
		if _, err := p.ValueGradTo(&g, w); err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(5, func() { _, _ = p.ValueGradTo(&g, w) }); a != 0 {
			t.Errorf("%T.ValueGradTo: %g allocations per call, want 0", p, a)
		}
		if a := testing.AllocsPerRun(5, func() { _, _ = p.Value(w) }); a != 0 {
			t.Errorf("%T.Value: %g allocations per call, want 0", p, a)
		}
	}
}
