package main

import (
	"bytes"
	"fmt"
	"image/color"
	"path/filepath"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

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

// plotLearningCurve draws the loss (left) and the accuracy (right) per
// epoch, training (dashed: mean over the epoch's batches, with noise) and
// held-out (solid: after the epoch), and writes the PNG atomically to path.
func plotLearningCurve(path string, hist []rnn.EpochStats, title string) error {
	series := func(f func(rnn.EpochStats) float64) plotter.XYs {
		xy := make(plotter.XYs, len(hist))
		for i, h := range hist {
			xy[i] = plotter.XY{X: float64(i + 1), Y: f(h)}
		}
		return xy
	}
	panel := func(name string, train, held plotter.XYs) (*plot.Plot, error) {
		p := plot.New()
		p.Title.Text = name
		p.X.Label.Text = "epoch"
		p.Y.Label.Text = name
		p.Add(plotter.NewGrid())
		for i, d := range []struct {
			label  string
			xy     plotter.XYs
			dashed bool
		}{{"training", train, true}, {"held-out", held, false}} {
			l, pts, err := plotter.NewLinePoints(d.xy)
			if err != nil {
				return nil, err
			}
			l.Color, pts.Color = plotutil.Color(i), plotutil.Color(i)
			if d.dashed {
				l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
			}
			p.Add(l, pts)
			p.Legend.Add(d.label, l, pts)
		}
		return p, nil
	}
	loss, err := panel("loss", series(func(h rnn.EpochStats) float64 { return h.Loss }),
		series(func(h rnn.EpochStats) float64 { return h.ValLoss }))
	if err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	acc, err := panel("accuracy", series(func(h rnn.EpochStats) float64 { return h.Accuracy }),
		series(func(h rnn.EpochStats) float64 { return h.ValAccuracy }))
	if err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	loss.Legend.Top = true // the loss falls: its top right is free

	img := vgimg.New(10*vg.Inch, 4*vg.Inch)
	dc := draw.New(img)
	top := dc
	top.Max.Y -= vg.Points(24)
	titleStyle := draw.TextStyle{Color: color.Black, Font: plot.DefaultFont}
	titleStyle.Font.Size = vg.Points(12)
	titleStyle.Handler = plot.DefaultTextHandler
	titleStyle.XAlign = draw.XCenter
	dc.FillText(titleStyle, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(16)}, "Learning curve: "+title)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(20), PadLeft: vg.Points(8), PadRight: vg.Points(8), PadBottom: vg.Points(4)}
	cs := plot.Align([][]*plot.Plot{{loss, acc}}, tiles, top)
	loss.Draw(cs[0][0])
	acc.Draw(cs[0][1])
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	return atomicfile.Write(path, buf.Bytes())
}
