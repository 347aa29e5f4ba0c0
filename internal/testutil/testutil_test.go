package testutil

import (
	"math"
	"testing"
)

func TestClose(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b, rel, abs float64
		want           bool
	}{
		{1, 1, 0, 0, true},
		{1, 1 + 1e-12, 1e-10, 0, true},
		{1, 1.1, 1e-3, 0, false},
		{0, 1e-14, 0, 1e-12, true},
		{math.NaN(), math.NaN(), 1, 1, false},
		{math.Inf(1), math.Inf(1), 0, 0, true},
		{math.Inf(1), math.Inf(-1), 1, 1, false},
	}
	for _, c := range cases {
		if got := Close(c.a, c.b, c.rel, c.abs); got != c.want {
			t.Errorf("Close(%g, %g, %g, %g) = %v, want %v", c.a, c.b, c.rel, c.abs, got, c.want)
		}
	}
	if !SameFloat(math.NaN(), math.NaN(), 0, 0) {
		t.Error("SameFloat(NaN, NaN) = false")
	}
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
	if e := CheckGradient(t, f, want, x, 1e-9, "quadratic"); e > 1e-9 {
		t.Fatalf("error %g", e)
	}
	// A wrong gradient must be caught.
	wrong := append([]float64(nil), want...)
	wrong[2] *= 1.01
	if e := MaxRelErr(wrong, NumGrad(f, x, DefaultFDStep)); e < 1e-3 {
		t.Fatalf("wrong gradient not detected, error %g", e)
	}
}

func TestRandDeterministic(t *testing.T) {
	t.Parallel()
	a, b := Normal(Rand(7), 5, 1), Normal(Rand(7), 5, 1)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed gave different draws at %d: %g vs %g", i, a[i], b[i])
		}
	}
}

func TestMicronsDir(t *testing.T) {
	dir := MicronsDir(t)
	for f := range Fields {
		MicronsField(t, f)
	}
	if dir == "" {
		t.Fatal("empty dir")
	}
}
