package stats

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// Sizes of the paper's analysis: 20 simulations per cell, 11 variants.
func BenchmarkMannWhitneyU20(b *testing.B) {
	rnd := testutil.Rand(1)
	x, y := testutil.Normal(rnd, 20, 1), testutil.Normal(rnd, 20, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MannWhitneyU(x, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMannWhitneyUExact8x20(b *testing.B) {
	rnd := testutil.Rand(2)
	x, y := testutil.Normal(rnd, 8, 1), testutil.Normal(rnd, 20, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MannWhitneyU(x, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKruskalWallis11x20(b *testing.B) {
	rnd := testutil.Rand(3)
	groups := make([][]float64, 11)
	for i := range groups {
		groups[i] = testutil.Normal(rnd, 20, 1)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := KruskalWallis(groups...); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBootstrap20x9999(b *testing.B) {
	x := testutil.Normal(testutil.Rand(4), 20, 1)
	rnd := testutil.Rand(5)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Bootstrap(x, nil, 0.95, DefaultResamples, rnd); err != nil {
			b.Fatal(err)
		}
	}
}
