package report

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/experiment/ablation"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/internal/variantalias"
	"github.com/cortexrnn/cortexrnn/stats"
)

// Evidence is the report over any set of sweeps (the reference
// reproduction, the corrected preset on one or more fields, ablations that
// switch one correction each, the positive-only arm, …): for each of the
// paper's claims it states the published number (docs/method.md §9), the
// reference reproduction, each correction's effect, the corrected result
// on each field and pooled over fields, and the agreement of the variant
// rankings across fields. It is a function of the sweeps and Options alone.
//
// Each sweep is an arm, classified by ablation.Applied: the
// reference (no correction), an ablation (exactly one), the corrected
// preset (all), or another arm (any other mixture, or the positive-only
// arm, PositiveOnly, labelled by its corrections and "positive-only" and
// never pooled with the arm they would make it).
//
// Diverged runs (experiment.RunResult.Diverged) keep the values their
// preset reports (under the reference preset, the accuracies the published
// code reports), so every row whose values include such runs says how many
// of each variant's runs diverged.
//
// Tests and their families. A comparison "A vs B" in one arm and field is
// the two-sided Mann–Whitney U test of A's values against B's over simulations
// with the difference in means and its bootstrap interval (stats.MeanDiff)
// and Cliff's δ; pooled over the corrected arm's fields it is van
// Elteren's stratified test with the stratified difference in means
// (stats.VanElteren, stats.StratifiedMeanDiff). A correction's effect on a
// published value is the ablation's values against the reference's
// (stats.MeanDiff, Mann–Whitney). Holm's procedure adjusts each family:
// every comparison row of the report is one family, every correction
// effect another. Ranking agreement is Kendall's W across the corrected
// arm's fields (stats.KendallW), with a figure per task of every variant's
// accuracy on each field, variants by their mean over fields. A sentence states a direction only when
// its Holm-adjusted p is below Alpha, and otherwise says that the test did
// not distinguish the two; it never states that two variants are equal.
//
// The Dynamics section compares the variants on each summary of
// DynamicsAnalysis (Sweep.Dynamics) with the same tests: each biological
// variant against each variant that differs from it in the initialisation
// alone, per arm and pooled, one Holm family per summary.
type Evidence struct {
	Sweeps  []*Sweep
	Options EvidenceOptions
	// Unfinished names sweep folders left out because runs of their plan
	// are missing; the Sweeps section lists them, so that a report over
	// the finished folders says what it does not cover.
	Unfinished []UnfinishedSweep
}

// UnfinishedSweep is a sweep folder with Done of its Total planned runs
// stored.
type UnfinishedSweep struct {
	Dir         string
	Done, Total int
}

// EvidenceOptions configures the Evidence report.
type EvidenceOptions struct {
	// Level of the intervals, Alpha the family-wise error rate of Holm's
	// procedure, Resamples the bootstrap resamples per interval (at least
	// 1) and Seed the bootstrap's seed (generator: stream StreamBootstrap of Seed,
	// StreamBootstrap), drawn in the order of the report).
	Level, Alpha float64
	Resamples    int
	Seed         uint64
	// FigureDir is where the figures (PNG) are written; FigureLink is the
	// path the Markdown links them by (normally FigureDir relative to the
	// report). An empty FigureDir draws no figures.
	FigureDir, FigureLink string
	// FieldN gives the neuron count of a field by name, for the grid
	// control (GridControl); a field not in it uses the
	// synthetic field's size or the published field table's count, and the
	// report says so.
	FieldN map[string]int
}

// DefaultEvidenceOptions returns level 0.95, alpha 0.05, 9999 resamples and
// seed 1, without figures.
func DefaultEvidenceOptions() EvidenceOptions {
	return EvidenceOptions{Level: stats.DefaultLevel, Alpha: DefaultFWER, Resamples: DefaultBootstrapResamples, Seed: 1}
}

