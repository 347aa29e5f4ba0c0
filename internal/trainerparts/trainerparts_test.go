package trainerparts

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOfWithoutExperiment checks that Of, in a program that does not link
// package experiment (this test's), gives an error instead of calling a nil
// function.
func TestOfWithoutExperiment(t *testing.T) {
	_, err := Of(struct{}{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "package experiment is not linked")
}
