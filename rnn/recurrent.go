package rnn

import (
	"github.com/cortexrnn/cortexrnn/fastblas"
	"github.com/cortexrnn/cortexrnn/internal/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// recurrent64 and recurrent32 multiply by the recurrent matrix in every
// step of a forward or backward pass. When the BLAS in use implements
// PackedBLAS64/32 (fastblas, a pointer to it, a type that embeds it), op(W)
// is packed once per pass (fastblas.PackedB64/32) instead of once per step
// inside every Gemm call; the products are bit for bit the same. With any
// other BLAS they call its Gemm. pack must be called after every change of
// W and before the products that should see it.
type recurrent64 struct {
	impl   PackedBLAS64
	packed fastblas.PackedB64
	ok     bool
	trans  bool
	w      blas64.General
}

// pack records op(W) = W (trans false) or Wᵀ of the n×n matrix w.
func (r *recurrent64) pack(w []float64, n int, trans bool) {
	r.w, r.trans = gen64(w, n, n), trans
	r.impl, r.ok = kernels.Float64().(PackedBLAS64)
	if r.ok {
		r.impl.PackB64(transposeOf(trans), n, n, w, n, &r.packed)
	}
}

// mulAddThen computes c = a·op(W) + beta·c (beta 0 or 1) for the rows×n
// matrices a and c, followed by then(i0, i1, j0, j1) on blocks of c that
// cover it once, each as soon as it is final: in parallel with fastblas
// (DgemmPackedBThen), in one call for the whole of c otherwise.
func (r *recurrent64) mulAddThen(a []float64, rows int, beta float64, c []float64, then func(i0, i1, j0, j1 int)) {
	n := r.w.Rows
	if r.ok {
		r.impl.DgemmPackedBThen(blas.NoTrans, rows, 1, a, n, &r.packed, beta, c, n, then)
		return
	}
	gemm64(blas.NoTrans, transposeOf(r.trans), 1, gen64(a, rows, n), r.w, beta, gen64(c, rows, n))
	then(0, rows, 0, n)
}

// recurrent32 is recurrent64 in float32.
type recurrent32 struct {
	impl   PackedBLAS32
	packed fastblas.PackedB32
	ok     bool
	trans  bool
	w      blas32.General
}

func (r *recurrent32) pack(w []float32, n int, trans bool) {
	r.w, r.trans = gen32(w, n, n), trans
	r.impl, r.ok = kernels.Float32().(PackedBLAS32)
	if r.ok {
		r.impl.PackB32(transposeOf(trans), n, n, w, n, &r.packed)
	}
}

// mulAddThen computes c = a·op(W) + beta·c (beta 0 or 1) followed by
// then(i0, i1, j0, j1) on blocks of c that cover it once, each as soon as
// it is final: in parallel with fastblas (SgemmPackedBThen), in one call
// for the whole of c otherwise.
func (r *recurrent32) mulAddThen(a []float32, rows int, beta float32, c []float32, then func(i0, i1, j0, j1 int)) {
	n := r.w.Rows
	if r.ok {
		r.impl.SgemmPackedBThen(blas.NoTrans, rows, 1, a, n, &r.packed, beta, c, n, then)
		return
	}
	gemm32(blas.NoTrans, transposeOf(r.trans), 1, gen32(a, rows, n), r.w, beta, gen32(c, rows, n))
	then(0, rows, 0, n)
}

func transposeOf(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}
