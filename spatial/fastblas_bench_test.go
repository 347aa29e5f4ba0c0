package spatial

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/fastblas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// BenchmarkCommunicabilityValueGradFastBLAS is
// BenchmarkCommunicabilityValueGrad at N = 312 with fastblas installed as
// the float32 and float64 BLAS, as the training pipeline runs it, in both
// precisions.
func BenchmarkCommunicabilityValueGradFastBLAS(b *testing.B) {
	prev64, prev32 := blas64.Implementation(), blas32.Implementation()
	blas64.Use(fastblas.Implementation{})
	blas32.Use(fastblas.Implementation{})
	b.Cleanup(func() { blas64.Use(prev64); blas32.Use(prev32) })
	const n = 312
	w, d, _ := benchInputs(n)
	for _, c := range []struct {
		norm Normalisation
		prec Arithmetic
	}{{NormZero, Float64}, {NormAddEpsilon, Float64}, {NormZero, Float32}, {NormAddEpsilon, Float32}} {
		p, err := NewCommunicability(d, CommunicabilityConfig{Lambda: DefaultLambda, Norm: c.norm, Arithmetic: c.prec})
		require.NoError(b, err)
		b.Run(fmt.Sprintf("N=%d/%v/%v", n, c.norm, c.prec), func(b *testing.B) {
			b.ReportAllocs()
			var g mat.Dense
			_, _ = p.ValueGradTo(&g, w)
			for b.Loop() {
				if _, err := p.ValueGradTo(&g, w); err != nil {
					require.NoError(b, err)
				}
			}
		})
	}
}
