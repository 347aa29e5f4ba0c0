package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// factorsText returns "W* · D* · C" style factor levels of a variant.
func factorsText(name string) string {
	v, err := experiment.VariantByName(name)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%s · %s · %s", LevelName(v, FactorInit), LevelName(v, FactorDistance), LevelName(v, FactorComm))
}

func orderingText(rs []ranked) string {
	parts := make([]string, len(rs))
	for i, x := range rs {
		parts[i] = fmt.Sprintf("%s %.3f", code(x.Variant), x.Mean)
	}
	return strings.Join(parts, " > ")
}

func (r *report) embed(m *md, file string) {
	for _, f := range r.figs {
		if f.file == file {
			m.f("![%s](%s/%s)\n\n", f.caption, r.figRel, f.file)
			return
		}
	}
}

func (r *report) writeAccuracy(m *md) {
	m.f("## 2. Claim: accuracy and the ordering of the variants\n\n")
	m.f("The paper's central table (docs/method.md §9) ranks the eleven variants by Task 1 accuracy: the biologically "+
		"initialised networks (`W*…`, and the permutation control `W!…`) near 0.95, the orthogonal ones mostly at 0.625, "+
		"the accuracy of a network that forgets the goal and guesses between the two offered directions. The reference "+
		"column is the published metric (last-epoch training accuracy); the corrected column is held-out test accuracy. "+
		"“inside” says whether the published mean lies inside the reference %.0f%% t-interval.\n\n", 100*r.opt.Level)
	variants := r.variants()
	for _, task := range r.tasks() {
		m.f("### Task %d\n\n", task)
		pub := publishedMeans(task, Accuracy)
		cols := []string{"variant", "init · D · C"}
		if len(pub) > 0 {
			cols = append(cols, "published", "reference", "inside")
		} else {
			cols = append(cols, "reference")
		}
		cols = append(cols, "corrected", "corrected − reference (held-out)")
		m.header(cols...)
		for _, v := range variants {
			re := cellEstimate(r.ref.trainAcc, task, v)
			row := []string{code(v), factorsText(v)}
			if len(pub) > 0 {
				pe := publishedEstimate(task, Accuracy, v)
				inside := "—"
				if !math.IsNaN(pe.mean) && !math.IsNaN(re.low) {
					inside = "no"
					if pe.mean >= re.low && pe.mean <= re.high {
						inside = "yes"
					}
				}
				row = append(row, est(pe), est(re), inside)
			} else {
				row = append(row, est(re))
			}
			d := meanOf(r.cor.testAcc, task, v) - meanOf(r.ref.testAcc, task, v)
			row = append(row, est(cellEstimate(r.cor.testAcc, task, v)), signedNum(d))
			m.row(row...)
		}
		m.f("\n")
		m.f("Ordering by mean:\n\n")
		if len(pub) > 0 {
			var pr []ranked
			for _, p := range published {
				if p.Task == task && p.Metric == Accuracy {
					pr = append(pr, ranked{p.Variant, p.Mean})
				}
			}
			slices.SortStableFunc(pr, func(x, y ranked) int { return cmp.Compare(y.Mean, x.Mean) })
			m.f("- published: %s\n", orderingText(pr))
		}
		if r.ref.hasTask(task) {
			m.f("- reference (training accuracy): %s\n", orderingText(ordering(r.ref.trainAcc, task)))
		}
		if r.cor.hasTask(task) {
			m.f("- corrected (held-out accuracy): %s\n", orderingText(ordering(r.cor.testAcc, task)))
		}
		if len(pub) > 0 {
			a1, t1 := pairAgreement(pub, meansMap(r.ref.trainAcc, task), variants)
			a2, t2 := pairAgreement(pub, meansMap(r.cor.testAcc, task), variants)
			m.f("- pairs of variants ordered as published: reference %d of %d, corrected %d of %d\n", a1, t1, a2, t2)
		}
		if r.ref.hasTask(task) && r.cor.hasTask(task) {
			a, t := pairAgreement(meansMap(r.ref.testAcc, task), meansMap(r.cor.testAcc, task), variants)
			m.f("- pairs ordered alike by the two presets (both on held-out accuracy): %d of %d\n", a, t)
		}
		m.f("\n")
		r.writeOverallKW(m, task, r.ref.headline(), r.cor.headline(), "accuracy")
		r.embed(m, fmt.Sprintf("task%d_accuracy.png", task))
	}
}

