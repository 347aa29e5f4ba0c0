package report

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// analysisSweep runs a 4-run fake sweep (no weights) into a temporary
// folder and returns it with its configuration and records.
func analysisSweep(t *testing.T) (string, experiment.Config, []experiment.Record) {
	t.Helper()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W*D*C", "W"}, 2
	dir := t.TempDir()
	sw := experiment.Sweep{Config: cfg, Trainer: fakeTrainer(), Dir: dir}
	_, err := sw.Run(context.Background())
	require.NoError(t, err)
	recs, err := experiment.LoadRecords(dir, &cfg, false)
	require.NoError(t, err)
	return dir, cfg, recs
}

// graphRows writes analysis/graph_v1.csv with one row per record, the
// modularity replaced by 10 + the row's index, and returns its path.
func graphRows(t *testing.T, dir string, recs []experiment.Record, edit func(i int, row []string) []string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Task,Variant,Simulation,weights_sha256,Modularity,SmallWorldness,Assortativity,Entropy\n")
	for i, r := range recs {
		row := []string{fmt.Sprint(r.Key.Task), r.Key.Variant, fmt.Sprint(r.Key.Simulation), r.Weights,
			fmt.Sprint(10 + i), "2", "", "5"}
		if edit != nil {
			row = edit(i, row)
		}
		if row != nil {
			b.WriteString(strings.Join(row, ",") + "\n")
		}
	}
	require.NoError(t, os.MkdirAll(filepath.Join(dir, analysisDir), 0o755))
	path := analysisFile(dir, GraphAnalysis{})
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

func TestLoadAnalyzedRecords(t *testing.T) {
	dir, cfg, recs := analysisSweep(t)
	got, src, err := LoadAnalyzedRecords(dir, &cfg)
	require.NoError(t, err)
	assert.Equal(t, recs[0].Result.Modularity, got[0].Result.Modularity, "no analysis file: as recorded")
	for _, s := range src {
		assert.Equal(t, SourceTraining, s.Source, s.Metric)
	}

	graphRows(t, dir, recs, nil)
	got, src, err = LoadAnalyzedRecords(dir, &cfg)
	require.NoError(t, err)
	for i := range got {
		assert.Equal(t, float64(10+i), got[i].Result.Modularity)
		assert.True(t, math.IsNaN(got[i].Result.Assortativity), "an empty cell is NaN")
		assert.Equal(t, recs[i].Result.Accuracy, got[i].Result.Accuracy, "training-time metrics stay")
	}
	want := map[string]string{"Accuracy": SourceTraining, "Loss": SourceTraining,
		"Modularity": SourceAnalysis, "Entropy": SourceAnalysis}
	for _, s := range src {
		if w, ok := want[s.Metric]; ok {
			assert.Equal(t, w, s.Source, s.Metric)
		}
	}
	require.NoError(t, Finish(dir))
	b, err := os.ReadFile(filepath.Join(dir, MetricSourcesFile))
	require.NoError(t, err)
	assert.Contains(t, string(b), "Modularity,analysis,graph,1\n")

	for _, c := range []struct {
		name string
		edit func(i int, row []string) []string
		msg  string
	}{
		{"other weights", func(i int, row []string) []string {
			if i == 1 {
				row[3] = "00ff"
			}
			return row
		}, "was analysed from weights 00ff"},
		{"missing run", func(i int, row []string) []string {
			if i == 2 {
				return nil
			}
			return row
		}, "has 3 of the sweep's 4 runs"},
		{"unknown run", func(i int, row []string) []string {
			if i == 0 {
				row[2] = "7"
			}
			return row
		}, "is not in the sweep"},
		{"listed twice", func(i int, row []string) []string {
			if i == 2 {
				row[1], row[2] = recs[0].Key.Variant, fmt.Sprint(recs[0].Key.Simulation)
			}
			return row
		}, "is listed twice"},
		{"not a number", func(i int, row []string) []string {
			row[5] = "x"
			return row
		}, `SmallWorldness "x"`},
		{"infinite", func(i int, row []string) []string {
			row[7] = "Inf"
			return row
		}, "is infinite"},
	} {
		t.Run(c.name, func(t *testing.T) {
			graphRows(t, dir, recs, c.edit)
			_, _, err := LoadAnalyzedRecords(dir, &cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.msg)
		})
	}
}

func TestReanalyzeRefuses(t *testing.T) {
	dir, _, _ := analysisSweep(t)
	err := Reanalyze(dir, DefaultRunAnalyses)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "has no stored weights")
	assert.Error(t, Reanalyze(dir, nil))
}

// FuzzAnalysisFile checks that no analysis file makes the reader panic.
func FuzzAnalysisFile(f *testing.F) {
	f.Add([]byte("Task,Variant,Simulation,weights_sha256,Modularity,SmallWorldness,Assortativity,Entropy\n1,W,0,,0.5,2,,5\n"))
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte("\"unterminated\n"))
	f.Add([]byte("Task,Variant,Simulation,weights_sha256,Modularity,SmallWorldness,Assortativity,Entropy\nx,W,0,,1,1,1,1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs := []experiment.Record{{Key: experiment.RunKey{Task: 1, Variant: "W", Simulation: 0}}}
		byKey := map[experiment.RunKey]int{recs[0].Key: 0}
		n, err := applyAnalysisFile("fuzz.csv", b, GraphAnalysis{}, recs, byKey)
		if err == nil {
			assert.LessOrEqual(t, n, len(b))
		}
	})
}
