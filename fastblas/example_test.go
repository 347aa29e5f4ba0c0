package fastblas_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/fastblas"
)

// Install fastblas for every float32 and float64 GEMM that goes through
// gonum's blas32 and blas64 (gonum's mat package included).
func Example() {
	blas32.Use(fastblas.Implementation{})
	blas64.Use(fastblas.Implementation{})

	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := mat.NewDense(3, 2, []float64{7, 8, 9, 10, 11, 12})
	var c mat.Dense
	c.Mul(a, b) // runs fastblas's Dgemm
	fmt.Printf("%.3f\n", mat.Formatted(&c))

	// blas32.Gemm with H (2×3) and W (3×2) in float32.
	h := blas32.General{Rows: 2, Cols: 3, Stride: 3, Data: []float32{1, 2, 3, 4, 5, 6}}
	w := blas32.General{Rows: 3, Cols: 2, Stride: 2, Data: []float32{7, 8, 9, 10, 11, 12}}
	z := blas32.General{Rows: 2, Cols: 2, Stride: 2, Data: make([]float32, 4)}
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, h, w, 0, z)
	fmt.Printf("%.3f\n", z.Data)

	// Restore gonum's native implementation for the other examples.
	blas32.Use(gonum.Implementation{})
	blas64.Use(gonum.Implementation{})
	// Output:
	// ⎡ 58.000   64.000⎤
	// ⎣139.000  154.000⎦
	// [58.000 64.000 139.000 154.000]
}

// Sgemm can also be called directly, here with a transposed A and one
// worker goroutine.
func ExampleImplementation_Sgemm() {
	impl := fastblas.Implementation{Threads: 1}
	// A is stored 3×2 and used transposed (2×3); B is 3×1.
	a := []float32{1, 4, 2, 5, 3, 6}
	b := []float32{1, 1, 1}
	c := []float32{100, 100}
	impl.Sgemm(blas.Trans, blas.NoTrans, 2, 1, 3, 2, a, 2, b, 1, 0.5, c, 1)
	fmt.Printf("%.3f\n", c) // 2·[6 15] + 0.5·[100 100]
	// Output:
	// [62.000 80.000]
}

// A right operand used in many products (here a 2×2 recurrent matrix W
// applied to a state over three steps, h ← h·W) is packed once.
func ExampleImplementation_SgemmPackedB() {
	impl := fastblas.Implementation{}
	w := []float32{0, 1, 1, 0} // swaps the two units
	var pw fastblas.PackedB32
	impl.PackB32(blas.NoTrans, 2, 2, w, 2, &pw)
	h := []float32{1, 2}
	next := make([]float32, 2)
	for range 3 {
		impl.SgemmPackedB(blas.NoTrans, 1, 1, h, 2, &pw, 0, next, 2)
		h, next = next, h
	}
	fmt.Printf("%.3f\n", h)
	// Output:
	// [2.000 1.000]
}

// A recurrent step z = h·W followed by the activation h' = relu(z), applied
// block by block by the goroutine that computed each block of z.
func ExampleImplementation_SgemmPackedBThen() {
	impl := fastblas.Implementation{}
	w := []float32{1, -1, -2, 1}
	var pw fastblas.PackedB32
	impl.PackB32(blas.NoTrans, 2, 2, w, 2, &pw)
	h := []float32{1, 2, 3, 1} // two trials, two units
	z := make([]float32, 4)
	next := make([]float32, 4)
	impl.SgemmPackedBThen(blas.NoTrans, 2, 1, h, 2, &pw, 0, z, 2, func(i0, i1, j0, j1 int) {
		for i := i0; i < i1; i++ {
			for j := j0; j < j1; j++ {
				next[i*2+j] = max(z[i*2+j], 0)
			}
		}
	})
	fmt.Printf("z = %.0f\nrelu(z) = %.0f\n", z, next)
	// Output:
	// z = [-3 1 1 -2]
	// relu(z) = [0 1 1 0]
}
