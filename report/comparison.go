package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// Comparison is the claim-by-claim report: a sweep in the reference preset
// and one in the corrected preset, side by side and next to the numbers the
// paper publishes (the method document, §9): the ordering of the variants
// per task, the W, D and C factor tests (Holm-corrected), modularity,
// small-worldness and weight entropy, what changed between the presets,
// and the dynamics of the trained networks when the sweeps have them (see
// Evidence). It is a function of the two sweeps and Options alone.
type Comparison struct {
	Reference, Corrected *Sweep
	// Options configures every analysis of the report
	// (DefaultAnalysisOptions is the paper's).
	Options AnalysisOptions
	// FigureDir is the folder the figures are drawn into (created if
	// needed); FigureLink is that folder as the Markdown links it, relative
	// to the Markdown file.
	FigureDir, FigureLink string
}

// WriteMarkdown draws the report's figures (PNG) into FigureDir and writes
// the report, in Markdown, to w. It returns the number of figures drawn.
func (c *Comparison) WriteMarkdown(w io.Writer) (figures int, err error) {
	if c.Reference == nil || c.Corrected == nil {
		return 0, errors.New("report: Comparison needs both a Reference and a Corrected sweep")
	}
	if err := c.Options.Validate(); err != nil {
		return 0, err
	}
	ref, err := analysePreset("reference", c.Reference, c.Options)
	if err != nil {
		return 0, err
	}
	cor, err := analysePreset("corrected", c.Corrected, c.Options)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(c.FigureDir, 0o755); err != nil {
		return 0, fmt.Errorf("report: %w", err)
	}
	rep := &report{ref: ref, cor: cor, opt: c.Options, figDir: c.FigureDir, figRel: c.FigureLink}
	if err := rep.figures(); err != nil {
		return 0, err
	}
	if err := rep.write(w); err != nil {
		return 0, err
	}
	return len(rep.figs) + rep.dynFigures, nil
}

// report is a comparison of a reference and a corrected sweep, analysed.
type report struct {
	ref, cor       *presetResults
	opt            AnalysisOptions
	figDir, figRel string // figure folder, and its path relative to the report
	figs           []figure
	dynFigures     int // drawn by writeDynamics
}