// writeOverallKW writes the Kruskal–Wallis test across every variant of
// both presets for one task.
func (r *report) writeOverallKW(m *md, task int, ra, ca *Analysis, what string) {
	var parts []string
	for _, x := range []struct {
		label string
		a     *Analysis
	}{{"reference", ra}, {"corrected", ca}} {
		for _, k := range x.a.Overall {
			if k.Task == task {
				parts = append(parts, fmt.Sprintf("%s H = %.2f (df %d), p = %s, Holm p = %s", x.label, k.H, k.DF,
					pval(k.P, false), pval(k.PHolm, k.Reject)))
			}
		}
	}
	if len(parts) > 0 {
		m.f("Kruskal–Wallis test of any difference in %s across all variants: %s.\n\n", what, strings.Join(parts, "; "))
	}
}

// factorClaims states what the published numbers say about each factor.
var factorClaims = map[Factor]string{
	FactorInit: "Biological initialisation (`W*`) is the paper's main inductive bias: at equal penalties it trains to higher " +
		"accuracy than orthogonal initialisation (`W`), e.g. `W*D*C` 0.917 against `WD*C` 0.628 and `W*D*C*` 0.985 against " +
		"`WD*C*` 0.758 on Task 1. The published permutation control does as well as the biological matrix (`W!D*C` 0.950, " +
		"`W!D*C*` 0.963), so the advantage does not need the measured pairing of neurons; the corrected preset's " +
		"scale-matched random control (`Wr…`) asks whether it needs anything beyond the weights' scale and sign.",
	FactorDistance: "Real soma distances (`D*`) against the grid control (`D`): published `WD*` 0.787 against `WD` 0.628 and " +
		"`W*D*C*` 0.985 against `W*DC*` 0.963 on Task 1. In the reference preset the grid distances are about 13 times larger " +
		"than the scaled real ones and the real coordinates are scrambled by the reshape defect, so this comparison also " +
		"changes the penalty's strength; the corrected preset scales the grid like the real coordinates and uses true positions.",
	FactorComm: "Communicability (none, direct `C`, EMD `C*`) at fixed initialisation and distances: published `WD*` 0.787, " +
		"`WD*C` 0.628 and `WD*C*` 0.758; `W*D*C` 0.917 against `W*D*C*` 0.985 on Task 1. The reference EMD term compares " +
		"against an empirical communicability inflated by the 1e-10 normalisation; the corrected preset removes that.",
}

// verdict describes one preset's pair test relative to the published
// direction (pubD NaN: none published).
func verdict(p PairTest, ok bool, d, pubD float64) string {
	switch {
	case !ok:
		return "not run"
	case !p.Reject:
		return "n.s."
	case math.IsNaN(pubD) || pubD == 0:
		if d > 0 {
			return "significant, A > B"
		}
		return "significant, A < B"
	case (d > 0) == (pubD > 0):
		return "**replicated**"
	}
	return "**reversed**"
}

