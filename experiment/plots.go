package experiment

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figures (gonum.org/v1/plot). Each function writes one PNG atomically; the
// format follows the file extension (.png, .svg, .pdf).

// savePlot renders p at w×h and writes it atomically to path.
func savePlot(p *plot.Plot, w, h vg.Length, path string) error {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	wt, err := p.WriterTo(w, h, ext)
	if err != nil {
		return fmt.Errorf("experiment: figure %s: %w", path, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return fmt.Errorf("experiment: figure %s: %w", path, err)
	}
	return writeFile(path, buf.Bytes())
}

// PlotLearningCurves plots, for one task, the mean over simulations of the
// training accuracy (dashed) and validation accuracy (solid) per epoch, one
// colour per variant.
func PlotLearningCurves(path string, cfg *Config, recs []Record, task int) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Task%d learning curves (mean over simulations)", task)
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "accuracy"
	p.Legend.Top = false
	p.Legend.Left = false
	found := false
	for vi, v := range cfg.Variants {
		var train, val []float64
		var n []int
		for i := range recs {
			r := &recs[i]
			if r.Key.Task != task || r.Key.Variant != v {
				continue
			}
			for e, h := range r.Result.History {
				for len(train) <= e {
					train, val, n = append(train, 0), append(val, 0), append(n, 0)
				}
				train[e] += h.Accuracy
				val[e] += h.ValidationAccuracy
				n[e]++
			}
		}
		if len(n) == 0 {
			continue
		}
		found = true
		tr, vl := make(plotter.XYs, len(n)), make(plotter.XYs, len(n))
		for e := range n {
			tr[e] = plotter.XY{X: float64(e + 1), Y: train[e] / float64(n[e])}
			vl[e] = plotter.XY{X: float64(e + 1), Y: val[e] / float64(n[e])}
		}
		lv, err := plotter.NewLine(vl)
		if err != nil {
			return fmt.Errorf("experiment: %s: %w", path, err)
		}
		lt, err := plotter.NewLine(tr)
		if err != nil {
			return fmt.Errorf("experiment: %s: %w", path, err)
		}
		c := plotutil.Color(vi)
		lv.Color, lt.Color = c, c
		lt.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		p.Add(lv, lt)
		p.Legend.Add(v, lv)
	}
	if !found {
		return fmt.Errorf("experiment: %s: no learning curves for Task%d", path, task)
	}
	return savePlot(p, 8*vg.Inch, 5*vg.Inch, path)
}

// meanCI is a plotter.XYer and YErrorer of cell means with t-intervals.
type meanCI struct {
	xs    []float64
	cells []Cell
}

func (m meanCI) Len() int                    { return len(m.cells) }
func (m meanCI) XY(i int) (float64, float64) { return m.xs[i], m.cells[i].Mean }
func (m meanCI) YError(i int) (float64, float64) {
	c := m.cells[i]
	if math.IsNaN(c.CI.Low) {
		return 0, 0
	}
	return c.Mean - c.CI.Low, c.CI.High - c.Mean
}

// PlotAnalysis plots an Analysis: per variant (x axis) the mean of the
// metric with its t-interval, one colour per task.
func PlotAnalysis(path string, a *Analysis) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s per variant: mean and %.0f%% t-interval", a.Metric, 100*a.Level)
	p.Y.Label.Text = a.Metric.String()
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign = draw.XRight
	nt := len(a.Tasks)
	for ti, task := range a.Tasks {
		var data meanCI
		for vi := range a.Variants {
			c := a.Cells[ti][vi]
			if math.IsNaN(c.Mean) {
				continue
			}
			data.xs = append(data.xs, float64(vi)+0.6*(float64(ti)+0.5)/float64(nt)-0.3)
			data.cells = append(data.cells, c)
		}
		if len(data.cells) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(data)
		if err != nil {
			return fmt.Errorf("experiment: %s: %w", path, err)
		}
		eb, err := plotter.NewYErrorBars(data)
		if err != nil {
			return fmt.Errorf("experiment: %s: %w", path, err)
		}
		c := plotutil.Color(ti)
		sc.GlyphStyle.Color, sc.GlyphStyle.Shape = c, draw.CircleGlyph{}
		eb.LineStyle.Color = c
		p.Add(sc, eb)
		if nt > 1 { // one task is named in the title instead: no legend over the data
			p.Legend.Add(fmt.Sprintf("Task%d", task), sc)
		}
	}
	if nt == 1 {
		p.Title.Text += fmt.Sprintf(" (Task%d)", a.Tasks[0])
	}
	p.Legend.Top = true
	p.NominalX(a.Variants...)
	p.Add(plotter.NewGrid())
	return savePlot(p, 9*vg.Inch, 5*vg.Inch, path)
}

