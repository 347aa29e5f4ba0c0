package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// noDynamicsText is what the Dynamics section says when no sweep has
// dynamics summaries.
var noDynamicsText = "No sweep folder of this report has state-space summaries of its trained networks " +
	"(" + dynamicsFile + "). `paper analyze -dynamics DIR` adds them to a finished sweep folder that kept its " +
	"weights (the default; up to a minute per network at N = 312); then write this report again.\n\n"

// dynTest is one contrast of a dynamics summary on one task: a row per arm
// that holds both variants, and the pooled row.
type dynTest struct {
	contrast dynContrast
	task     int
	rows     []*row
}

// dynArms returns the arms whose sweep has dynamics summaries.
func (ev *evidence) dynArms() []*arm {
	var out []*arm
	for i := range ev.arms {
		if ev.arms[i].sw.Dynamics != nil {
			out = append(out, &ev.arms[i])
		}
	}
	return out
}

// dynamicsTests runs the comparisons of summary s exactly as the accuracy
// comparisons (writeComparisons): per arm, the difference in means with its
// bootstrap interval, Cliff's δ and Mann–Whitney's p (compare); pooled over
// the corrected arms' fields, van Elteren's test (pooled); and Holm's
// procedure over every tested row of the summary, one family.
func (ev *evidence) dynamicsTests(s dynamicsSummary) ([]*dynTest, error) {
	arms := ev.dynArms()
	corrected := ev.byKind(armCorrected)
	var tests []*dynTest
	var all []*row
	for _, task := range ev.tasks() {
		held := func(a, b string) bool {
			for _, ar := range arms {
				if len(dynValues(ar.sw, task, a, s)) > 0 && len(dynValues(ar.sw, task, b, s)) > 0 {
					return true
				}
			}
			return false
		}
		for _, c := range dynamicsContrasts(held) {
			dt := &dynTest{contrast: c, task: task}
			dt.rows = ev.armRows(arms, len(corrected), func(a *arm, variant string) []float64 {
				return dynValues(a.sw, task, variant, s)
			}, c.a, c.b)
			tests = append(tests, dt)
			all = append(all, dt.rows...)
		}
	}
	if err := holmRows(all, ev.opt.Alpha); err != nil {
		return nil, err
	}
	return tests, nil
}

// writeDynamics writes the Dynamics section: the runs each arm has
// summaries of, then per summary and task each variant's mean and
// interval per arm, a figure, and the comparisons of every biological
// variant with its controls (dynamicsTests).
func (ev *evidence) writeDynamics(m *md) error {
	return ev.writeDynamicsSection(m, "## Dynamics", "the accuracy comparisons above")
}

