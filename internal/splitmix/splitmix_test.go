package splitmix

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMixReference checks Mix against the reference outputs of Vigna's
// splitmix64.c for seed 0 (state advanced by Golden before each output).
func TestMixReference(t *testing.T) {
	t.Parallel()
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}
	state := uint64(0)
	for i, w := range want {
		assert.Equal(t, w, Mix(state), "output %d", i)
		state += Golden
	}
}
