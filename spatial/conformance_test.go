package spatial_test

import (
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
)

// The penalties satisfy the interface rnn declares (spatial itself does not
// import rnn).
var (
	_ rnn.Penalty = (*spatial.L1)(nil)
	_ rnn.Penalty = (*spatial.Wiring)(nil)
	_ rnn.Penalty = (*spatial.Communicability)(nil)
	_ rnn.Penalty = (*spatial.EMD)(nil)
)