// Validate checks the options.
func (o *EvidenceOptions) Validate() error {
	a := AnalysisOptions{Level: o.Level, Alpha: o.Alpha, BootstrapResamples: o.Resamples, BootstrapSeed: o.Seed}
	if err := a.Validate(); err != nil {
		return err
	}
	if o.Resamples < 1 {
		return fmt.Errorf("report: %w: EvidenceOptions.Resamples %d < 1", experiment.ErrConfig, o.Resamples)
	}
	return nil
}

// armKind classifies a sweep.
type armKind int

const (
	armReference armKind = iota
	armAblation
	armCorrected
	armOther
)

// arm is one sweep of the report.
type arm struct {
	sw *Sweep
	// kind places the arm in the report; corrections is what its
	// corrections alone make it, which differs from kind for the
	// positive-only arm (kind armOther).
	kind, corrections armKind
	positive          bool   // Config.PositiveOnly
	correction        string // the ablation's correction
	field             string
	// cells counts each task and variant's runs and diverged runs
	// (CountDiverged).
	cells []DivergedCell
}

func (a *arm) label() string {
	var l string
	switch a.corrections {
	case armReference:
		l = "reference"
	case armAblation:
		l = "reference + " + a.correction
	case armCorrected:
		l = "corrected"
	default:
		l = "other (" + filepath.Base(a.sw.Dir) + ")"
	}
	if a.positive {
		l += ", positive-only"
	}
	return l
}

func classify(sw *Sweep) arm {
	a := arm{sw: sw, field: sw.Config.Field(), positive: sw.Config.PositiveOnly,
		cells: CountDiverged(&sw.Config, sw.Records)}
	applied := ablation.Applied(&sw.Config)
	switch {
	case len(applied) == 0:
		a.corrections = armReference
	case len(applied) == 1:
		a.corrections, a.correction = armAblation, applied[0]
	case len(applied) == len(ablation.Corrections()):
		a.corrections = armCorrected
	default:
		a.corrections = armOther
	}
	// The positive-only arm changes the model itself: it is never pooled
	// with, nor taken as, the arm its corrections alone would make it.
	a.kind = a.corrections
	if a.positive {
		a.kind = armOther
	}
	return a
}

// diverged returns the arm's runs of (task, variant) and how many of them
// diverged (experiment.RunResult.Diverged).
func (a *arm) diverged(task int, variant string) (div, runs int) {
	for _, c := range a.cells {
		if c.Task == task && c.Variant == variant {
			return c.Diverged, c.Runs
		}
	}
	return 0, 0
}

// divergedNote says which of the variants have diverged runs in the arm,
// or returns "" when none has.
func (a *arm) divergedNote(task int, variants ...string) string {
	var parts []string
	for _, v := range variants {
		if div, runs := a.diverged(task, v); div > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d of %d runs diverged", code(v), div, runs))
		}
	}
	return strings.Join(parts, "; ")
}

// comparisonClaim is a claim "A vs B" on a metric of a task.
type comparisonClaim struct {
	text   string
	metric Metric
	a, b   string
}

// comparisonClaims are the paper's comparisons (docs/method.md §9) and the
// controls a reader asks for first; each is tested on every task the arms
// hold both variants of.
var comparisonClaims = []comparisonClaim{
	{"biological vs orthogonal initialisation (direct communicability)", Accuracy, "W*D*C", "WD*C"},
	{"biological vs orthogonal initialisation (EMD)", Accuracy, "W*D*C*", "WD*C*"},
	{"real vs grid distances", Accuracy, "WD*", "WD"},
	{"EMD communicability term vs distance only", Accuracy, "WD*C*", "WD*"},
	{"biological vs permuted biological initialisation", Accuracy, "W*D*C", "W!D*C"},
	{"biological vs scale-matched random initialisation", Accuracy, "W*D*C", "WrD*C"},
	{"biological vs log-normal-only initialisation", Accuracy, "W*D*C", "WlD*C"},
	{"biological vs resampled biological initialisation", Accuracy, "W*D*C", "WbD*C"},
	{"biological vs its self-connections alone", Accuracy, "W*D*C", "WdD*C"},
	{"biological vs its coupling alone", Accuracy, "W*D*C", "WoD*C"},
	{"self-connections alone vs coupling alone", Accuracy, "WdD*C", "WoD*C"},
}

