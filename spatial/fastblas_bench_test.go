package spatial

import (
	"fmt"
	"testing"

	"github.com/cortexrnn/cortexrnn/fastblas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// BenchmarkCommunicabilityValueGradFastBLAS is
// BenchmarkCommunicabilityValueGrad at N = 312 with fastblas installed as
// the float64 BLAS, as the training pipeline runs it.
func BenchmarkCommunicabilityValueGradFastBLAS(b *testing.B) {
	prev := blas64.Implementation()
	blas64.Use(fastblas.Implementation{})
	b.Cleanup(func() { blas64.Use(prev) })
	const n = 312
	w, d, _ := benchInputs(n)
	for _, norm := range []Normalisation{NormZero, NormAddEpsilon} {
		p := NewCommunicability(DefaultLambda, d, norm)
		b.Run(fmt.Sprintf("N=%d/%v", n, norm), func(b *testing.B) {
			b.ReportAllocs()
			var g mat.Dense
			_, _ = p.ValueGradTo(&g, w)
			for b.Loop() {
				if _, err := p.ValueGradTo(&g, w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
