package stats

import (
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// The benchmarks check errors after the loop, so that the timed body is the
// call alone (require calls b.Helper, which takes a lock and reads the stack).

// Sizes of the paper's analysis: 20 simulations per cell, 11 variants.
func BenchmarkMannWhitneyU20(b *testing.B) {
	rnd := testutil.Rand(1)
	x, y := testutil.Normal(rnd, 20, 1), testutil.Normal(rnd, 20, 1)
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if _, err = MannWhitneyU(x, y); err != nil {
			break
		}
	}
	require.NoError(b, err)
}

func BenchmarkMannWhitneyUExact8x20(b *testing.B) {
	rnd := testutil.Rand(2)
	x, y := testutil.Normal(rnd, 8, 1), testutil.Normal(rnd, 20, 1)
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if _, err = MannWhitneyU(x, y); err != nil {
			break
		}
	}
	require.NoError(b, err)
}

func BenchmarkKruskalWallis11x20(b *testing.B) {
	rnd := testutil.Rand(3)
	groups := make([][]float64, 11)
	for i := range groups {
		groups[i] = testutil.Normal(rnd, 20, 1)
	}
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if _, err = KruskalWallis(groups...); err != nil {
			break
		}
	}
	require.NoError(b, err)
}

func BenchmarkBootstrap20x9999(b *testing.B) {
	x := testutil.Normal(testutil.Rand(4), 20, 1)
	rnd := testutil.Rand(5)
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if _, err = Bootstrap(x, nil, 0.95, DefaultResamples, rnd); err != nil {
			break
		}
	}
	require.NoError(b, err)
}

// Sizes of a cross-field analysis: five fields, 20 simulations per variant
// and field, 11 variants.
func fieldStrata(seed uint64, k, n int) [][]float64 {
	rnd := testutil.Rand(seed)
	s := make([][]float64, k)
	for h := range s {
		s[h] = testutil.Normal(rnd, n, 1)
	}
	return s
}

func BenchmarkVanElteren5x20(b *testing.B) {
	x, y := fieldStrata(6, 5, 20), fieldStrata(7, 5, 20)
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if _, err = VanElteren(x, y); err != nil {
			break
		}
	}
	require.NoError(b, err)
}

func BenchmarkKendallW5x11(b *testing.B) {
	s := mat.NewDense(5, 11, testutil.Normal(testutil.Rand(8), 55, 1))
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if _, err = KendallW(s); err != nil {
			break
		}
	}
	require.NoError(b, err)
}

func BenchmarkCliffDelta20(b *testing.B) {
	rnd := testutil.Rand(9)
	x, y := testutil.Normal(rnd, 20, 1), testutil.Normal(rnd, 20, 1)
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if _, err = CliffDelta(x, y); err != nil {
			break
		}
	}
	require.NoError(b, err)
}

func BenchmarkStratifiedMeanDiff5x20x9999(b *testing.B) {
	x, y := fieldStrata(10, 5, 20), fieldStrata(11, 5, 20)
	rnd := testutil.Rand(12)
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if _, err = StratifiedMeanDiff(x, y, 0.95, DefaultResamples, rnd); err != nil {
			break
		}
	}
	require.NoError(b, err)
}

func BenchmarkPairwiseEffects11x20x9999(b *testing.B) {
	groups := fieldStrata(13, 11, 20)
	rnd := testutil.Rand(14)
	b.ReportAllocs()
	var err error
	for b.Loop() {
		if _, err = PairwiseEffects(groups, 0.95, DefaultResamples, rnd); err != nil {
			break
		}
	}
	require.NoError(b, err)
}
