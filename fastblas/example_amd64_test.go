//go:build amd64 && !purego

package fastblas_test

import (
	"fmt"

	"github.com/cortexrnn/cortexrnn/fastblas"
	"gonum.org/v1/gonum/blas"
)

// With FlushSubnormals, products below the smallest normal float32 (2⁻¹²⁶)
// are written as zero instead of as subnormals (on the assembly kernels;
// the pure-Go fallback stays IEEE).
func ExampleImplementation_flushSubnormals() {
	a := []float32{0x1p-70}
	b := []float32{0x1p-70}
	for _, flush := range []bool{false, true} {
		c := []float32{0}
		fastblas.Implementation{FlushSubnormals: flush}.Sgemm(blas.NoTrans, blas.NoTrans, 1, 1, 1, 1, a, 1, b, 1, 0, c, 1)
		fmt.Printf("flush=%v: c·2¹⁴⁰ = %.3f\n", flush, c[0]*0x1p70*0x1p70)
	}
	// Output:
	// flush=false: c·2¹⁴⁰ = 1.000
	// flush=true: c·2¹⁴⁰ = 0.000
}
