package fastblas

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// benchShape is a GEMM shape of the rnn training step (N = 312 units,
// batch 128, 50 steps) or of the spatial package's expm.
type benchShape struct {
	name    string
	tA, tB  bool
	m, n, k int
}

var benchShapes32 = []benchShape{
	{"step_fwd_128x312x312", false, false, 128, 312, 312}, // H_{t}·W
	{"step_bwd_128x312x312_NT", false, true, 128, 312, 312},
	{"wgrad_312x312x6400_TN", true, false, 312, 312, 6400},    // Hᵀ·dZ over all steps
	{"wgrad_step_312x312x128_TN", true, false, 312, 312, 128}, // Hᵀ·dZ of one step
	{"inproj_6400x312x8", false, false, 6400, 312, 8},
	{"comm_312", false, false, 312, 312, 312}, // a product of the float32 communicability penalty
	{"cube_1024", false, false, 1024, 1024, 1024},
}

var benchShapes64 = []benchShape{
	{"expm_312", false, false, 312, 312, 312},
	{"expm_632", false, false, 632, 632, 632},
	{"cube_1024", false, false, 1024, 1024, 1024},
}

// benchImpls are the implementations compared: fastblas on one and two
// goroutines, and gonum's native implementation (which itself uses
// GOMAXPROCS goroutines for large problems).
var benchImpls = []struct {
	name string
	impl interface {
		blas.Float32Level3
		blas.Float64Level3
	}
}{
	{"fastblas_1thread", Implementation{Threads: 1}},
	{"fastblas_2threads", Implementation{Threads: 2}},
	{"gonum", gonum.Implementation{}},
	{"gokernel_2threads", goKernel{Implementation{Threads: 2}}},
}

// goKernel is fastblas with the portable Go micro-kernel forced, the path
// that builds without assembly took before they delegated to gonum.
type goKernel struct{ Implementation }

func (g goKernel) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemm(&genericKernel32, g.threads(), false, tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func (g goKernel) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemm(&genericKernel64, g.threads(), false, tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func reportGFLOPS(b *testing.B, s benchShape) {
	b.ReportMetric(2*float64(s.m)*float64(s.n)*float64(s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func dims(s benchShape) (ra, ca, rb, cb int) {
	ra, ca, rb, cb = s.m, s.k, s.k, s.n
	if s.tA {
		ra, ca = ca, ra
	}
	if s.tB {
		rb, cb = cb, rb
	}
	return
}

// operands32 returns A, B and C of the float32 shape s, A and B filled with
// small integers (exact products, no subnormals).
func operands32(s benchShape) (a, b, c []float32) {
	ra, ca, rb, cb := dims(s)
	a, b, c = make([]float32, ra*ca), make([]float32, rb*cb), make([]float32, s.m*s.n)
	for i := range a {
		a[i] = float32(i%7) - 3
	}
	for i := range b {
		b[i] = float32(i%5) - 2
	}
	return a, b, c
}

func BenchmarkSgemm(b *testing.B) {
	for _, s := range benchShapes32 {
		a, bb, c := operands32(s)
		_, ca, _, cb := dims(s)
		for _, im := range benchImpls {
			b.Run(fmt.Sprintf("%s/%s", s.name, im.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					im.impl.Sgemm(transpose(s.tA), transpose(s.tB), s.m, s.n, s.k, 1, a, ca, bb, cb, 0, c, s.n)
				}
				reportGFLOPS(b, s)
			})
		}
	}
}

func BenchmarkDgemm(b *testing.B) {
	for _, s := range benchShapes64 {
		ra, ca, rb, cb := dims(s)
		a, bb, c := make([]float64, ra*ca), make([]float64, rb*cb), make([]float64, s.m*s.n)
		for i := range a {
			a[i] = float64(i%7) - 3
		}
		for i := range bb {
			bb[i] = float64(i%5) - 2
		}
		for _, im := range benchImpls {
			b.Run(fmt.Sprintf("%s/%s", s.name, im.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					im.impl.Dgemm(transpose(s.tA), transpose(s.tB), s.m, s.n, s.k, 1, a, ca, bb, cb, 0, c, s.n)
				}
				reportGFLOPS(b, s)
			})
		}
	}
}

// BenchmarkBPTTGemms runs the GEMMs of one training step of the rnn at the
// paper's size (N = 312 units, batch 128, T = 50 steps, 8 inputs) in the
// order backpropagation through time issues them, with a light elementwise
// pass between the recurrent GEMMs as the real loop has: the input
// projection over all steps, T forward steps Z_t = X_t + H_{t−1}·W, T
// backward steps dH_{t−1} = dZ_t·Wᵀ, and the weight gradients Hᵀ·dZ and
// Xᵀ·dZ over all steps: 3.75 GFLOP in all. It reports GEMM GFLOP/s over
// the whole step; the
// gemm_only variants skip the elementwise passes, which run on one goroutine
// and are the rnn package's business.
func BenchmarkBPTTGemms(b *testing.B) {
	const n, batch, steps, nin = 312, 128, 50, 8
	rows := batch * steps
	x := make([]float32, rows*nin)
	win := make([]float32, nin*n)
	w := make([]float32, n*n)
	z := make([]float32, rows*n)
	h := make([]float32, rows*n)
	dz := make([]float32, rows*n)
	dh := make([]float32, batch*n)
	dw := make([]float32, n*n)
	dwin := make([]float32, nin*n)
	for i := range w {
		w[i] = float32(i%17-8) / 64
	}
	for i := range x {
		x[i] = float32(i%5-2) / 4
	}
	for i := range win {
		win[i] = float32(i%7-3) / 8
	}
	// T−1 forward and T−1 backward recurrent products.
	flops := 2 * float64(rows*nin*n+(steps-1)*2*batch*n*n+n*rows*n+nin*rows*n)
	for _, variant := range []string{"with_elementwise", "gemm_only"} {
		elementwise := variant == "with_elementwise"
		for _, im := range benchImpls {
			impl := im.impl
			b.Run(variant+"/"+im.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					impl.Sgemm(blas.NoTrans, blas.NoTrans, rows, n, nin, 1, x, nin, win, n, 0, z, n)
					for t := 0; t < steps; t++ {
						zt := z[t*batch*n : (t+1)*batch*n]
						if t > 0 {
							impl.Sgemm(blas.NoTrans, blas.NoTrans, batch, n, n, 1, h[(t-1)*batch*n:t*batch*n], n, w, n, 1, zt, n)
						}
						if elementwise {
							ht := h[t*batch*n : (t+1)*batch*n]
							for i, v := range zt {
								ht[i] = max(v, 0) // ReLU
							}
						}
					}
					for i := range dh {
						dh[i] = 1
					}
					for t := steps - 1; t >= 0; t-- {
						ht := h[t*batch*n : (t+1)*batch*n]
						dzt := dz[t*batch*n : (t+1)*batch*n]
						if elementwise {
							for i, v := range ht {
								if v > 0 {
									dzt[i] = dh[i]
								} else {
									dzt[i] = 0
								}
							}
						}
						if t > 0 {
							impl.Sgemm(blas.NoTrans, blas.Trans, batch, n, n, 1, dzt, n, w, n, 0, dh, n)
						}
					}
					impl.Sgemm(blas.Trans, blas.NoTrans, n, n, rows, 1, h, n, dz, n, 0, dw, n)
					impl.Sgemm(blas.Trans, blas.NoTrans, nin, n, rows, 1, x, nin, dz, n, 0, dwin, n)
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
