package experiment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/connectome"
)

// TestSplitInits checks the self-connections-only (Wd) and coupling-only
// (Wo) controls: each is its part of the same simulation's biological
// matrix (connectome.SelfConnections, connectome.Coupling of the W* of
// W*D*C), selectable by name and alias, not among either preset's
// variants.
func TestSplitInits(t *testing.T) {
	t.Parallel()
	cfg := tinyTrainerConfig()
	cfg.Variants = []string{"W*D*C", "WdD*C", "WoD*C"}
	tr, err := NewPaperTrainer(&cfg, tinyField(t))
	require.NoError(t, err)
	for sim := range 2 {
		bioSpec, err := tr.spec(RunKey{1, "W*D*C", sim})
		require.NoError(t, err)
		bio, err := tr.initialRecurrent(bioSpec)
		require.NoError(t, err)
		for _, c := range []struct {
			name string
			part func(mat.Matrix) (*mat.Dense, error)
		}{{"WdD*C", connectome.SelfConnections}, {"WoD*C", connectome.Coupling}} {
			spec, err := tr.spec(RunKey{1, c.name, sim})
			require.NoError(t, err)
			got, err := tr.initialRecurrent(spec)
			require.NoError(t, err)
			want, err := c.part(bio)
			require.NoError(t, err)
			assert.True(t, mat.Equal(want, got), "%s, simulation %d", c.name, sim)
		}
	}
	for alias, want := range map[string]Init{"WdDsC": InitBioDiagonal, "WoDsC": InitBioCoupling} {
		v, err := VariantByName(alias)
		require.NoError(t, err)
		assert.Equal(t, want, v.Init)
		assert.NotContains(t, CorrectedConfig().Variants, v.Name)
		assert.NotContains(t, ReferenceConfig().Variants, v.Name)
	}
	assert.Equal(t, "bio-diagonal", InitBioDiagonal.String())
	assert.Equal(t, "bio-coupling", InitBioCoupling.String())
}
