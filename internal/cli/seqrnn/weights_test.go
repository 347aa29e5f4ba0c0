package seqrnn

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/npyio"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// TestRunWritesWeights: weights.npz holds the trained network (and the
// initial W_rec the figure wrec_before.png shows), W_rec.npy its effective
// recurrent matrix, for a biological, an orthogonal and a Dale's-law
// variant.
func TestRunWritesWeights(t *testing.T) {
	cases := []struct {
		variant string
		dale    bool
	}{{"W*D*C", false}, {"WD", false}, {"W-EI", true}, {"W*D*C-EI", true}}
	for _, tc := range cases {
		t.Run(tc.variant, func(t *testing.T) {
			out := t.TempDir()
			code, stdout, stderr := runProgram(tiny(out, "-variant", tc.variant)...)
			require.Equal(t, exitOK, code, stderr)
			for _, name := range []string{fileWeights, fileWRec} {
				assert.Contains(t, stdout, filepath.Join(out, name))
			}

			w, err := rnn.ReadWeightsFile(filepath.Join(out, fileWeights))
			require.NoError(t, err)
			cfg := w.Model.Config()
			assert.Equal(t, 16, cfg.NRec)
			assert.Equal(t, tc.dale, cfg.Dale)
			require.NotNil(t, w.InitialEffective)
			assert.False(t, mat.Equal(w.InitialEffective, w.Model.EffectiveRecurrentTo(nil)), "training changed nothing")

			a, err := npyio.ReadFile(filepath.Join(out, fileWRec))
			require.NoError(t, err)
			require.Equal(t, []int{16, 16}, a.Shape)
			d, err := a.DType()
			require.NoError(t, err)
			assert.Equal(t, "<f4", d.String())
			wrec, err := a.Float64s()
			require.NoError(t, err)
			assert.Equal(t, w.Model.EffectiveRecurrentTo(nil).RawMatrix().Data, wrec, "W_rec.npy is not weights.npz's W_rec_eff")
		})
	}
}
