package report

import (
	"github.com/cortexrnn/cortexrnn/internal/seeds"
)

// writeDynamics writes the comparison report's Dynamics section: the
// evidence report's (evidence.writeDynamicsSection) over the two sweeps,
// with the report's level, α and bootstrap settings. It returns the number
// of figures drawn.
func (r *report) writeDynamics(m *md) (int, error) {
	const heading = "## 9. Dynamics"
	if r.opt.BootstrapResamples < 1 && (r.ref.sw.Dynamics != nil || r.cor.sw.Dynamics != nil) {
		m.f("%s\n\nThe comparisons of the dynamics summaries need bootstrap intervals of the differences in means: "+
			"write the report with `-resamples` of at least 1 to include them.\n\n", heading)
		return 0, nil
	}
	opt := EvidenceOptions{Level: r.opt.Level, Alpha: r.opt.Alpha, Resamples: max(1, r.opt.BootstrapResamples),
		Seed: r.opt.BootstrapSeed, FigureDir: r.figDir, FigureLink: r.figRel}
	ev := &evidence{opt: opt, arms: []arm{classify(r.ref.sw), classify(r.cor.sw)},
		rnd: seeds.Rand(opt.Seed, StreamBootstrap)}
	// The two sweeps are the reference and the corrected side of the
	// report, whatever their configuration says.
	for i, k := range []armKind{armReference, armCorrected} {
		ev.arms[i].kind, ev.arms[i].corrections = k, k
	}
	err := ev.writeDynamicsSection(m, heading, "the evidence report (`paper evidence`), which this section repeats for these two sweeps")
	return ev.figures, err
}