// values returns the metric of (task, variant) over the simulations of
// the sweep, under the sweep's own accuracy source, NaN values left out.
func values(sw *Sweep, task int, variant string, m Metric) []float64 {
	var out []float64
	for i := range sw.Records {
		r := &sw.Records[i]
		if r.Key.Task != task || r.Key.Variant != variant {
			continue
		}
		if x := MetricValue(&r.Result, m, sw.Config.AccuracySource); !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out
}

// row is one tested comparison of the report.
type row struct {
	label, field string
	effect       stats.Effect
	delta        float64
	p, pHolm     float64
	pooled       bool
	arm          *arm // the arm of a row that is not pooled
	// diverged says which variants have diverged runs among the row's
	// values (divergedNote); empty when none has.
	diverged string
	err      error
}

// withNote appends what diverged to a verdict.
func (r *row) withNote(verdict string) string {
	if r.diverged == "" {
		return verdict
	}
	return verdict + " (" + r.diverged + ")"
}

// evidence holds the state of one WriteMarkdown.
type evidence struct {
	opt        EvidenceOptions
	arms       []arm
	unfinished []UnfinishedSweep
	rnd        *rand.Rand
	figures    int
}

// WriteMarkdown draws the figures into Options.FigureDir and writes the
// report to w. It returns the number of figures written.
func (e *Evidence) WriteMarkdown(w io.Writer) (int, error) {
	if err := e.Options.Validate(); err != nil {
		return 0, err
	}
	if len(e.Sweeps) == 0 {
		return 0, errors.New("report: Evidence: no sweep")
	}
	for _, u := range e.Unfinished {
		if u.Total < 1 || u.Done < 0 || u.Done >= u.Total {
			return 0, fmt.Errorf("report: Evidence: unfinished sweep %s with %d of %d runs", u.Dir, u.Done, u.Total)
		}
	}
	if e.Options.FigureDir != "" {
		if err := os.MkdirAll(e.Options.FigureDir, 0o755); err != nil {
			return 0, fmt.Errorf("report: %w", err)
		}
	}
	ev := &evidence{opt: e.Options, rnd: seeds.Rand(e.Options.Seed, StreamBootstrap), unfinished: e.Unfinished}
	for _, sw := range e.Sweeps {
		if sw == nil {
			return 0, errors.New("report: Evidence: nil sweep")
		}
		ev.arms = append(ev.arms, classify(sw))
	}
	// Reference first, then ablations, corrected arms and others; stable.
	slices.SortStableFunc(ev.arms, func(a, b arm) int { return int(a.kind) - int(b.kind) })
	m := &md{w: w}
	if err := ev.write(m); err != nil {
		return ev.figures, err
	}
	return ev.figures, m.err
}

func (ev *evidence) byKind(k armKind) []*arm {
	var out []*arm
	for i := range ev.arms {
		if ev.arms[i].kind == k {
			out = append(out, &ev.arms[i])
		}
	}
	return out
}

func (ev *evidence) tasks() []int {
	var out []int
	for _, a := range ev.arms {
		for _, t := range a.sw.Config.TaskNumbers() {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (ev *evidence) write(m *md) error {
	m.f("# Evidence report\n\n")
	m.f("Each claim of the paper (docs/method.md §9) with the published number, the reference reproduction, " +
		"the effect of each correction switched alone, the corrected result on each field and pooled over fields, " +
		"and the agreement of the variant rankings across fields. ")
	m.f("Intervals are %.0f%% percentile bootstrap intervals (%d resamples) unless marked t; p-values are two-sided, "+
		"Holm-adjusted within the family named in each table at α = %g. A direction is stated only where the "+
		"adjusted p is below α; otherwise the test did not distinguish the two, which is not evidence that they are equal.\n\n",
		100*ev.opt.Level, ev.opt.Resamples, ev.opt.Alpha)
	ev.writeArms(m)
	ev.writeGrid(m)
	if err := ev.writeValues(m); err != nil {
		return err
	}
	if err := ev.writeComparisons(m); err != nil {
		return err
	}
	if err := ev.writeRankings(m); err != nil {
		return err
	}
	return ev.writeDynamics(m)
}

func (ev *evidence) writeArms(m *md) {
	m.f("## Sweeps\n\n")
	m.header("arm", "folder", "field", "simulations", "trial sets", "corrections applied", "diverged runs")
	anyDiverged := false
	for _, a := range ev.arms {
		c := &a.sw.Config
		applied := ablation.Applied(c)
		if len(applied) == 0 {
			applied = []string{"none"}
		}
		div := 0
		for _, c := range a.cells {
			div += c.Diverged
		}
		anyDiverged = anyDiverged || div > 0
		m.row(a.label(), code(filepath.Base(a.sw.Dir)), a.field, fmt.Sprint(c.Simulations), c.DataSharing.String(),
			strings.Join(applied, ", "), fmt.Sprintf("%d of %d", div, len(a.sw.Records)))
	}
	m.f("\n")
	if len(ev.unfinished) > 0 {
		m.f("Left out, unfinished (runs of their plan missing; nothing of them is in this report):\n\n")
		for _, u := range ev.unfinished {
			m.f("- %s: %d of %d runs stored\n", code(u.Dir), u.Done, u.Total)
		}
		m.f("\n")
	}
	if anyDiverged {
		m.f("A diverged run (non-finite loss, gradient or weights) keeps the values its preset reports: under the " +
			"reference preset the accuracies the published code reports for it (the share of the first class among " +
			"the evaluated trials, since the prediction is all NaN) and no graph metrics; under the corrected preset " +
			"none. Every table row that holds diverged runs says how many.\n\n")
	}
	for _, a := range ev.arms {
		if a.sw.Config.DataSharing == experiment.DataShared {
			m.f("Arms with shared trial sets train and evaluate every simulation on the same trials: their spread " +
				"over simulations holds initialisation and noise only, so their intervals and tests speak for that " +
				"one dataset, not for replicates of the experiment.\n\n")
			break
		}
	}
}

// fieldN returns the neuron count of the arm's field and where it came
// from.
func (ev *evidence) fieldN(a *arm) (int, string) {
	if n, ok := ev.opt.FieldN[a.field]; ok {
		return n, "data"
	}
	c := &a.sw.Config
	if c.FieldDir == "" {
		return c.SyntheticN, "synthetic field"
	}
	if n, ok := connectome.FieldNeurons(a.field); ok {
		return n, "published field table (data not read)"
	}
	return 0, ""
}

func (ev *evidence) writeGrid(m *md) {
	m.f("## Grid controls\n\n")
	m.header("field", "N", "N from", "listed grid", "grid used", "degenerate")
	seen := map[string]bool{}
	for i := range ev.arms {
		a := &ev.arms[i]
		if seen[a.field] {
			continue
		}
		seen[a.field] = true
		n, from := ev.fieldN(a)
		if n < 1 {
			m.row(a.field, "—", "unknown", "—", "—", "unknown: neuron count not known")
			continue
		}
		listed, _ := connectome.GridShape(a.field)
		g := NewGridControl(a.field, n, listed)
		deg := "no"
		if g.Degenerate() {
			deg = "**yes**: " + g.Reason()
		}
		ls := "not listed"
		if listed != [3]int{} {
			ls = gridText(listed)
		}
		m.row(a.field, fmt.Sprint(n), from, ls, gridText(g.Used), deg)
	}
	m.f("\nOn a field with a degenerate grid control the D variants differ in kind from the other fields' " +
		"(a line or plane, or a fallback grid), so their comparisons there are not like for like.\n\n")
}

func gridText(g [3]int) string { return fmt.Sprintf("%d×%d×%d", g[0], g[1], g[2]) }

// effectCell formats an effect with its interval.
func effectCell(e stats.Effect) string {
	return fmt.Sprintf("%+.3f (%+.3f, %+.3f)", e.Estimate, e.CI.Low, e.CI.High)
}

// verdictText states what the adjusted test supports.
func verdictText(a, b string, estimate, pHolm, alpha float64) string {
	switch {
	case math.IsNaN(pHolm):
		return "not tested"
	case pHolm < alpha && estimate > 0:
		return fmt.Sprintf("%s > %s", code(a), code(b))
	case pHolm < alpha && estimate < 0:
		return fmt.Sprintf("%s < %s", code(a), code(b))
	}
	return "not distinguished"
}

// holmRows fills pHolm of the rows that have a p-value.
func holmRows(rows []*row, alpha float64) error {
	var ps []float64
	var idx []int
	for i, r := range rows {
		if r.err == nil && !math.IsNaN(r.p) {
			ps = append(ps, r.p)
			idx = append(idx, i)
		}
	}
	for _, r := range rows {
		r.pHolm = math.NaN()
	}
	if len(ps) == 0 {
		return nil
	}
	adj, _, err := stats.Holm(ps, alpha)
	if err != nil {
		return err
	}
	for k, i := range idx {
		rows[i].pHolm = adj[k]
	}
	return nil
}

// compare tests x (variant A) against y (B) in one arm.
func (ev *evidence) compare(x, y []float64) row {
	r := row{p: math.NaN(), delta: math.NaN()}
	if len(x) < 2 || len(y) < 2 {
		r.err = fmt.Errorf("%d and %d values; need at least 2 each", len(x), len(y))
		return r
	}
	if v, ok := allEqual(x, y); ok {
		// Nothing to rank: say what the values are rather than how the
		// test fails.
		r.err = fmt.Errorf("every value of both is %.3f", v)
		return r
	}
	var err error
	if r.effect, err = stats.MeanDiff(x, y, ev.opt.Level, ev.opt.Resamples, ev.rnd); err != nil {
		r.err = err
		return r
	}
	if r.delta, err = stats.CliffDelta(x, y); err != nil {
		r.err = err
		return r
	}
	mw, err := stats.MannWhitneyU(x, y)
	if err != nil {
		r.err = err
		return r
	}
	r.p = mw.P
	return r
}

// allEqual reports whether every value of x and y is the same v.
func allEqual(x, y []float64) (v float64, ok bool) {
	v = x[0]
	for _, s := range [][]float64{x, y} {
		for _, w := range s {
			if w != v {
				return 0, false
			}
		}
	}
	return v, true
}

// pooled tests A against B over the strata (fields) with van Elteren's
// test.
func (ev *evidence) pooled(x, y [][]float64) row {
	r := row{p: math.NaN(), delta: math.NaN(), pooled: true}
	var err error
	if r.effect, err = stats.StratifiedMeanDiff(x, y, ev.opt.Level, ev.opt.Resamples, ev.rnd); err != nil {
		r.err = err
		return r
	}
	ve, err := stats.VanElteren(x, y)
	if err != nil {
		r.err = err
		return r
	}
	r.p = ve.P
	return r
}

func pCell(p float64) string {
	if math.IsNaN(p) {
		return "—"
	}
	return fmtP(p)
}

func (ev *evidence) writeValues(m *md) error {
	m.f("## Published values\n\n")
	refs, ablations, corrected := ev.byKind(armReference), ev.byKind(armAblation), ev.byKind(armCorrected)
	type effect struct {
		claim string
		r     *row
		same  bool
	}
	var effects []*effect
	var effRows []*row
	for _, pv := range published {
		held := false
		for _, a := range ev.arms {
			held = held || len(values(a.sw, pv.Task, pv.Variant, pv.Metric)) > 0
		}
		if !held {
			continue // no arm ran the variant
		}
		what := fmt.Sprintf("Task %d %v of %s", pv.Task, pv.Metric, code(pv.Variant))
		pub := num(pv.Mean)
		if pv.hasCI() {
			pub = fmt.Sprintf("%.3f (t: %.3f, %.3f)", pv.Mean, pv.Low, pv.High)
		}
		m.f("### %s\n\n", what)
		m.header("arm", "field", "n", "mean (t interval)")
		m.row("published", PublishedField, "20", pub)
		for _, a := range append(append(slices.Clone(refs), ablations...), corrected...) {
			x := values(a.sw, pv.Task, pv.Variant, pv.Metric)
			n := fmt.Sprint(len(x))
			if div, _ := a.diverged(pv.Task, pv.Variant); div > 0 {
				n += fmt.Sprintf(" (%d diverged)", div)
			}
			m.row(a.label(), a.field, n, meanCell(x, ev.opt.Level))
		}
		m.f("\n")
		for _, ref := range refs {
			base := values(ref.sw, pv.Task, pv.Variant, pv.Metric)
			for _, ab := range ablations {
				if ab.field != ref.field {
					continue
				}
				abv := values(ab.sw, pv.Task, pv.Variant, pv.Metric)
				if len(abv) == 0 || len(base) == 0 {
					continue // one of the two did not run the variant
				}
				eff := &effect{claim: what}
				v, err := experiment.VariantByName(pv.Variant)
				if err == nil && ref.sw.Provenance.Inputs != nil && ab.sw.Provenance.Inputs != nil &&
					ref.sw.Config.RunFingerprint(v, ref.sw.Provenance.Inputs) == ab.sw.Config.RunFingerprint(v, ab.sw.Provenance.Inputs) &&
					ab.correction != "AccuracySource" {
					eff.same = true
				}
				r := ev.compare(abv, base)
				r.label, r.field = ab.correction, ab.field
				var notes []string
				for _, side := range []struct {
					name string
					a    *arm
				}{{ab.correction, ab}, {"reference", ref}} {
					if n := side.a.divergedNote(pv.Task, pv.Variant); n != "" {
						notes = append(notes, side.name+": "+n)
					}
				}
				r.diverged = strings.Join(notes, "; ")
				eff.r = &r
				effects = append(effects, eff)
				effRows = append(effRows, &r)
			}
		}
	}
	if len(effects) == 0 {
		m.f("No ablation arm shares a field with a reference arm: no correction's effect is estimated.\n\n")
		return nil
	}
	if err := holmRows(effRows, ev.opt.Alpha); err != nil {
		return err
	}
	m.f("### Effect of each correction alone\n\n")
	m.f("Ablation minus reference, on the same field (one Holm family: every row of this table). " +
		"A correction that leaves a variant's runs unchanged (the same run fingerprint) reuses them; its row says so.\n\n")
	m.header("claim", "correction", "Δ mean (interval)", "Cliff's δ", "p", "Holm p", "verdict")
	for _, e := range effects {
		r := e.r
		switch {
		case e.same:
			m.row(e.claim, r.label, "0 (runs reused)", "—", "—", "—", "unchanged by construction")
		case r.err != nil:
			m.row(e.claim, r.label, "—", "—", "—", "—", r.withNote("not tested: "+r.err.Error()))
		default:
			m.row(e.claim, r.label, effectCell(r.effect), signedNum(r.delta), pCell(r.p), pCell(r.pHolm),
				r.withNote(verdictText("ablation", "reference", r.effect.Estimate, r.pHolm, ev.opt.Alpha)))
		}
	}
	m.f("\n")
	return nil
}

func meanCell(x []float64, level float64) string {
	if len(x) == 0 {
		return "—"
	}
	mean, err := stats.Mean(x)
	if err != nil {
		return "—"
	}
	iv, err := stats.TInterval(x, level)
	if err != nil {
		return num(mean)
	}
	return fmt.Sprintf("%.3f (t: %.3f, %.3f)", mean, iv.Low, iv.High)
}

// claimTest is one comparison claim on one task, with its rows.
type claimTest struct {
	claim comparisonClaim
	task  int
	rows  []*row
}

// armRows compares variants a and b in every arm that holds both (value
// gives an arm's values of a variant): the difference in means, its
// interval and the tests per arm (compare), then, when the report has more
// than one corrected arm (nCorrected), van Elteren's test pooled over the
// corrected arms with at least two values of each (pooled).
func (ev *evidence) armRows(arms []*arm, nCorrected int, value func(a *arm, variant string) []float64, a, b string) []*row {
	var rows []*row
	var xs, ys [][]float64
	var fields []string
	for _, ar := range arms {
		x, y := value(ar, a), value(ar, b)
		if len(x) == 0 || len(y) == 0 {
			continue // the arm does not hold the comparison
		}
		r := ev.compare(x, y)
		r.label, r.field, r.arm = ar.label(), ar.field, ar
		rows = append(rows, &r)
		if ar.kind == armCorrected && len(x) >= 2 && len(y) >= 2 {
			xs, ys, fields = append(xs, x), append(ys, y), append(fields, ar.field)
		}
	}
	if nCorrected > 1 && len(xs) > 1 {
		r := ev.pooled(xs, ys)
		r.label, r.field = "corrected, pooled (van Elteren)", strings.Join(fields, ", ")
		rows = append(rows, &r)
	}
	return rows
}

func (ev *evidence) writeComparisons(m *md) error {
	m.f("## Comparisons\n\n")
	var tests []*claimTest
	var all []*row
	corrected := ev.byKind(armCorrected)
	for _, task := range ev.tasks() {
		for _, c := range comparisonClaims {
			ct := &claimTest{claim: c, task: task}
			arms := make([]*arm, len(ev.arms))
			for i := range ev.arms {
				arms[i] = &ev.arms[i]
			}
			ct.rows = ev.armRows(arms, len(corrected), func(a *arm, variant string) []float64 {
				return values(a.sw, task, variant, c.metric)
			}, c.a, c.b)
			if len(ct.rows) == 0 {
				continue
			}
			for _, r := range ct.rows {
				if r.arm != nil {
					r.diverged = r.arm.divergedNote(task, c.a, c.b)
				}
			}
			tests = append(tests, ct)
			all = append(all, ct.rows...)
		}
	}
	if len(tests) == 0 {
		m.f("No arm holds both variants of any comparison.\n\n")
		return nil
	}
	if err := holmRows(all, ev.opt.Alpha); err != nil {
		return err
	}
	m.f("One Holm family: every tested row of every comparison below (%d tests).\n\n", countTested(all))
	for _, ct := range tests {
		c := ct.claim
		m.f("### Task %d: %s (%s vs %s, %v)\n\n", ct.task, c.text, code(c.a), code(c.b), c.metric)
		pa, okA := lookupPublished(ct.task, c.metric, c.a)
		pb, okB := lookupPublished(ct.task, c.metric, c.b)
		if okA && okB {
			m.f("Published: %.3f vs %.3f (difference %+.3f, field %s; no test published for the difference).\n\n",
				pa.Mean, pb.Mean, pa.Mean-pb.Mean, PublishedField)
		} else {
			m.f("Published: no number for both variants.\n\n")
		}
		m.header("arm", "field", "A − B (interval)", "Cliff's δ", "p", "Holm p", "verdict")
		for _, r := range ct.rows {
			if r.err != nil {
				m.row(r.label, r.field, "—", "—", "—", "—", r.withNote("not tested: "+r.err.Error()))
				continue
			}
			delta := signedNum(r.delta)
			if r.pooled {
				delta = "—"
			}
			m.row(r.label, r.field, effectCell(r.effect), delta, pCell(r.p), pCell(r.pHolm),
				r.withNote(verdictText(c.a, c.b, r.effect.Estimate, r.pHolm, ev.opt.Alpha)))
		}
		m.f("\n")
		if ev.opt.FigureDir != "" {
			name := fmt.Sprintf("evidence_task%d_%s_vs_%s.png", ct.task, variantalias.Of(c.a), variantalias.Of(c.b))
			if err := plotForest(filepath.Join(ev.opt.FigureDir, name), ct); err != nil {
				return err
			}
			ev.figures++
			m.f("![%s](%s)\n\n", c.text, filepath.ToSlash(filepath.Join(ev.opt.FigureLink, name)))
		}
	}
	return nil
}

func countTested(rows []*row) int {
	n := 0
	for _, r := range rows {
		if !math.IsNaN(r.pHolm) {
			n++
		}
	}
	return n
}

func (ev *evidence) writeRankings(m *md) error {
	m.f("## Ranking agreement across fields\n\n")
	corrected := ev.byKind(armCorrected)
	fields := map[string]*arm{}
	var order []string
	for _, a := range corrected {
		if _, ok := fields[a.field]; !ok {
			fields[a.field] = a
			order = append(order, a.field)
		}
	}
	if len(order) < 2 {
		m.f("Kendall's W needs the corrected preset on at least two fields; %d given, so the claim that the "+
			"variant ranking is preserved across fields is not tested.\n\n", len(order))
		return nil
	}
	m.header("task", "metric", "fields", "variants", "W", "χ²", "df", "p", "reading")
	type ranked struct {
		task     int
		variants []string
		means    []float64 // field-major, as KendallW reads them
	}
	var figs []ranked
	for _, task := range ev.tasks() {
		for _, metric := range []Metric{Accuracy} {
			var common []string
			for i, f := range order {
				var vs []string
				for _, v := range fields[f].sw.Config.Variants {
					if len(values(fields[f].sw, task, v, metric)) > 0 {
						vs = append(vs, v)
					}
				}
				if i == 0 {
					common = vs
				} else {
					common = slices.DeleteFunc(common, func(v string) bool { return !slices.Contains(vs, v) })
				}
			}
			if len(common) < 2 {
				continue
			}
			scores := make([]float64, 0, len(order)*len(common))
			for _, f := range order {
				for _, v := range common {
					mean, err := stats.Mean(values(fields[f].sw, task, v, metric))
					if err != nil {
						return err
					}
					scores = append(scores, mean)
				}
			}
			figs = append(figs, ranked{task, common, scores})
			kw, err := stats.KendallW(denseOf(len(order), len(common), scores))
			if err != nil {
				m.row(fmt.Sprint(task), metric.String(), fmt.Sprint(len(order)), fmt.Sprint(len(common)), "—", "—", "—", "—",
					"not tested: "+err.Error())
				continue
			}
			reading := "agreement not shown"
			if kw.P < ev.opt.Alpha {
				reading = "rankings agree more than chance"
			}
			m.row(fmt.Sprint(task), metric.String(), fmt.Sprint(len(order)), fmt.Sprint(len(common)), num(kw.W),
				num(kw.ChiSq), fmt.Sprint(kw.DF), fmtP(kw.P), reading)
		}
	}
	m.f("\nW = 1 is identical rankings, 0 no agreement; the χ² approximation is rough with few fields. " +
		"A significant W says the rankings agree more than chance, not that they are the same.\n\n")
	if ev.opt.FigureDir == "" {
		return nil
	}
	for _, r := range figs {
		variants := byMeanOverFields(r.variants, r.means)
		var ss []strip
		for _, f := range order {
			st := strip{label: "corrected, " + f, vals: make([][]float64, len(variants))}
			for i, v := range variants {
				st.vals[i] = values(fields[f].sw, r.task, v, Accuracy)
			}
			ss = append(ss, st)
		}
		name := fmt.Sprintf("evidence_ranking_task%d.png", r.task)
		title := fmt.Sprintf("Task %d: %v per simulation on each field, mean and %.0f%% t-interval (variants by mean over fields)",
			r.task, Accuracy, 100*ev.opt.Level)
		if err := plotStrip(filepath.Join(ev.opt.FigureDir, name), title, metricLabel(Accuracy), variants, ss, ev.opt.Level); err != nil {
			return err
		}
		ev.figures++
		m.f("![%s](%s)\n\n", title, filepath.ToSlash(filepath.Join(ev.opt.FigureLink, name)))
	}
	return nil
}

// byMeanOverFields returns variants ordered by their mean over the fields
// of means (field-major: len(means)/len(variants) fields), best first and
// stably, so that a figure of the ranking reads agreement as parallel series.
func byMeanOverFields(variants []string, means []float64) []string {
	sum := make(map[string]float64, len(variants))
	for k, m := range means {
		sum[variants[k%len(variants)]] += m
	}
	out := slices.Clone(variants)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(sum[b], sum[a]) })
	return out
}
