package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// Metric is one of the published per-run metrics (docs/method.md §8).
type Metric int

const (
	Accuracy Metric = iota
	Loss
	ValidationAccuracy
	ValidationLoss
	Modularity
	SmallWorldness
	Assortativity
	Entropy
)

var metricNames = []string{"Accuracy", "Loss", "Validation_Accuracy", "Validation_Loss",
	"Modularity", "SmallWorldness", "Assortativity", "Entropy"}

// String returns the published name, e.g. "Validation_Accuracy".
func (m Metric) String() string {
	if m >= 0 && int(m) < len(metricNames) {
		return metricNames[m]
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// ParseMetric parses a published metric name (case-insensitive).
func ParseMetric(s string) (Metric, error) {
	lower := make([]string, len(metricNames))
	for i, n := range metricNames {
		lower[i] = strings.ToLower(n)
	}
	if i := slices.Index(lower, strings.ToLower(strings.TrimSpace(s))); i >= 0 {
		return Metric(i), nil
	}
	return 0, fmt.Errorf("report: unknown metric %q; valid: %s", s, strings.Join(lower, ", "))
}

// Metrics lists the published metrics in the order of metrics.csv.
var Metrics = []Metric{Accuracy, Loss, ValidationAccuracy, ValidationLoss, Modularity, SmallWorldness, Assortativity, Entropy}

// MetricValue returns metric m of r; Accuracy follows src (the training
// value Accuracy or the held-out TestAccuracy).
func MetricValue(r *experiment.RunResult, m Metric, src experiment.AccuracySource) float64 {
	switch m {
	case Accuracy:
		if src == experiment.AccuracyHeldOut {
			return r.TestAccuracy
		}
		return r.Accuracy
	case Loss:
		return r.Loss
	case ValidationAccuracy:
		return r.ValidationAccuracy
	case ValidationLoss:
		return r.ValidationLoss
	case Modularity:
		return r.Modularity
	case SmallWorldness:
		return r.SmallWorldness
	case Assortativity:
		return r.Assortativity
	case Entropy:
		return r.Entropy
	}
	return math.NaN()
}
