// Package kernels chooses the BLAS that cortexrnn's own matrix products use
// (rnn's training, spatial's matrix exponentials):
//
//   - the implementation installed with blas32.Use / blas64.Use, when the
//     program installed one (fastblas with its own settings, OpenBLAS or MKL
//     through gonum.org/v1/netlib, a wrapper of any of these);
//   - fastblas.Implementation{} otherwise, that is while the installed one
//     is still gonum's default native implementation, which is about six
//     times slower for rnn's training step.
//
// The default is recognised by its type, gonum.Implementation, so a program
// that wants gonum's own kernels for cortexrnn must install them wrapped in
// a type of its own (struct{ gonum.Implementation }). The choice is made on
// every call, so a blas32.Use at any time is respected. Routines outside
// these products, such as the LU solve that spatial's float64 exponential
// calls through lapack64, use the installed implementation as before.
package kernels

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/cortexrnn/cortexrnn/fastblas"
)

var (
	fast32 blas.Float32 = fastblas.Implementation{}
	fast64 blas.Float64 = fastblas.Implementation{}
)

// Float32 returns the float32 BLAS to use: the installed one, or fastblas
// when the installed one is gonum's default.
func Float32() blas.Float32 {
	impl := blas32.Implementation()
	if _, ok := impl.(gonum.Implementation); ok {
		return fast32
	}
	return impl
}

// Float64 returns the float64 BLAS to use: the installed one, or fastblas
// when the installed one is gonum's default.
func Float64() blas.Float64 {
	impl := blas64.Implementation()
	if _, ok := impl.(gonum.Implementation); ok {
		return fast64
	}
	return impl
}

// Gemm32 is blas32.Gemm through Float32: c = alpha·op(a)·op(b) + beta·c.
func Gemm32(tA, tB blas.Transpose, alpha float32, a, b blas32.General, beta float32, c blas32.General) {
	m, n, k := dims(tA, tB, a.Rows, a.Cols, b.Rows, b.Cols)
	Float32().Sgemm(tA, tB, m, n, k, alpha, a.Data, a.Stride, b.Data, b.Stride, beta, c.Data, c.Stride)
}

// Gemm64 is blas64.Gemm through Float64: c = alpha·op(a)·op(b) + beta·c.
func Gemm64(tA, tB blas.Transpose, alpha float64, a, b blas64.General, beta float64, c blas64.General) {
	m, n, k := dims(tA, tB, a.Rows, a.Cols, b.Rows, b.Cols)
	Float64().Dgemm(tA, tB, m, n, k, alpha, a.Data, a.Stride, b.Data, b.Stride, beta, c.Data, c.Stride)
}

// dims returns the sizes of op(A)·op(B) as blas32.Gemm and blas64.Gemm
// derive them.
func dims(tA, tB blas.Transpose, ar, ac, br, bc int) (m, n, k int) {
	m, k = ar, ac
	if tA != blas.NoTrans {
		m, k = ac, ar
	}
	n = bc
	if tB != blas.NoTrans {
		n = br
	}
	return m, n, k
}
