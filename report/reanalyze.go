package report

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// Results of analyses of stored networks (`paper analyze`, Reanalyze) live
// in the sweep folder beside the training records, which they never change:
//
//	analysis/<name>_v<version>.csv   Task,Variant,Simulation,weights_sha256,<metrics…>:
//	                                 one row per run, in plan order; NaN is an empty cell
//	metric-sources.csv               Metric,Source,Analysis,Version: where each
//	                                 published metric's values come from (only
//	                                 when some come from an analysis)
//
// Every run's row names the digest of the weights file it was computed
// from; LoadAnalyzedRecords uses a row only while it matches the run's record.

// RunAnalyses are the analyses of stored networks that LoadAnalyzedRecords reads back
// (those a sweep folder has a file of), in order. A new analysis is added
// here.
var RunAnalyses = []RunAnalysis{GraphAnalysis{}, DynamicsAnalysis{}}

// DefaultRunAnalyses are those `paper analyze` runs without flags: the graph
// metrics (the slow dynamics summaries only with -dynamics).
var DefaultRunAnalyses = []RunAnalysis{GraphAnalysis{}}

// MetricSourcesFile is the name of the file that says where each metric's
// values come from.
const MetricSourcesFile = "metric-sources.csv"

const analysisDir = "analysis"

// dynamicsFile is the DynamicsAnalysis file of a sweep folder, as the
// reports name it.
var dynamicsFile = filepath.ToSlash(analysisFile("", DynamicsAnalysis{}))

func analysisFile(dir string, a RunAnalysis) string {
	return filepath.Join(dir, analysisDir, fmt.Sprintf("%s_v%d.csv", a.Name(), a.Version()))
}

