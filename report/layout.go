package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
	"github.com/cortexrnn/cortexrnn/internal/pyfloat"
)

// Published layout (docs/method.md §8), written by WriteLayout into the sweep
// folder (named Config.FolderName()):
//
//	config.txt                 every Config field, "name: value" per line
//	metrics.csv                Task,Metric,<variants…>: mean over simulations
//	metrics_SD.csv             Task,Metric,<variants…>: SD over simulations
//	Task<n>/<Metric>_raw.csv   simulation,<variants…>: one row per simulation
//	runs.csv                   long format, one row per run (extra)
//	learning_curves.csv        one row per run and epoch (extra)
//	timings.csv                task,variant,simulation,seconds: each run's
//	                           wall time (extra; the one file that differs
//	                           between otherwise identical sweeps)
//	diverged.csv               task,variant,runs,diverged,large_loss: the
//	                           runs of each cell that diverged or blew up
//	                           (extra; DivergedFile)
//
// Choices the method leaves open, documented here:
//   - Variant columns follow Config.Variants: the eleven published variants in
//     canonical order, then any extra variants (the Corrected preset appends
//     the scale-matched controls), so the notebooks' columns are unchanged.
//   - The Task column holds "Task1", "Task2", "Task3" (the names of the raw
//     folders); the Metric column the published metric names.
//   - simulation is 0-based.
//   - The SD is the sample standard deviation (ddof = 1), pandas'
//     DataFrame.std default, which the notebook's pandas tables most likely
//     used; numpy.std's ddof = 0 default would be smaller by √((n−1)/n)
//     (2.5% at n = 20). The method does not say which; this is a guess.
//   - Means and SDs skip NaN cells (pandas' skipna), which graph metrics
//     and the unavailable values of diverged runs hold (counted in
//     diverged.csv); a cell with no finite value, or an SD of fewer than
//     two, is empty. NaN is written as an empty cell, as pandas does.
//   - Numbers are written as Python's repr(float) (shortest round-trip
//     digits, e.g. 0.9171875, 1e-05), which is what pandas' to_csv writes.

// cellStats returns the mean and ddof-1 SD of the finite values of x
// (NaN when undefined).
func cellStats(x []float64) (mean, sd float64) {
	var n int
	var s float64
	for _, v := range x {
		if !math.IsNaN(v) {
			s += v
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	mean = s / float64(n)
	if n < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, v := range x {
		if !math.IsNaN(v) {
			d := v - mean
			ss += d * d
		}
	}
	return mean, math.Sqrt(ss / float64(n-1))
}

// Table holds one metric's values of a complete sweep: Values[t][v][s] is
// task Tasks[t], variant Variants[v], simulation s.
type Table struct {
	Tasks    []int
	Variants []string
	Metric   Metric
	Values   [][][]float64
}

// Column returns the values of one task and variant over simulations (nil if
// the pair is not in the table).
func (tb *Table) Column(task int, variant string) []float64 {
	for i, t := range tb.Tasks {
		if t != task {
			continue
		}
		for j, v := range tb.Variants {
			if v == variant {
				return tb.Values[i][j]
			}
		}
	}
	return nil
}

// BuildTable arranges metric m of recs (a complete plan of cfg, as
// LoadRecords returns it) into a Table. Accuracy follows cfg.AccuracySource.
func BuildTable(cfg *experiment.Config, recs []experiment.Record, m Metric) (*Table, error) {
	tb := &Table{Tasks: cfg.TaskNumbers(), Variants: cfg.Variants, Metric: m}
	tb.Values = make([][][]float64, len(cfg.Tasks))
	ti := map[int]int{}
	vi := map[string]int{}
	for i, t := range cfg.TaskNumbers() {
		ti[t] = i
		tb.Values[i] = make([][]float64, len(cfg.Variants))
		for j := range cfg.Variants {
			col := make([]float64, cfg.Simulations)
			for s := range col {
				col[s] = math.NaN()
			}
			tb.Values[i][j] = col
		}
	}
	for j, v := range cfg.Variants {
		vi[v] = j
	}
	seen := map[experiment.RunKey]bool{}
	for i := range recs {
		k := recs[i].Key
		t, ok1 := ti[k.Task]
		v, ok2 := vi[k.Variant]
		if !ok1 || !ok2 || k.Simulation < 0 || k.Simulation >= cfg.Simulations {
			return nil, fmt.Errorf("report: run %v is not part of this sweep", k)
		}
		if seen[k] {
			return nil, fmt.Errorf("report: run %v given twice", k)
		}
		seen[k] = true
		tb.Values[t][v][k.Simulation] = MetricValue(&recs[i].Result, m, cfg.AccuracySource)
	}
	if want := len(cfg.Tasks) * len(cfg.Variants) * cfg.Simulations; len(seen) != want {
		return nil, fmt.Errorf("report: %d of %d runs present; the published layout needs all", len(seen), want)
	}
	return tb, nil
}

// csvBytes renders rows with encoding/csv ("\n" line ends, like pandas).
func csvBytes(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeCSV(path string, rows [][]string) error {
	b, err := csvBytes(rows)
	if err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	return atomicfile.Write(path, b)
}

// WriteLayout writes the published layout and the extra long-format files
// (listed at the top of layout.go) for recs, a complete plan of cfg, into
// dir. Every file is written atomically; every file but TimingsFile depends
// only on cfg and the records' results (not on RunResult.Seconds), so equal
// records give byte-identical files.
func WriteLayout(dir string, cfg *experiment.Config, recs []experiment.Record) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	tables := make([]*Table, len(Metrics))
	for i, m := range Metrics {
		tb, err := BuildTable(cfg, recs, m)
		if err != nil {
			return err
		}
		tables[i] = tb
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, "config.txt"), []byte(experiment.ConfigFileText(dir, cfg))); err != nil {
		return err
	}
	header := append([]string{"Task", "Metric"}, cfg.Variants...)
	means := [][]string{header}
	sds := [][]string{header}
	for ti, task := range cfg.TaskNumbers() {
		for _, tb := range tables {
			mr := []string{fmt.Sprintf("Task%d", task), tb.Metric.String()}
			sr := slices.Clone(mr)
			for vi := range cfg.Variants {
				m, s := cellStats(tb.Values[ti][vi])
				mr = append(mr, pyfloat.Format(m))
				sr = append(sr, pyfloat.Format(s))
			}
			means = append(means, mr)
			sds = append(sds, sr)
		}
	}
	if err := writeCSV(filepath.Join(dir, "metrics.csv"), means); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, "metrics_SD.csv"), sds); err != nil {
		return err
	}
	for ti, task := range cfg.TaskNumbers() {
		td := filepath.Join(dir, fmt.Sprintf("Task%d", task))
		if err := os.MkdirAll(td, 0o755); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		for _, tb := range tables {
			rows := [][]string{append([]string{"simulation"}, cfg.Variants...)}
			for s := 0; s < cfg.Simulations; s++ {
				row := []string{strconv.Itoa(s)}
				for vi := range cfg.Variants {
					row = append(row, pyfloat.Format(tb.Values[ti][vi][s]))
				}
				rows = append(rows, row)
			}
			if err := writeCSV(filepath.Join(td, tb.Metric.String()+"_raw.csv"), rows); err != nil {
				return err
			}
		}
	}
	if err := writeCSV(filepath.Join(dir, "runs.csv"), runsRows(recs)); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, "learning_curves.csv"), curveRows(recs)); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, DivergedFile), divergedRows(CountDiverged(cfg, recs))); err != nil {
		return err
	}
	return writeCSV(filepath.Join(dir, TimingsFile), timingRows(recs))
}

