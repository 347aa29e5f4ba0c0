package spatial_test

import (
	"fmt"
	"log"
	"math"

	"github.com/cortexrnn/cortexrnn/spatial"
	"gonum.org/v1/gonum/mat"
)

func ExampleGridCoordinates() {
	// The grid control of field 6_6_2: numpy meshgrid order, raw grid units.
	g, err := spatial.GridCoordinates(12, 13, 2, spatial.ScaleNone)
	if err != nil {
		log.Fatal(err)
	}
	for p := 0; p < 4; p++ {
		fmt.Printf("point %d: %v\n", p, mat.Row(nil, p, g))
	}
	d, err := spatial.Distances(g, 1)
	if err != nil {
		log.Fatal(err)
	}
	n, _ := d.Dims()
	fmt.Printf("N = %d, mean distance %.3f\n", n, mat.Sum(d)/float64(n*n))
	// Output:
	// point 0: [0 0 0]
	// point 1: [0 0 1]
	// point 2: [1 0 0]
	// point 3: [1 0 1]
	// N = 312, mean distance 6.554
}

func ExampleCoordinates() {
	// Three somata in nm (voxels × (4, 4, 40)); in voxels they are
	// (100, 300, 200), (200, 100, 300), (300, 200, 100).
	pos := mat.NewDense(3, 3, []float64{
		400, 1200, 8000,
		800, 400, 12000,
		1200, 800, 4000,
	})
	corrected, err := spatial.Coordinates(pos, spatial.CoordinateConfig{})
	if err != nil {
		log.Fatal(err)
	}
	// The published notebook's reshape mixes the components of different
	// neurons: it reads the voxel buffer 100 300 200 200 100 300 300 200 100
	// as the rows x = (100, 300, 200), y = (200, 100, 300), z = (300, 200, 100).
	reference, err := spatial.Coordinates(pos, spatial.CoordinateConfig{Layout: spatial.LayoutReferenceReshape})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("corrected:\n%.3f\n", mat.Formatted(corrected))
	fmt.Printf("reference:\n%.3f\n", mat.Formatted(reference))
	// Output:
	// corrected:
	// ⎡0.000  1.000  0.500⎤
	// ⎢0.500  0.000  1.000⎥
	// ⎣1.000  0.500  0.000⎦
	// reference:
	// ⎡0.000  0.500  1.000⎤
	// ⎢1.000  0.000  0.500⎥
	// ⎣0.500  1.000  0.000⎦
}

func ExampleCommunicabilityTo() {
	// A chain 0 → 1 → 2 (row = presynaptic). Node 2 has no outgoing weight:
	// by default it gets zero normalisation, so it communicates with no one.
	w := mat.NewDense(3, 3, []float64{
		0, 1, 0,
		0, 0, -2,
		0, 0, 0,
	})
	var c mat.Dense
	if err := spatial.CommunicabilityTo(&c, w, spatial.NormZero); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("corrected:\n%.3f\n", mat.Formatted(&c))
	// The published 1e-10 offset scales the weight onto node 2 by
	// (1e-10)^-1/2 = 1e5: C[1,2] = 2^-1/2 · 2 · 1e5.
	if err := spatial.CommunicabilityTo(&c, w, spatial.NormAddEpsilon); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("reference C[1,2] = %.3g\n", c.At(1, 2))
	// Output:
	// corrected:
	// ⎡0.000  0.707  0.000⎤
	// ⎢0.000  0.000  0.000⎥
	// ⎣0.000  0.000  0.000⎦
	// reference C[1,2] = 1.41e+05
}

func ExampleExpFrechetTo() {
	// For a nilpotent A = [[0, 1], [0, 0]]: exp(A) = I + A, and the Fréchet
	// derivative in the direction E = [[0, 0], [1, 0]] is
	// L = Σ_k (1/k!) Σ_j A^j E A^(k−1−j) = E + (AE + EA)/2 + AEA/6
	//   = [[1/2, 1/6], [1, 1/2]].
	a := mat.NewDense(2, 2, []float64{0, 1, 0, 0})
	e := mat.NewDense(2, 2, []float64{0, 0, 1, 0})
	var ex, l mat.Dense
	if err := spatial.ExpFrechetTo(&ex, &l, a, e); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("exp(A):\n%.3f\nL(A, E):\n%.3f\n", mat.Formatted(&ex), mat.Formatted(&l))
	// Output:
	// exp(A):
	// ⎡1.000  1.000⎤
	// ⎣0.000  1.000⎦
	// L(A, E):
	// ⎡0.500  0.167⎤
	// ⎣1.000  0.500⎦
}

