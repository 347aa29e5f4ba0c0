package pyfloat

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFormatPythonRepr compares Format with Python 3's repr(float)
// (testdata/repr_golden.json, written by testdata/repr_golden.py with
// Debian's /usr/bin/python3).
func TestFormatPythonRepr(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/repr_golden.json")
	require.NoError(t, err)
	var cases []struct {
		X    float64 `json:"x"`
		Repr string  `json:"repr"`
	}
	require.NoError(t, json.Unmarshal(b, &cases))
	require.NotEmpty(t, cases)
	for _, c := range cases {
		assert.Equal(t, c.Repr, Format(c.X), "Format(%v)", c.X)
	}
	for x, want := range map[float64]string{math.NaN(): "", math.Inf(1): "inf", math.Inf(-1): "-inf", math.Copysign(0, -1): "-0.0"} {
		assert.Equal(t, want, Format(x), "Format(%v)", x)
	}
}

func ExampleFormat() {
	for _, x := range []float64{0.9171875, 1e-05, 3, math.NaN()} {
		fmt.Printf("%q\n", Format(x))
	}
	// Output:
	// "0.9171875"
	// "1e-05"
	// "3.0"
	// ""
}