// heatGrid adapts a matrix to plotter.GridXYZ with row 0 at the top; with
// omitDiagonal the diagonal reads NaN (drawn in the heat map's NaN colour).
type heatGrid struct {
	m            mat.Matrix
	omitDiagonal bool
}

func (g heatGrid) Dims() (c, r int) { r, c = g.m.Dims(); return c, r }
func (g heatGrid) Z(c, r int) float64 {
	n, _ := g.m.Dims()
	if g.omitDiagonal && n-1-r == c {
		return math.NaN()
	}
	return g.m.At(n-1-r, c)
}
func (g heatGrid) X(c int) float64 { return float64(c) }
func (g heatGrid) Y(r int) float64 { return float64(r) }

// rowTicks labels the heat map's vertical axis with row numbers: the grid
// coordinate y is row rows−1−y (heatGrid draws row 0 at the top).
type rowTicks struct{ rows int }

func (t rowTicks) Ticks(lo, hi float64) []plot.Tick {
	last := float64(t.rows - 1)
	ticks := plot.DefaultTicks{}.Ticks(last-hi, last-lo)
	for i := range ticks {
		ticks[i].Value = last - ticks[i].Value
	}
	return ticks
}

// MatrixPlotOptions are the options of PlotMatrixWith. The zero value draws
// every entry on a colour scale from −max|w_ij| to max|w_ij|.
//
// A biological W* (and the trained W_rec that starts from it) has a dominant
// diagonal: Corr and STTC are 1 there and the wiring penalties leave
// self-connections free (D_ii = 0), so on one colour scale the diagonal hides
// every other weight. OmitDiagonal, ClipPercentile or both make the other
// weights visible.
type MatrixPlotOptions struct {
	// OmitDiagonal draws the diagonal in dark grey and leaves it out of the
	// colour scale; the title gets a line with the diagonal's range.
	OmitDiagonal bool
	// ClipPercentile, in (0, 100), sets the colour scale's limit to that
	// (nearest-rank) percentile of |w_ij| over the drawn entries, instead of
	// their maximum; entries beyond ±limit get the scale's end colours and
	// the title gets a line saying so. 0 means no clipping.
	ClipPercentile float64
}

// DefaultClipPercentile is a clipping percentile for MatrixPlotOptions that
// keeps the scale of the bulk of a biological W_rec's weights.
const DefaultClipPercentile = 99

// PlotMatrix draws w as a heat map (row = presynaptic unit, from the top),
// on a diverging colour scale symmetric about zero: PlotMatrixWith with the
// zero options.
func PlotMatrix(path string, w mat.Matrix, title string) error {
	return PlotMatrixWith(path, w, title, MatrixPlotOptions{})
}

