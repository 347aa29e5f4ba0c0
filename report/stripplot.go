package report

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cortexrnn/cortexrnn/stats"
)

// meanMarkers are the filled markers of the means, one per series.
var meanMarkers = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.PyramidGlyph{}, draw.BoxGlyph{}}

// strip is one labelled series of a strip plot: the values of each variant
// (one per simulation).
type strip struct {
	label string
	vals  [][]float64
}

// plotStrip draws, per variant on the x axis and side by side per series,
// every simulation's value as a small open marker (spread sideways so that
// equal values stay visible) and the mean with its t-interval at level as
// a filled marker with an error bar; colours and markers as plotComparison,
// the legend in a column right of the data. It writes path (PNG) and the
// same figure as SVG beside it.
func plotStrip(path, title, ylabel string, variants []string, ss []strip, level float64) error {
	p := variantPlot(title, ylabel)
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	slot := 0.7 / float64(len(ss)) // width of one series at a variant
	lo, hi := math.Inf(1), math.Inf(-1)
	extend := func(v float64) {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for si, s := range ss {
		c := seriesColours[(si+1)%len(seriesColours)] // black is kept for the published values
		mk := meanMarkers[si%len(meanMarkers)]
		var pts plotter.XYs
		var means pointsCI
		for vi, x := range s.vals {
			centre := float64(vi) - 0.35 + slot*(float64(si)+0.5)
			for k, v := range x {
				off := 0.0
				if len(x) > 1 {
					off = 0.6 * slot * (float64(k)/float64(len(x)-1) - 0.5)
				}
				pts = append(pts, plotter.XY{X: centre + off, Y: v})
				extend(v)
			}
			if len(x) == 0 {
				continue
			}
			e := estimate{mean: math.NaN(), low: math.NaN(), high: math.NaN()}
			if sum, err := stats.Summarize(x, level); err == nil {
				e = estimate{sum.Mean, sum.CI.Low, sum.CI.High}
			} else if m, err := stats.Mean(x); err == nil {
				e.mean = m
			}
			if !math.IsNaN(e.mean) {
				extend(e.low)
				extend(e.high)
				means.xs = append(means.xs, centre)
				means.est = append(means.est, e)
			}
		}
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		r, g, b, _ := c.RGBA()
		light := color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x90}
		sc.GlyphStyle.Color, sc.GlyphStyle.Shape, sc.GlyphStyle.Radius = light, draw.RingGlyph{}, vg.Points(2.2)
		p.Add(sc)
		msc, err := plotter.NewScatter(means)
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		eb, err := plotter.NewYErrorBars(means)
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		msc.GlyphStyle.Color, msc.GlyphStyle.Shape, msc.GlyphStyle.Radius = c, mk, vg.Points(3.5)
		eb.LineStyle.Color, eb.LineStyle.Width = c, vg.Points(1.2)
		p.Add(eb, msc)
		leg.Add(s.label+": mean, t-interval", msc)
		leg.Add(s.label+": one simulation", sc)
	}
	p.NominalX(variants...)
	p.X.Min, p.X.Max = -0.5, float64(len(variants))-0.5
	if hi >= lo { // a margin, so that no point sits on the frame
		pad := 0.05 * math.Max(hi-lo, math.Abs(hi)+1e-9)
		if hi > lo {
			pad = 0.05 * (hi - lo)
		}
		p.Y.Min, p.Y.Max = lo-pad, hi+pad
	}
	return saveFigure(path, 12.6*vg.Inch, 5*vg.Inch, besideLegend(p, &leg, wideLegendWidth))
}
