package dynamics_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// TestPCAAgainstStatPC compares FitPCA with gonum's stat.PC (an SVD of the
// centred data, an independent route) on correlated Gaussian data, with
// more rows than one block so that the blocked covariance is exercised.
func TestPCAAgainstStatPC(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(20)
	const rows, n = 5000, 6
	mix := mat.NewDense(n, n, testutil.Normal(rnd, n*n, 1))
	z := mat.NewDense(rows, n, testutil.Normal(rnd, rows*n, 1))
	var x mat.Dense
	x.Mul(z, mix)
	for i := range rows {
		x.Set(i, 0, x.At(i, 0)+3) // a non-zero mean
	}
	p, err := dynamics.FitPCA(&x)
	require.NoError(t, err)

	var pc stat.PC
	require.True(t, pc.PrincipalComponents(&x, nil))
	want := pc.VarsTo(nil)
	testutil.AssertSlicesClose(t, p.Variances, want, 1e-10, 0, "variances")
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	for k := range n {
		got, ref := mat.Col(nil, k, p.Axes), mat.Col(nil, k, &vecs)
		if mat.Dot(mat.NewVecDense(n, got), mat.NewVecDense(n, ref)) < 0 {
			for i := range ref {
				ref[i] = -ref[i]
			}
		}
		testutil.AssertSlicesClose(t, got, ref, 1e-8, 1e-10, "axis %d", k)
	}
	ev := p.ExplainedVariance()
	var sum float64
	for _, v := range ev {
		sum += v
	}
	testutil.AssertClose(t, sum, 1, 1e-14, 0, "explained variance sums to 1")

	// Projections: the coordinates have the variances as their variances.
	proj := p.ProjectTo(nil, &x, 2)
	for k := range 2 {
		testutil.AssertClose(t, stat.Variance(mat.Col(nil, k, proj), nil), p.Variances[k], 1e-10, 0, "variance of PC %d", k+1)
	}
}

// TestParticipationRatio: PR = (Σλ)²/Σλ², e.g. variances (4, 1, 1) give
// 36/18 = 2; states spread equally along k orthogonal directions give k.
func TestParticipationRatio(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		vars []float64
		want float64
	}{
		{"one direction", []float64{1, 0, 0}, 1},
		{"isotropic in 3", []float64{2, 2, 2}, 3},
		{"4,1,1", []float64{4, 1, 1}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &dynamics.PCA{Variances: tc.vars}
			testutil.AssertClose(t, p.ParticipationRatio(), tc.want, 1e-14, 0, "PR")
		})
	}
	// From data: ±√λ_k along axis k (2 states per axis) gives variances
	// proportional to λ_k.
	x := mat.NewDense(6, 3, []float64{2, 0, 0, -2, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1})
	p, err := dynamics.FitPCA(x)
	require.NoError(t, err)
	testutil.AssertClose(t, p.ParticipationRatio(), 2, 1e-12, 0, "PR of (4,1,1)")
	assert.True(t, math.IsNaN((&dynamics.PCA{Variances: []float64{0, 0}}).ParticipationRatio()))
}

func TestPCAErrors(t *testing.T) {
	t.Parallel()
	_, err := dynamics.FitPCA(mat.NewDense(1, 3, nil))
	assert.ErrorIs(t, err, dynamics.ErrInput)
	x := mat.NewDense(3, 2, []float64{1, 2, 3, math.NaN(), 5, 6})
	_, err = dynamics.FitPCA(x)
	assert.ErrorIs(t, err, dynamics.ErrInput)
	p, err := dynamics.FitPCA(mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7}))
	require.NoError(t, err)
	assert.Panics(t, func() { p.ProjectTo(nil, mat.NewDense(2, 3, nil), 1) })
	assert.Panics(t, func() { p.ProjectTo(nil, mat.NewDense(2, 2, nil), 3) })
}
