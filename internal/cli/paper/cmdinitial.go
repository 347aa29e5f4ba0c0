package paper

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"text/tabwriter"

	"gonum.org/v1/gonum/stat"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
)

const initialUsage = `usage: paper initial [flags]

Describes the initial recurrent matrices W_rec of a sweep's variants, as
its runs start training, without training anything: for each
initialisation among the variants (biological W*, its permutation W!, the
scale-matched Wr, log-normal-only Wl and resampled Wb controls, the
orthogonal one), the mean ± sd over every task and simulation of the
statistics of connectome.Summarize: spectral radius, that of the coupling
alone (off the diagonal), L1 and Frobenius norms, the share of weight on
self-connections, density, share of positive entries, spread of entries
and of in- and out-strengths, reciprocity and departure from normality.
The controls are scaled to W*'s spectral radius (Wr to its L1 norm too);
this shows what else each keeps. -csv writes one row per task, simulation and initialisation.
Flags:
`

// summaryStats are the columns of paper initial, in order: a name for the
// table, the CSV header, and the value.
var summaryStats = []struct {
	name, column string
	value        func(*connectome.MatrixSummary) float64
}{
	{"spectral radius", "SpectralRadius", func(s *connectome.MatrixSummary) float64 { return s.SpectralRadius }},
	{"off-diagonal radius", "OffDiagonalRadius", func(s *connectome.MatrixSummary) float64 { return s.OffDiagonalRadius }},
	{"L1 norm", "L1", func(s *connectome.MatrixSummary) float64 { return s.L1 }},
	{"Frobenius norm", "Frobenius", func(s *connectome.MatrixSummary) float64 { return s.Frobenius }},
	{"diagonal share", "DiagonalShare", func(s *connectome.MatrixSummary) float64 { return s.DiagonalShare }},
	{"density", "Density", func(s *connectome.MatrixSummary) float64 { return s.Density }},
	{"positive share", "PositiveShare", func(s *connectome.MatrixSummary) float64 { return s.PositiveShare }},
	{"entry CV", "EntryCV", func(s *connectome.MatrixSummary) float64 { return s.EntryCV }},
	{"out-strength CV", "OutStrengthCV", func(s *connectome.MatrixSummary) float64 { return s.OutStrengthCV }},
	{"in-strength CV", "InStrengthCV", func(s *connectome.MatrixSummary) float64 { return s.InStrengthCV }},
	{"reciprocity", "Reciprocity", func(s *connectome.MatrixSummary) float64 { return s.Reciprocity }},
	{"non-normality", "NonNormality", func(s *connectome.MatrixSummary) float64 { return s.NonNormality }},
}

// initKind is one initialisation among a sweep's variants: the first
// variant that uses it stands for it (the others of the same kind start
// from the same kind of matrix).
type initKind struct {
	label   string // e.g. "bio (W*D*C)"
	variant experiment.Variant
}

// initKinds returns the distinct initialisations (with and without Dale's
// law) of cfg's variants, in the order they first appear.
func initKinds(cfg *experiment.Config) ([]initKind, error) {
	type key struct {
		init experiment.Init
		dale bool
	}
	seen := map[key]bool{}
	var out []initKind
	for _, name := range cfg.Variants {
		v, err := experiment.VariantByName(name)
		if err != nil {
			return nil, usageError{err}
		}
		k := key{v.Init, v.Dale}
		if seen[k] {
			continue
		}
		seen[k] = true
		label := v.Init.String()
		if v.Dale {
			label += " E/I"
		}
		out = append(out, initKind{label: fmt.Sprintf("%s (%s)", label, v.Name), variant: v})
	}
	return out, nil
}