// writeDynamicsSection is writeDynamics under heading; statsFrom names the
// accuracy comparisons whose statistics it uses.
func (ev *evidence) writeDynamicsSection(m *md, heading, statsFrom string) error {
	for _, a := range ev.arms {
		if err := checkDynamics(a.sw); err != nil {
			return err
		}
	}
	m.f("%s\n\n", heading)
	arms := ev.dynArms()
	if len(arms) == 0 {
		m.f("%s", noDynamicsText)
		return nil
	}
	m.f("State-space summaries of the trained networks (package dynamics; docs/dynamics.md), one row per run in each "+
		"folder's "+dynamicsFile+", compared between variants with the statistics of %s: "+
		"each variant's mean with its %.0f%% t-interval per arm; each biological variant (`W*…`) against the "+
		"variants that differ from it in the initialisation alone — orthogonal (the paper's factor W), permuted, "+
		"scale-matched random (`Wr…`), log-normal only (`Wl…`) and resampled (`Wb…`), where the sweep has them — "+
		"by the difference in means with its bootstrap interval, Cliff's δ and the two-sided Mann–Whitney test per arm, "+
		"and van Elteren's test pooled over the corrected preset's fields. Each summary is one Holm family.\n\n", statsFrom, 100*ev.opt.Level)
	m.f("Runs without summaries (diverged runs keep no weights, so they have none) are left out of every summary; a " +
		"network without a fixed point near its trajectories has no leading modulus and is left out of that summary " +
		"alone. Each cell's n counts the runs that remain.\n\n")
	m.header("arm", "field", "runs", "with dynamics", "without (diverged)", "no fixed point (no leading modulus)")
	lead := slices.IndexFunc(dynamicsSummaries, func(s dynamicsSummary) bool { return s.name == "LeadingModulus" })
	for _, a := range arms {
		c := coverage(a.sw)
		m.row(a.label(), a.field, fmt.Sprint(c.runs), fmt.Sprint(c.with), fmt.Sprintf("%d (%d)", c.without, c.diverged),
			fmt.Sprint(c.undefined[lead]))
	}
	m.f("\n")
	var missing []string
	for _, a := range ev.arms {
		if a.sw.Dynamics == nil {
			missing = append(missing, fmt.Sprintf("%s (%s)", a.label(), code(filepath.Base(a.sw.Dir))))
		}
	}
	if len(missing) > 0 {
		m.f("Without dynamics summaries, so not in this section: %s. `paper analyze -dynamics DIR` adds them.\n\n",
			strings.Join(missing, ", "))
	}
	for _, s := range dynamicsSummaries {
		tests, err := ev.dynamicsTests(s)
		if err != nil {
			return err
		}
		var all []*row
		for _, t := range tests {
			all = append(all, t.rows...)
		}
		m.f("### %s (%s)\n\n%s\n\n", s.title, code(s.name), s.why)
		m.f("One Holm family: every tested row of this summary (%d tests).\n\n", countTested(all))
		for _, task := range ev.tasks() {
			variants := ev.dynVariants(arms, task, s)
			if len(variants) == 0 {
				continue
			}
			m.f("**Task %d.**\n\n", task)
			cols := []string{"variant"}
			for _, a := range arms {
				cols = append(cols, a.label()+", "+a.field)
			}
			m.header(cols...)
			for _, v := range variants {
				cells := []string{code(v)}
				for _, a := range arms {
					x := dynValues(a.sw, task, v, s)
					cell := meanCell(x, ev.opt.Level)
					if len(x) > 0 {
						cell += fmt.Sprintf(", n = %d", len(x))
					}
					cells = append(cells, cell)
				}
				m.row(cells...)
			}
			m.f("\n")
			if ev.opt.FigureDir != "" {
				name := fmt.Sprintf("dynamics_task%d_%s.png", task, strings.ToLower(s.name))
				title := fmt.Sprintf("Task %d: %s per simulation, mean and %.0f%% t-interval", task, s.title, 100*ev.opt.Level)
				var ss []strip
				for _, a := range arms {
					st := strip{label: a.label() + ", " + a.field, vals: make([][]float64, len(variants))}
					for i, v := range variants {
						st.vals[i] = dynValues(a.sw, task, v, s)
					}
					ss = append(ss, st)
				}
				if err := plotStrip(filepath.Join(ev.opt.FigureDir, name), title, s.label, variants, ss, ev.opt.Level); err != nil {
					return err
				}
				ev.figures++
				m.f("![%s](%s)\n\n", title, filepath.ToSlash(filepath.Join(ev.opt.FigureLink, name)))
			}
			var rows [][]string
			for _, t := range tests {
				if t.task != task {
					continue
				}
				c := t.contrast
				for _, r := range t.rows {
					ab := code(c.a) + " vs " + code(c.b)
					if r.err != nil {
						rows = append(rows, []string{ab, c.control, r.label, r.field, "—", "—", "—", "—", "not tested: " + r.err.Error()})
						continue
					}
					delta := signedNum(r.delta)
					if r.pooled {
						delta = "—"
					}
					rows = append(rows, []string{ab, c.control, r.label, r.field, effectCell(r.effect), delta, pCell(r.p),
						pCell(r.pHolm), verdictText(c.a, c.b, r.effect.Estimate, r.pHolm, ev.opt.Alpha)})
				}
			}
			if len(rows) == 0 {
				m.f("No arm holds a biological variant and one of its controls on this task.\n\n")
				continue
			}
			m.header("A vs B", "control", "arm", "field", "A − B (interval)", "Cliff's δ", "p", "Holm p", "verdict")
			for _, r := range rows {
				m.row(r...)
			}
			m.f("\n")
		}
	}
	return nil
}

// dynVariants returns the variants of which some arm has summary s on
// task, in the order of the arms' configurations.
func (ev *evidence) dynVariants(arms []*arm, task int, s dynamicsSummary) []string {
	var out []string
	for _, a := range arms {
		for _, v := range a.sw.Config.Variants {
			if !slices.Contains(out, v) && len(dynValues(a.sw, task, v, s)) > 0 {
				out = append(out, v)
			}
		}
	}
	return out
}