func ExampleCommunicability() {
	// The communication-aware penalty λ Σ |W| ⊙ C(W) ⊙ D and its gradient.
	coords := mat.NewDense(3, 3, []float64{0, 0, 0, 1, 0, 0, 0, 1, 0})
	d, err := spatial.Distances(coords, 1)
	if err != nil {
		log.Fatal(err)
	}
	w := mat.NewDense(3, 3, []float64{
		0, 0.5, -0.2,
		0.3, 0, 0.4,
		-0.1, 0.6, 0,
	})
	p, err := spatial.NewCommunicability(d, spatial.CommunicabilityConfig{Lambda: spatial.DefaultLambda})
	if err != nil {
		log.Fatal(err)
	}
	var grad mat.Dense
	v, err := p.ValueGradTo(&grad, w)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P = %.3f\n∂P/∂W:\n%.3f\n", v, mat.Formatted(&grad))
	// Output:
	// P = 0.624
	// ∂P/∂W:
	// ⎡ 0.000   0.392  -0.193⎤
	// ⎢-0.083   0.000   0.194⎥
	// ⎣ 0.030   0.566   0.000⎦
}

func ExampleCommunicabilityConfig_arithmetic() {
	// The same penalty with its exponential in float32 (the zero value, what
	// experiment's presets use) and in float64: equal to float32 rounding.
	coords := mat.NewDense(3, 3, []float64{0, 0, 0, 1, 0, 0, 0, 1, 0})
	d, err := spatial.Distances(coords, 1)
	if err != nil {
		log.Fatal(err)
	}
	w := mat.NewDense(3, 3, []float64{
		0, 0.5, -0.2,
		0.3, 0, 0.4,
		-0.1, 0.6, 0,
	})
	cfg := spatial.CommunicabilityConfig{Lambda: spatial.DefaultLambda, Arithmetic: spatial.Float64}
	p64, err := spatial.NewCommunicability(d, cfg)
	if err != nil {
		log.Fatal(err)
	}
	cfg.Arithmetic = spatial.Float32
	p32, err := spatial.NewCommunicability(d, cfg)
	if err != nil {
		log.Fatal(err)
	}
	v64, err := p64.Value(w)
	if err != nil {
		log.Fatal(err)
	}
	v32, err := p32.Value(w)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%v: P = %.6f\n%v: P = %.6f\nrelative difference below 1e-6: %t\n",
		spatial.Float64, v64, spatial.Float32, v32, math.Abs(v32-v64) < 1e-6*v64)
	// Output:
	// float64: P = 0.623795
	// float32: P = 0.623795
	// relative difference below 1e-6: true
}

func ExampleEMD() {
	coords := mat.NewDense(3, 3, []float64{0, 0, 0, 1, 0, 0, 0, 1, 0})
	d, err := spatial.Distances(coords, 1)
	if err != nil {
		log.Fatal(err)
	}
	counts := mat.NewDense(3, 3, []float64{0, 2, 0, 1, 0, 1, 0, 3, 0})
	cEmp, err := spatial.EmpiricalCommunicability(counts, spatial.NormZero)
	if err != nil {
		log.Fatal(err)
	}
	w := mat.NewDense(3, 3, []float64{
		0, 0.5, -0.2,
		0.3, 0, 0.4,
		-0.1, 0.6, 0,
	})
	p, err := spatial.NewEMD(d, cEmp, spatial.EMDConfig{Lambda: spatial.DefaultLambda, LambdaEMD: spatial.DefaultLambdaEMD})
	if err != nil {
		log.Fatal(err)
	}
	v, err := p.Value(w)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P = %.3f\n", v)
	// Output:
	// P = 0.767
}
