package configflags

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

func names(vs []experiment.Variant) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Name
	}
	return out
}

func TestParseVariants(t *testing.T) {
	t.Parallel()
	got, err := ParseVariants("W, WsDsC ,extra")
	require.NoError(t, err)
	assert.Equal(t, append([]string{"W", "W*D*C"}, names(experiment.ExtraVariants())...), got)
	p, err := ParseVariants("paper")
	require.NoError(t, err)
	assert.Equal(t, experiment.ReferenceConfig().Variants, p)
	for _, bad := range []string{"", "W,W", "W,nope", "paper,W", "W*D*C,WsDsC"} {
		_, err := ParseVariants(bad)
		assert.Error(t, err, bad)
	}
	// The two groups the Corrected preset adds after the published eleven.
	sm, err := ParseVariants("scale-matched,lognormal")
	require.NoError(t, err)
	assert.Equal(t, []string{"WrD*C", "WrD*C*", "WrDC*", "WlD*C", "WlD*C*", "WlDC*"}, sm)
	assert.Equal(t, append(experiment.ReferenceConfig().Variants, sm...), experiment.CorrectedConfig().Variants)
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
			v, err := experiment.VariantByName(n)
			require.NoError(t, err)
			assert.Equal(t, n, v.Name)
		}
	})
}

func TestPresetConfig(t *testing.T) {
	t.Parallel()
	for _, p := range []experiment.Preset{experiment.Reference, experiment.Corrected} {
		c, err := PresetConfig(p)
		require.NoError(t, err)
		assert.Equal(t, p, c.Preset)
	}
	_, err := PresetConfig(experiment.Preset(7))
	assert.Error(t, err)
}
