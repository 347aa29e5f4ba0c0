package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
)

// Figures (gonum.org/v1/plot). Each function writes the figure atomically in
// the format of the path's extension (.png, .svg, .pdf) and, for a .png path,
// the same figure as .svg beside it (vector, for papers).
//
// Style: the Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008,
// https://jfly.uni-koeln.de/color/), combined with a marker per series so
// that up to 56 series stay distinct (14 variants need it: 8 colours alone
// repeat); markers on every line, so curves of one epoch show; legends
// beside the data, never over it; axis labels with units; accuracy axes
// fixed to [0, 1] and epoch axes with integer ticks.

// okabeIto is the Okabe–Ito palette, black last (it is used for reference
// lines).
var okabeIto = []color.Color{
	color.NRGBA{0xE6, 0x9F, 0x00, 0xff}, // orange
	color.NRGBA{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	color.NRGBA{0x00, 0x9E, 0x73, 0xff}, // bluish green
	color.NRGBA{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	color.NRGBA{0x00, 0x72, 0xB2, 0xff}, // blue
	color.NRGBA{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	color.NRGBA{0xF0, 0xE4, 0x42, 0xff}, // yellow
	color.NRGBA{0x00, 0x00, 0x00, 0xff}, // black
}

// seriesMarkers are the markers paired with the colours: series i gets
// colour i mod 8 and marker i mod 7, a distinct pair for i < 56.
var seriesMarkers = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.TriangleGlyph{},
	draw.PyramidGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}, draw.RingGlyph{}}

// seriesStyle returns the colour and marker of series i.
func seriesStyle(i int) (color.Color, draw.GlyphDrawer) {
	return okabeIto[i%len(okabeIto)], seriesMarkers[i%len(seriesMarkers)]
}

// integerTicks labels integer values only (epochs), at most about ten.
type integerTicks struct{}

func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := int(math.Ceil(lo)), int(math.Floor(hi))
	step := max(1, (last-first+9)/10)
	var ts []plot.Tick
	for v := first; v <= last; v++ {
		t := plot.Tick{Value: float64(v)}
		if (v-first)%step == 0 {
			t.Label = fmt.Sprint(v)
		}
		ts = append(ts, t)
	}
	return ts
}

// nonNegativeTicks drops the ticks below zero of a quantity that cannot be
// negative (an entropy), whose error bars may reach below it.
type nonNegativeTicks struct{}

func (nonNegativeTicks) Ticks(lo, hi float64) []plot.Tick {
	return plot.DefaultTicks{}.Ticks(max(lo, 0), hi)
}

// metricLabel is the axis label, with its unit, of a published metric.
func metricLabel(m Metric) string {
	switch m {
	case Accuracy:
		return "accuracy (fraction correct)"
	case ValidationAccuracy:
		return "validation accuracy (fraction correct)"
	case Loss:
		return "loss (cross-entropy + penalty, nats)"
	case ValidationLoss:
		return "validation loss (cross-entropy + penalty, nats)"
	case Modularity:
		return "modularity Q"
	case SmallWorldness:
		return "small-worldness σ"
	case Assortativity:
		return "degree assortativity r"
	case Entropy:
		return "weight entropy (bits)"
	}
	return m.String()
}

// styleAxes gives the title room above the data and sets the axis range
// and ticks of accuracies (fixed [0, 1]) and entropies (no negative ticks).
func styleAxes(p *plot.Plot, m Metric) {
	p.Title.Padding = vg.Points(8)
	p.Y.Label.Text = metricLabel(m)
	switch m {
	case Accuracy, ValidationAccuracy:
		p.Y.Min, p.Y.Max = 0, 1
	case Entropy:
		p.Y.Tick.Marker = nonNegativeTicks{}
	}
}

// legendWidth is the width of the legend column beside the data.
const legendWidth = 2.2 * vg.Inch

// savePlot renders p at w×h and writes it atomically to path (and, for a
// .png path, as .svg beside it). A non-empty legend is drawn in a column
// to the right of the plot, outside the data; nil means none.
func savePlot(p *plot.Plot, leg *plot.Legend, w, h vg.Length, path string) error {
	return saveFigure(path, w, h, besideLegend(p, leg, legendWidth))
}

