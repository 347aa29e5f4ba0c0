package fastblas

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// BenchmarkSgemmEdges times the rnn step's products at the field sizes
// whose C has many edge tiles (N = 42, 88, 129 and 312 units, batch 128;
// 42 columns are one full 32-column tile and one 10-column edge tile), on
// one goroutine, storing with beta 0 (modeSet) and 1 (modeAdd, where the
// edge tiles read C), with and without FlushSubnormals as the programs run.
func BenchmarkSgemmEdges(b *testing.B) {
	for _, n := range []int{42, 88, 129, 312} {
		s := benchShape{name: fmt.Sprintf("step_fwd_128x%dx%d", n, n), m: 128, n: n, k: n}
		a, bb, c := operands32(s)
		_, ca, _, cb := dims(s)
		for _, beta := range []float32{0, 1} {
			for _, flush := range []bool{false, true} {
				impl := Implementation{Threads: 1, FlushSubnormals: flush}
				b.Run(fmt.Sprintf("%s/beta=%v/flush=%v", s.name, beta, flush), func(b *testing.B) {
					clear(c)
					b.ReportAllocs()
					for b.Loop() {
						impl.Sgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, a, ca, bb, cb, beta, c, s.n)
					}
					reportGFLOPS(b, s)
				})
			}
		}
	}
}
