// Package pyfloat formats float64 values as Python's repr(float) does, which
// is how pandas' DataFrame.to_csv writes them: the published layout's CSV
// files and config.txt use it so that they match the notebooks' files byte
// for byte.
package pyfloat

import (
	"math"
	"strconv"
	"strings"
)

// Format formats x like Python's repr(float): the shortest digits that
// round-trip, in positional notation when 1e-4 ≤ |x| < 1e16 (with ".0" for
// integral values) and scientific otherwise ("1e-05", "1.5e+16"); NaN is the
// empty string (pandas' na_rep) and infinities "inf"/"-inf".
func Format(x float64) string {
	switch {
	case math.IsNaN(x):
		return ""
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	case x == 0:
		if math.Signbit(x) {
			return "-0.0"
		}
		return "0.0"
	}
	e := strconv.FormatFloat(x, 'e', -1, 64) // d.ddde±XX
	_, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
