package experiment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
)

// TestLogNormalInit checks the log-normal-only control: it is the
// biological pipeline without modulation from the simulation's own draws
// (so it equals BioInit with SourceNone on the simulation's bio stream),
// it differs from the bio variant of the same simulation, it is selectable
// by name and group, and it is among the Corrected preset's variants.
func TestLogNormalInit(t *testing.T) {
	t.Parallel()
	cfg := tinyTrainerConfig()
	cfg.Variants = []string{"WlD*C", "W*D*C"}
	field := tinyField(t)
	tr, err := NewPaperTrainer(&cfg, field)
	require.NoError(t, err)
	spec, err := tr.spec(RunKey{1, "WlD*C", 0})
	require.NoError(t, err)
	got, err := tr.initialRecurrent(spec)
	require.NoError(t, err)
	want, err := connectome.BioInit(field, connectome.DefaultBioConfig(connectome.SourceNone), spec.dataRand(seeds.StreamBio))
	require.NoError(t, err)
	assert.True(t, mat.Equal(want, got))
	bioSpec, err := tr.spec(RunKey{1, "W*D*C", 0})
	require.NoError(t, err)
	bio, err := tr.initialRecurrent(bioSpec)
	require.NoError(t, err)
	assert.False(t, mat.EqualApprox(bio, got, 1e-12), "the functional modulation changed nothing")

	names := []string{"WlD*C", "WlD*C*", "WlDC*"}
	v, err := VariantByName("WlDsCs")
	require.NoError(t, err)
	assert.Equal(t, InitLogNormal, v.Init)
	assert.Subset(t, CorrectedConfig().Variants, names)
	assert.NotContains(t, ReferenceConfig().Variants, "WlD*C")

	// The functional matrices are not read, so BioSource leaves its runs.
	other := cfg.Clone()
	other.BioSource = BioSTTC
	assert.Equal(t, cfg.RunFingerprint(v, nil), other.RunFingerprint(v, nil))
	assert.NotEqual(t, cfg.RunFingerprint(bioSpec.Variant, nil), other.RunFingerprint(bioSpec.Variant, nil))
}
