package spatial_test

import (
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// The penalties satisfy the interface rnn declares (spatial itself does not
// import rnn).
var (
	_ rnn.Penalty = (*spatial.L1)(nil)
	_ rnn.Penalty = (*spatial.Wiring)(nil)
	_ rnn.Penalty = (*spatial.Communicability)(nil)
	_ rnn.Penalty = (*spatial.EMD)(nil)
)

// TestSharedErrors checks that spatial and rnn share one sentinel for
// non-finite values and one ShapeError type, so that an error a penalty
// returns through rnn's trainer (wrapped in an *rnn.TrainError) is matched
// by either package's name.
func TestSharedErrors(t *testing.T) {
	require.Same(t, spatial.ErrNonFinite, rnn.ErrNonFinite)
	w := mat.NewDense(2, 2, []float64{0, math.NaN(), 1, 0})
	for _, p := range []rnn.Penalty{&spatial.L1{Lambda: 1}, newWiring(t, 2)} {
		_, err := p.Value(w)
		wrapped := error(&rnn.TrainError{Epoch: 0, Batch: 1, Err: err})
		assert.ErrorIs(t, wrapped, rnn.ErrNonFinite, "%T", p)
		assert.ErrorIs(t, wrapped, spatial.ErrNonFinite, "%T", p)
	}
	var shape any = spatial.ShapeError{}
	_, ok := shape.(rnn.ShapeError)
	assert.True(t, ok, "spatial.ShapeError is rnn.ShapeError")
}

func newWiring(t *testing.T, n int) *spatial.Wiring {
	p, err := spatial.NewWiring(mat.NewDense(n, n, nil), 1)
	require.NoError(t, err)
	return p
}
