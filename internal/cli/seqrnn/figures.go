package seqrnn

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
	"github.com/cortexrnn/cortexrnn/report"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// Figure file names in the output folder.
const (
	figLearningCurve = "learning_curve.png"
	figWBefore       = "wrec_before.png"
	figWAfter        = "wrec_after.png"
	figSomata        = "somata.png"
)

// somataTop is the fraction of the strongest learned connections drawn
// between the somata.
const somataTop = 0.01

// writeFigures writes the run's figures into dir (each atomically) and
// returns their paths.
func writeFigures(dir string, s *setup, out *experiment.Training) ([]string, error) {
	title := fmt.Sprintf("%s, %s, %s", s.spec.Variant.Name, s.opts.taskName, s.field.Name)
	var paths []string
	add := func(name string, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, filepath.Join(dir, name))
		return nil
	}
	if err := add(figLearningCurve, plotLearningCurve(filepath.Join(dir, figLearningCurve), out.History, title)); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name, when string
		w          *mat.Dense
	}{{figWBefore, "before", out.Initial}, {figWAfter, "after", out.Final}} {
		t := fmt.Sprintf("W_rec %s training\n%s", f.when, title)
		if err := add(f.name, report.PlotMatrixWith(filepath.Join(dir, f.name), f.w, t, wrecPlot)); err != nil {
			return nil, err
		}
	}
	if err := add(figSomata, report.PlotSomata(filepath.Join(dir, figSomata), s.field.Positions, out.Final, somataTop,
		fmt.Sprintf("Somata and the strongest %g%% of learned connections", 100*somataTop))); err != nil {
		return nil, err
	}
	return paths, nil
}

// wrecPlot draws W_rec without its diagonal and on a colour scale clipped
// at the 99th percentile of |w_ij|: the biological initialisation puts its
// largest weights on the diagonal (Corr and STTC are 1 there) and the wiring
// penalties leave them free (D_ii = 0), so on one colour scale the diagonal
// (and a few outliers) would hide every other connection.
var wrecPlot = report.MatrixPlotOptions{OmitDiagonal: true, ClipPercentile: report.DefaultClipPercentile}

// Colours of the learning curve: Okabe–Ito orange and blue (colour-blind
// safe), with different markers too.
var (
	trainColour = color.NRGBA{0xE6, 0x9F, 0x00, 0xff}
	heldColour  = color.NRGBA{0x00, 0x72, 0xB2, 0xff}
)

// epochTicks labels whole epochs only.
type epochTicks struct{}

func (epochTicks) Ticks(lo, hi float64) []plot.Tick {
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

// plotLearningCurve draws the loss (left) and the accuracy (right) per
// epoch, training (dashed, orange squares: mean over the epoch's batches,
// with noise) and held-out (solid, blue circles: after the epoch), with
// one legend above both panels, and writes it atomically to path (PNG) and
// beside it as SVG.
func plotLearningCurve(path string, hist []rnn.EpochStats, title string) error {
	series := func(f func(rnn.EpochStats) float64) plotter.XYs {
		xy := make(plotter.XYs, len(hist))
		for i, h := range hist {
			xy[i] = plotter.XY{X: float64(i + 1), Y: f(h)}
		}
		return xy
	}
	leg := plot.NewLegend()
	leg.Top = true
	panel := func(name, ylabel string, train, held plotter.XYs, withLegend bool) (*plot.Plot, error) {
		p := plot.New()
		p.Title.Text = name
		p.Title.Padding = vg.Points(6)
		p.X.Label.Text = "epoch"
		p.X.Tick.Marker = epochTicks{}
		p.X.Min, p.X.Max = 0.75, float64(len(hist))+0.25
		p.Y.Label.Text = ylabel
		p.Add(plotter.NewGrid())
		for _, d := range []struct {
			label  string
			xy     plotter.XYs
			colour color.Color
			marker draw.GlyphDrawer
			dashed bool
		}{{"training (mean over the epoch, with noise)", train, trainColour, draw.BoxGlyph{}, true},
			{"held-out (after the epoch)", held, heldColour, draw.CircleGlyph{}, false}} {
			l, pts, err := plotter.NewLinePoints(d.xy)
			if err != nil {
				return nil, err
			}
			l.Color, pts.Color, pts.Shape, pts.Radius = d.colour, d.colour, d.marker, vg.Points(3)
			if d.dashed {
				l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
			}
			p.Add(l, pts)
			if withLegend {
				leg.Add(d.label, l, pts)
			}
		}
		return p, nil
	}
	loss, err := panel("loss", "loss (cross-entropy + penalty, nats)", series(func(h rnn.EpochStats) float64 { return h.Loss }),
		series(func(h rnn.EpochStats) float64 { return h.ValLoss }), true)
	if err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	acc, err := panel("accuracy", "accuracy (fraction correct)", series(func(h rnn.EpochStats) float64 { return h.Accuracy }),
		series(func(h rnn.EpochStats) float64 { return h.ValAccuracy }), false)
	if err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	acc.Y.Min, acc.Y.Max = 0, 1

	drawFig := func(dc draw.Canvas) {
		titleStyle := draw.TextStyle{Color: color.Black, Font: plot.DefaultFont, Handler: plot.DefaultTextHandler, XAlign: draw.XCenter}
		titleStyle.Font.Size = vg.Points(12)
		dc.FillText(titleStyle, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(18)}, "Learning curve: "+title)
		legArea := dc
		legArea.Max.Y -= vg.Points(26)
		legArea.Min.Y = legArea.Max.Y - vg.Points(30)
		leg.Left = false
		leg.XOffs = -((dc.Max.X - dc.Min.X) / 2) + vg.Points(150)
		leg.Draw(legArea)
		top := dc
		top.Max.Y = legArea.Min.Y - vg.Points(4)
		tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(24), PadLeft: vg.Points(8), PadRight: vg.Points(8), PadBottom: vg.Points(4)}
		cs := plot.Align([][]*plot.Plot{{loss, acc}}, tiles, top)
		loss.Draw(cs[0][0])
		acc.Draw(cs[0][1])
	}
	for _, f := range []string{path, strings.TrimSuffix(path, filepath.Ext(path)) + ".svg"} {
		c, err := draw.NewFormattedCanvas(10*vg.Inch, 4.5*vg.Inch, strings.TrimPrefix(filepath.Ext(f), "."))
		if err != nil {
			return fmt.Errorf("figure %s: %w", f, err)
		}
		drawFig(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return fmt.Errorf("figure %s: %w", f, err)
		}
		if err := atomicfile.Write(f, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
