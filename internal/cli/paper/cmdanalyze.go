package paper

import (
	"fmt"
	"io"

	"github.com/cortexrnn/cortexrnn/report"
)

const analyzeUsage = `usage: paper analyze [-dynamics] DIR

Recomputes, from the weights every run stored (runs/<key>.npz), each metric
that depends only on the trained network (the graph metrics: Modularity,
SmallWorldness, Assortativity, Entropy), without retraining, into
analysis/<name>_v<version>.csv, and rewrites the published layout,
summary.txt and figures/ with them; metric-sources.csv says which metric
comes from training and which from which analysis (and its version).
Accuracies and losses stay as recorded. With -dynamics it also summarises
each network's state space (stable fixed points per input, participation
ratio, leading |λ|) into analysis/dynamics_v2.csv: up to a minute per
network at N = 312; paper evidence and paper report then compare the
variants on them. The sweep must be complete and
have been run with weights (the default). Flags:
`

// runAnalyze is "paper analyze".
func runAnalyze(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("analyze", analyzeUsage, stderr)
	dyn := fs.Bool("dynamics", false, "also summarise each network's fixed points and trajectories (package dynamics; slow)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one sweep folder, got %d arguments", fs.NArg())
	}
	dir, err := resolveSweepDir(fs.Arg(0))
	if err != nil {
		return err
	}
	analyses := report.DefaultRunAnalyses
	if *dyn {
		analyses = append(analyses[:len(analyses):len(analyses)], report.DynamicsAnalysis{})
	}
	if err := report.Reanalyze(dir, analyses); err != nil {
		return err
	}
	for _, a := range analyses {
		fmt.Fprintf(stderr, "paper analyze: %s (version %d) recomputed from the stored weights: %v\n", a.Name(), a.Version(), a.Metrics())
	}
	return finishAndPrint(dir, stdout)
}
