package seeds

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSeeds(t *testing.T) {
	t.Parallel()
	// Golden: the committed sweep folders hold runs drawn with this
	// seed (docs/evidence/reference/6_6_2_sttc-corr/runs/Task1_WsDsC_sim0000.json).
	assert.Equal(t, uint64(9342760079384188236), Run(1, 1, "W*D*C", 0))
	assert.NotEqual(t, Run(1, 1, "W", 0), Run(2, 1, "W", 0), "base seed ignored")
	assert.NotEqual(t, Data(1, 1, 3), Data(1, 2, 3), "Data ignores the task")
	assert.NotEqual(t, Data(1, 1, 3), Data(1, 1, 4), "Data ignores the simulation")
	assert.NotEqual(t, Shared(1, 2), Data(1, 2, 0), "domains coincide")
	assert.NotEqual(t, Rand(5, 1).Uint64(), Rand(5, 2).Uint64(), "streams coincide")
	assert.Equal(t, Rand(5, 1).Uint64(), Rand(5, 1).Uint64(), "stream not reproducible")
}