// saveFigure renders draw onto a w×h canvas in the format of path's
// extension and writes it atomically; a .png path also gets the figure as
// .svg beside it.
func saveFigure(path string, w, h vg.Length, drawFig func(draw.Canvas)) error {
	formats := []string{path}
	if strings.EqualFold(filepath.Ext(path), ".png") {
		formats = append(formats, strings.TrimSuffix(path, filepath.Ext(path))+".svg")
	}
	for _, f := range formats {
		ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(f)), ".")
		c, err := draw.NewFormattedCanvas(w, h, ext)
		if err != nil {
			return fmt.Errorf("report: figure %s: %w", f, err)
		}
		drawFig(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return fmt.Errorf("report: figure %s: %w", f, err)
		}
		if err := atomicfile.Write(f, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// besideLegend draws p below a margin for the title and, when leg is not
// nil, leg in a column of width legW on its right, level with the top of
// the data.
func besideLegend(p *plot.Plot, leg *plot.Legend, legW vg.Length) func(draw.Canvas) {
	return func(dc draw.Canvas) {
		dc.Max.Y -= vg.Points(8) // a margin above the title
		dc.Min.X += vg.Points(6) // and left of the labels, which plot puts on the edge
		if leg == nil {
			p.Draw(dc)
			return
		}
		left, right := dc, dc
		left.Max.X -= legW
		right.Min.X = left.Max.X + vg.Points(6)
		p.Draw(left)
		right.Max.Y -= vg.Points(28) // level with the top of the data
		leg.Top, leg.Left = true, true
		leg.Draw(right)
	}
}

// variantPlot returns an empty plot with the title, the y label and the
// x axis (variant names at 45°) of the per-variant figures.
func variantPlot(title, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.Padding = vg.Points(8)
	p.Y.Label.Text = ylabel
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	return p
}

// wideLegendWidth is the legend column of the per-variant figures, whose
// entries name arms and fields.
const wideLegendWidth = 3.8 * vg.Inch

// PlotLearningCurves plots, for one task, the mean over simulations of the
// training accuracy (dashed) and validation accuracy (solid) per epoch, one
// colour and marker per variant, the legend beside the data.
func PlotLearningCurves(path string, cfg *experiment.Config, recs []experiment.Record, task int) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Task%d learning curves (mean over simulations)", task)
	p.X.Label.Text = "epoch"
	p.X.Tick.Marker = integerTicks{}
	styleAxes(p, Accuracy)
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	found := false
	last := 1
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
		last = max(last, len(n))
		tr, vl := make(plotter.XYs, len(n)), make(plotter.XYs, len(n))
		for e := range n {
			tr[e] = plotter.XY{X: float64(e + 1), Y: train[e] / float64(n[e])}
			vl[e] = plotter.XY{X: float64(e + 1), Y: val[e] / float64(n[e])}
		}
		c, mk := seriesStyle(vi)
		lv, pv, err := plotter.NewLinePoints(vl)
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		lt, pt, err := plotter.NewLinePoints(tr)
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		lv.Color, lt.Color, pv.Color, pt.Color = c, c, c, c
		pv.Shape, pt.Shape = mk, mk
		pv.Radius, pt.Radius = vg.Points(3), vg.Points(3)
		lt.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		p.Add(lv, pv, lt, pt)
		leg.Add(v, lv, pv)
	}
	if !found {
		return fmt.Errorf("report: %s: no learning curves for Task%d", path, task)
	}
	p.X.Min, p.X.Max = 0.75, float64(last)+0.25
	solid, _ := plotter.NewLine(plotter.XYs{{}, {}})
	dashed, _ := plotter.NewLine(plotter.XYs{{}, {}})
	solid.Color, dashed.Color = color.Gray{Y: 0x40}, color.Gray{Y: 0x40}
	dashed.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
	leg.Add("solid: validation", solid)
	leg.Add("dashed: training", dashed)
	return savePlot(p, &leg, 10*vg.Inch, 5*vg.Inch, path)
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
// metric with its t-interval, one colour and marker per task.
func PlotAnalysis(path string, a *Analysis) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s per variant: mean and %.0f%% t-interval", a.Metric, 100*a.Level)
	styleAxes(p, a.Metric)
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	nt := len(a.Tasks)
	var legp *plot.Legend
	if nt > 1 {
		legp = &leg
	}
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
			return fmt.Errorf("report: %s: %w", path, err)
		}
		eb, err := plotter.NewYErrorBars(data)
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		c, mk := seriesStyle(ti)
		sc.GlyphStyle.Color, sc.GlyphStyle.Shape, sc.GlyphStyle.Radius = c, mk, vg.Points(3)
		eb.LineStyle.Color = c
		p.Add(eb, sc)
		if nt > 1 { // one task is named in the title instead
			leg.Add(fmt.Sprintf("Task%d", task), sc)
		}
	}
	if nt == 1 {
		p.Title.Text += fmt.Sprintf(" (Task%d)", a.Tasks[0])
	}
	p.NominalX(a.Variants...)
	p.X.Min, p.X.Max = -0.5, float64(len(a.Variants))-0.5
	if a.Metric == Accuracy || a.Metric == ValidationAccuracy {
		p.Y.Min, p.Y.Max = 0, 1 // NominalX leaves Y alone; intervals may reach outside [0, 1]
	}
	return savePlot(p, legp, 10*vg.Inch, 5*vg.Inch, path)
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
		return fmt.Errorf("report: %s: empty matrix", path)
	}
	if opt.OmitDiagonal && r != c {
		return fmt.Errorf("report: %s: OmitDiagonal needs a square matrix, not %d×%d", path, r, c)
	}
	if !(opt.ClipPercentile >= 0 && opt.ClipPercentile < 100) {
		return fmt.Errorf("report: %s: ClipPercentile %v not in [0, 100)", path, opt.ClipPercentile)
	}
	abs := make([]float64, 0, r*c)
	dLo, dHi := math.Inf(1), math.Inf(-1)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := w.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("report: %s: entry (%d, %d) = %v is not finite", path, i, j, v)
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
	pal := moreland.SmoothBlueRed() // diverging, symmetric about zero
	pal.SetMin(-lim)
	pal.SetMax(lim)
	p := plot.New()
	p.Title.Text = title
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = "postsynaptic unit"
	p.Y.Label.Text = "presynaptic unit (from the top)"
	p.Y.Tick.Marker = rowTicks{rows: r}
	// One image pixel block per entry, scaled by an integer factor so the
	// renderer never resamples cells unevenly (no moiré, no seams).
	p.Add(plotter.NewImage(matrixImage(heatGrid{m: w, omitDiagonal: opt.OmitDiagonal}, pal, lim),
		-0.5, -0.5, float64(c)-0.5, float64(r)-0.5))
	p.X.Min, p.X.Max = -0.5, float64(c)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(r)-0.5

	bar := plot.New()
	bar.HideX()
	bar.Y.Label.Text = "weight w_ij"
	bar.Y.Padding = 0
	bar.Add(&plotter.ColorBar{ColorMap: pal, Vertical: true, Colors: 255})
	bar.Y.Min, bar.Y.Max = -lim, lim
	return saveFigure(path, 7.4*vg.Inch, 6*vg.Inch, func(dc draw.Canvas) {
		dc.Max.Y -= vg.Points(8) // a margin above the title
		dc.Min.X += vg.Points(6) // and left of the labels, which plot puts on the edge
		left, right := dc, dc
		left.Max.X -= 1.3 * vg.Inch
		right.Min.X = left.Max.X + vg.Points(10)
		right.Max.X -= vg.Points(24)
		p.Draw(left)
		// Level with the data area of the heat map.
		right.Max.Y -= p.Title.TextStyle.FontExtents().Height*vg.Length(strings.Count(title, "\n")+1) + 2*p.Title.Padding - vg.Points(5)
		right.Min.Y += vg.Points(33)
		bar.Draw(right)
	})
}

