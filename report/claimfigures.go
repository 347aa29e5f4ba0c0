package report

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// figure is one PNG of the report.
type figure struct {
	file, caption string
}

// estimate is a mean with an interval (NaN bounds: none).
type estimate struct{ mean, low, high float64 }

// series is one labelled set of estimates, one per variant (NaN mean: no
// point).
type series struct {
	label string
	est   []estimate
}

// pointsCI is a plotter.XYer and YErrorer of the finite estimates of a
// series at x offsets.
type pointsCI struct {
	xs  []float64
	est []estimate
}

func (p pointsCI) Len() int                    { return len(p.est) }
func (p pointsCI) XY(i int) (float64, float64) { return p.xs[i], p.est[i].mean }
func (p pointsCI) YError(i int) (float64, float64) {
	e := p.est[i]
	if math.IsNaN(e.low) {
		return 0, 0
	}
	return e.mean - e.low, e.high - e.mean
}

// Okabe–Ito colours (colour-blind safe) of the report's series, with a
// marker each: published, reference, corrected.
var (
	seriesColours = []color.Color{
		color.NRGBA{0x00, 0x00, 0x00, 0xff}, // black
		color.NRGBA{0xE6, 0x9F, 0x00, 0xff}, // orange
		color.NRGBA{0x00, 0x72, 0xB2, 0xff}, // blue
		color.NRGBA{0x00, 0x9E, 0x73, 0xff}, // bluish green
	}
	claimMarkers = []draw.GlyphDrawer{draw.BoxGlyph{}, draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{}}
)

// plotComparison draws, per variant on the x axis, one point with its
// interval for every series, side by side; hline, when finite, is drawn as
// a dashed reference line. unit fixes the y axis to [0, 1] (accuracies,
// whose t-intervals over few simulations can reach far outside it);
// nonNegative hides negative ticks. The legend sits in a column right of
// the data. It writes path (PNG) and the same figure as SVG beside it.
func plotComparison(path, title, ylabel string, variants []string, ss []series, hline float64, hlineLabel string, unit, nonNegative bool) error {
	p := variantPlot(title, ylabel)
	if nonNegative {
		p.Y.Tick.Marker = nonNegativeTicks{}
	}
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	for si, s := range ss {
		var pts pointsCI
		for vi, e := range s.est {
			if math.IsNaN(e.mean) {
				continue
			}
			pts.xs = append(pts.xs, float64(vi)+0.6*(float64(si)+0.5)/float64(len(ss))-0.3)
			pts.est = append(pts.est, e)
		}
		if len(pts.est) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		eb, err := plotter.NewYErrorBars(pts)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		c := seriesColours[si%len(seriesColours)]
		sc.GlyphStyle.Color, sc.GlyphStyle.Shape = c, claimMarkers[si%len(claimMarkers)]
		sc.GlyphStyle.Radius = vg.Points(3)
		eb.LineStyle.Color = c
		p.Add(eb, sc)
		leg.Add(s.label, sc)
	}
	if !math.IsNaN(hline) {
		l, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: hline}, {X: float64(len(variants)) - 0.5, Y: hline}})
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		l.Color = color.Gray{Y: 90}
		p.Add(l)
		leg.Add(hlineLabel, l)
	}
	p.NominalX(variants...)
	// Room for the points beside the outer ticks.
	p.X.Min, p.X.Max = -0.5, float64(len(variants))-0.5
	if unit {
		p.Y.Min, p.Y.Max = 0, 1
	}
	return saveFigure(path, 12.6*vg.Inch, 5*vg.Inch, besideLegend(p, &leg, wideLegendWidth))
}

// cellEstimate converts an analysis cell (t-interval).
func cellEstimate(a *Analysis, task int, variant string) estimate {
	c, ok := cell(a, task, variant)
	if !ok {
		return estimate{math.NaN(), math.NaN(), math.NaN()}
	}
	return estimate{c.Mean, c.CI.Low, c.CI.High}
}

// publishedEstimate returns the published value as an estimate.
func publishedEstimate(task int, m Metric, variant string) estimate {
	p, ok := lookupPublished(task, m, variant)
	if !ok {
		return estimate{math.NaN(), math.NaN(), math.NaN()}
	}
	return estimate{p.Mean, p.Low, p.High}
}

// figures draws every figure of the report into r.figDir.
func (r *report) figures() error {
	add := func(file, caption string) { r.figs = append(r.figs, figure{file, caption}) }
	variants := r.variants()
	for _, task := range r.tasks() {
		type spec struct {
			m            Metric
			refA, corA   *Analysis
			name, ylabel string
		}
		specs := []spec{{Accuracy, r.ref.trainAcc, r.cor.testAcc, "accuracy", metricLabel(Accuracy)}}
		for _, m := range reportGraphMetrics {
			specs = append(specs, spec{m, r.ref.graph[m], r.cor.graph[m], strings.ToLower(m.String()), metricLabel(m)})
		}
		for _, s := range specs {
			var ss []series
			if pub := publishedSeries(task, s.m, variants); pub != nil {
				ss = append(ss, *pub)
			}
			refS := series{label: "reference", est: make([]estimate, len(variants))}
			corS := series{label: "corrected", est: make([]estimate, len(variants))}
			if s.m == Accuracy {
				refS.label = "reference (training accuracy, as published)"
				corS.label = "corrected (held-out test accuracy)"
			}
			for i, v := range variants {
				refS.est[i] = cellEstimate(s.refA, task, v)
				corS.est[i] = cellEstimate(s.corA, task, v)
			}
			ss = append(ss, refS, corS)
			hline, hlabel := math.NaN(), ""
			if s.m == Accuracy && task == 1 {
				hline, hlabel = chanceAccuracyTask1, "0.625: goal forgotten"
			}
			if s.m == SmallWorldness {
				hline, hlabel = 1, "σ = 1"
			}
			file := fmt.Sprintf("task%d_%s.png", task, s.name)
			title := fmt.Sprintf("Task%d %s: mean and %.0f%% t-interval", task, s.m, 100*r.opt.Level)
			if err := plotComparison(filepath.Join(r.figDir, file), title, s.ylabel, variants, ss, hline, hlabel,
				s.m == Accuracy, s.m == Entropy); err != nil {
				return err
			}
			add(file, title)
		}
		for _, pr := range []*presetResults{r.ref, r.cor} {
			if !pr.hasTask(task) {
				continue
			}
			file := fmt.Sprintf("task%d_learning_curves_%s.png", task, pr.label)
			err := PlotLearningCurves(filepath.Join(r.figDir, file), &pr.sw.Config, pr.sw.Records, task)
			if err != nil {
				return err
			}
			add(file, fmt.Sprintf("Task%d learning curves, %s preset", task, pr.label))
		}
	}
	return nil
}

// publishedSeries returns the published values of (task, m) over variants,
// or nil when none is published.
func publishedSeries(task int, m Metric, variants []string) *series {
	s := &series{label: "published (docs/method.md §9, field " + PublishedField + ")", est: make([]estimate, len(variants))}
	found := false
	for i, v := range variants {
		s.est[i] = publishedEstimate(task, m, v)
		found = found || !math.IsNaN(s.est[i].mean)
	}
	if !found {
		return nil
	}
	return s
}
