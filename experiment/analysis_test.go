package experiment

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/cortexrnn/cortexrnn/stats"
)

func TestFactorSetsPaper(t *testing.T) {
	t.Parallel()
	vars := PaperVariants()
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
		got := nameSets(f)
		if len(got) != len(w) {
			t.Errorf("factor %v: sets %v, want %v", f, got, w)
			continue
		}
		for i := range w {
			if !slices.Equal(got[i], w[i]) {
				t.Errorf("factor %v set %d: %v, want %v", f, i, got[i], w[i])
			}
		}
	}
}

func TestAnalyze(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Simulations = 6
	dir := t.TempDir()
	if _, err := (&Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: dir, Jobs: 2}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	recs, err := LoadRecords(dir, &cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultAnalysisOptions()
	opt.BootstrapResamples = 500
	a, err := Analyze(&cfg, recs, Accuracy, opt)
	if err != nil {
		t.Fatal(err)
	}
	// 17 pair tests and 4 factor Kruskal–Wallis tests per task (see
	// TestFactorSetsPaper), one overall test per task.
	if len(a.Pairs) != 34 || len(a.FactorKW) != 8 || len(a.Overall) != 2 {
		t.Fatalf("pairs %d, factor KW %d, overall %d", len(a.Pairs), len(a.FactorKW), len(a.Overall))
	}
	tb, err := BuildTable(&cfg, recs, Accuracy)
	if err != nil {
		t.Fatal(err)
	}
	// Cells against the stats package directly.
	x := tb.Column(2, "W*D*C")
	s, _ := stats.Summarize(x, 0.95)
	c := a.Cells[1][0]
	if c.Task != 2 || c.Variant != "W*D*C" || c.N != 6 {
		t.Fatalf("cell = %+v", c)
	}
	testutil.AssertClose(t, c.Mean, s.Mean, 1e-15, 0, "cell mean")
	testutil.AssertClose(t, c.SD, s.SD, 1e-15, 0, "cell SD")
	testutil.AssertClose(t, c.CI.Low, s.CI.Low, 1e-15, 0, "cell CI")
	if !(c.Bootstrap.Low <= c.Mean && c.Mean <= c.Bootstrap.High) {
		t.Errorf("bootstrap interval %v excludes the mean %v", c.Bootstrap, c.Mean)
	}
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
		if err != nil {
			t.Fatal(err)
		}
		if r.P != p.P || r.U != p.U || r.Exact != p.Exact {
			t.Errorf("pair %s vs %s: %+v, direct %+v", p.A, p.B, p, r)
		}
		praw[i] = p.P
	}
	adj, _, _ := stats.Holm(praw, 0.05)
	for i, p := range task1 {
		if p.PHolm != adj[i] {
			t.Errorf("pair %d Holm p %v, want %v", i, p.PHolm, adj[i])
		}
	}
	var groups [][]float64
	for _, v := range cfg.Variants {
		groups = append(groups, tb.Column(1, v))
	}
	kw, _ := stats.KruskalWallis(groups...)
	if a.Overall[0].H != kw.H || a.Overall[0].P != kw.P {
		t.Errorf("overall KW %+v, direct %+v", a.Overall[0], kw)
	}
	var buf bytes.Buffer
	if err := a.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"== Accuracy (last-epoch training accuracy, as published)", "W!D*C*",
		"Kruskal–Wallis across all variants", "Mann–Whitney U", "W*D*C vs WD*C", "percentile-bootstrap"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	// Assortativity holds a NaN (variant WD, simulation 1): left out.
	as, err := Analyze(&cfg, recs, Assortativity, opt)
	if err != nil {
		t.Fatal(err)
	}
	if n := as.Cells[0][4].N; n != 5 || math.IsNaN(as.Cells[0][4].Mean) {
		t.Errorf("WD assortativity cell: %+v", as.Cells[0][4])
	}
	bad := opt
	bad.Level = 1
	if _, err := Analyze(&cfg, recs, Accuracy, bad); err == nil {
		t.Error("Analyze with level 1 succeeded")
	}
}

func TestAnalyzeDegenerate(t *testing.T) {
	t.Parallel()
	// Every network at chance level 0.625: no test is defined; Analyze
	// reports skips instead of failing.
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"WD*", "WD", "W"}, 3
	var recs []Record
	for _, k := range cfg.Plan() {
		recs = append(recs, Record{Key: k, Result: RunResult{Accuracy: 0.625}})
	}
	a, err := Analyze(&cfg, recs, Accuracy, AnalysisOptions{Level: 0.95, Alpha: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Overall) != 0 || len(a.Pairs) != 0 || len(a.Skipped) == 0 {
		t.Errorf("degenerate analysis: %+v", a)
	}
	if c := a.Cells[0][0]; c.Mean != 0.625 || c.CI.Low != 0.625 || !math.IsNaN(c.Bootstrap.Low) {
		t.Errorf("cell %+v", c)
	}
}

func TestProgress(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := NewProgress(&buf) // not a terminal: log lines
	lp, ok := p.(*logProgress)
	if !ok {
		t.Fatalf("NewProgress(buffer) = %T, want log lines", p)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	lp.now = func() time.Time { return now }
	lp.Start(10, 4)
	now = now.Add(30 * time.Second)
	lp.Finished(&Record{Key: RunKey{1, "W*D*C", 3}, Result: RunResult{Accuracy: 0.9171875, Seconds: 29.5}}, 2)
	lp.Stop()
	want := "sweep: 10 runs, 4 already done, 6 to train\n" +
		"[2/6] Task1/W*D*C/sim3: Accuracy 0.917 Loss 0.0000 Validation_Accuracy 0.000 test 0.000 (29.5 s); elapsed 30s, ETA 1m0s\n" +
		"sweep: stopped after 30s\n"
	if buf.String() != want {
		t.Errorf("log progress:\n%q\nwant\n%q", buf.String(), want)
	}
	var bar bytes.Buffer
	b := NewBarProgress(&bar)
	b.Start(3, 1)
	b.Finished(&Record{Key: RunKey{1, "W", 0}}, 1)
	b.Finished(&Record{Key: RunKey{1, "W", 1}}, 2)
	b.Stop()
	if !strings.Contains(bar.String(), "2/2") {
		t.Errorf("progress bar output lacks the count 2/2: %q", bar.String())
	}
}