// tasks returns the tasks of either sweep, reference order first.
func (r *report) tasks() []int {
	out := r.ref.sw.Config.TaskNumbers()
	for _, t := range r.cor.sw.Config.TaskNumbers() {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// variants returns the variants of either sweep, reference order first.
func (r *report) variants() []string {
	out := slices.Clone(r.ref.sw.Config.Variants)
	for _, v := range r.cor.sw.Config.Variants {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// write renders the whole report.
func (r *report) write(w io.Writer) error {
	m := &md{w: w}
	r.writeIntro(m)
	r.writeSummary(m)
	r.writePresetDiff(m)
	r.writeAccuracy(m)
	for _, f := range Factors {
		r.writeFactor(m, f)
	}
	r.writeGraph(m)
	r.writeMetricDecomposition(m)
	r.writeCurves(m)
	var err error
	if r.dynFigures, err = r.writeDynamics(m); err != nil {
		return err
	}
	r.writeMethods(m)
	return m.err
}

func (r *report) writeIntro(m *md) {
	m.f("# Reference versus corrected: Shakiba et al. (arXiv 2606.14975), claim by claim\n\n")
	m.f("This report compares a sweep in the **reference** preset, which reproduces the published notebook "+
		"with its defects (docs/method.md), with a sweep in the **corrected** preset, which fixes them and "+
		"adds the controls the published design lacks, and puts both next to the numbers the paper publishes "+
		"(docs/method.md §9: field %s, 20 simulations, 10 epochs). It was written by `paper report`; every number "+
		"below is recomputed from the sweep folders named here.\n\n", PublishedField)
	m.header("", "reference", "corrected")
	rc, cc := &r.ref.sw.Config, &r.cor.sw.Config
	taskList := func(c *experiment.Config) string {
		s := make([]string, len(c.Tasks))
		for i, t := range c.TaskNumbers() {
			s[i] = fmt.Sprintf("Task%d", t)
		}
		return strings.Join(s, ", ")
	}
	m.row("sweep folder", code(r.ref.sw.Dir), code(r.cor.sw.Dir))
	m.row("preset recorded", rc.Preset.String(), cc.Preset.String())
	m.row("field", rc.Field(), cc.Field())
	m.row("tasks", taskList(rc), taskList(cc))
	m.row("variants", fmt.Sprint(len(rc.Variants)), fmt.Sprint(len(cc.Variants)))
	m.row("simulations per cell", fmt.Sprint(rc.Simulations), fmt.Sprint(cc.Simulations))
	m.row("epochs", fmt.Sprint(rc.Epochs), fmt.Sprint(cc.Epochs))
	m.row("training / validation / test trials", fmt.Sprintf("%d / %d / %d", rc.TrainTrials, rc.ValidationTrials, rc.TestTrials),
		fmt.Sprintf("%d / %d / %d", cc.TrainTrials, cc.ValidationTrials, cc.TestTrials))
	m.row("“Accuracy” reports", accuracyText(rc.AccuracySource), accuracyText(cc.AccuracySource))
	m.row("runs; training time summed over runs", trainingTime(r.ref.sw), trainingTime(r.cor.sw))
	m.row("diverged runs; loss blow-ups (per cell: "+DivergedFile+")", divergedText(r.ref.sw), divergedText(r.cor.sw))
	m.row("configuration fingerprint", code(r.ref.sw.Fingerprint), code(r.cor.sw.Fingerprint))
	m.f("\n")

	var cav []string
	if rc.Preset != experiment.Reference {
		cav = append(cav, fmt.Sprintf("The folder given as the reference sweep was run with the %s preset.", rc.Preset))
	}
	if cc.Preset != experiment.Corrected {
		cav = append(cav, fmt.Sprintf("The folder given as the corrected sweep was run with the %s preset.", cc.Preset))
	}
	// Caveats that hold for both sweeps are stated once.
	paper := experiment.ReferenceConfig() // the published extent
	perSweep := func(c *experiment.Config) []string {
		var out []string
		if c.Field() != PublishedField {
			out = append(out, fmt.Sprintf("ran on field %s; the published numbers are for %s: compare orderings and effects, not values.",
				c.Field(), PublishedField))
		}
		if c.Simulations < paper.Simulations {
			out = append(out, fmt.Sprintf("has %d simulations per cell (the paper: 20): intervals are wide, and the smallest "+
				"two-sided Mann–Whitney p-value %d against %d values can reach is %s, before Holm's correction.",
				c.Simulations, c.Simulations, c.Simulations, num(minExactMWU(c.Simulations))))
		}
		if c.Epochs != paper.Epochs {
			out = append(out, fmt.Sprintf("trained %d epoch(s) (the paper: 10).", c.Epochs))
		}
		if c.TrainTrials != tasks.DefaultTrainTrials || c.ValidationTrials != tasks.DefaultHeldOutTrials {
			out = append(out, fmt.Sprintf("used %d training and %d validation trials (the paper: 5120 and 2560).",
				c.TrainTrials, c.ValidationTrials))
		}
		return out
	}
	refCav, corCav := perSweep(rc), perSweep(cc)
	for _, c := range refCav {
		if slices.Contains(corCav, c) {
			cav = append(cav, "Both sweeps "+strings.Replace(c, "has ", "have ", 1))
		} else {
			cav = append(cav, "The reference sweep "+c)
		}
	}
	for _, c := range corCav {
		if !slices.Contains(refCav, c) {
			cav = append(cav, "The corrected sweep "+c)
		}
	}
	if len(cav) > 0 {
		m.f("**Caveats.**\n\n")
		for _, c := range cav {
			m.f("- %s\n", c)
		}
		m.f("\n")
	}
}

// minExactMWU is the smallest two-sided p-value of an exact Mann–Whitney U
// test between two samples of n distinct values: 2 / C(2n, n), capped at 1.
func minExactMWU(n int) float64 {
	c := 1.0
	for i := 1; i <= n; i++ {
		c = c * float64(n+i) / float64(i)
	}
	return math.Min(1, 2/c)
}

func accuracyText(s experiment.AccuracySource) string {
	if s == experiment.AccuracyHeldOut {
		return "held-out test accuracy"
	}
	return "last-epoch training accuracy (published)"
}

func (r *report) writeSummary(m *md) {
	m.f("## Summary\n\n")
	var lines []string
	if r.ref.hasTask(1) {
		in, n, sumAbs := 0, 0, 0.0
		for _, p := range published {
			if p.Task != 1 || p.Metric != Accuracy {
				continue
			}
			c, ok := cell(r.ref.trainAcc, 1, p.Variant)
			if !ok || math.IsNaN(c.Mean) {
				continue
			}
			n++
			sumAbs += math.Abs(c.Mean - p.Mean)
			if !math.IsNaN(c.CI.Low) && p.Mean >= c.CI.Low && p.Mean <= c.CI.High {
				in++
			}
		}
		if n > 0 {
			lines = append(lines, fmt.Sprintf("**Task 1 accuracy, reference vs published:** %d of %d published means lie inside the "+
				"reference sweep's %.0f%% t-interval; the mean absolute difference is %.3f.", in, n, 100*r.opt.Level, sumAbs/float64(n)))
		}
		pub := publishedMeans(1, Accuracy)
		a1, t1 := pairAgreement(pub, meansMap(r.ref.trainAcc, 1), experiment.ReferenceConfig().Variants)
		a2, t2 := pairAgreement(pub, meansMap(r.cor.testAcc, 1), experiment.ReferenceConfig().Variants)
		lines = append(lines, fmt.Sprintf("**Ordering of the variants (Task 1):** of the pairs of published variants, %d of %d are "+
			"ordered as published in the reference sweep and %d of %d in the corrected one.", a1, t1, a2, t2))
	}
	for _, f := range Factors {
		rs, rn := countRejects(r.ref.headline().Pairs, f)
		cs, cn := countRejects(r.cor.headline().Pairs, f)
		lines = append(lines, fmt.Sprintf("**Factor %s (%s):** %d of %d pairwise accuracy tests are significant after Holm's "+
			"correction in the reference sweep, %d of %d in the corrected one.", f, factorTitle(f), rs, rn, cs, cn))
	}
	for _, p := range published {
		if p.Metric == Accuracy || !r.ref.hasTask(p.Task) {
			continue
		}
		lines = append(lines, fmt.Sprintf("**%s of %s (Task %d):** published %s, reference %s, corrected %s.",
			p.Metric, code(p.Variant), p.Task, est(estimate{p.Mean, p.Low, p.High}),
			est(cellEstimate(r.ref.graph[p.Metric], p.Task, p.Variant)), est(cellEstimate(r.cor.graph[p.Metric], p.Task, p.Variant))))
	}
	for _, l := range lines {
		m.f("- %s\n", l)
	}
	m.f("\n")
}

// countRejects counts the Holm rejections among the pair tests of factor f.
func countRejects(ps []PairTest, f Factor) (rejected, total int) {
	for _, p := range ps {
		if p.Factor == f {
			total++
			if p.Reject {
				rejected++
			}
		}
	}
	return rejected, total
}

func factorTitle(f Factor) string {
	switch f {
	case FactorInit:
		return "initialisation"
	case FactorDistance:
		return "distances"
	}
	return "communicability"
}

// presetNotes explains the Config fields that differ between the presets.
var presetNotes = map[string]string{
	"Preset":              "the configuration family.",
	"Variants":            "the corrected preset adds the scale-matched random initialisations (`Wr…`): non-negative random weights with the biological matrix's distribution, mean and spectral radius but none of its structure, the control that tells a biological advantage from a scale advantage.",
	"ReshapeCoordinates":  "the notebook builds its 3×N coordinate array with a reshape instead of a transpose (docs/method.md §3), so the “real” distances of `D*` mix coordinates of different neurons; corrected transposes.",
	"ZeroStrengthEpsilon": "the notebook normalises zero-strength nodes by 1e-10 (docs/method.md §4), which scales synapses onto neurons without outgoing synapses by about 1e5 in the empirical communicability of the EMD term; corrected gives them a zero normalisation.",
	"UnscaledL1":          "the notebook forgets λ on the plain L1 penalty of `W` (docs/method.md §4), so the baseline's penalty is 1/λ ≈ 3.3 times stronger than intended; corrected applies λ.",
	"GridScaling":         "the grid control `D` uses raw grid units, on 6_6_2 about 13 times the scaled real distances (docs/method.md §3), so `D` against `D*` also changes the penalty's strength; corrected scales each grid axis to [0, 1] like the real coordinates.",
	"AccuracySource":      "the published “Accuracy” is the last epoch's mean training accuracy, with input noise and before each batch's update (docs/method.md §8); corrected reports accuracy on a held-out test set used neither for training nor for validation.",
	"FieldDir":            "where the field was read from.",
}

// configLines parses experiment.ConfigText into ordered (name, value) pairs.
func configLines(c *experiment.Config) (names []string, values map[string]string) {
	values = map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(experiment.ConfigText(c)), "\n") {
		k, v, _ := strings.Cut(l, ": ")
		names = append(names, k)
		values[k] = v
	}
	return names, values
}

func (r *report) writePresetDiff(m *md) {
	m.f("## 1. What the presets change\n\n")
	names, rv := configLines(&r.ref.sw.Config)
	_, cv := configLines(&r.cor.sw.Config)
	m.f("Every setting that differs between the two sweeps (from their `config.txt`); everything else is equal.\n\n")
	m.header("setting", "reference", "corrected", "why it matters")
	for _, k := range names {
		if k == "Fingerprint" || rv[k] == cv[k] {
			continue
		}
		a, b := code(rv[k]), code(cv[k])
		if k == "Variants" {
			a, b = fmt.Sprintf("%d variants", len(r.ref.sw.Config.Variants)), fmt.Sprintf("%d variants", len(r.cor.sw.Config.Variants))
			var extra []string
			for _, v := range r.cor.sw.Config.Variants {
				if !slices.Contains(r.ref.sw.Config.Variants, v) {
					extra = append(extra, code(v))
				}
			}
			if len(extra) > 0 {
				b += ": adds " + strings.Join(extra, ", ")
			}
		}
		note, ok := presetNotes[k]
		if !ok {
			note = "set differently for these two sweeps (not a difference between the presets themselves)."
		}
		m.row(k, a, b, note)
	}
	m.f("\n")
}

// trainingTime sums the wall times the runs of a sweep recorded (the runs
// without a timing file, NaN, are counted apart).
func trainingTime(sw *Sweep) string {
	var sec float64
	unknown := 0
	for i := range sw.Records {
		if s := sw.Records[i].Result.Seconds; math.IsNaN(s) {
			unknown++
		} else {
			sec += s
		}
	}
	total := time.Duration(sec * float64(time.Second)).Round(time.Second)
	if unknown > 0 {
		return fmt.Sprintf("%d; %v (%d runs without a recorded time)", len(sw.Records), total, unknown)
	}
	return fmt.Sprintf("%d; %v", len(sw.Records), total)
}
