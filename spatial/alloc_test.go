package spatial

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	require.NoError(t, err)
	c32, err := NewCommunicability(d, CommunicabilityConfig{Lambda: 0.3, Arithmetic: Float32})
	require.NoError(t, err)
	e32, err := NewEMD(d, emp, EMDConfig{Lambda: 0.3, LambdaEMD: 0.1, Arithmetic: Float32})
	require.NoError(t, err)
	var g mat.Dense
	for _, p := range []penalty{
		c32, e32,
		&L1{Lambda: 0.3}, newWiring(t, d),
		newComm(t, d, NormZero), newComm(t, d, NormAddEpsilon),
		newEMD(t, d, emp, NormAddEpsilon),
	} {
		g.Reset()
		_, err := p.ValueGradTo(&g, w)
		require.NoError(t, err)
		assert.Zero(t, testing.AllocsPerRun(5, func() { _, _ = p.ValueGradTo(&g, w) }), "%T.ValueGradTo: allocations per call", p)
		assert.Zero(t, testing.AllocsPerRun(5, func() { _, _ = p.Value(w) }), "%T.Value: allocations per call", p)
	}
}
