package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/connectome"
)

func TestGridControl(t *testing.T) {
	t.Parallel()
	listed := func(name string) [3]int {
		g, ok := connectome.GridShape(name)
		require.True(t, ok, "field %s not listed", name)
		return g
	}
	for _, tc := range []struct {
		name       string
		field      string
		n          int
		grid       [3]int
		used       [3]int
		fallback   bool
		flat       int
		degenerate bool
	}{
		{"listed volume", "6_6_2", 312, listed("6_6_2"), [3]int{12, 13, 2}, false, 0, false},
		{"listed line", "4_7_8", 193, listed("4_7_8"), [3]int{193, 1, 1}, false, 2, true},
		{"listed plane", "6_4_6", 371, listed("6_4_6"), [3]int{53, 7, 1}, false, 1, true},
		{"fewer neurons than cells", "6_6_2", 300, listed("6_6_2"), connectome.FactorGrid(300), true, 0, true},
		{"unlisted", "synthetic", 312, [3]int{}, connectome.FactorGrid(312), false, 0, false},
		{"unlisted prime", "synthetic", 61, [3]int{}, [3]int{61, 1, 1}, false, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGridControl(tc.field, tc.n, tc.grid)
			assert.Equal(t, tc.used, g.Used)
			assert.Equal(t, tc.fallback, g.Fallback())
			assert.Equal(t, tc.flat, g.FlatAxes())
			assert.Equal(t, tc.degenerate, g.Degenerate())
			assert.Equal(t, tc.degenerate, g.Reason() != "", g.Reason())
		})
	}
	// A loaded field's control is its own.
	f, err := connectome.Synthetic(connectome.DefaultSyntheticConfig(60, 1))
	if assert.NoError(t, err) {
		f.Grid = [3]int{5, 4, 2} // 40 cells for 60 neurons
		g := FieldGridControl(f)
		assert.True(t, g.Fallback())
		assert.Equal(t, connectome.FactorGrid(60), g.Used)
	}
}
