package experiment

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFolderName(t *testing.T) {
	t.Parallel()
	c := ReferenceConfig()
	c.FieldDir = "/data/microns/6_6_2/"
	cases := []struct {
		bio  BioSource
		pos  bool
		want string
	}{
		{BioCorrSTTC, false, "6_6_2_sttc-corr"},
		{BioCorrSTTC, true, "6_6_2_sttc-corr_sign+"},
		{BioPrecisionSTTC, false, "6_6_2_sttc-precision"},
		{BioSTTC, true, "6_6_2_sttc_sign+"},
	}
	for _, tc := range cases {
		c.BioSource, c.PositiveOnly = tc.bio, tc.pos
		assert.Equal(t, tc.want, c.FolderName(), "FolderName(%v, sign+=%v)", tc.bio, tc.pos)
	}
	s := ReferenceConfig()
	assert.Equal(t, syntheticField, s.Field(), "Field of a config without FieldDir")
}
