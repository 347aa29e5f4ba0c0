// Package fieldgrid chooses the regular grid behind a field's D control
// (docs/method.md §3). It is the one rule shared by experiment.PaperTrainer,
// which builds D on that grid, and package report, which flags fields whose
// grid control is degenerate (report.GridControl).
package fieldgrid

import "github.com/cortexrnn/cortexrnn/connectome"

// Used returns the grid that D is built on for a field of n neurons whose
// grid in the published field table is listed (zero when the field is not
// listed): listed when its cell count is n, otherwise
// connectome.FactorGrid(n). It panics if n < 1.
func Used(n int, listed [3]int) [3]int {
	if listed[0]*listed[1]*listed[2] != n {
		return connectome.FactorGrid(n)
	}
	return listed
}
