package report

import (
	"cmp"
	"math"
	"slices"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// presetResults are one finished sweep and the analyses a report needs.
type presetResults struct {
	label string // "reference" or "corrected"
	sw    *Sweep
	// trainAcc and testAcc analyse Accuracy as the last epoch's training
	// accuracy (the published metric) and as held-out test accuracy,
	// whatever the sweep's own AccuracySource; graph holds Modularity,
	// SmallWorldness and Entropy.
	trainAcc, testAcc *Analysis
	graph             map[Metric]*Analysis
}

// reportGraphMetrics are the graph metrics the report discusses.
var reportGraphMetrics = []Metric{Modularity, SmallWorldness, Entropy}

// analysePreset runs every analysis of the report on one sweep.
func analysePreset(label string, sw *Sweep, opt AnalysisOptions) (*presetResults, error) {
	r := &presetResults{label: label, sw: sw, graph: map[Metric]*Analysis{}}
	for _, src := range []experiment.AccuracySource{experiment.AccuracyTraining, experiment.AccuracyHeldOut} {
		cfg := sw.Config
		cfg.AccuracySource = src
		a, err := Analyze(&cfg, sw.Records, Accuracy, opt)
		if err != nil {
			return nil, err
		}
		if src == experiment.AccuracyTraining {
			r.trainAcc = a
		} else {
			r.testAcc = a
		}
	}
	for _, m := range reportGraphMetrics {
		a, err := Analyze(&sw.Config, sw.Records, m, opt)
		if err != nil {
			return nil, err
		}
		r.graph[m] = a
	}
	return r, nil
}

// headline returns the analysis of the sweep's own "Accuracy" (what its
// metrics.csv reports).
func (r *presetResults) headline() *Analysis {
	if r.sw.Config.AccuracySource == experiment.AccuracyHeldOut {
		return r.testAcc
	}
	return r.trainAcc
}

// hasTask reports whether the sweep ran task.
func (r *presetResults) hasTask(task int) bool {
	return slices.Contains(r.sw.Config.TaskNumbers(), task)
}

// cell returns the cell of (task, variant) of a, and whether it exists.
func cell(a *Analysis, task int, variant string) (Cell, bool) {
	if a == nil {
		return Cell{}, false
	}
	ti := slices.Index(a.Tasks, task)
	vi := slices.Index(a.Variants, variant)
	if ti < 0 || vi < 0 {
		return Cell{}, false
	}
	return a.Cells[ti][vi], true
}

// meanOf returns the mean of (task, variant) in a, NaN when absent.
func meanOf(a *Analysis, task int, variant string) float64 {
	c, ok := cell(a, task, variant)
	if !ok {
		return math.NaN()
	}
	return c.Mean
}

// ranked is one variant's mean in an ordering.
type ranked struct {
	Variant string
	Mean    float64
}

// ordering returns the variants of a with a finite mean on task, by
// decreasing mean (ties keep the canonical order).
func ordering(a *Analysis, task int) []ranked {
	var out []ranked
	for _, v := range a.Variants {
		if m := meanOf(a, task, v); !math.IsNaN(m) {
			out = append(out, ranked{v, m})
		}
	}
	slices.SortStableFunc(out, func(x, y ranked) int { return cmp.Compare(y.Mean, x.Mean) })
	return out
}

// pairAgreement compares two sets of means over the variants they share:
// of the pairs of variants whose means differ in both, how many are ordered
// the same way (agree) out of how many (total).
func pairAgreement(a, b map[string]float64, variants []string) (agree, total int) {
	var vs []string
	for _, v := range variants {
		x, ok1 := a[v]
		y, ok2 := b[v]
		if ok1 && ok2 && !math.IsNaN(x) && !math.IsNaN(y) {
			vs = append(vs, v)
		}
	}
	for i := range vs {
		for j := i + 1; j < len(vs); j++ {
			da := a[vs[i]] - a[vs[j]]
			db := b[vs[i]] - b[vs[j]]
			if da == 0 || db == 0 {
				continue
			}
			total++
			if (da > 0) == (db > 0) {
				agree++
			}
		}
	}
	return agree, total
}

// meansMap returns the means of task in a by variant.
func meansMap(a *Analysis, task int) map[string]float64 {
	out := map[string]float64{}
	for _, v := range a.Variants {
		out[v] = meanOf(a, task, v)
	}
	return out
}

// publishedMeans returns the published means of (task, metric) by variant.
func publishedMeans(task int, m Metric) map[string]float64 {
	out := map[string]float64{}
	for _, p := range published {
		if p.Task == task && p.Metric == m {
			out[p.Variant] = p.Mean
		}
	}
	return out
}

// pairKey identifies a Mann–Whitney test across presets.
type pairKey struct {
	task int
	f    Factor
	a, b string
}

func pairIndex(a *Analysis) map[pairKey]PairTest {
	out := map[pairKey]PairTest{}
	for _, p := range a.Pairs {
		out[pairKey{p.Task, p.Factor, p.A, p.B}] = p
	}
	return out
}

// kwKey identifies a per-factor Kruskal–Wallis test across presets.
type kwKey struct {
	task          int
	factor, fixed string
}

func kwIndex(a *Analysis) map[kwKey]KruskalTest {
	out := map[kwKey]KruskalTest{}
	for _, k := range a.FactorKW {
		out[kwKey{k.Task, k.Factor, k.Fixed}] = k
	}
	return out
}
