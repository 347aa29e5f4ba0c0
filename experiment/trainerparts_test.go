package experiment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/trainerparts"
)

// TestTrainerParts checks that the benchmark's view of a trainer is the
// trainer's own: the same matrices, penalties and initial weights.
func TestTrainerParts(t *testing.T) {
	t.Parallel()
	cfg := tinyTrainerConfig()
	tr, err := NewPaperTrainer(&cfg, tinyField(t))
	require.NoError(t, err)
	p, err := trainerparts.Of(tr)
	require.NoError(t, err)
	assert.Same(t, tr.realD, p.RealD)
	assert.Same(t, tr.gridD, p.GridD)
	assert.Same(t, tr.cEmp, p.CEmp)
	assert.Equal(t, tr.normArt, p.Norm)
	for _, name := range []string{"W", "WD", "W*D*C", "W!D*C*"} {
		v, err := VariantByName(name)
		require.NoError(t, err)
		want, err := tr.penalty(&tr.cfg, v)
		require.NoError(t, err)
		got, err := p.Penalty(name)
		require.NoError(t, err)
		assert.IsType(t, want, got, name)
		spec, err := tr.spec(RunKey{Task: 1, Variant: name, Simulation: 2})
		require.NoError(t, err)
		w0, err := tr.initialRecurrent(spec)
		require.NoError(t, err)
		g0, err := p.InitialRecurrent(1, name, 2)
		require.NoError(t, err)
		if w0 == nil {
			assert.Nil(t, g0, name)
		} else {
			assert.True(t, mat.Equal(w0, g0), name)
		}
	}
	_, err = p.Penalty("nope")
	assert.Error(t, err)
	_, err = trainerparts.Of(&cfg)
	assert.Error(t, err, "not a trainer")
	_, err = trainerparts.Of((*PaperTrainer)(nil))
	assert.Error(t, err, "nil trainer")
}
