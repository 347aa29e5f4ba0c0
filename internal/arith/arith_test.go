package arith

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestZeroValueIsFloat32(t *testing.T) {
	var a Arithmetic
	assert.Equal(t, Float32, a)
}

func TestText(t *testing.T) {
	for _, a := range []Arithmetic{Float32, Float64} {
		t.Run(a.String(), func(t *testing.T) {
			b, err := a.MarshalText()
			require.NoError(t, err)
			var got Arithmetic
			require.NoError(t, got.UnmarshalText(b))
			assert.Equal(t, a, got)
			assert.True(t, got.Valid())
		})
	}
	var a Arithmetic
	assert.Error(t, a.UnmarshalText([]byte("float16")))
	_, err := Arithmetic(7).MarshalText()
	assert.Error(t, err)
	assert.False(t, Arithmetic(-1).Valid())
	assert.Equal(t, "Arithmetic(7)", Arithmetic(7).String())
}

// TestJSON checks the names in both directions and the numbers of the
// former spatial.Precision that sweep-config.json files hold (0 float64,
// 1 float32).
func TestJSON(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Arithmetic
	}{
		{`"float32"`, Float32},
		{`"float64"`, Float64},
		{`1`, Float32},
		{`0`, Float64},
	} {
		t.Run(c.in, func(t *testing.T) {
			var got struct{ A Arithmetic }
			require.NoError(t, json.Unmarshal([]byte(`{"A": `+c.in+`}`), &got))
			assert.Equal(t, c.want, got.A)
			b, err := json.Marshal(got)
			require.NoError(t, err)
			assert.Equal(t, `{"A":"`+c.want.String()+`"}`, string(b))
		})
	}
	for _, bad := range []string{`2`, `"half"`, `null1`, `true`} {
		var a Arithmetic
		assert.Error(t, a.UnmarshalJSON([]byte(bad)), bad)
	}
}