func (r *report) writeFactor(m *md, f Factor) {
	m.f("## %d. Claim: factor %s (%s)\n\n", 3+int(f), f, factorTitle(f))
	m.f("%s\n\n", factorClaims[f])
	ra, ca := r.ref.headline(), r.cor.headline()
	m.f("Each row compares two variants that differ only in %s (two-sided Mann–Whitney U on the accuracy each sweep "+
		"reports: %s for the reference, %s for the corrected sweep); Δ = mean(A) − mean(B); p-values are Holm-corrected "+
		"over all pair tests of the task and preset, bold when significant at α = %g. “published Δ” is from docs/method.md §9.\n\n",
		factorTitle(f), accuracyText(r.ref.sw.Config.AccuracySource), accuracyText(r.cor.sw.Config.AccuracySource), r.opt.Alpha)
	rp, cp := pairIndex(ra), pairIndex(ca)
	for _, task := range r.tasks() {
		var keys []pairKey
		for _, a := range []*Analysis{ra, ca} {
			for _, p := range a.Pairs {
				k := pairKey{p.Task, p.Factor, p.A, p.B}
				if p.Task == task && p.Factor == f && !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
		if len(keys) == 0 {
			continue
		}
		m.f("### Task %d\n\n", task)
		m.header("A vs B", "other factors", "published Δ", "reference Δ", "Holm p", "verdict", "corrected Δ", "Holm p", "verdict")
		changed := 0
		for _, k := range keys {
			pubD := math.NaN()
			pa, ok1 := lookupPublished(task, Accuracy, k.a)
			pb, ok2 := lookupPublished(task, Accuracy, k.b)
			if ok1 && ok2 {
				pubD = pa.Mean - pb.Mean
			}
			rt, rok := rp[k]
			ct, cok := cp[k]
			rd := meanOf(ra, task, k.a) - meanOf(ra, task, k.b)
			cd := meanOf(ca, task, k.a) - meanOf(ca, task, k.b)
			fixed := rt.Fixed
			if !rok {
				fixed = ct.Fixed
			}
			rv, cv := verdict(rt, rok, rd, pubD), verdict(ct, cok, cd, pubD)
			if rok && cok && (rt.Reject != ct.Reject || (rt.Reject && (rd > 0) != (cd > 0))) {
				changed++
			}
			rph, cph := "—", "—"
			if rok {
				rph = pval(rt.PHolm, rt.Reject)
			} else {
				rd = math.NaN()
			}
			if cok {
				cph = pval(ct.PHolm, ct.Reject)
			} else {
				cd = math.NaN()
			}
			m.row(code(k.a)+" vs "+code(k.b), fixed, signedNum(pubD), signedNum(rd), rph, rv, signedNum(cd), cph, cv)
		}
		m.f("\n%d of the comparisons run in both presets change their verdict between the presets.\n\n", changed)
		r.writeFactorKW(m, task, f, ra, ca)
	}
}

// writeFactorKW writes the per-factor Kruskal–Wallis tests (factors with
// three or more levels at fixed other factors) of one task.
func (r *report) writeFactorKW(m *md, task int, f Factor, ra, ca *Analysis) {
	rk, ck := kwIndex(ra), kwIndex(ca)
	var keys []kwKey
	for _, a := range []*Analysis{ra, ca} {
		for _, k := range a.FactorKW {
			key := kwKey{k.Task, k.Factor, k.Fixed}
			if k.Task == task && k.Factor == f.String() && !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
		}
	}
	if len(keys) == 0 {
		return
	}
	m.f("Kruskal–Wallis across the levels of %s with the other factors fixed (Holm over the task's factor tests):\n\n", f)
	m.header("other factors", "reference: variants", "H", "Holm p", "corrected: variants", "H", "Holm p")
	for _, k := range keys {
		cells := []string{k.fixed}
		for _, idx := range []map[kwKey]KruskalTest{rk, ck} {
			t, ok := idx[k]
			if !ok {
				cells = append(cells, "—", "—", "—")
				continue
			}
			vs := make([]string, len(t.Variants))
			for i, v := range t.Variants {
				vs[i] = code(v)
			}
			cells = append(cells, strings.Join(vs, " "), fmt.Sprintf("%.2f", t.H), pval(t.PHolm, t.Reject))
		}
		m.row(cells...)
	}
	m.f("\n")
}
