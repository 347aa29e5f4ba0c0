package spatial

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

// benchInputs returns a dense Gaussian W with entries N(0, 1/N) (the scale of
// an orthogonal initialisation), a distance matrix of uniform points in the
// unit cube, and M = S^-1/2 |W| S^-1/2, the matrix whose exponential the
// communicability penalty takes.
func benchInputs(n int) (w, d, m *mat.Dense) {
	rnd := testutil.Rand(uint64(n))
	w = mat.NewDense(n, n, testutil.Normal(rnd, n*n, 1/math.Sqrt(float64(n))))
	d = testD(rnd, n)
	var cw commWorkspace
	cw.reset(n)
	if err := cw.load("bench", "w", w); err != nil {
		panic(err)
	}
	if err := cw.communicability("bench", NormZero); err != nil {
		panic(err)
	}
	m = mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			m.Set(i, j, cw.d[i]*cw.abs[i*n+j]*cw.d[j])
		}
	}
	return w, d, m
}

var benchSizes = []int{312, 632}

// BenchmarkMatExp is gonum's mat.Dense.Exp of the normalised matrix M: the
// yardstick of the ≤ 4× bar.
func BenchmarkMatExp(b *testing.B) {
	for _, n := range benchSizes {
		_, _, m := benchInputs(n)
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var e mat.Dense
			for b.Loop() {
				e.Exp(m)
			}
		})
	}
}

func BenchmarkExpTo(b *testing.B) {
	for _, n := range benchSizes {
		_, _, m := benchInputs(n)
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var ws ExpWorkspace
			var e mat.Dense
			_ = ws.ExpTo(&e, m) // size the workspace
			for b.Loop() {
				if err := ws.ExpTo(&e, m); err != nil {
					require.NoError(b, err)
				}
			}
		})
	}
}

func BenchmarkExpFrechetTo(b *testing.B) {
	for _, n := range benchSizes {
		_, d, m := benchInputs(n)
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var ws ExpWorkspace
			var e, l mat.Dense
			_ = ws.ExpFrechetTo(&e, &l, m, d) // size the workspace
			for b.Loop() {
				if err := ws.ExpFrechetTo(&e, &l, m, d); err != nil {
					require.NoError(b, err)
				}
			}
		})
	}
}

func BenchmarkCommunicabilityValue(b *testing.B) {
	for _, n := range benchSizes {
		w, d, _ := benchInputs(n)
		p := newComm(b, d, NormZero)
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Value(w); err != nil {
					require.NoError(b, err)
				}
			}
		})
	}
}

// BenchmarkCommunicabilityValueGrad is the penalty's value and exact gradient,
// the cost per training batch.
func BenchmarkCommunicabilityValueGrad(b *testing.B) {
	for _, n := range benchSizes {
		w, d, _ := benchInputs(n)
		for _, norm := range []Normalisation{NormZero, NormAddEpsilon} {
			p := newComm(b, d, norm)
			b.Run(fmt.Sprintf("N=%d/%v", n, norm), func(b *testing.B) {
				b.ReportAllocs()
				var g mat.Dense
				_, _ = p.ValueGradTo(&g, w) // size dst and the squaring buffers
				for b.Loop() {
					if _, err := p.ValueGradTo(&g, w); err != nil {
						require.NoError(b, err)
					}
				}
			})
		}
	}
}

func BenchmarkEMDValueGrad(b *testing.B) {
	const n = 312
	w, d, _ := benchInputs(n)
	rnd := testutil.Rand(99)
	counts := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if rnd.Float64() < 0.003 {
				counts.Set(i, j, float64(1+rnd.IntN(4)))
			}
		}
	}
	emp, err := EmpiricalCommunicability(counts, NormZero)
	require.NoError(b, err)
	p := newEMD(b, d, emp, NormZero)
	b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
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

// BenchmarkRatioToMatExp times one gonum mat.Dense.Exp of the normalised
// matrix M and one penalty ValueGradTo back to back in every iteration, so
// that the ratio (the bar: ≤ 4) is robust to the load of a shared machine.
// It reports both times in ms/op and their ratio.
func BenchmarkRatioToMatExp(b *testing.B) {
	type job struct {
		name string
		n    int
		emd  bool
	}
	for _, j := range []job{{"Communicability/N=312", 312, false}, {"Communicability/N=632", 632, false}, {"EMD/N=312", 312, true}} {
		w, d, m := benchInputs(j.n)
		var p interface {
			ValueGradTo(*mat.Dense, mat.Matrix) (float64, error)
		}
		if j.emd {
			emp, err := EmpiricalCommunicability(m, NormZero)
			require.NoError(b, err)
			p = newEMD(b, d, emp, NormZero)
		} else {
			p = newComm(b, d, NormZero)
		}
		b.Run(j.name, func(b *testing.B) {
			var e, g mat.Dense
			e.Exp(m)
			_, err := p.ValueGradTo(&g, w)
			require.NoError(b, err)
			var tExp, tPen time.Duration
			for b.Loop() {
				t0 := time.Now()
				e.Exp(m)
				t1 := time.Now()
				if _, err := p.ValueGradTo(&g, w); err != nil {
					require.NoError(b, err)
				}
				tExp += t1.Sub(t0)
				tPen += time.Since(t1)
			}
			b.ReportMetric(float64(tExp.Milliseconds())/float64(b.N), "matExp-ms/op")
			b.ReportMetric(float64(tPen.Milliseconds())/float64(b.N), "penalty-ms/op")
			b.ReportMetric(float64(tPen)/float64(tExp), "ratio")
		})
	}
}