// matrixImage renders g (one cell per entry, row 0 at the top) as an image
// whose cells are square blocks of pixels; entries beyond ±lim get the end
// colours, NaN (an omitted diagonal) dark grey.
func matrixImage(g heatGrid, pal palette.ColorMap, lim float64) image.Image {
	cols, rows := g.Dims()
	k := max(1, 1200/max(rows, cols))
	img := image.NewRGBA(image.Rect(0, 0, cols*k, rows*k))
	for r := range rows {
		for c := range cols {
			v := g.Z(c, rows-1-r)
			var col color.Color = color.Gray{Y: 0x60}
			if !math.IsNaN(v) {
				cc, err := pal.At(math.Max(-lim, math.Min(lim, v)))
				if err == nil {
					col = cc
				}
			}
			for y := r * k; y < (r+1)*k; y++ {
				for x := c * k; x < (c+1)*k; x++ {
					img.Set(x, y, col)
				}
			}
		}
	}
	return img
}

// PlotSomata draws soma positions (N×3, nm; x horizontal, y = cortical depth
// downward) and the strongest connections of w (the top fraction of |w_ij|,
// i ≠ j) as lines, darker for stronger.
func PlotSomata(path string, positions, w mat.Matrix, top float64, title string) error {
	n, d := positions.Dims()
	wr, wc := w.Dims()
	if d != 3 || wr != n || wc != n {
		return fmt.Errorf("report: %s: positions %d×%d and weights %d×%d do not match", path, n, d, wr, wc)
	}
	if !(top > 0 && top <= 1) {
		return fmt.Errorf("report: %s: fraction of connections %v not in (0, 1]", path, top)
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
					return fmt.Errorf("report: %s: %w", path, err)
				}
				a := uint8(40 + 200*v/maxw)
				l.Color = color.NRGBA{R: 200, G: 30, B: 30, A: a}
				p.Add(l)
			}
		}
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	sc.GlyphStyle.Shape = draw.CircleGlyph{}
	sc.GlyphStyle.Radius = vg.Points(2)
	p.Add(sc)
	p.Title.Padding = vg.Points(8)
	return savePlot(p, nil, 7*vg.Inch, 5*vg.Inch, path)
}
