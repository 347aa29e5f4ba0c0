package graphmetrics

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestComputeSameOnAnyCPUCount checks that Compute's concurrent measures
// and its randomness give bit-identical Metrics with one and four
// goroutines at a time.
func TestComputeSameOnAnyCPUCount(t *testing.T) {
	// Not parallel: it changes GOMAXPROCS.
	const n = 60
	w := mat.NewDense(n, n, testutil.Normal(testutil.Rand(31), n*n, 0.1))
	o := Options{Louvain: true, Directed: true, Weighted: true, Signed: true, NullCount: 5, DirectedNullCount: 5, WeightedNullCount: 2}
	prev := runtime.GOMAXPROCS(1)
	a, err1 := Compute(w, o, testutil.Rand(3))
	runtime.GOMAXPROCS(4)
	b, err2 := Compute(w, o, testutil.Rand(3))
	runtime.GOMAXPROCS(prev)
	require.NoError(t, err1)
	require.NoError(t, err2)
	// %#v prints every float exactly (shortest round-trip form) and NaN
	// equal to NaN, which reflect.DeepEqual does not.
	assert.Equal(t, fmt.Sprintf("%#v", a), fmt.Sprintf("%#v", b))
}

// TestComputeWeightedMatchesParts checks that Compute's shared cube roots
// give exactly the separate public calls' clustering, and that its other
// weighted and directed values are theirs too.
func TestComputeWeightedMatchesParts(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		zeros int // every zeros-th weight set to 0 (0: none)
	}{{"dense", 0}, {"sparse", 3}} {
		t.Run(c.name, func(t *testing.T) {
			const n = 70
			x := testutil.Normal(testutil.Rand(32), n*n, 0.1)
			for i := range x {
				if c.zeros > 0 && i%c.zeros == 0 {
					x[i] = 0
				}
			}
			w := mat.NewDense(n, n, x)
			m, err := compute(w, Options{Directed: true, Weighted: true}, false, testutil.Rand(1))
			require.NoError(t, err)
			dir, und := normalisedAbs(w, n)
			on, err := WeightedClustering(und)
			require.NoError(t, err)
			fa, err := DirectedWeightedClustering(dir)
			require.NoError(t, err)
			eu, err := WeightedEfficiency(und)
			require.NoError(t, err)
			ed, err := WeightedEfficiency(dir)
			require.NoError(t, err)
			ent, err := WeightEntropy(w)
			require.NoError(t, err)
			assert.Equal(t, meanOf(on), m.Weighted.Clustering)
			assert.Equal(t, meanOf(fa), m.Directed.WeightedClustering)
			assert.Equal(t, eu, m.Weighted.Efficiency)
			assert.Equal(t, ed, m.Directed.WeightedEfficiency)
			assert.Equal(t, ent, m.Entropy)
			d, _, err := BinarizeDirected(w, BinQuantile, DefaultKeep)
			require.NoError(t, err)
			assert.Equal(t, MeanDirectedClustering(d), m.Directed.Clustering)
			assert.Equal(t, DirectedEfficiency(d), m.Directed.Efficiency)
			onS, faS := weightedClusterings(dir, und, n, true)
			assert.Equal(t, on, onS)
			assert.Equal(t, fa, faS)
		})
	}
}

// TestUpperSquareMatchesMul checks upperSquare's stored entries against the
// full product, bit for bit (gonum's Dgemm, the default implementation).
func TestUpperSquareMatchesMul(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 63, 64, 150} {
		rnd := testutil.Rand(uint64(40 + n))
		m := mat.NewDense(n, n, nil)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				v := rnd.Float64()
				m.Set(i, j, v)
				m.Set(j, i, v)
			}
		}
		var full mat.Dense
		full.Mul(m, m)
		up := upperSquare(m, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				x := up.At(min(i, j), max(i, j))
				if lo := i - i%squareBlock; j >= lo {
					x = up.At(i, j)
				}
				require.Equal(t, full.At(i, j), x, "n=%d (%d, %d)", n, i, j)
			}
		}
	}
}
