package testutil

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// RelErr returns |a-b| / max(|a|, |b|), and 0 when both are 0. NaN in either
// argument gives +Inf so that a comparison against a tolerance fails.
func RelErr(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.Inf(1)
	}
	if a == b {
		return 0
	}
	return math.Abs(a-b) / math.Max(math.Abs(a), math.Abs(b))
}

// Close reports whether got and want agree to the absolute tolerance abs or
// the relative tolerance rel, whichever is looser (numpy.isclose semantics
// with symmetric relative error). NaN never agrees with anything, not even NaN;
// use SameFloat to compare values that may legitimately be NaN.
func Close(got, want, rel, abs float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return false
	}
	if got == want { // equal infinities
		return true
	}
	if math.IsInf(got, 0) || math.IsInf(want, 0) {
		return false
	}
	d := math.Abs(got - want)
	return d <= abs || d <= rel*math.Max(math.Abs(got), math.Abs(want))
}

// SameFloat reports whether got and want are both NaN or Close.
func SameFloat(got, want, rel, abs float64) bool {
	if math.IsNaN(got) && math.IsNaN(want) {
		return true
	}
	return Close(got, want, rel, abs)
}

// AssertClose fails t when got and want do not agree (see Close).
func AssertClose(t testing.TB, got, want, rel, abs float64, msgAndArgs ...any) bool {
	t.Helper()
	if Close(got, want, rel, abs) {
		return true
	}
	t.Errorf("%s: got %.17g, want %.17g (abs err %.3g, rel err %.3g; tol rel %.3g abs %.3g)",
		describe(msgAndArgs), got, want, math.Abs(got-want), RelErr(got, want), rel, abs)
	return false
}

// AssertSlicesClose fails t at the first few elements of got and want that do
// not agree (see Close), and when the lengths differ.
func AssertSlicesClose(t testing.TB, got, want []float64, rel, abs float64, msgAndArgs ...any) bool {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", describe(msgAndArgs), len(got), len(want))
		return false
	}
	bad := 0
	for i := range got {
		if !Close(got[i], want[i], rel, abs) {
			if bad < 5 {
				t.Errorf("%s: element %d: got %.17g, want %.17g (rel err %.3g; tol rel %.3g abs %.3g)",
					describe(msgAndArgs), i, got[i], want[i], RelErr(got[i], want[i]), rel, abs)
			}
			bad++
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d of %d elements differ", describe(msgAndArgs), bad, len(got))
	}
	return bad == 0
}

// AssertMatClose is AssertSlicesClose for matrices; the shapes must agree.
func AssertMatClose(t testing.TB, got, want mat.Matrix, rel, abs float64, msgAndArgs ...any) bool {
	t.Helper()
	gr, gc := got.Dims()
	wr, wc := want.Dims()
	if gr != wr || gc != wc {
		t.Errorf("%s: shape %d×%d, want %d×%d", describe(msgAndArgs), gr, gc, wr, wc)
		return false
	}
	return AssertSlicesClose(t, flatten(got), flatten(want), rel, abs, msgAndArgs...)
}

// MaxRelErr returns the largest elementwise relative error between a and b
// measured against the largest magnitude in b, max|a-b| / max|b|. It is the
// norm-wise error used for gradient checks, where single tiny entries would
// make an elementwise relative error meaningless.
func MaxRelErr(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	var num, den float64
	for i := range a {
		if math.IsNaN(a[i]) || math.IsNaN(b[i]) {
			return math.Inf(1)
		}
		num = math.Max(num, math.Abs(a[i]-b[i]))
		den = math.Max(den, math.Abs(b[i]))
	}
	if num == 0 {
		return 0
	}
	return num / den
}

func flatten(m mat.Matrix) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out = append(out, m.At(i, j))
		}
	}
	return out
}

func describe(msgAndArgs []any) string {
	switch len(msgAndArgs) {
	case 0:
		return "value"
	case 1:
		return fmt.Sprint(msgAndArgs[0])
	default:
		if f, ok := msgAndArgs[0].(string); ok {
			return fmt.Sprintf(f, msgAndArgs[1:]...)
		}
		return fmt.Sprint(msgAndArgs...)
	}
}
