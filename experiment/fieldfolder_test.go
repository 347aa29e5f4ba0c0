package experiment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A stored sweep names its field as $CORTEXRNN_MICRONS/<field>; reading it
// where the variable is not set must say so, not look for "/<field>".
func TestFieldFolderExpandsAndRefusesUnsetVariables(t *testing.T) {
	t.Setenv("CORTEXRNN_MICRONS", "/data/microns")
	for _, tc := range []struct{ dir, want string }{
		{"$CORTEXRNN_MICRONS/6_6_2", "/data/microns/6_6_2"},
		{"${CORTEXRNN_MICRONS}/4_7_2", "/data/microns/4_7_2"},
		{"/abs/6_6_2", "/abs/6_6_2"},
		{"", ""},
	} {
		got, err := (&FieldConfig{FieldDir: tc.dir}).FieldFolder()
		require.NoError(t, err, tc.dir)
		assert.Equal(t, tc.want, got, tc.dir)
	}

	t.Setenv("CORTEXRNN_MICRONS", "")
	for _, dir := range []string{"$CORTEXRNN_MICRONS/6_6_2", "$CORTEXRNN_UNSET_FOR_TEST/x"} {
		_, err := (&FieldConfig{FieldDir: dir}).FieldFolder()
		require.Error(t, err, dir)
		assert.Contains(t, err.Error(), "not set", dir)
		assert.Contains(t, err.Error(), dir)
	}
	cfg := CorrectedConfig()
	cfg.FieldDir = "$CORTEXRNN_MICRONS/6_6_2"
	_, err := LoadField(&cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "$CORTEXRNN_MICRONS not set")
}
