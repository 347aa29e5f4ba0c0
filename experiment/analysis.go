package experiment

import (
	"errors"
	"fmt"
	"math"

	"github.com/cortexrnn/cortexrnn/graphmetrics"
)

// An Analysis computes metrics of a stored run from its trained network
// alone (StoredRun.Weights), without retraining: `paper analyze` applies
// analyses to every stored run of a sweep. New analyses of old networks
// implement it.
type Analysis interface {
	// Name identifies the analysis, e.g. "graph".
	Name() string
	// Version changes whenever the analysis would compute other values.
	Version() int
	// Metrics names the values Analyze returns, in order.
	Metrics() []string
	// Analyze returns one value per metric (NaN where undefined) of run,
	// which has weights. It must be deterministic in run.
	Analyze(run *StoredRun) ([]float64, error)
}

// Sources of a metric's values (MetricSource.Source).
const (
	SourceTraining = "training" // recorded by the Trainer when the run finished
	SourceAnalysis = "analysis" // recomputed from the stored weights by an Analysis
)

// MetricSource says where a published metric's values come from.
type MetricSource struct {
	Metric string
	// Source is SourceTraining or SourceAnalysis.
	Source string
	// Analysis and Version name the Analysis (SourceAnalysis only).
	Analysis string
	Version  int
}

// GraphAnalysisVersion is GraphAnalysis's Version.
const GraphAnalysisVersion = 1

// GraphAnalysis recomputes the four graph metrics of the trained effective
// recurrent matrix exactly as PaperTrainer.Train computes them at training
// time: graphmetrics.Paper with the configuration's SmallWorldNulls and the
// run's StreamGraphNulls generator. PaperTrainer trains in float32 and the
// weights file stores float32, so on the same code the values are
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
func (GraphAnalysis) Analyze(run *StoredRun) ([]float64, error) {
	if run.Weights == nil {
		return nil, fmt.Errorf("experiment: graph analysis: run %v has no stored weights", run.Record.Key)
	}
	spec, err := run.Spec()
	if err != nil {
		return nil, err
	}
	w := run.Weights.Model.EffectiveRecurrentTo(nil)
	gm, err := graphmetrics.Paper(w, run.Config.SmallWorldNulls, spec.Rand(StreamGraphNulls))
	if err != nil && !errors.Is(err, graphmetrics.ErrUndefined) {
		return nil, fmt.Errorf("experiment: graph analysis of run %v: %w", run.Record.Key, err)
	}
	return []float64{gm.Modularity, gm.SmallWorldness, gm.Assortativity, gm.Entropy}, nil
}

// ApplyAnalysis sets the metrics of res that a (an Analysis of run) computed
// as values, for those that are published RunResult metrics (Metric);
// others are left to the caller. It returns how many it set, and an error
// when len(values) is not len(a.Metrics()) or a value is infinite.
func ApplyAnalysis(res *RunResult, a Analysis, values []float64) (int, error) {
	names := a.Metrics()
	if len(values) != len(names) {
		return 0, fmt.Errorf("experiment: analysis %s returned %d values for %d metrics", a.Name(), len(values), len(names))
	}
	n := 0
	for i, name := range names {
		if math.IsInf(values[i], 0) {
			return n, fmt.Errorf("experiment: analysis %s: %s = %v is infinite", a.Name(), name, values[i])
		}
		switch name { // the published metric names (report.Metric)
		case "Modularity":
			res.Modularity = values[i]
		case "SmallWorldness":
			res.SmallWorldness = values[i]
		case "Assortativity":
			res.Assortativity = values[i]
		case "Entropy":
			res.Entropy = values[i]
		case "Accuracy", "Loss", "Validation_Accuracy", "Validation_Loss", "Test_Accuracy", "Test_Loss":
			return n, fmt.Errorf("experiment: analysis %s: %s is a training-time metric and cannot be recomputed from weights", a.Name(), name)
		default:
			continue // not a published metric: the caller's
		}
		n++
	}
	return n, nil
}
