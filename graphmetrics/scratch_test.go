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
		{Directed: true, Weighted: true, Signed: true, Louvain: true, NullCount: 4, DirectedNullCount: 4},
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
		})
	}
}
