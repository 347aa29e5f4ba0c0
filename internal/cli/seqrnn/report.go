package seqrnn

import (
	"fmt"
	"io"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/report"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// The text the program prints: a header describing the run, one line per
// epoch, and a summary. The summary is also saved as summary.txt.

// printHeader describes the run before training starts.
func printHeader(w io.Writer, s *setup) {
	o, v := s.opts, s.spec.Variant
	fmt.Fprintf(w, "seqrnn: task %s, variant %s (init %s, distance %s, communicability %s), preset %s\n",
		o.taskName, v.Name, report.LevelName(v, report.FactorInit), report.LevelName(v, report.FactorDistance),
		report.LevelName(v, report.FactorComm), s.cfg.Preset)
	fmt.Fprintf(w, "field %s: %d neurons, %d synaptic connections", s.field.Name, s.field.N, nonZeros(s.field.Synapses))
	if s.cfg.FieldDir != "" {
		fmt.Fprintf(w, " (%s)", s.field.Source)
	}
	fmt.Fprintln(w)
	c := &s.cfg
	fmt.Fprintf(w, "%d epochs; %d training, %d held-out, %d test trials in batches of %d; λ = %g; clip %g; seed %d; BLAS %s\n",
		c.Epochs, c.TrainTrials, c.ValidationTrials, c.TestTrials, c.BatchSize, c.Lambda, c.ClipNorm, c.Seed, o.blas)
	printProvenance(w, s)
	fmt.Fprintf(w, "%5s  %9s  %8s  %13s  %12s  %7s\n", "epoch", "loss", "accuracy", "held-out loss", "held-out acc", "seconds")
}

// printEpoch prints one epoch's Keras-history values: the training loss
// (penalty included) and accuracy, means over the epoch's batches with input
// noise, and the held-out loss and accuracy after the epoch.
func printEpoch(w io.Writer, st rnn.EpochStats, took time.Duration) {
	fmt.Fprintf(w, "%5d  %9.4f  %8.4f  %13.4f  %12.4f  %7.1f\n",
		st.Epoch+1, st.Loss, st.Accuracy, st.ValLoss, st.ValAccuracy, took.Seconds())
}

// writeSummary prints the results of a finished run.
func writeSummary(w io.Writer, s *setup, out *experiment.Training) error {
	last := out.History[len(out.History)-1]
	g := &out.Result
	_, err := fmt.Fprintf(w, `held-out accuracy %.4f (loss %.4f), test accuracy %.4f (loss %.4f); losses include the penalty
graph metrics of the trained W_rec (edges: |W| above its 0.9 quantile; %d null graphs):
  Modularity      %s
  SmallWorldness  %s
  Assortativity   %s
  Entropy         %s bits
time: training and evaluation %.1f s, graph metrics %.1f s
`, last.ValAccuracy, last.ValLoss, g.TestAccuracy, g.TestLoss, s.cfg.SmallWorldNulls,
		metric(g.Modularity), metric(g.SmallWorldness), metric(g.Assortativity), metric(g.Entropy),
		g.Seconds-out.GraphSeconds, out.GraphSeconds)
	if err == nil && out.GraphErr != nil {
		_, err = fmt.Fprintf(w, "note: %v\n", out.GraphErr)
	}
	return err
}

// metric formats a graph metric; NaN (undefined) reads "undefined".
func metric(x float64) string {
	if math.IsNaN(x) {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", x)
}

func nonZeros(m mat.Matrix) int {
	r, c := m.Dims()
	n := 0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if m.At(i, j) != 0 {
				n++
			}
		}
	}
	return n
}

// printProvenance writes where the run's numbers come from, as a sweep
// records it (experiment.Provenance): the run's fingerprint, the digest of
// every input file (or the synthetic field's parameters), the code version,
// the Go version and the BLAS kernel.
func printProvenance(w io.Writer, s *setup) {
	p := &s.prov
	fmt.Fprintf(w, "provenance: run fingerprint %s; code %s (%s); %s; BLAS kernel %s\n",
		s.spec.Fingerprint, p.Code, p.CodeSource, p.Go, p.Kernel)
	for _, in := range p.Inputs {
		if in.Generator != "" {
			fmt.Fprintf(w, "  input %s: %s\n", in.Name, in.Generator)
		} else {
			fmt.Fprintf(w, "  input %s: sha256 %s\n", in.Name, in.SHA256)
		}
	}
}
