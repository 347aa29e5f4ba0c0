package report

import (
	"errors"
	"fmt"
	"math"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
)

// A RunAnalysis computes metrics of a stored run from its trained network
// alone (experiment.StoredRun.Weights), without retraining: Reanalyze
// (`paper analyze`) applies analyses to every stored run of a sweep. New
// analyses of old networks implement it.
type RunAnalysis interface {
	// Name identifies the analysis, e.g. "graph".
	Name() string
	// Version changes whenever the analysis would compute other values.
	Version() int
	// Metrics names the values Analyze returns, in order.
	Metrics() []string
	// Analyze returns one value per metric (NaN where undefined) of run,
	// which has weights. It must be deterministic in run.
	Analyze(run *experiment.StoredRun) ([]float64, error)
}

// Sources of a metric's values (MetricSource.Source).
const (
	SourceTraining = "training" // recorded by the Trainer when the run finished
	SourceAnalysis = "analysis" // recomputed from the stored weights by a RunAnalysis
)

// MetricSource says where a published metric's values come from.
type MetricSource struct {
	Metric string
	// Source is SourceTraining or SourceAnalysis.
	Source string
	// Analysis and Version name the RunAnalysis (SourceAnalysis only).
	Analysis string
	Version  int
}

// GraphAnalysisVersion is GraphAnalysis's Version.
const GraphAnalysisVersion = 1

// GraphAnalysis recomputes the four graph metrics of the trained effective
// recurrent matrix exactly as experiment.PaperTrainer computes them at
// training time: graphmetrics.Paper with the configuration's
// SmallWorldNulls and the run's generator of the small-world null graphs
// (the stream training draws them from). PaperTrainer trains in float32 and
// the weights file stores float32, so on the same code the values are
// bit-identical to the recorded ones.
type GraphAnalysis struct{}

// Name returns "graph".
func (GraphAnalysis) Name() string { return "graph" }

// Version returns GraphAnalysisVersion.
func (GraphAnalysis) Version() int { return GraphAnalysisVersion }

// Metrics returns Modularity, SmallWorldness, Assortativity and Entropy.
func (GraphAnalysis) Metrics() []string {
	return []string{"Modularity", "SmallWorldness", "Assortativity", "Entropy"}
}

// Analyze computes the graph metrics of run's trained W_rec_eff; an
// undefined metric is NaN, as at training time.
func (GraphAnalysis) Analyze(run *experiment.StoredRun) ([]float64, error) {
	if run.Weights == nil {
		return nil, fmt.Errorf("report: graph analysis: run %v has no stored weights", run.Record.Key)
	}
	spec, err := run.Config.Spec(run.Record.Key, run.Provenance.Inputs)
	if err != nil {
		return nil, err
	}
	w := run.Weights.Model.EffectiveRecurrentTo(nil)
	gm, err := graphmetrics.Paper(w, run.Config.SmallWorldNulls, seeds.Rand(spec.Seed, seeds.StreamGraphNulls))
	if err != nil && !errors.Is(err, graphmetrics.ErrUndefined) {
		return nil, fmt.Errorf("report: graph analysis of run %v: %w", run.Record.Key, err)
	}
	return []float64{gm.Modularity, gm.SmallWorldness, gm.Assortativity, gm.Entropy}, nil
}

// applyAnalysis sets the metrics of res that a (a RunAnalysis of run)
// computed as values, for those that are published RunResult metrics
// (Metric); others are left to the caller. It returns how many it set, and
// an error when len(values) is not len(a.Metrics()) or a value is infinite.
func applyAnalysis(res *experiment.RunResult, a RunAnalysis, values []float64) (int, error) {
	names := a.Metrics()
	if len(values) != len(names) {
		return 0, fmt.Errorf("report: analysis %s returned %d values for %d metrics", a.Name(), len(values), len(names))
	}
	n := 0
	for i, name := range names {
		if math.IsInf(values[i], 0) {
			return n, fmt.Errorf("report: analysis %s: %s = %v is infinite", a.Name(), name, values[i])
		}
		switch name { // the published metric names (Metric)
		case "Modularity":
			res.Modularity = values[i]
		case "SmallWorldness":
			res.SmallWorldness = values[i]
		case "Assortativity":
			res.Assortativity = values[i]
		case "Entropy":
			res.Entropy = values[i]
		case "Accuracy", "Loss", "Validation_Accuracy", "Validation_Loss", "Test_Accuracy", "Test_Loss":
			return n, fmt.Errorf("report: analysis %s: %s is a training-time metric and cannot be recomputed from weights", a.Name(), name)
		default:
			continue // not a published metric: the caller's
		}
		n++
	}
	return n, nil
}
