package graphmetrics

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrNotSquare marks a weight matrix that is not N×N.
	ErrNotSquare = errors.New("matrix is not square")
	// ErrTooSmall marks a network with fewer than MinNodes nodes.
	ErrTooSmall = errors.New("too few nodes")
	// ErrNonFinite marks a weight matrix holding NaN or ±Inf.
	ErrNonFinite = errors.New("non-finite weight")
	// ErrConfig marks an invalid Options value or argument (a quantile
	// outside [0, 1], a negative null count, …).
	ErrConfig = errors.New("invalid configuration")
	// ErrUndefined marks a metric that is mathematically undefined for the
	// given network (for example assortativity of a graph without edges, or
	// the entropy of a matrix whose weights are all equal). The functions
	// that return it still return their other, defined values; the undefined
	// ones are NaN.
	ErrUndefined = errors.New("metric undefined")
)

// MinNodes is the smallest network the whole-network calls (Paper, Compute)
// accept: clustering needs a node with two neighbours.
const MinNodes = 3

// InputError reports bad input data: which argument (Field, e.g. "w") and
// what is wrong with it. It wraps one of the sentinels above.
type InputError struct {
	Field  string // the argument or field, e.g. "w" or "w[3,7]"
	Detail string // a human-readable description
	Err    error  // the sentinel: ErrNotSquare, ErrTooSmall, ErrNonFinite, ErrConfig
}

func (e *InputError) Error() string {
	return fmt.Sprintf("graphmetrics: %s: %s: %v", e.Field, e.Detail, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// UndefinedError lists the metrics that came out NaN because they are
// undefined for the network handed in, with the reason for each. It wraps
// ErrUndefined. The accompanying result is still valid for every other
// metric.
type UndefinedError struct {
	Metrics []string // metric names, e.g. "Assortativity"
	Reasons []string // one reason per metric
}

func (e *UndefinedError) Error() string {
	parts := make([]string, len(e.Metrics))
	for i := range e.Metrics {
		parts[i] = e.Metrics[i] + " (" + e.Reasons[i] + ")"
	}
	return "graphmetrics: undefined for this network (NaN): " + strings.Join(parts, "; ")
}

func (e *UndefinedError) Unwrap() error { return ErrUndefined }

func (e *UndefinedError) add(metric, reason string) {
	e.Metrics = append(e.Metrics, metric)
	e.Reasons = append(e.Reasons, reason)
}

// orNil returns e as an error, or nil when it lists nothing.
func (e *UndefinedError) orNil() error {
	if e == nil || len(e.Metrics) == 0 {
		return nil
	}
	return e
}

// NodeError is the value graphmetrics panics with when a node index is out of
// range for a Graph, or two graphs handed to one call have different sizes.
// Like gonum's mat.ErrShape these are programming errors, not data errors.
type NodeError struct {
	What  string
	Index int
	N     int
}

func (e NodeError) Error() string {
	return fmt.Sprintf("graphmetrics: %s %d out of range for %d nodes", e.What, e.Index, e.N)
}
