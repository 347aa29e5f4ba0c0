package variantalias

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOf(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"W*D*C": "WsDsC", "W!D*C*": "WpDsCs", "WD": "WD", "W*D*C-EI": "WsDsC-EI", "": "",
	} {
		assert.Equal(t, want, Of(name), name)
	}
}
