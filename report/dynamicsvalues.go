package report

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/experiment"
)

// dynamicsSummary is one column of DynamicsAnalysis that the reports
// compare between variants.
type dynamicsSummary struct {
	col   int    // index in DynamicsAnalysis.Metrics and in a Sweep.Dynamics row
	name  string // the column's name
	title string // heading
	label string // axis label
	why   string // what it measures, and why it is compared
}

// dynamicsSummaries are the columns of DynamicsAnalysis the reports compare:
// all three, each a different question about how a network computes.
var dynamicsSummaries = []dynamicsSummary{
	{0, "StableFixedPoints", "Stable fixed points per input", "stable fixed points per input (mean over inputs)",
		"Attractors: how many states the network would settle in under each of the task's constant inputs " +
			"(mean over the inputs). A network that holds the goal in persistent activity needs more than one " +
			"stable state under the delay input; one that computes by where its state is heading may have none. " +
			"Counts tie often; with ties the Mann–Whitney test uses the normal approximation with the tie correction."},
	{1, "ParticipationRatio", "Participation ratio", "participation ratio (Σλ)²/Σλ²",
		"Dimensionality of the noise-free trajectories on the test trials, (Σλ)²/Σλ² of the PCA eigenvalues: " +
			"between 1 (one direction) and N. It asks whether a biological initialisation gives lower- or " +
			"higher-dimensional dynamics than its controls."},
	{2, "LeadingModulus", "Leading eigenvalue modulus", "leading |λ| at the fixed points",
		"Stability margin: the largest |λ| of the Jacobian over every fixed point found (below 1: every mode " +
			"decays; near 1: slow, line-attractor-like modes; above 1: saddles or unstable points). It is not " +
			"defined for a network without a fixed point near its trajectories: those runs are left out of it " +
			"and counted in the table above."},
}

// loadDynamics reads the DynamicsAnalysis file of the sweep in dir: each
// run's summaries in the order of recs. A folder without the file gives
// nil. The file must list every run (readAnalysisFile checks each row);
// a negative value, meaningless for a count, a ratio or a modulus, is an
// error.
func loadDynamics(dir string, recs []experiment.Record) ([][]float64, error) {
	a := DynamicsAnalysis{}
	path := analysisFile(dir, a)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return parseDynamics(path, b, recs)
}

// parseDynamics is loadDynamics on the file's content b.
func parseDynamics(path string, b []byte, recs []experiment.Record) ([][]float64, error) {
	a := DynamicsAnalysis{}
	byKey := make(map[experiment.RunKey]int, len(recs))
	for i := range recs {
		byKey[recs[i].Key] = i
	}
	vals, err := readAnalysisFile(path, b, a, recs, byKey)
	if err != nil {
		return nil, err
	}
	for i, v := range vals {
		if v == nil {
			return nil, fmt.Errorf("report: %s does not list run %v: rerun paper analyze -dynamics", path, recs[i].Key)
		}
		for j, x := range v {
			if err := checkDynamicsValue(j, x); err != nil {
				return nil, fmt.Errorf("report: %s: run %v: %w", path, recs[i].Key, err)
			}
		}
	}
	return vals, nil
}

// checkDynamics returns an error unless sw.Dynamics is nil or has one row
// per record with one non-negative value (or NaN) per DynamicsAnalysis
// metric, as LoadSweep reads it.
func checkDynamics(sw *Sweep) error {
	if sw.Dynamics == nil {
		return nil
	}
	want := len(DynamicsAnalysis{}.Metrics())
	if len(sw.Dynamics) != len(sw.Records) {
		return fmt.Errorf("report: sweep %s: %d rows of dynamics for %d runs", sw.Dir, len(sw.Dynamics), len(sw.Records))
	}
	for i, row := range sw.Dynamics {
		if len(row) != want {
			return fmt.Errorf("report: sweep %s: run %v has %d dynamics values, want %d", sw.Dir, sw.Records[i].Key, len(row), want)
		}
		for j, x := range row {
			if err := checkDynamicsValue(j, x); err != nil {
				return fmt.Errorf("report: sweep %s: run %v: %w", sw.Dir, sw.Records[i].Key, err)
			}
		}
	}
	return nil
}

