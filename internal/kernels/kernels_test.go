package kernels

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/cortexrnn/cortexrnn/fastblas"
)

// own is a BLAS a user installed: gonum's, wrapped in a type of its own
// (as a netlib OpenBLAS would be a type of its own).
type own struct{ gonum.Implementation }

// TestChoice checks the rule: fastblas while gonum's default is installed,
// whatever was installed otherwise. It swaps the global BLAS.
func TestChoice(t *testing.T) {
	prev32, prev64 := blas32.Implementation(), blas64.Implementation()
	t.Cleanup(func() { blas32.Use(prev32); blas64.Use(prev64) })
	for _, c := range []struct {
		name      string
		installed interface {
			blas.Float32
			blas.Float64
		}
		want any
	}{
		{"gonum default", gonum.Implementation{}, fastblas.Implementation{}},
		{"user's own", own{}, own{}},
		{"fastblas with settings", fastblas.Implementation{Threads: 1, FlushSubnormals: true}, fastblas.Implementation{Threads: 1, FlushSubnormals: true}},
		{"fastblas pointer", &fastblas.Implementation{Threads: 3}, &fastblas.Implementation{Threads: 3}},
	} {
		t.Run(c.name, func(t *testing.T) {
			blas32.Use(c.installed)
			blas64.Use(c.installed)
			assert.Equal(t, c.want, Float32())
			assert.Equal(t, c.want, Float64())
		})
	}
}

// TestGemm checks Gemm32/Gemm64 against blas32/blas64.Gemm with the same
// implementation installed, bit for bit, for every transpose combination
// of a non-square product.
func TestGemm(t *testing.T) {
	prev32, prev64 := blas32.Implementation(), blas64.Implementation()
	t.Cleanup(func() { blas32.Use(prev32); blas64.Use(prev64) })
	blas32.Use(fastblas.Implementation{})
	blas64.Use(fastblas.Implementation{})
	const m, n, k = 5, 7, 3
	fill := func(s []float64) []float64 {
		for i := range s {
			s[i] = float64(i%11) - 4.5
		}
		return s
	}
	for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
		for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			ar, ac := m, k
			if tA == blas.Trans {
				ar, ac = k, m
			}
			br, bc := k, n
			if tB == blas.Trans {
				br, bc = n, k
			}
			a := blas64.General{Rows: ar, Cols: ac, Stride: ac, Data: fill(make([]float64, ar*ac))}
			b := blas64.General{Rows: br, Cols: bc, Stride: bc, Data: fill(make([]float64, br*bc))}
			got := blas64.General{Rows: m, Cols: n, Stride: n, Data: fill(make([]float64, m*n))}
			want := blas64.General{Rows: m, Cols: n, Stride: n, Data: fill(make([]float64, m*n))}
			Gemm64(tA, tB, 0.5, a, b, 1, got)
			blas64.Gemm(tA, tB, 0.5, a, b, 1, want)
			require.Equal(t, want.Data, got.Data, "float64 %v %v", tA, tB)

			a32 := blas32.General{Rows: ar, Cols: ac, Stride: ac, Data: narrow(a.Data)}
			b32 := blas32.General{Rows: br, Cols: bc, Stride: bc, Data: narrow(b.Data)}
			got32 := blas32.General{Rows: m, Cols: n, Stride: n, Data: narrow(fill(make([]float64, m*n)))}
			want32 := blas32.General{Rows: m, Cols: n, Stride: n, Data: narrow(fill(make([]float64, m*n)))}
			Gemm32(tA, tB, 0.5, a32, b32, 1, got32)
			blas32.Gemm(tA, tB, 0.5, a32, b32, 1, want32)
			require.Equal(t, want32.Data, got32.Data, "float32 %v %v", tA, tB)
		}
	}
}

func narrow(s []float64) []float32 {
	out := make([]float32, len(s))
	for i, v := range s {
		out[i] = float32(v)
	}
	return out
}
