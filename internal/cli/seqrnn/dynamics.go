package seqrnn

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"image/color"
	"io"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// Output names of -dynamics.
const (
	fileFixedPoints = "fixedpoints.csv"
	figDynamicsPCs  = "dynamics_pcs.png"
	figDynamicsEig  = "dynamics_eigenvalues.png"
)

// dynamicsStarts and dynamicsNoise are the initial states of the
// fixed-point search: dynamics.DefaultStarts states drawn from the
// noise-free trajectories of every condition, plus Gaussian noise of SD
// 0.01 so that the search also starts off the trajectories themselves.
const (
	dynamicsStarts = dynamics.DefaultStarts
	dynamicsNoise  = 0.01
)

// dynamicsSeed is the stream of the start sampling: PCG(seed, dynamicsSeed).
const dynamicsSeed = 0xd1a

// fixedPointsHeader is the header of fixedpoints.csv: one row per fixed or
// slow point.
var fixedPointsHeader = []string{"input", "periods", "kind", "stability", "unstable_modes", "q", "starts",
	"leading_abs_lambda", "tau_steps", "tau_ms", "pc1", "pc2", "pc3"}

// checkDynamicsTask reports whether -dynamics knows the task's inputs.
func checkDynamicsTask(name string) error {
	_, err := dynamics.DefaultInputs(name)
	return err
}

// conditionTrials writes one noise-free trial per condition of a paper task
// and returns the batch and the conditions' labels.
func conditionTrials(task tasks.Task) (*tasks.Batch, []string, error) {
	var labels []string
	var write func(b *tasks.Batch) error
	switch tk := task.(type) {
	case *tasks.OneChoice:
		dir := "lurd"
		for _, p := range tasks.OneChoiceProblems() {
			labels = append(labels, fmt.Sprintf("goal %d, %c%c→%c", p.Goal, dir[p.Choices[0]], dir[p.Choices[1]], dir[p.Answer]))
		}
		write = func(b *tasks.Batch) error {
			for i := range labels {
				if err := tk.WriteCondition(b, i, tasks.OneChoiceCondition{Problem: i}, nil); err != nil {
					return err
				}
			}
			return nil
		}
	case *tasks.GoNoGo:
		labels = []string{"NoGo", "Go"}
		write = func(b *tasks.Batch) error {
			for i := range labels {
				if err := tk.WriteCondition(b, i, tasks.GoNoGoCondition{Go: i == 1}, nil); err != nil {
					return err
				}
			}
			return nil
		}
	case *tasks.PerceptualDM:
		cfg := tk.Config()
		cfg.Sigma = 0 // the mean stimulus
		quiet, err := tasks.NewPerceptualDM(cfg)
		if err != nil {
			return nil, nil, err
		}
		type cond struct {
			c float64
			g int
		}
		var conds []cond
		for _, c := range cfg.Coherences {
			for g := range 2 {
				conds = append(conds, cond{c, g})
				labels = append(labels, fmt.Sprintf("c=%g%% → %d", c, g))
			}
		}
		write = func(b *tasks.Batch) error {
			rnd := rand.New(rand.NewPCG(0, 0)) // σ = 0: the draws do not matter
			for i, c := range conds {
				if err := quiet.WriteCondition(b, i, tasks.PerceptualDMCondition{Coherence: c.c, Choice: c.g}, rnd); err != nil {
					return err
				}
			}
			return nil
		}
	default:
		return nil, nil, fmt.Errorf("-dynamics: no condition list for task %s", task.Spec().Name)
	}
	b, err := tasks.NewBatch(task.Spec(), len(labels))
	if err != nil {
		return nil, nil, err
	}
	if err := write(b); err != nil {
		return nil, nil, err
	}
	return b, labels, nil
}

