package testutil

import (
	"fmt"
	"math"
	"strings"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// AssertClose marks t failed, with testify's assert.Fail, when got and
// want do not agree (see Close). msgAndArgs are testify's: a message or a
// format string and its arguments.
func AssertClose(t assert.TestingT, got, want, rel, abs float64, msgAndArgs ...any) bool {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	if Close(got, want, rel, abs) {
		return true
	}
	return assert.Fail(t, fmt.Sprintf("got %.17g, want %.17g (abs err %.3g, rel err %.3g; tol rel %.3g abs %.3g)",
		got, want, math.Abs(got-want), RelErr(got, want), rel, abs), msgAndArgs...)
}

// RequireClose is AssertClose followed by t.FailNow on failure (testify's
// require).
func RequireClose(t require.TestingT, got, want, rel, abs float64, msgAndArgs ...any) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	if !AssertClose(t, got, want, rel, abs, msgAndArgs...) {
		t.FailNow()
	}
}

// AssertSlicesClose marks t failed at the first few elements of got and
// want that do not agree (see Close), and when the lengths differ.
func AssertSlicesClose(t assert.TestingT, got, want []float64, rel, abs float64, msgAndArgs ...any) bool {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	if len(got) != len(want) {
		return assert.Fail(t, fmt.Sprintf("length %d, want %d", len(got), len(want)), msgAndArgs...)
	}
	var bad []string
	n := 0
	for i := range got {
		if !Close(got[i], want[i], rel, abs) {
			if n < 5 {
				bad = append(bad, fmt.Sprintf("element %d: got %.17g, want %.17g (rel err %.3g)",
					i, got[i], want[i], RelErr(got[i], want[i])))
			}
			n++
		}
	}
	if n == 0 {
		return true
	}
	return assert.Fail(t, fmt.Sprintf("%d of %d elements differ (tol rel %.3g abs %.3g):\n%s",
		n, len(got), rel, abs, strings.Join(bad, "\n")), msgAndArgs...)
}

// AssertMatClose is AssertSlicesClose for matrices; the shapes must agree.
func AssertMatClose(t assert.TestingT, got, want mat.Matrix, rel, abs float64, msgAndArgs ...any) bool {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	gr, gc := got.Dims()
	wr, wc := want.Dims()
	if gr != wr || gc != wc {
		return assert.Fail(t, fmt.Sprintf("shape %d×%d, want %d×%d", gr, gc, wr, wc), msgAndArgs...)
	}
	return AssertSlicesClose(t, flatten(got), flatten(want), rel, abs, msgAndArgs...)
}

// AssertSameBits marks t failed unless got and want have the same length
// and equal bit patterns element by element (NaN payloads and signed zeros
// included): the check for results that must not move.
func AssertSameBits[F float32 | float64](t assert.TestingT, got, want []F, msgAndArgs ...any) bool {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	if len(got) != len(want) {
		return assert.Fail(t, fmt.Sprintf("length %d, want %d", len(got), len(want)), msgAndArgs...)
	}
	for i := range got {
		if bits(got[i]) != bits(want[i]) {
			return assert.Fail(t, fmt.Sprintf("element %d: got %v (%#x), want %v (%#x)",
				i, got[i], bits(got[i]), want[i], bits(want[i])), msgAndArgs...)
		}
	}
	return true
}

func bits[F float32 | float64](v F) uint64 {
	if f, ok := any(v).(float32); ok {
		return uint64(math.Float32bits(f))
	}
	return math.Float64bits(float64(v))
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