// PlotMatrixWith draws w as a heat map (row = presynaptic unit, from the
// top), on a diverging colour scale symmetric about zero, with opt (see
// MatrixPlotOptions). It returns an error for an empty or non-finite w, a
// non-square w with OmitDiagonal, or a ClipPercentile outside [0, 100).
func PlotMatrixWith(path string, w mat.Matrix, title string, opt MatrixPlotOptions) error {
	r, c := w.Dims()
	if r == 0 || c == 0 {
		return fmt.Errorf("experiment: %s: empty matrix", path)
	}
	if opt.OmitDiagonal && r != c {
		return fmt.Errorf("experiment: %s: OmitDiagonal needs a square matrix, not %d×%d", path, r, c)
	}
	if !(opt.ClipPercentile >= 0 && opt.ClipPercentile < 100) {
		return fmt.Errorf("experiment: %s: ClipPercentile %v not in [0, 100)", path, opt.ClipPercentile)
	}
	abs := make([]float64, 0, r*c)
	dLo, dHi := math.Inf(1), math.Inf(-1)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := w.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("experiment: %s: entry (%d, %d) = %v is not finite", path, i, j, v)
			}
			if opt.OmitDiagonal && i == j {
				dLo, dHi = math.Min(dLo, v), math.Max(dHi, v)
				continue
			}
			abs = append(abs, math.Abs(v))
		}
	}
	slices.Sort(abs)
	var lim float64
	if len(abs) > 0 {
		lim = abs[len(abs)-1]
		if opt.ClipPercentile > 0 {
			rank := int(math.Ceil(opt.ClipPercentile / 100 * float64(len(abs))))
			lim = abs[max(rank, 1)-1]
			title += fmt.Sprintf("\ncolour scale clipped at ±%.3g, percentile %g of |w| (max %.3g)",
				lim, opt.ClipPercentile, abs[len(abs)-1])
		}
	}
	if opt.OmitDiagonal {
		title += fmt.Sprintf("\ndiagonal (%.3g to %.3g) in dark grey, not on the colour scale", dLo, dHi)
	}
	if lim == 0 {
		lim = 1
	}
	pal := moreland.SmoothBlueRed()
	pal.SetMin(-lim)
	pal.SetMax(lim)
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "postsynaptic unit"
	p.Y.Label.Text = "presynaptic unit (from the top)"
	p.Y.Tick.Marker = rowTicks{rows: r}
	colours := pal.Palette(255).Colors()
	h := plotter.NewHeatMap(heatGrid{m: w, omitDiagonal: opt.OmitDiagonal}, pal.Palette(255))
	h.Min, h.Max = -lim, lim
	h.Underflow, h.Overflow = colours[0], colours[len(colours)-1]
	h.NaN = color.Gray{Y: 0x60}
	p.Add(h)
	return savePlot(p, 6*vg.Inch, 6*vg.Inch, path)
}

// PlotSomata draws soma positions (N×3, nm; x horizontal, y = cortical depth
// downward) and the strongest connections of w (the top fraction of |w_ij|,
// i ≠ j) as lines, darker for stronger.
func PlotSomata(path string, positions, w mat.Matrix, top float64, title string) error {
	n, d := positions.Dims()
	wr, wc := w.Dims()
	if d != 3 || wr != n || wc != n {
		return fmt.Errorf("experiment: %s: positions %d×%d and weights %d×%d do not match", path, n, d, wr, wc)
	}
	if !(top > 0 && top <= 1) {
		return fmt.Errorf("experiment: %s: fraction of connections %v not in (0, 1]", path, top)
	}
	pts := make(plotter.XYs, n)
	for i := range pts {
		pts[i] = plotter.XY{X: positions.At(i, 0) / 1000, Y: -positions.At(i, 1) / 1000}
	}
	var abs []float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				abs = append(abs, math.Abs(w.At(i, j)))
			}
		}
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "x (µm)"
	p.Y.Label.Text = "−depth y (µm)"
	if len(abs) > 0 {
		sorted := append([]float64(nil), abs...)
		slices.Sort(sorted)
		k := int(math.Ceil(top * float64(len(sorted))))
		thr := sorted[len(sorted)-k]
		maxw := sorted[len(sorted)-1]
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				v := math.Abs(w.At(i, j))
				if i == j || v < thr || v == 0 {
					continue
				}
				l, err := plotter.NewLine(plotter.XYs{pts[i], pts[j]})
				if err != nil {
					return fmt.Errorf("experiment: %s: %w", path, err)
				}
				a := uint8(40 + 200*v/maxw)
				l.Color = color.NRGBA{R: 200, G: 30, B: 30, A: a}
				p.Add(l)
			}
		}
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return fmt.Errorf("experiment: %s: %w", path, err)
	}
	sc.GlyphStyle.Shape = draw.CircleGlyph{}
	sc.GlyphStyle.Radius = vg.Points(2)
	p.Add(sc)
	return savePlot(p, 7*vg.Inch, 5*vg.Inch, path)
}
