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
