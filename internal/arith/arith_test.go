package arith

import (
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
