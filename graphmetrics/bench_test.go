package graphmetrics

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

// benchWeights is a 312×312 (field 6_6_2's size) Gaussian weight matrix; its
// 0.9-quantile graph has density ≈ 0.19, like the paper's trained networks.
func benchWeights() *mat.Dense {
	const n = 312
	return mat.NewDense(n, n, testutil.Normal(testutil.Rand(1), n*n, 0.1))
}

// BenchmarkPaper312 is the speed target: all four paper metrics of a
// 312-node network including σ with 1,000 paper nulls, on one core.
func BenchmarkPaper312(b *testing.B) {
	w := benchWeights()
	rnd := testutil.Rand(2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Paper(w, DefaultNullCount, rnd); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompute312 is every metric (CNM, Louvain, σ with 1,000 paper
// nulls, entropy; no ω) of the same network.
func BenchmarkCompute312(b *testing.B) {
	w := benchWeights()
	rnd := testutil.Rand(2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(w, Options{Louvain: true}, rnd); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPaperNullOne312(b *testing.B) {
	g := NewGraph(312)
	rnd := testutil.Rand(3)
	wk := newBFSWork(g.words)
	b.ReportAllocs()
	for b.Loop() {
		paperNullTo(g, rnd)
		_ = meanClustering(g)
		_ = allPairs(g, wk)
	}
}

func BenchmarkParts312(b *testing.B) {
	w := benchWeights()
	g, _ := BinarizeQuantile(w, DefaultQuantile)
	b.Run("GreedyModularity", func(b *testing.B) {
		for b.Loop() {
			GreedyModularity(g)
		}
	})
	b.Run("WeightEntropy", func(b *testing.B) {
		for b.Loop() {
			WeightEntropy(w)
		}
	})
	b.Run("Binarize", func(b *testing.B) {
		for b.Loop() {
			BinarizeQuantile(w, DefaultQuantile)
		}
	})
	rnd := testutil.Rand(4)
	b.Run("PaperNullDraw", func(b *testing.B) {
		null := NewGraph(312)
		for b.Loop() {
			paperNullTo(null, rnd)
		}
	})
	null := PaperNull(312, rnd)
	b.Run("Clustering", func(b *testing.B) {
		for b.Loop() {
			meanClustering(null)
		}
	})
	wk := newBFSWork(null.words)
	b.Run("Efficiency", func(b *testing.B) {
		for b.Loop() {
			allPairs(null, wk)
		}
	})
}
