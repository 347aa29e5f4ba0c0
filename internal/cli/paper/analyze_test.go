package paper

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// TestRunKeepsWeightsAndAnalyzeReproducesGraphMetrics runs a tiny sweep,
// checks that every run left a weights file that rnn reads and that a
// rerun into another folder reproduces bit for bit, then runs paper
// analyze: the graph metrics recomputed from the stored weights must give
// byte-identical published files.
func TestRunKeepsWeightsAndAnalyzeReproducesGraphMetrics(t *testing.T) {
	out, again := t.TempDir(), t.TempDir()
	mustRun(t, with(tinyArgs, "-out", out)...)
	mustRun(t, with(tinyArgs, "-out", again, "-j", "2")...)
	dir := filepath.Join(out, tinyFolder)
	cfg, err := experiment.LoadConfig(dir)
	require.NoError(t, err)
	recs, err := experiment.LoadRecords(dir, &cfg, false)
	require.NoError(t, err)
	require.Len(t, recs, 4)
	for _, rec := range recs {
		run, err := experiment.OpenRun(dir, rec.Key)
		require.NoError(t, err)
		name := filepath.Join("runs", filepath.Base(run.WeightsFile))
		a, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(again, tinyFolder, name))
		require.NoError(t, err)
		assert.Equal(t, a, b, "%s: a rerun reproduces the weights bit for bit", name)
		w, err := rnn.ReadWeightsFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, 16, w.Model.Config().NRec)
	}

	published := []string{"metrics.csv", "metrics_SD.csv", "runs.csv", "Task1/Modularity_raw.csv",
		"Task1/SmallWorldness_raw.csv", "Task1/Assortativity_raw.csv", "Task1/Entropy_raw.csv"}
	before := map[string][]byte{}
	for _, f := range published {
		b, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		before[f] = b
	}
	assert.NoFileExists(t, filepath.Join(dir, "metric-sources.csv"), "no analysis yet: every metric is from training")

	stdout, _ := mustRun(t, "analyze", dir)
	assert.Contains(t, stdout, "Recomputed from the stored weights")
	for _, f := range published {
		b, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.Equal(t, string(before[f]), string(b), "%s: the analysed graph metrics equal those of training bit for bit", f)
	}
	src, err := os.ReadFile(filepath.Join(dir, "metric-sources.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "Accuracy,training,,\n")
	assert.Contains(t, string(src), "Modularity,analysis,graph,1\n")
	rows, err := os.ReadFile(filepath.Join(dir, "analysis", "graph_v1.csv"))
	require.NoError(t, err)
	assert.Len(t, strings.Split(strings.TrimSpace(string(rows)), "\n"), 5, "a header and one row per run")
	// The report reads the analysed values too.
	sum, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(sum), "Recomputed from the stored weights"))

	// -dynamics adds the state-space summaries, deterministically.
	mustRun(t, "analyze", "-dynamics", dir)
	dyn, err := os.ReadFile(filepath.Join(dir, "analysis", "dynamics_v2.csv"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(dyn)), "\n")
	require.Len(t, lines, 5)
	assert.Equal(t, "Task,Variant,Simulation,weights_sha256,StableFixedPoints,ParticipationRatio,LeadingModulus", lines[0])
	src, err = os.ReadFile(filepath.Join(dir, "metric-sources.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "ParticipationRatio,analysis,dynamics,2\n")
	for _, f := range published {
		b, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.Equal(t, string(before[f]), string(b), "%s: unchanged by -dynamics", f)
	}
	mustRun(t, "analyze", "-dynamics", dir)
	dyn2, err := os.ReadFile(filepath.Join(dir, "analysis", "dynamics_v2.csv"))
	require.NoError(t, err)
	assert.Equal(t, string(dyn), string(dyn2), "the dynamics analysis is deterministic")
}

// TestRunWithoutWeights checks -weights=false: no weights files, the same
// fingerprint, and paper analyze refuses the sweep with an explanation.
func TestRunWithoutWeights(t *testing.T) {
	with1, without := t.TempDir(), t.TempDir()
	mustRun(t, with(tinyArgs, "-out", with1)...)
	mustRun(t, with(tinyArgs, "-out", without, "-weights=false")...)
	a, err := os.ReadFile(filepath.Join(with1, tinyFolder, "sweep-config.json"))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(without, tinyFolder, "sweep-config.json"))
	require.NoError(t, err)
	assert.Equal(t, string(a), string(b), "-weights=false changes no fingerprint")
	npz, err := filepath.Glob(filepath.Join(without, tinyFolder, "runs", "*.npz"))
	require.NoError(t, err)
	assert.Empty(t, npz)
	code, _, stderr := runPaper(t, "analyze", filepath.Join(without, tinyFolder))
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "has no stored weights")
}
