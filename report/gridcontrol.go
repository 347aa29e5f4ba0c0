package report

import (
	"fmt"
	"strings"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/internal/fieldgrid"
)

// GridControl describes the regular grid behind a field's D control
// (docs/method.md §3) and whether that control is degenerate, so that a
// report can flag fields whose D variants differ in kind from the others'
// instead of the fallback happening silently.
type GridControl struct {
	// Field is the field's name and N its neuron count.
	Field string
	N     int
	// Listed is the field's grid in the published field table (zero when
	// the field is not listed).
	Listed [3]int
	// Used is the grid the trainer builds D on: Listed when its cell count
	// is N, otherwise connectome.FactorGrid(N).
	Used [3]int
}

// NewGridControl returns the grid control of a field of n neurons whose
// listed grid is listed (zero when unlisted), choosing the used grid as
// experiment.NewPaperTrainer does. It panics if n < 1.
func NewGridControl(field string, n int, listed [3]int) GridControl {
	return GridControl{Field: field, N: n, Listed: listed, Used: fieldgrid.Used(n, listed)}
}

// FieldGridControl returns the grid control of a loaded field.
func FieldGridControl(f *connectome.Field) GridControl {
	return NewGridControl(f.Name, f.N, f.Grid)
}

// Fallback reports whether a listed grid was replaced because its cell
// count differs from N.
func (g GridControl) Fallback() bool { return g.Listed != [3]int{} && g.Used != g.Listed }

// FlatAxes returns the number of axes of length 1 of the used grid (a
// line or a plane instead of a volume).
func (g GridControl) FlatAxes() int {
	n := 0
	for _, a := range g.Used {
		if a == 1 {
			n++
		}
	}
	return n
}

// Degenerate reports whether the D control differs in kind from a
// three-dimensional listed grid: a fallback grid, or axes of length 1.
func (g GridControl) Degenerate() bool { return g.Fallback() || g.FlatAxes() > 0 }

// Reason says why the control is degenerate ("" when it is not).
func (g GridControl) Reason() string {
	var why []string
	if g.Fallback() {
		why = append(why, fmt.Sprintf("listed grid %s has %d cells for %d neurons; fallback grid %s used",
			gridString(g.Listed), g.Listed[0]*g.Listed[1]*g.Listed[2], g.N, gridString(g.Used)))
	}
	if k := g.FlatAxes(); k > 0 {
		why = append(why, fmt.Sprintf("grid %s has %d axis(es) of length 1", gridString(g.Used), k))
	}
	return strings.Join(why, "; ")
}

func gridString(g [3]int) string { return fmt.Sprintf("%d×%d×%d", g[0], g[1], g[2]) }
