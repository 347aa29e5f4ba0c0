package rnn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/cortexrnn/cortexrnn/fastblas"
	"github.com/cortexrnn/cortexrnn/internal/kernels"
)

// The engines' matrix products go through gemm64/gemm32, that is through
// the BLAS that the program installed with blas64.Use/blas32.Use, or through
// fastblas while gonum's default is installed (package doc, "Precision and
// speed").

func gemm64(tA, tB blas.Transpose, alpha float64, a, b blas64.General, beta float64, c blas64.General) {
	kernels.Gemm64(tA, tB, alpha, a, b, beta, c)
}

func gemm32(tA, tB blas.Transpose, alpha float32, a, b blas32.General, beta float32, c blas32.General) {
	kernels.Gemm32(tA, tB, alpha, a, b, beta, c)
}

// PackedBLAS64 is the part of a float64 BLAS that multiplies by a right
// operand packed once in advance, with an epilogue on each finished block:
// what the training loop needs to multiply by the recurrent matrix in every
// time step without repacking it. fastblas.Implementation provides it, by
// value and by pointer, and so does any type that embeds it; when the BLAS
// in use (see the package doc) implements it, rnn packs W once per pass and
// applies the activation inside the products, with results bit for bit
// those of the unpacked products.
type PackedBLAS64 interface {
	PackB64(tB blas.Transpose, k, n int, b []float64, ldb int, dst *fastblas.PackedB64)
	DgemmPackedBThen(tA blas.Transpose, m int, alpha float64, a []float64, lda int, b *fastblas.PackedB64, beta float64, c []float64, ldc int, then func(i0, i1, j0, j1 int))
}

// PackedBLAS32 is PackedBLAS64 for float32 training.
type PackedBLAS32 interface {
	PackB32(tB blas.Transpose, k, n int, b []float32, ldb int, dst *fastblas.PackedB32)
	SgemmPackedBThen(tA blas.Transpose, m int, alpha float32, a []float32, lda int, b *fastblas.PackedB32, beta float32, c []float32, ldc int, then func(i0, i1, j0, j1 int))
}

var (
	_ PackedBLAS64 = fastblas.Implementation{}
	_ PackedBLAS32 = (*fastblas.Implementation)(nil)
)
