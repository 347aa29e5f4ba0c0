package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
)

// Finish loads the configuration and every record of a complete sweep
// folder (with the results of analyses of its stored networks: LoadAnalyzedRecords),
// writes the published layout (WriteLayout), metric-sources.csv when some
// metric comes from such an analysis, the text summary
// (summary.txt: the diverged runs (WriteDivergence), then Analyze with DefaultAnalysisOptions for Accuracy,
// Modularity, SmallWorldness and Entropy) and the figures
// (figures/<Metric>.png, and figures/Task<n>_learning_curves.png for tasks
// whose runs report a History). It fails,
// naming the missing runs, when the sweep is incomplete.
func Finish(dir string) error {
	cfg, err := experiment.LoadConfig(dir)
	if err != nil {
		return err
	}
	recs, src, err := LoadAnalyzedRecords(dir, &cfg)
	if err != nil {
		return err
	}
	if err := WriteLayout(dir, &cfg, recs); err != nil {
		return err
	}
	if err := writeMetricSources(dir, src); err != nil {
		return err
	}
	figs := filepath.Join(dir, "figures")
	if err := os.MkdirAll(figs, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var buf bytes.Buffer
	if err := WriteDivergence(&buf, cfg.Preset, CountDiverged(&cfg, recs)); err != nil {
		return err
	}
	buf.WriteString(sourcesNote(src))
	for _, m := range []Metric{Accuracy, Modularity, SmallWorldness, Entropy} {
		a, err := Analyze(&cfg, recs, m, DefaultAnalysisOptions())
		if err != nil {
			return err
		}
		if err := a.WriteText(&buf); err != nil {
			return err
		}
		buf.WriteByte('\n')
		if err := PlotAnalysis(filepath.Join(figs, m.String()+".png"), a); err != nil {
			return err
		}
	}
	for _, t := range cfg.TaskNumbers() {
		if !hasHistory(recs, t) {
			continue
		}
		if err := PlotLearningCurves(filepath.Join(figs, fmt.Sprintf("Task%d_learning_curves.png", t)), &cfg, recs, t); err != nil {
			return err
		}
	}
	return atomicfile.Write(filepath.Join(dir, "summary.txt"), buf.Bytes())
}

// hasHistory reports whether any record of task has a learning curve.
func hasHistory(recs []experiment.Record, task int) bool {
	for i := range recs {
		if recs[i].Key.Task == task && len(recs[i].Result.History) > 0 {
			return true
		}
	}
	return false
}
