package graphmetrics

import (
	"fmt"
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestScratchContentsDoNotMatter fills the scratch pool with NaN before
// each Compute: a buffer read before it is written would turn a result
// into NaN or change it, so the Metrics must equal those of a run on fresh
// buffers (compared as %#v, which prints every float64 exactly).
func TestScratchContentsDoNotMatter(t *testing.T) {
	const n = 97
	z := testutil.Normal(testutil.Rand(11), n*n, 0.1)
	for i := range z {
		if i%3 == 0 {
			z[i] = 0
		}
	}
	w := mat.NewDense(n, n, z)
	for _, o := range []Options{
		{Directed: true, Weighted: true, Signed: true, Louvain: true, NullCount: 4, DirectedNullCount: 4, WeightedNullCount: 2},
		{Binarization: BinDensity, Keep: 0.2, Directed: true, Weighted: true, Signed: true, NullCount: 4},
	} {
		t.Run(fmt.Sprintf("%v", o.Binarization), func(t *testing.T) {
			poison := func(size int) {
				for range 64 {
					b := make([]float64, size)
					for i := range b {
						b[i] = math.NaN()
					}
					putFloats(b)
				}
			}
			want, err := Compute(w, o, testutil.Rand(3))
			require.NoError(t, err)
			for _, size := range []int{n * n, 2 * n * n} {
				poison(size)
				got, err := Compute(w, o, testutil.Rand(3))
				require.NoError(t, err)
				assert.Equal(t, fmt.Sprintf("%#v", want), fmt.Sprintf("%#v", got), "buffers of %d", size)
			}
			assert.False(t, math.IsNaN(want.Weighted.Clustering) || math.IsNaN(want.Signed.Symmetric) || math.IsNaN(want.Entropy))
			if o.WeightedNullCount > 0 {
				assert.Equal(t, o.WeightedNullCount, want.Weighted.NNull)
				assert.False(t, math.IsNaN(want.Weighted.NullClustering.Ratio) || math.IsNaN(want.Weighted.NullEfficiency.Ratio))
			}
		})
	}
}

// TestScratchReturnedOnEveryPath checks that every buffer taken from the
// pool is handed back, on the error paths too: a buffer never returned
// costs a fresh N² allocation on the next request. Not parallel: the count
// is global, and parallel tests wait until this one is done.
func TestScratchReturnedOnEveryPath(t *testing.T) {
	const n = 41
	z := testutil.Normal(testutil.Rand(5), n*n, 0.1)
	for i := range z {
		if i%4 == 0 {
			z[i] = 0
		}
	}
	w := mat.NewDense(n, n, z)
	bad := mat.NewDense(n, n, append([]float64(nil), z...))
	bad.Set(1, 2, math.NaN())
	half := [][]int{{0, 1, 2}}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	for _, c := range []struct {
		name    string
		wantErr bool // bad input: the call must fail, and still hand its buffers back
		run     func() error
	}{
		{"Compute with weighted nulls", false, func() error {
			_, err := Compute(w, Options{Directed: true, Weighted: true, Signed: true, Louvain: true, NullCount: 2, DirectedNullCount: 2, WeightedNullCount: 3}, testutil.Rand(1))
			return err
		}},
		{"Compute with density binarization", false, func() error {
			_, err := Compute(w, Options{Binarization: BinDensity, Keep: 0.2, Weighted: true, Signed: true, NullCount: 2}, testutil.Rand(1))
			return err
		}},
		{"SignedModularity", false, func() error { _, err := SignedModularity(w, [][]int{all}, SignedSymmetric); return err }},
		{"SignedModularity bad partition", true, func() error { _, err := SignedModularity(w, half, SignedAsymmetric); return err }},
		{"SignedCommunities", false, func() error { _, _, err := SignedCommunities(w, SignedSymmetric, testutil.Rand(2)); return err }},
		{"weightedCNM bad weights", true, func() error { return weightedCNM(bad, nil, n).err }},
		{"weighted null", false, func() error {
			r := drawWeightedNulls(w, n, 2, testutil.Rand(4))
			return r.err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := scratchOut.Load()
			if err := c.run(); c.wantErr {
				require.Error(t, err, "bad input accepted")
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, before, scratchOut.Load(), "buffers taken and not returned")
		})
	}
}

// TestScratchGetPutAllocatesNothing checks that a get and a put of a
// pooled buffer allocate nothing (a put of a bare []float64 would box a
// new slice header each time).
func TestScratchGetPutAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop what is put")
	}
	putFloats(make([]float64, 1000))
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		putFloats(getFloats(1000))
	}))
}

// TestArcListsTakeFullBuffer checks that newArcLists takes an N² buffer
// for its m < N² arc lengths even from an empty pool: handed back, a
// smaller one would be dropped by the next N² request.
func TestArcListsTakeFullBuffer(t *testing.T) {
	const n = 60
	rnd := testutil.Rand(9)
	a := make([]float64, n*n)
	for i := range a {
		if i/n != i%n && rnd.Float64() < 0.1 {
			a[i] = rnd.Float64()
		}
	}
	for scratch.Get() != nil { // empty the pool
	}
	g := newArcLists(a, n)
	defer putFloats(g.length)
	require.Less(t, len(g.length), n*n/2)
	assert.GreaterOrEqual(t, cap(g.length), n*n)
}
