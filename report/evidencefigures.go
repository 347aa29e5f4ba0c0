package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// denseOf returns the r×c matrix of data (row-major).
func denseOf(r, c int, data []float64) *mat.Dense { return mat.NewDense(r, c, data) }

// forest is the rows of a comparison with an estimate, for a forest plot:
// y is the row, x the difference A − B with its interval.
type forest struct {
	est, low, high, y []float64
}

func (f forest) Len() int                { return len(f.est) }
func (f forest) XY(i int) (x, y float64) { return f.est[i], f.y[i] }
func (f forest) XError(i int) (float64, float64) {
	return f.est[i] - f.low[i], f.high[i] - f.est[i]
}

// forestOf returns the tested rows' estimates and intervals, at y =
// len(rows)−1−i for row i (the first row on top), and every row's label.
func forestOf(rows []*row) (forest, []string) {
	var f forest
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = r.label + " " + r.field
		if r.pooled {
			// The fields are in the table; a long list would not fit.
			names[i] = fmt.Sprintf("corrected, pooled over %d fields", strings.Count(r.field, ",")+1)
		}
		if r.diverged != "" {
			names[i] += " (diverged runs)"
		}
		if r.err != nil || math.IsNaN(r.effect.Estimate) {
			names[i] += " (not tested)"
			continue
		}
		f.est = append(f.est, r.effect.Estimate)
		f.low = append(f.low, r.effect.CI.Low)
		f.high = append(f.high, r.effect.CI.High)
		f.y = append(f.y, float64(len(rows)-1-i))
	}
	return f, names
}

// plotForest draws the difference A − B of every tested row of ct with
// its interval, one line per arm, and a vertical line at zero. A row that
// was not tested (its table says why, e.g. all values identical) keeps its
// line, labelled "not tested", so that no arm silently disappears.
func plotForest(path string, ct *claimTest) error {
	f, names := forestOf(ct.rows)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Task %d: %s − %s (%v), interval per arm", ct.task, ct.claim.a, ct.claim.b, ct.claim.metric)
	p.X.Label.Text = "difference in means"
	if f.Len() > 0 {
		sc, err := plotter.NewScatter(f)
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		eb, err := plotter.NewXErrorBars(f)
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		p.Add(sc, eb)
		// A margin, so that no interval ends on the frame (zero is
		// always in view: the line below).
		lo, hi := math.Min(0, slices.Min(f.low)), math.Max(0, slices.Max(f.high))
		pad := 0.05 * (hi - lo)
		p.X.Min, p.X.Max = lo-pad, hi+pad
	}
	labels := make([]string, len(names))
	for i, n := range names {
		labels[len(names)-1-i] = n
	}
	p.NominalY(labels...)
	line, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(len(names)) - 0.5}})
	if err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	line.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	p.Add(line)
	return savePlot(p, nil, 7*vg.Inch, vg.Length(1.5+0.35*float64(len(names)+1))*vg.Inch, path)
}
