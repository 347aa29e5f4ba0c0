package spatial

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/require"
)

func TestRadixSortedOrder(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(6)
	var r radixSorter
	for _, n := range []int{1, 2, 17, 1000, 70000} {
		vals := testutil.Normal(rnd, n, 1)
		for i := range vals {
			switch rnd.IntN(8) {
			case 0:
				vals[i] = 0
			case 1:
				vals[i] = math.Copysign(0, -1)
			case 2:
				vals[i] = 1e5 * vals[i]
			case 3:
				vals[i] = 1e-300 * vals[i]
			case 4:
				vals[i] = 3 // ties
			}
		}
		order := r.sortedOrder(vals)
		got := make([]float64, n)
		seen := make([]bool, n)
		for k, i := range order {
			got[k] = vals[i]
			require.False(t, seen[i], "n=%d: index %d twice", n, i)
			seen[i] = true
		}
		want := slices.Clone(vals)
		slices.Sort(want)
		for k := range want {
			require.Equal(t, want[k], got[k], "n=%d: rank %d: got %g, want %g", n, k, got[k], want[k])
		}
		// Stable: equal keys keep their input order.
		for k := 1; k < n; k++ {
			require.False(t, orderedKey(got[k]) == orderedKey(got[k-1]) && order[k] < order[k-1], "n=%d: not stable at rank %d", n, k)
		}
	}
}

// BenchmarkSortedOrder compares the radix argsort of the EMD penalty with a
// comparison argsort (slices.SortFunc) on N² = 312² values.
func BenchmarkSortedOrder(b *testing.B) {
	vals := testutil.Uniform(testutil.Rand(1), 312*312, 0, 1)
	b.Run("radix", func(b *testing.B) {
		var r radixSorter
		r.sortedOrder(vals)
		b.ReportAllocs()
		for b.Loop() {
			r.sortedOrder(vals)
		}
	})
	b.Run("slices.SortFunc", func(b *testing.B) {
		idx := make([]int32, len(vals))
		b.ReportAllocs()
		for b.Loop() {
			for i := range idx {
				idx[i] = int32(i)
			}
			slices.SortFunc(idx, func(x, y int32) int { return cmp.Compare(vals[x], vals[y]) })
		}
	})
}
