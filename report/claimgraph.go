package report

import (
	"fmt"
	"math"
	"strings"
)

// graphClaims states the published graph-metric numbers.
var graphClaims = map[Metric]string{
	Modularity: "The paper reports that the trained biologically initialised network is modular: `W*D*C` on Task 1 has " +
		"modularity 0.466 (0.439, 0.493) (greedy Clauset–Newman–Moore communities of the top-10% graph of |W|).",
	SmallWorldness: "…and small-world: σ = 2.114 (1.962, 2.266) for `W*D*C` on Task 1 (σ > 1 means more clustered than " +
		"the random nulls at a similar path length).",
	Entropy: "The weight entropy of the baseline `W` is 5.62 bits (Gaussian KDE of all N² weights on 100 points); " +
		"a lower entropy means a more concentrated, sparser weight distribution.",
}

func (r *report) writeGraph(m *md) {
	m.f("## 6. Claim: modularity, small-worldness and entropy of the trained networks\n\n")
	variants := r.variants()
	for _, metric := range reportGraphMetrics {
		m.f("### %s\n\n%s\n\n", metric, graphClaims[metric])
		ra, ca := r.ref.graph[metric], r.cor.graph[metric]
		for _, task := range r.tasks() {
			m.f("**Task %d.**\n\n", task)
			m.header("variant", "published", "reference", "corrected", "corrected − reference")
			above := [2]int{}
			for _, v := range variants {
				re, ce := cellEstimate(ra, task, v), cellEstimate(ca, task, v)
				if metric == SmallWorldness {
					if !math.IsNaN(re.low) && re.low > 1 {
						above[0]++
					}
					if !math.IsNaN(ce.low) && ce.low > 1 {
						above[1]++
					}
				}
				m.row(code(v), est(publishedEstimate(task, metric, v)), est(re), est(ce), signedNum(ce.mean-re.mean))
			}
			m.f("\n")
			if metric == SmallWorldness {
				m.f("Variants whose σ interval lies above 1: reference %d of %d, corrected %d of %d.\n\n",
					above[0], len(r.ref.sw.Config.Variants), above[1], len(r.cor.sw.Config.Variants))
			}
			r.writeOverallKW(m, task, ra, ca, strings.ToLower(metric.String()))
			r.embed(m, fmt.Sprintf("task%d_%s.png", task, strings.ToLower(metric.String())))
		}
	}
}

func (r *report) writeMetricDecomposition(m *md) {
	m.f("## 7. What changed: the metric or the networks?\n\n")
	m.f("The two presets differ both in what “Accuracy” measures and in how the networks are trained. Every run " +
		"records both its last-epoch training accuracy and its held-out test accuracy, so the two effects can be told apart: " +
		"“training − held-out” within a preset is the effect of the published metric (noise, measured before each update, " +
		"on the training trials); “Δ held-out” between presets is the effect of the corrected training itself.\n\n")
	variants := r.variants()
	for _, task := range r.tasks() {
		m.f("**Task %d.**\n\n", task)
		m.header("variant", "reference training", "reference held-out", "corrected training", "corrected held-out", "Δ held-out (corrected − reference)")
		var sumMetric, sumTrain float64
		var nMetric, nTrain int
		for _, v := range variants {
			rt, rh := meanOf(r.ref.trainAcc, task, v), meanOf(r.ref.testAcc, task, v)
			ct, ch := meanOf(r.cor.trainAcc, task, v), meanOf(r.cor.testAcc, task, v)
			if !math.IsNaN(rt - rh) {
				sumMetric += rt - rh
				nMetric++
			}
			if !math.IsNaN(ch - rh) {
				sumTrain += ch - rh
				nTrain++
			}
			m.row(code(v), num(rt), num(rh), num(ct), num(ch), signedNum(ch-rh))
		}
		m.f("\n")
		if nMetric > 0 && nTrain > 0 {
			m.f("Averaged over variants, the published metric differs from held-out accuracy by %+.3f in the reference sweep, "+
				"and the corrected training changes held-out accuracy by %+.3f.\n\n", sumMetric/float64(nMetric), sumTrain/float64(nTrain))
		}
	}
}

func (r *report) writeCurves(m *md) {
	m.f("## 8. Learning curves\n\n")
	m.f("Mean over simulations of the training accuracy (dashed) and the validation accuracy (solid) per epoch.\n\n")
	for _, f := range r.figs {
		if strings.Contains(f.file, "learning_curves") {
			m.f("![%s](%s/%s)\n\n", f.caption, r.figRel, f.file)
		}
	}
}

func (r *report) writeMethods(m *md) {
	m.f("## Methods\n\n")
	boot := "no bootstrap"
	if r.opt.BootstrapResamples > 0 {
		boot = fmt.Sprintf("percentile bootstrap, %d resamples", r.opt.BootstrapResamples)
	}
	m.f("- Cells: mean over simulations with the Student-t %.0f%% interval (the bootstrap interval, %s, is in each sweep's `summary.txt`); undefined graph metrics (NaN) are left out of a cell.\n", 100*r.opt.Level, boot)
	m.f("- Kruskal–Wallis H with the tie correction; two-sided Mann–Whitney U, exact without ties for samples of at most %d, otherwise the normal approximation with tie and continuity corrections (scipy's default); package `stats`.\n", 8)
	m.f("- Holm's step-down correction at α = %g, in three families: the all-variant Kruskal–Wallis tests over tasks; per task, the per-factor Kruskal–Wallis tests; per task, the pairwise Mann–Whitney tests. Families are per sweep: the corrected sweep has more variants, hence more tests per family, so its Holm p-values are corrected for more comparisons.\n", r.opt.Alpha)
	m.f("- Pairs: every two variants that differ in exactly one factor (W, D or C) and agree in the others (and in Dale's law).\n")
	m.f("- Published numbers: docs/method.md §9, embedded in the program (`published.go`), for field %s, 20 simulations and 10 epochs; the published Task 1 accuracy is the last-epoch training accuracy.\n", PublishedField)
	m.f("- Reproduce: `paper report -ref %s -cor %s`; each sweep folder holds `config.txt`, the published CSV layout, `runs.csv` (one row per run) and `summary.txt`.\n", r.ref.sw.Dir, r.cor.sw.Dir)
}