// TimingsFile is the name of the file in which WriteLayout stores each
// run's wall time (RunResult.Seconds; an empty cell when unknown). Every
// other output of a sweep is a function of its configuration alone;
// this one depends on the machine and its load.
const TimingsFile = "timings.csv"

func timingRows(recs []experiment.Record) [][]string {
	rows := [][]string{{"task", "variant", "simulation", "seconds"}}
	for i := range recs {
		r := &recs[i]
		rows = append(rows, []string{fmt.Sprintf("Task%d", r.Key.Task), r.Key.Variant, strconv.Itoa(r.Key.Simulation),
			pyfloat.Format(r.Result.Seconds)})
	}
	return rows
}

// runsCSVHeader is the header of runs.csv.
var runsCSVHeader = []string{"task", "variant", "simulation", "seed",
	"Accuracy", "Loss", "Validation_Accuracy", "Validation_Loss", "Test_Accuracy", "Test_Loss",
	"Modularity", "SmallWorldness", "Assortativity", "Entropy"}

func runsRows(recs []experiment.Record) [][]string {
	rows := [][]string{runsCSVHeader}
	for i := range recs {
		r := &recs[i]
		x := &r.Result
		row := []string{fmt.Sprintf("Task%d", r.Key.Task), r.Key.Variant, strconv.Itoa(r.Key.Simulation),
			strconv.FormatUint(r.Seed, 10)}
		for _, v := range []float64{x.Accuracy, x.Loss, x.ValidationAccuracy, x.ValidationLoss, x.TestAccuracy,
			x.TestLoss, x.Modularity, x.SmallWorldness, x.Assortativity, x.Entropy} {
			row = append(row, pyfloat.Format(v))
		}
		rows = append(rows, row)
	}
	return rows
}

func curveRows(recs []experiment.Record) [][]string {
	rows := [][]string{{"task", "variant", "simulation", "epoch", "loss", "accuracy", "val_loss", "val_accuracy"}}
	for i := range recs {
		r := &recs[i]
		for e, h := range r.Result.History {
			rows = append(rows, []string{fmt.Sprintf("Task%d", r.Key.Task), r.Key.Variant,
				strconv.Itoa(r.Key.Simulation), strconv.Itoa(e + 1),
				pyfloat.Format(h.Loss), pyfloat.Format(h.Accuracy), pyfloat.Format(h.ValidationLoss), pyfloat.Format(h.ValidationAccuracy)})
		}
	}
	return rows
}
