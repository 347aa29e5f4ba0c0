package seedmix

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// SplitMix64 reference outputs for seed 0 from Vigna's splitmix64.c
// (https://prng.di.unimi.it/splitmix64.c), the state advanced by Golden
// before each output.
func TestSplitMix64Reference(t *testing.T) {
	t.Parallel()
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}
	state := uint64(0)
	for i, w := range want {
		assert.Equalf(t, w, SplitMix64(state), "output %d", i)
		state += Golden
	}
}