// Reanalyze recomputes, for every run of the complete sweep in dir, each
// of analyses from the run's stored weights (experiment.OpenRun), without
// retraining; writes analysis/<name>_v<version>.csv and
// metric-sources.csv; and rewrites the published layout, summary and
// figures (Finish) with the analysed metrics in place of the recorded ones.
// Training-time metrics (accuracies, losses) stay as recorded. A sweep run
// without weights (paper run -weights=false) cannot be reanalysed.
// The analyses run one network at a time, in plan order.
func Reanalyze(dir string, analyses []RunAnalysis) error {
	if len(analyses) == 0 {
		return fmt.Errorf("report: Reanalyze: no analyses")
	}
	for _, a := range analyses {
		known := false
		for _, k := range RunAnalyses {
			known = known || (k.Name() == a.Name() && k.Version() == a.Version())
		}
		if !known {
			return fmt.Errorf("report: Reanalyze: analysis %s v%d is not in RunAnalyses, so its results would never be read", a.Name(), a.Version())
		}
	}
	cfg, err := experiment.LoadConfig(dir)
	if err != nil {
		return err
	}
	recs, err := experiment.LoadRecords(dir, &cfg, false)
	if err != nil {
		return err
	}
	rows := make([][][]string, len(analyses))
	for i, a := range analyses {
		rows[i] = [][]string{append([]string{"Task", "Variant", "Simulation", "weights_sha256"}, a.Metrics()...)}
	}
	for _, rec := range recs {
		if rec.Result.Diverged != nil {
			// A diverged network's weights are not finite and were not
			// kept: its network metrics stay not available (empty cells).
			for i, a := range analyses {
				row := []string{strconv.Itoa(rec.Key.Task), rec.Key.Variant, strconv.Itoa(rec.Key.Simulation), rec.Weights}
				for range a.Metrics() {
					row = append(row, formatValue(math.NaN()))
				}
				rows[i] = append(rows[i], row)
			}
			continue
		}
		run, err := experiment.OpenRun(dir, rec.Key)
		if err != nil {
			return err
		}
		if run.Weights == nil {
			return fmt.Errorf("report: run %v of %s has no stored weights (trained with -weights=false?): rerun the sweep's command into a new folder to get them", rec.Key, dir)
		}
		for i, a := range analyses {
			vals, err := a.Analyze(run)
			if err != nil {
				return err
			}
			if len(vals) != len(a.Metrics()) {
				return fmt.Errorf("report: analysis %s returned %d values for %d metrics", a.Name(), len(vals), len(a.Metrics()))
			}
			row := []string{strconv.Itoa(rec.Key.Task), rec.Key.Variant, strconv.Itoa(rec.Key.Simulation), rec.Weights}
			for _, v := range vals {
				row = append(row, formatValue(v))
			}
			rows[i] = append(rows[i], row)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, analysisDir), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for i, a := range analyses {
		if err := writeCSV(analysisFile(dir, a), rows[i]); err != nil {
			return err
		}
	}
	return Finish(dir)
}

// formatValue writes v so that ParseFloat gives it back exactly; NaN is
// empty.
func formatValue(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// LoadAnalyzedRecords is experiment.LoadRecords (every run of the complete sweep
// in dir) with the results of analyses of stored networks applied: for
// each of RunAnalyses whose file analysis/<name>_v<version>.csv exists, its
// values replace the recorded ones (applyAnalysis). A row whose
// weights digest is not the run's record's, or a run without a row, is an
// error: rerun `paper analyze`. It also returns each published metric's
// source.
func LoadAnalyzedRecords(dir string, cfg *experiment.Config) ([]experiment.Record, []MetricSource, error) {
	recs, err := experiment.LoadRecords(dir, cfg, false)
	if err != nil {
		return nil, nil, err
	}
	src := make([]MetricSource, len(Metrics))
	index := map[string]int{}
	for i, m := range Metrics {
		src[i] = MetricSource{Metric: m.String(), Source: SourceTraining}
		index[m.String()] = i
	}
	byKey := make(map[experiment.RunKey]int, len(recs))
	for i := range recs {
		byKey[recs[i].Key] = i
	}
	for _, a := range RunAnalyses {
		path := analysisFile(dir, a)
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("report: %w", err)
		}
		seen, err := applyAnalysisFile(path, b, a, recs, byKey)
		if err != nil {
			return nil, nil, err
		}
		if seen != len(recs) {
			return nil, nil, fmt.Errorf("report: %s has %d of the sweep's %d runs: rerun paper analyze", path, seen, len(recs))
		}
		for _, name := range a.Metrics() {
			row := MetricSource{Metric: name, Source: SourceAnalysis, Analysis: a.Name(), Version: a.Version()}
			if i, ok := index[name]; ok {
				src[i] = row
			} else {
				index[name] = len(src)
				src = append(src, row)
			}
		}
	}
	return recs, src, nil
}

// applyAnalysisFile applies the rows of one analysis file (readAnalysisFile)
// to recs and returns how many runs it covered.
func applyAnalysisFile(path string, b []byte, a RunAnalysis, recs []experiment.Record, byKey map[experiment.RunKey]int) (int, error) {
	vals, err := readAnalysisFile(path, b, a, recs, byKey)
	if err != nil {
		return 0, err
	}
	n := 0
	for i, v := range vals {
		if v == nil {
			continue
		}
		if _, err := applyAnalysis(&recs[i].Result, a, v); err != nil {
			return 0, fmt.Errorf("report: %s: run %v: %w", path, recs[i].Key, err)
		}
		n++
	}
	return n, nil
}

// writeMetricSources writes metric-sources.csv into dir when some metric
// comes from an analysis; without one every metric is as recorded at
// training time and the file is not written (an older one is removed).
func writeMetricSources(dir string, src []MetricSource) error {
	path := filepath.Join(dir, MetricSourcesFile)
	rows := [][]string{{"Metric", "Source", "Analysis", "Version"}}
	analysed := false
	for _, s := range src {
		row := []string{s.Metric, s.Source, "", ""}
		if s.Source == SourceAnalysis {
			row[2], row[3] = s.Analysis, strconv.Itoa(s.Version)
			analysed = true
		}
		rows = append(rows, row)
	}
	if !analysed {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("report: %w", err)
		}
		return nil
	}
	return writeCSV(path, rows)
}

// sourcesNote is the line summary.txt starts with when some metric comes
// from an analysis of the stored weights; empty otherwise.
func sourcesNote(src []MetricSource) string {
	var b bytes.Buffer
	for _, s := range src {
		if s.Source == SourceAnalysis {
			if b.Len() == 0 {
				b.WriteString("Recomputed from the stored weights (paper analyze; metric-sources.csv): ")
			} else {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s (%s v%d)", s.Metric, s.Analysis, s.Version)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	b.WriteString("; every other metric as recorded at training time.\n\n")
	return b.String()
}