// runInitial is "paper initial".
func runInitial(args []string, stdout, stderr io.Writer) error {
	var sf sweepFlags
	var fo fieldOptions
	fs := newFlagSet("initial", initialUsage, stderr)
	sf.register(fs, true)
	fo.register(fs)
	csvPath := fs.String("csv", "", "also write every draw's statistics to `FILE` (CSV)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q (flags go before them? see paper initial -h)", fs.Args())
	}
	p, err := sf.parsePreset()
	if err != nil {
		return err
	}
	cfg, err := sf.config(p)
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	kinds, err := initKinds(&cfg)
	if err != nil {
		return err
	}
	fo.warn = stderr
	field, err := loadField(&cfg, fo)
	if err != nil {
		return usageError{err}
	}
	useFastBLAS(1)
	tr, err := experiment.NewPaperTrainer(&cfg, field)
	if err != nil {
		return usageError{err}
	}
	prov, err := experiment.CurrentProvenance(&cfg)
	if err != nil {
		return err
	}
	var cw *csv.Writer
	var csvFile *os.File
	if *csvPath != "" {
		if csvFile, err = os.Create(*csvPath); err != nil {
			return usageError{err}
		}
		defer csvFile.Close() // on an early return; the normal path closes it below
		cw = csv.NewWriter(csvFile)
		header := []string{"Task", "Simulation", "Variant", "Initialisation", "N"}
		for _, st := range summaryStats {
			header = append(header, st.column)
		}
		if err := cw.Write(header); err != nil {
			return err
		}
	}
	// values[k][s] holds statistic s of every draw of kind k.
	values := make([][][]float64, len(kinds))
	for k, kind := range kinds {
		values[k] = make([][]float64, len(summaryStats))
		for _, task := range cfg.TaskNumbers() {
			for sim := range cfg.Simulations {
				spec, err := cfg.Spec(experiment.RunKey{Task: task, Variant: kind.variant.Name, Simulation: sim}, prov.Inputs)
				if err != nil {
					return err
				}
				w, err := tr.InitialRecurrent(spec)
				if err != nil {
					return fmt.Errorf("%v: %w", spec.Key, err)
				}
				s, err := connectome.Summarize(w)
				if err != nil {
					return fmt.Errorf("%v: %w", spec.Key, err)
				}
				row := []string{strconv.Itoa(task), strconv.Itoa(sim), kind.variant.Name, kind.variant.Init.String(), strconv.Itoa(s.N)}
				for i, st := range summaryStats {
					v := st.value(&s)
					values[k][i] = append(values[k][i], v)
					row = append(row, csvFloat(v))
				}
				if cw != nil {
					if err := cw.Write(row); err != nil {
						return err
					}
				}
			}
		}
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		if err := csvFile.Close(); err != nil {
			return err
		}
	}
	draws := len(cfg.Tasks) * cfg.Simulations
	fmt.Fprintf(stdout, "initial W_rec: %s preset, field %s (N = %d), %d tasks × %d simulations: mean ± sd over %d draws\n",
		cfg.Preset, field.Name, field.N, len(cfg.Tasks), cfg.Simulations, draws)
	fmt.Fprintf(stdout, "configuration fingerprint %s (settings and input data); code %s (%s), %s, BLAS kernel %s\n\n",
		cfg.Fingerprint(prov.Inputs), prov.Code, prov.CodeSource, prov.Go, prov.Kernel)
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprint(tw, "statistic")
	for _, kind := range kinds {
		fmt.Fprintf(tw, "\t%s", kind.label)
	}
	fmt.Fprintln(tw)
	for i, st := range summaryStats {
		fmt.Fprint(tw, st.name)
		for k := range kinds {
			fmt.Fprintf(tw, "\t%s", meanSD(values[k][i]))
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// meanSD formats the mean ± population sd of x to 3 significant digits,
// "undefined" when any value is NaN.
func meanSD(x []float64) string {
	for _, v := range x {
		if math.IsNaN(v) {
			return "undefined"
		}
	}
	m, v := stat.PopMeanVariance(x, nil)
	return fmt.Sprintf("%.3g ± %.2g", m, math.Sqrt(v))
}

// csvFloat formats v for a CSV cell: shortest round-trip digits, NaN as an
// empty cell.
func csvFloat(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
