package testutil

import (
	"fmt"

	"github.com/stretchr/testify/assert"

	"gonum.org/v1/gonum/diff/fd"
)

// DefaultFDStep is the central-difference step used by CheckGradient. With
// float64 and well-scaled functions, h ≈ ε^(1/3) ≈ 6e-6 balances truncation
// error (O(h²)) against rounding error (O(ε/h)).
const DefaultFDStep = 1e-5

// NumGrad returns the central finite-difference gradient of f at x with step h
// (gonum diff/fd, formula fd.Central). x is not modified.
func NumGrad(f func(x []float64) float64, x []float64, h float64) []float64 {
	g := make([]float64, len(x))
	fd.Gradient(g, f, x, &fd.Settings{Formula: fd.Central, Step: h})
	return g
}

// CheckGradient compares an analytic gradient against the central
// finite-difference gradient of f at x and fails t when the norm-wise relative
// error (MaxRelErr) exceeds tol. It returns that error so callers can log it.
func CheckGradient(t assert.TestingT, f func(x []float64) float64, analytic, x []float64, tol float64, name string) float64 {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	num := NumGrad(f, x, DefaultFDStep)
	e := MaxRelErr(analytic, num)
	if e > tol {
		AssertSlicesClose(t, analytic, num, tol, 0, "%s: gradient (analytic vs central FD)", name)
		assert.Fail(t, fmt.Sprintf("gradient relative error %.3g > %.3g", e, tol), name)
	}
	return e
}