// dynValues returns summary s of the runs of (task, variant) of sw that
// have it, in plan order.
func dynValues(sw *Sweep, task int, variant string, s dynamicsSummary) []float64 {
	if sw.Dynamics == nil {
		return nil
	}
	var out []float64
	for i := range sw.Records {
		k := sw.Records[i].Key
		if k.Task != task || k.Variant != variant {
			continue
		}
		if x := sw.Dynamics[i][s.col]; !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out
}

// dynCoverage counts the runs of a sweep with and without dynamics.
type dynCoverage struct {
	runs, with, without, diverged int
	// undefined counts, per summary, the runs with dynamics whose summary
	// is not defined (LeadingModulus without a fixed point).
	undefined []int
}

func coverage(sw *Sweep) dynCoverage {
	c := dynCoverage{runs: len(sw.Records), undefined: make([]int, len(dynamicsSummaries))}
	for i, row := range sw.Dynamics {
		has := false
		for _, x := range row {
			has = has || !math.IsNaN(x)
		}
		if !has {
			c.without++
			if sw.Records[i].Result.Diverged != nil {
				c.diverged++
			}
			continue
		}
		c.with++
		for j, s := range dynamicsSummaries {
			if math.IsNaN(row[s.col]) {
				c.undefined[j]++
			}
		}
	}
	return c
}

// dynContrast is a comparison of a biological variant with one of its
// controls: the variant that differs from it in the initialisation alone.
type dynContrast struct {
	control, a, b string // control: the control's initialisation, in words
}

// controlInits are the initialisations a biological variant is compared
// with, in the order of the report: the paper's factor contrast
// (orthogonal) and the controls.
var controlInits = []struct {
	init experiment.Init
	text string
}{
	{experiment.InitOrthogonal, "orthogonal (factor W)"},
	{experiment.InitPermutedBio, "permuted biological"},
	{experiment.InitScaledRandom, "scale-matched random"},
	{experiment.InitLogNormal, "log-normal only"},
	{experiment.InitResampledBio, "resampled biological"},
	{experiment.InitBioDiagonal, "self-connections alone"},
	{experiment.InitBioCoupling, "coupling alone"},
}

// dynamicsContrasts returns, for every biological variant (W*…) in
// canonical order, its comparison with each control that differs from it
// in the initialisation alone (same distances, communicability and Dale's
// law), for which held(a, b) holds.
func dynamicsContrasts(held func(a, b string) bool) []dynContrast {
	all := append(experiment.PaperVariants(), experiment.ExtraVariants()...)
	var out []dynContrast
	for _, v := range all {
		if v.Init != experiment.InitBio {
			continue
		}
		for _, ci := range controlInits {
			for _, c := range all {
				if c.Init == ci.init && c.Distance == v.Distance && c.Comm == v.Comm && c.Dale == v.Dale && held(v.Name, c.Name) {
					out = append(out, dynContrast{ci.text, v.Name, c.Name})
				}
			}
		}
	}
	return out
}

// maxDynamicsValue bounds the participation ratio and the leading |λ|: a
// ratio above it would need more units than any field has, a modulus above
// it a network whose linearisation grows a millionfold per step. Such values
// come from a damaged file, and the reports refuse them rather than print
// infinite intervals.
const maxDynamicsValue = 1e6

// checkDynamicsValue reports a value of the j-th DynamicsAnalysis metric
// that cannot be a summary of a trained network: NaN (not available) is
// fine; the stable fixed points per input lie in [0, DefaultStarts] (each
// initial state settles at one point at most), the participation ratio in
// [1, maxDynamicsValue] ((Σλ)² ≥ Σλ² for a covariance's eigenvalues λ ≥ 0;
// a little below 1 is rounding), the leading |λ| in [0, maxDynamicsValue].
func checkDynamicsValue(j int, x float64) error {
	if math.IsNaN(x) {
		return nil
	}
	name := DynamicsAnalysis{}.Metrics()[j]
	lo, hi := 0.0, maxDynamicsValue
	switch name {
	case "StableFixedPoints":
		hi = float64(dynamics.DefaultStarts)
	case "ParticipationRatio":
		lo = 1 - 1e-9
	}
	if !(x >= lo && x <= hi) {
		return fmt.Errorf("%s = %v is outside [%g, %g]", name, x, lo, hi)
	}
	return nil
}
