package experiment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzParseDataSharing checks that the parser never panics and that what it
// accepts round-trips through its name.
func FuzzParseDataSharing(f *testing.F) {
	for _, s := range []string{"shared", "per-simulation", " Shared ", "", "per-run"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDataSharing(s)
		if err != nil {
			return
		}
		back, err := parseDataSharing(d.String())
		require.NoError(t, err)
		assert.Equal(t, d, back)
	})
}

// FuzzParseVariants checks that the variant-list parser never panics and
// that every name it returns is canonical and known.
func FuzzParseVariants(f *testing.F) {
	for _, s := range []string{"W*D*C,WD", "lognormal", "paper,extra", "WlDsC", ",,", "W,W"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		names, err := ParseVariants(s)
		if err != nil {
			return
		}
		for _, n := range names {
			v, err := VariantByName(n)
			require.NoError(t, err)
			assert.Equal(t, n, v.Name)
		}
	})
}