// writeDynamics analyses the trained network (fixed and slow points under
// each default input of the task, PCA of its noise-free trajectories),
// prints what it found to w and writes fixedpoints.csv and two figures into
// dir. It returns the paths written.
func writeDynamics(ctx context.Context, w io.Writer, dir string, s *setup, out *experiment.Training) ([]string, error) {
	inputs, err := dynamics.DefaultInputs(s.opts.taskName)
	if err != nil {
		return nil, err
	}
	b, labels, err := conditionTrials(s.opts.task)
	if err != nil {
		return nil, err
	}
	states, err := out.Model.States(rnn.Batch(*b))
	if err != nil {
		return nil, err
	}
	net := dynamics.FromModel(out.Model)
	start := time.Now()
	an, err := dynamics.Analyze(ctx, net, inputs, states,
		dynamics.AnalysisConfig{Starts: dynamicsStarts, Noise: dynamicsNoise},
		rand.New(rand.NewPCG(s.opts.cfg.Seed, dynamicsSeed)))
	if err != nil {
		return nil, fmt.Errorf("dynamics: %w", err)
	}
	ev := an.PCA.ExplainedVariance()
	fmt.Fprintf(w, "dynamics (%.1f s): participation ratio %.2f; PC1–3 explain %.1f %%, %.1f %%, %.1f %% of the variance\n",
		time.Since(start).Seconds(), an.PCA.ParticipationRatio(), 100*ev[0], 100*ev[1], 100*ev[2])
	for i := range an.Points.Inputs {
		fmt.Fprintf(w, "  %s\n", an.Points.Inputs[i].Note())
	}
	dt := 0.0 // ms per step; the paper's step-defined tasks have Spec.DT = 1 step
	if spec := s.opts.task.Spec(); spec.DT != 1 {
		dt = spec.DT
	}
	pts := mat.NewDense(max(len(an.Points.Points), 1), net.N(), nil)
	for i, p := range an.Points.Points {
		pts.SetRow(i, p.H)
	}
	var pc mat.Dense
	an.PCA.ProjectTo(&pc, pts, 3)

	csvPath := filepath.Join(dir, fileFixedPoints)
	if err := writeFixedPoints(csvPath, an, &pc, dt); err != nil {
		return nil, err
	}
	title := fmt.Sprintf("%s, %s, %s", s.spec.Variant.Name, s.opts.taskName, s.field.Name)
	pcsPath := filepath.Join(dir, figDynamicsPCs)
	if err := plotStateSpace(pcsPath, an, states, b.Size, labels, &pc, title); err != nil {
		return nil, err
	}
	eigPath := filepath.Join(dir, figDynamicsEig)
	if err := plotEigenvalues(eigPath, an, title); err != nil {
		return nil, err
	}
	return []string{csvPath, pcsPath, eigPath}, nil
}

// writeFixedPoints writes fixedpoints.csv: per point its input, the periods
// in which that input is shown, fixed or slow, stability, number of
// unstable modes, q, the starts that reached it, the leading |λ|, that
// mode's time constant −1/ln|λ| in steps (and in ms when dt > 0), and the
// point's coordinates on PC1–3.
func writeFixedPoints(path string, an *dynamics.Analysis, pc *mat.Dense, dt float64) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write(fixedPointsHeader)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
	for i, p := range an.Points.Points {
		in := an.Points.Inputs[p.Input].Input
		tau := p.Lin.TimeConstant(0)
		tauMS := ""
		if dt > 0 {
			tauMS = f(tau * dt)
		}
		cw.Write([]string{in.Name, strings.Join(in.Periods, ";"), p.Kind.String(), p.Lin.Stability.String(),
			strconv.Itoa(p.Lin.Unstable), strconv.FormatFloat(p.Q, 'g', 3, 64), strconv.Itoa(p.Count),
			f(p.Lin.Leading()), f(tau), tauMS, f(pc.At(i, 0)), f(pc.At(i, 1)), f(pc.At(i, 2))})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return atomicfile.Write(path, buf.Bytes())
}

// palette is a ten-colour qualitative palette (matplotlib's tab10).
var palette = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255}, {148, 103, 189, 255},
	{140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255}, {188, 189, 34, 255}, {23, 190, 207, 255},
}

