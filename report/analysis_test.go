package report

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/cortexrnn/cortexrnn/stats"
)

func TestFactorSetsPaper(t *testing.T) {
	t.Parallel()
	vars := experiment.PaperVariants()
	nameSets := func(f Factor) [][]string {
		var out [][]string
		for _, s := range factorSets(vars, f) {
			var ns []string
			for _, i := range s {
				ns = append(ns, vars[i].Name)
			}
			out = append(out, ns)
		}
		return out
	}
	want := map[Factor][][]string{
		FactorInit:     {{"W*D*C", "WD*C", "W!D*C"}, {"W*D*C*", "WD*C*", "W!D*C*"}},
		FactorDistance: {{"WD*C", "WDC"}, {"WD*", "WD", "W"}, {"W*D*C*", "W*DC*"}},
		FactorComm:     {{"W*D*C", "W*D*C*"}, {"WD*C", "WD*", "WD*C*"}, {"WDC", "WD"}, {"W!D*C", "W!D*C*"}},
	}
	for f, w := range want {
		assert.Equal(t, w, nameSets(f), "factor %v", f)
	}
}

func TestAnalyze(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Simulations = 6
	dir := t.TempDir()
	_, err := (&experiment.Sweep{Config: cfg, Trainer: fakeTrainer(), Dir: dir, Jobs: 2}).Run(context.Background())

	require.NoError(t, err)
	recs, err := experiment.LoadRecords(dir, &cfg, false)
	require.NoError(t, err)
	opt := DefaultAnalysisOptions()
	opt.BootstrapResamples = 500
	a, err := Analyze(&cfg, recs, Accuracy, opt)
	require.NoError(t, err)
	// 17 pair tests and 4 factor Kruskal–Wallis tests per task (see
	// TestFactorSetsPaper), one overall test per task.
	require.Len(t, a.Pairs, 34)
	require.Len(t, a.FactorKW, 8)
	require.Len(t, a.Overall, 2)
	tb, err := BuildTable(&cfg, recs, Accuracy)
	require.NoError(t, err)
	// Cells against the stats package directly.
	x := tb.Column(2, "W*D*C")
	s, _ := stats.Summarize(x, 0.95)
	c := a.Cells[1][0]
	require.Equal(t, 2, c.Task)
	require.Equal(t, "W*D*C", c.Variant)
	require.Equal(t, 6, c.N)
	testutil.AssertClose(t, c.Mean, s.Mean, 1e-15, 0, "cell mean")
	testutil.AssertClose(t, c.SD, s.SD, 1e-15, 0, "cell SD")
	testutil.AssertClose(t, c.CI.Low, s.CI.Low, 1e-15, 0, "cell CI")
	assert.True(t, c.Bootstrap.Low <= c.Mean && c.Mean <= c.Bootstrap.High, "bootstrap interval %v excludes the mean %v", c.Bootstrap, c.Mean)
	// Pair tests and their Holm family (the task's pairs).
	var task1 []PairTest
	for _, p := range a.Pairs {
		if p.Task == 1 {
			task1 = append(task1, p)
		}
	}
	praw := make([]float64, len(task1))
	for i, p := range task1 {
		r, err := stats.MannWhitneyU(tb.Column(1, p.A), tb.Column(1, p.B))
		require.NoError(t, err)
		assert.Equal(t, r.P, p.P, "pair %s vs %s: p", p.A, p.B)
		assert.Equal(t, r.U, p.U, "pair %s vs %s: U", p.A, p.B)
		assert.Equal(t, r.Exact, p.Exact, "pair %s vs %s: exact", p.A, p.B)
		praw[i] = p.P
	}
	adj, _, _ := stats.Holm(praw, 0.05)
	for i, p := range task1 {
		assert.Equal(t, adj[i], p.PHolm, "pair %d Holm p", i)
	}
	var groups [][]float64
	for _, v := range cfg.Variants {
		groups = append(groups, tb.Column(1, v))
	}
	kw, _ := stats.KruskalWallis(groups...)
	assert.Equal(t, kw.H, a.Overall[0].H, "overall KW H")
	assert.Equal(t, kw.P, a.Overall[0].P, "overall KW p")
	var buf bytes.Buffer
	require.NoError(t, a.WriteText(&buf))
	out := buf.String()
	for _, want := range []string{"== Accuracy (last-epoch training accuracy, as published)", "W!D*C*",
		"Kruskal–Wallis across all variants", "Mann–Whitney U", "W*D*C vs WD*C", "percentile-bootstrap"} {
		assert.Contains(t, out, want, "summary")
	}
	// Assortativity holds a NaN (variant WD, simulation 1): left out.
	as, err := Analyze(&cfg, recs, Assortativity, opt)
	require.NoError(t, err)
	assert.Equal(t, 5, as.Cells[0][4].N, "WD assortativity cell: %+v", as.Cells[0][4])
	assert.False(t, math.IsNaN(as.Cells[0][4].Mean), "WD assortativity cell: %+v", as.Cells[0][4])
	bad := opt
	bad.Level = 1
	_, err = Analyze(&cfg, recs, Accuracy, bad)

	assert.Error(t, err, "Analyze with level 1 succeeded")
}

func TestAnalyzeDegenerate(t *testing.T) {
	t.Parallel()
	// Every network at chance level 0.625: no test is defined; Analyze
	// reports skips instead of failing.
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"WD*", "WD", "W"}, 3
	var recs []experiment.Record
	for _, k := range cfg.Plan() {
		recs = append(recs, experiment.Record{Key: k, Result: experiment.RunResult{Accuracy: 0.625}})
	}
	a, err := Analyze(&cfg, recs, Accuracy, AnalysisOptions{Level: 0.95, Alpha: 0.05})
	require.NoError(t, err)
	assert.Empty(t, a.Overall)
	assert.Empty(t, a.Pairs)
	assert.NotEmpty(t, a.Skipped)
	c := a.Cells[0][0]
	assert.Equal(t, 0.625, c.Mean)
	assert.Equal(t, 0.625, c.CI.Low)
	assert.True(t, math.IsNaN(c.Bootstrap.Low), "no bootstrap interval: %+v", c)
}
