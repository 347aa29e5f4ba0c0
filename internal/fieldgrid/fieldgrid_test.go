package fieldgrid

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cortexrnn/cortexrnn/connectome"
)

func TestUsed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		n      int
		listed [3]int
		want   [3]int
	}{
		{"listed, matching", 312, [3]int{12, 13, 2}, [3]int{12, 13, 2}},
		{"listed, other count", 300, [3]int{12, 13, 2}, connectome.FactorGrid(300)},
		{"unlisted", 61, [3]int{}, [3]int{61, 1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Used(tc.n, tc.listed))
		})
	}
}