// markerOf draws fixed points by stability: stable filled black circles,
// saddles red triangles, unstable and marginal red open circles, slow
// points grey crosses.
func markerOf(p *dynamics.Point) draw.GlyphStyle {
	g := draw.GlyphStyle{Radius: vg.Points(4)}
	switch {
	case p.Kind == dynamics.Slow:
		g.Color, g.Shape = color.Gray{110}, draw.CrossGlyph{}
	case p.Lin.Stability == dynamics.Stable:
		g.Color, g.Shape = color.Black, draw.CircleGlyph{}
	case p.Lin.Stability == dynamics.Saddle:
		g.Color, g.Shape = color.RGBA{200, 0, 0, 255}, draw.TriangleGlyph{}
	default:
		g.Color, g.Shape = color.RGBA{200, 0, 0, 255}, draw.RingGlyph{}
	}
	return g
}

// plotStateSpace draws the trajectories of the condition trials on PC1–PC2
// and PC1–PC3, coloured by condition (a dot at the first state), with the
// fixed and slow points of every input marked by stability and each
// saddle's leading unstable direction as a short segment.
func plotStateSpace(path string, an *dynamics.Analysis, states *mat.Dense, trials int, labels []string, pc *mat.Dense, title string) error {
	var traj mat.Dense
	an.PCA.ProjectTo(&traj, states, 3)
	steps := states.RawMatrix().Rows / trials
	ev := an.PCA.ExplainedVariance()
	// Unstable directions on PC1–3, scaled to 8 % of the trajectories' span.
	span := 0.0
	for k := range 3 {
		c := mat.Col(nil, k, &traj)
		lo, hi := c[0], c[0]
		for _, v := range c {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		span = math.Max(span, hi-lo)
	}
	panel := func(k int) (*plot.Plot, error) {
		p := plot.New()
		p.X.Label.Text = fmt.Sprintf("PC1 (%.1f %%)", 100*ev[0])
		p.Y.Label.Text = fmt.Sprintf("PC%d (%.1f %%)", k+1, 100*ev[k])
		p.Add(plotter.NewGrid())
		for tr := range trials {
			xy := make(plotter.XYs, steps)
			for t := range steps {
				xy[t] = plotter.XY{X: traj.At(t*trials+tr, 0), Y: traj.At(t*trials+tr, k)}
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, err
			}
			l.Color = palette[tr%len(palette)]
			l.Width = vg.Points(1.2)
			start, err := plotter.NewScatter(xy[:1])
			if err != nil {
				return nil, err
			}
			start.GlyphStyle = draw.GlyphStyle{Color: l.Color, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
			p.Add(l, start)
			if k == 1 {
				p.Legend.Add(labels[tr], l)
			}
		}
		for i := range an.Points.Points {
			pt := &an.Points.Points[i]
			at := plotter.XY{X: pc.At(i, 0), Y: pc.At(i, k)}
			if pt.Kind == dynamics.Fixed && pt.Lin.Stability == dynamics.Saddle {
				v := mat.NewDense(1, len(pt.H), nil)
				for j := range pt.H {
					v.Set(0, j, real(pt.Lin.UnstableVectors.At(j, 0)))
				}
				var d mat.Dense
				an.PCA.DirectionsTo(&d, v, 3)
				norm := math.Hypot(d.At(0, 0), d.At(0, k))
				if norm > 0 {
					s := 0.08 * span / norm
					seg, err := plotter.NewLine(plotter.XYs{{X: at.X - s*d.At(0, 0), Y: at.Y - s*d.At(0, k)}, {X: at.X + s*d.At(0, 0), Y: at.Y + s*d.At(0, k)}})
					if err != nil {
						return nil, err
					}
					seg.Color = color.RGBA{200, 0, 0, 255}
					p.Add(seg)
				}
			}
			sc, err := plotter.NewScatter(plotter.XYs{at})
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = markerOf(pt)
			p.Add(sc)
		}
		return p, nil
	}
	p12, err := panel(1)
	if err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	p13, err := panel(2)
	if err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	p12.Legend.Top = true
	p12.Legend.TextStyle.Font.Size = vg.Points(7)
	// A legend entry per marker kind, on the PC1–PC3 panel.
	for _, m := range []struct {
		label string
		pt    dynamics.Point
	}{
		{"stable", dynamics.Point{Lin: dynamics.Linearization{Stability: dynamics.Stable}}},
		{"saddle", dynamics.Point{Lin: dynamics.Linearization{Stability: dynamics.Saddle}}},
		{"unstable", dynamics.Point{Lin: dynamics.Linearization{Stability: dynamics.Unstable}}},
		{"slow", dynamics.Point{Kind: dynamics.Slow}},
	} {
		sc, err := plotter.NewScatter(plotter.XYs{{}})
		if err != nil {
			return err
		}
		sc.GlyphStyle = markerOf(&m.pt)
		p13.Legend.Add(m.label, sc)
	}
	p13.Legend.Top = true
	p13.Legend.TextStyle.Font.Size = vg.Points(7)
	return writePanels(path, "State space: "+title+" (fixed points of every input)", p12, p13)
}

// plotEigenvalues draws the Jacobian's eigenvalues at every fixed point in
// the complex plane with the unit circle, one colour and ring size per
// input.
func plotEigenvalues(path string, an *dynamics.Analysis, title string) error {
	p := plot.New()
	p.Title.Text = "Eigenvalues of the Jacobian at the fixed points\n" + title
	p.X.Label.Text = "Re λ"
	p.Y.Label.Text = "Im λ"
	p.Add(plotter.NewGrid())
	circle := make(plotter.XYs, 201)
	for i := range circle {
		a := 2 * math.Pi * float64(i) / 200
		circle[i] = plotter.XY{X: math.Cos(a), Y: math.Sin(a)}
	}
	l, err := plotter.NewLine(circle)
	if err != nil {
		return err
	}
	l.Dashes = []vg.Length{vg.Points(3), vg.Points(2)}
	p.Add(l)
	p.Legend.Add("|λ| = 1", l)
	lim := 1.1
	for k, in := range an.Points.Inputs {
		var xy plotter.XYs
		for _, pt := range an.Points.Points {
			if pt.Input != k || pt.Kind != dynamics.Fixed {
				continue
			}
			for _, e := range pt.Lin.Eigenvalues {
				xy = append(xy, plotter.XY{X: real(e), Y: imag(e)})
				lim = math.Max(lim, 1.05*cmplx.Abs(e))
			}
		}
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return err
		}
		// Rings of growing size keep coinciding eigenvalues of different
		// inputs visible.
		sc.GlyphStyle = draw.GlyphStyle{Color: palette[k%len(palette)], Radius: vg.Points(2 + 1.2*float64(k)), Shape: draw.RingGlyph{}}
		p.Add(sc)
		p.Legend.Add(in.Input.Name, sc)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -lim, lim, -lim, lim
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.TextStyle.Font.Size = vg.Points(7)
	img := vgimg.New(6*vg.Inch, 6*vg.Inch)
	p.Draw(draw.New(img))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	return atomicfile.Write(path, buf.Bytes())
}

// writePanels draws two plots side by side under a title and writes the
// PNG atomically.
func writePanels(path, title string, a, b *plot.Plot) error {
	img := vgimg.New(12*vg.Inch, 5.5*vg.Inch)
	dc := draw.New(img)
	top := dc
	top.Max.Y -= vg.Points(24)
	ts := draw.TextStyle{Color: color.Black, Font: plot.DefaultFont, Handler: plot.DefaultTextHandler, XAlign: draw.XCenter}
	ts.Font.Size = vg.Points(12)
	dc.FillText(ts, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(16)}, title)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(20), PadLeft: vg.Points(8), PadRight: vg.Points(8), PadBottom: vg.Points(4)}
	cs := plot.Align([][]*plot.Plot{{a, b}}, tiles, top)
	a.Draw(cs[0][0])
	b.Draw(cs[0][1])
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	return atomicfile.Write(path, buf.Bytes())
}
