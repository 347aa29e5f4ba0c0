package testutil

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// recorder is an assert.TestingT that records failures instead of failing
// the test, so that the helpers' own failures can be checked.
type recorder struct{ failed bool }

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) FailNow()              { r.failed = true }

func TestClose(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name           string
		a, b, rel, abs float64
		want           bool
	}{
		{"equal", 1, 1, 0, 0, true},
		{"within rel", 1, 1 + 1e-12, 1e-10, 0, true},
		{"outside rel", 1, 1.1, 1e-3, 0, false},
		{"within abs", 0, 1e-14, 0, 1e-12, true},
		{"NaN never close", math.NaN(), math.NaN(), 1, 1, false},
		{"equal infinities", math.Inf(1), math.Inf(1), 0, 0, true},
		{"opposite infinities", math.Inf(1), math.Inf(-1), 1, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Close(c.a, c.b, c.rel, c.abs))
			var r recorder
			assert.Equal(t, c.want, AssertClose(&r, c.a, c.b, c.rel, c.abs))
			assert.Equal(t, !c.want, r.failed, "AssertClose must fail exactly when Close is false")
		})
	}
	assert.True(t, SameFloat(math.NaN(), math.NaN(), 0, 0))
}

func TestAssertHelpersFail(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		run  func(r *recorder) bool
		want bool
	}{
		{"slices close", func(r *recorder) bool {
			return AssertSlicesClose(r, []float64{1, 2}, []float64{1, 2 + 1e-15}, 1e-12, 0)
		}, true},
		{"slices differ", func(r *recorder) bool { return AssertSlicesClose(r, []float64{1, 2}, []float64{1, 3}, 1e-12, 0) }, false},
		{"slices length", func(r *recorder) bool { return AssertSlicesClose(r, []float64{1}, []float64{1, 2}, 1, 1) }, false},
		{"mat shape", func(r *recorder) bool {
			return AssertMatClose(r, mat.NewDense(1, 2, nil), mat.NewDense(2, 1, nil), 1, 1)
		}, false},
		{"mat close", func(r *recorder) bool {
			return AssertMatClose(r, mat.NewDense(1, 2, []float64{1, 2}), mat.NewDense(1, 2, []float64{1, 2}), 0, 0)
		}, true},
		{"bits equal", func(r *recorder) bool {
			return AssertSameBits(r, []float64{math.NaN(), 1}, []float64{math.NaN(), 1})
		}, true},
		{"bits signed zero", func(r *recorder) bool {
			return AssertSameBits(r, []float32{0}, []float32{float32(math.Copysign(0, -1))})
		}, false},
		{"bits length", func(r *recorder) bool { return AssertSameBits(r, []float32{0}, nil) }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r recorder
			assert.Equal(t, c.want, c.run(&r))
			assert.Equal(t, !c.want, r.failed)
		})
	}
	var r recorder
	RequireClose(&r, 1, 2, 0, 0)
	assert.True(t, r.failed, "RequireClose must fail")
}

func TestNumGradQuadratic(t *testing.T) {
	t.Parallel()
	// f(x) = Σ c_i x_i² + x_0 x_1 has gradient 2 c_i x_i + (x_1, x_0, 0, …).
	c := []float64{1, -2, 3}
	f := func(x []float64) float64 {
		s := x[0] * x[1]
		for i := range x {
			s += c[i] * x[i] * x[i]
		}
		return s
	}
	x := []float64{0.3, -1.2, 2.5}
	want := []float64{2*c[0]*x[0] + x[1], 2*c[1]*x[1] + x[0], 2 * c[2] * x[2]}
	require.LessOrEqual(t, CheckGradient(t, f, want, x, 1e-9, "quadratic"), 1e-9)
	// A wrong gradient must be caught.
	wrong := append([]float64(nil), want...)
	wrong[2] *= 1.01
	assert.GreaterOrEqual(t, MaxRelErr(wrong, NumGrad(f, x, DefaultFDStep)), 1e-3, "wrong gradient not detected")
	var r recorder
	CheckGradient(&r, f, wrong, x, 1e-9, "wrong")
	assert.True(t, r.failed, "CheckGradient must fail on a wrong gradient")
}

func TestRandDeterministic(t *testing.T) {
	t.Parallel()
	assert.Equal(t, Normal(Rand(7), 5, 1), Normal(Rand(7), 5, 1), "same seed, same draws")
}

func TestMicronsDir(t *testing.T) {
	dir := MicronsDir(t)
	for f := range Fields {
		MicronsField(t, f)
	}
	require.NotEmpty(t, dir)
}
