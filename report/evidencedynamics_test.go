package report

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// dynamicsVariants are the variants of testdata/dynamics/dynamics_v2.csv.
var dynamicsVariants = []string{"W*D*C", "WD*C", "W!D*C", "WrD*C", "WlD*C", "WbD*C"}

// dynamicsSweep runs the fake sweep of testdata/dynamics/dynamics_v2.csv
// (cfg's field, Task 1, dynamicsVariants, five simulations; WrD*C
// simulation 3 diverges) into root/name, copies that file into its
// analysis folder when withFile, and loads it.
func dynamicsSweep(t *testing.T, root, name string, cfg experiment.Config, withFile bool) *Sweep {
	t.Helper()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, dynamicsVariants, 5
	dir := filepath.Join(root, name)
	tr := experiment.TrainerFunc(func(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
		res := fakeResult(spec, 0.25)
		if spec.Key.Variant == "WrD*C" && spec.Key.Simulation == 3 {
			nan := math.NaN()
			res.Loss, res.ValidationLoss, res.TestLoss = nan, nan, nan
			res.Modularity, res.SmallWorldness, res.Assortativity, res.Entropy = nan, nan, nan, nan
			res.History = nil
			res.Diverged = &experiment.Divergence{Reason: "loss is NaN"}
		}
		return res, nil
	})
	sw := experiment.Sweep{Config: cfg, Trainer: tr, Dir: dir, Jobs: 2}
	_, err := sw.Run(context.Background())
	require.NoError(t, err)
	if withFile {
		b, err := os.ReadFile(filepath.Join("testdata", "dynamics", "dynamics_v2.csv"))
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Join(dir, analysisDir), 0o755))
		require.NoError(t, os.WriteFile(analysisFile(dir, DynamicsAnalysis{}), b, 0o644))
	}
	s, err := LoadSweep(dir)
	require.NoError(t, err)
	return s
}

// dynGolden is testdata/dynamics/golden.json.
type dynGolden struct {
	Coverage struct {
		Runs, With, Without int
		NoFixedPoint        int `json:"no_fixed_point"`
	}
	Summaries map[string]struct {
		Cells map[string]struct {
			N     int
			Mean  float64
			TLow  float64 `json:"t_low"`
			THigh float64 `json:"t_high"`
			Cell  string
		}
		Tests []struct {
			A, B           string
			Diff, Cliff, P float64
			PHolm          float64 `json:"p_holm"`
		}
	}
}

func loadDynGolden(t *testing.T) dynGolden {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "dynamics", "golden.json"))
	require.NoError(t, err)
	var g dynGolden
	require.NoError(t, json.Unmarshal(b, &g))
	require.Len(t, g.Summaries, len(dynamicsSummaries))
	return g
}

func TestDynamicsSummariesAreTheAnalysisColumns(t *testing.T) {
	names := DynamicsAnalysis{}.Metrics()
	require.Len(t, dynamicsSummaries, len(names))
	for i, s := range dynamicsSummaries {
		assert.Equal(t, names[s.col], s.name, "summary %d", i)
	}
}

// TestDynamicsGolden checks every number of the Dynamics section on the
// hand-made file against numpy, scipy and statsmodels (golden.py).
func TestDynamicsGolden(t *testing.T) {
	t.Parallel()
	g := loadDynGolden(t)
	cfg := experiment.CorrectedConfig()
	cfg.FieldName = "6_6_2"
	sw := dynamicsSweep(t, t.TempDir(), "cor", cfg, true)

	c := coverage(sw)
	assert.Equal(t, g.Coverage.Runs, c.runs)
	assert.Equal(t, g.Coverage.With, c.with)
	assert.Equal(t, g.Coverage.Without, c.without)
	assert.Equal(t, 1, c.diverged, "the run without summaries is the diverged one")
	assert.Equal(t, []int{0, 0, g.Coverage.NoFixedPoint}, c.undefined)

	opt := DefaultEvidenceOptions()
	opt.Resamples = 400
	ev := &evidence{opt: opt, arms: []arm{classify(sw)}, rnd: seeds.Rand(opt.Seed, StreamBootstrap)}
	for _, s := range dynamicsSummaries {
		t.Run(s.name, func(t *testing.T) {
			want := g.Summaries[s.name]
			for v, cell := range want.Cells {
				x := dynValues(sw, 1, v, s)
				require.Len(t, x, cell.N, v)
				mean, err := meanOfValues(x)
				require.NoError(t, err)
				testutil.AssertClose(t, mean, cell.Mean, 1e-14, 0, v)
			}
			tests, err := ev.dynamicsTests(s)
			require.NoError(t, err)
			require.Len(t, tests, len(want.Tests))
			for i, w := range want.Tests {
				dt := tests[i]
				assert.Equal(t, w.A, dt.contrast.a)
				assert.Equal(t, w.B, dt.contrast.b)
				require.Len(t, dt.rows, 1, "one arm, no pooled row")
				r := dt.rows[0]
				require.NoError(t, r.err)
				testutil.AssertClose(t, r.effect.Estimate, w.Diff, 1e-12, 1e-15, "difference %s", w.B)
				assert.LessOrEqual(t, r.effect.CI.Low, r.effect.Estimate, w.B)
				assert.GreaterOrEqual(t, r.effect.CI.High, r.effect.Estimate, w.B)
				testutil.AssertClose(t, r.delta, w.Cliff, 1e-12, 1e-15, "Cliff's δ %s", w.B)
				testutil.AssertClose(t, r.p, w.P, 1e-10, 0, "p %s", w.B)
				testutil.AssertClose(t, r.pHolm, w.PHolm, 1e-10, 0, "Holm p %s", w.B)
			}
		})
	}

	// The Markdown: cells as golden.py formats them, the coverage row, the
	// one significant comparison, and a figure per summary.
	opt.FigureDir, opt.FigureLink = filepath.Join(t.TempDir(), "fig"), "fig"
	var buf bytes.Buffer
	figs, err := (&Evidence{Sweeps: []*Sweep{sw}, Options: opt}).WriteMarkdown(&buf)
	require.NoError(t, err)
	out := buf.String()
	if testing.Verbose() {
		t.Log(out[strings.Index(out, "## Dynamics"):])
	}
	require.Contains(t, out, "## Dynamics")
	dyn := out[strings.Index(out, "## Dynamics"):]
	assert.Contains(t, dyn, "| corrected | 6_6_2 | 30 | 29 | 1 (1) | 1 |")
	for _, s := range dynamicsSummaries {
		for v, cell := range g.Summaries[s.name].Cells {
			assert.Contains(t, dyn, "| "+code(v)+" | "+cell.Cell+" |", "%s %s", s.name, v)
		}
		assert.Contains(t, dyn, "](fig/dynamics_task1_"+strings.ToLower(s.name)+".png)")
		assert.FileExists(t, filepath.Join(opt.FigureDir, "dynamics_task1_"+strings.ToLower(s.name)+".png"))
		assert.FileExists(t, filepath.Join(opt.FigureDir, "dynamics_task1_"+strings.ToLower(s.name)+".svg"))
	}
	assert.Contains(t, dyn, "One Holm family: every tested row of this summary (5 tests).")
	assert.Regexp(t, "\\| `W\\*D\\*C` vs `WD\\*C` \\| orthogonal \\(factor W\\) \\| corrected \\| 6_6_2 \\| -1\\.080 \\(.*\\) \\| -1\\.000 \\| 0\\.008 \\| 0\\.040 \\| `W\\*D\\*C` < `WD\\*C` \\|", dyn)
	assert.Regexp(t, "\\| `W\\*D\\*C` vs `WrD\\*C` \\| scale-matched random \\| corrected \\| 6_6_2 \\| \\+0\\.900 .*\\| not distinguished \\|", dyn)
	assert.Equal(t, 3, figs-strings.Count(out[:strings.Index(out, "## Dynamics")], "](fig/"), "one figure per summary and task")
}

// meanOfValues is the plain mean (the golden cells are numpy's).
func meanOfValues(x []float64) (float64, error) {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x)), nil
}

// TestDynamicsSection checks the section without any dynamics, with some
// arms lacking them, and pooled over two corrected fields.
func TestDynamicsSection(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	cor := experiment.CorrectedConfig()
	cor.FieldName = "6_6_2"
	other := experiment.CorrectedConfig()
	other.FieldName, other.SyntheticN, other.SyntheticSeed = "4_7_8", 40, 7
	ref := experiment.ReferenceConfig()
	ref.FieldName = "6_6_2"
	withA := dynamicsSweep(t, root, "cor", cor, true)
	withB := dynamicsSweep(t, root, "other", other, true)
	without := dynamicsSweep(t, root, "ref", ref, false)
	assert.Nil(t, without.Dynamics)
	opt := DefaultEvidenceOptions()
	opt.Resamples = 100
	write := func(sweeps ...*Sweep) string {
		var buf bytes.Buffer
		_, err := (&Evidence{Sweeps: sweeps, Options: opt}).WriteMarkdown(&buf)
		require.NoError(t, err)
		out := buf.String()
		require.Contains(t, out, "## Dynamics")
		return out[strings.Index(out, "## Dynamics"):]
	}
	t.Run("absent", func(t *testing.T) {
		dyn := write(without)
		assert.Contains(t, dyn, "`paper analyze -dynamics DIR` adds them")
		assert.NotContains(t, dyn, "###")
	})
	t.Run("partial and pooled", func(t *testing.T) {
		dyn := write(without, withA, withB)
		assert.Contains(t, dyn, "Without dynamics summaries, so not in this section: reference (`ref`).")
		assert.Contains(t, dyn, "| corrected | 4_7_8 | 30 | 29 | 1 (1) | 1 |")
		assert.Regexp(t, "\\| `W\\*D\\*C` vs `WD\\*C` \\| orthogonal \\(factor W\\) \\| corrected, pooled \\(van Elteren\\) \\| 6_6_2, 4_7_8 \\| -1\\.080 .* \\| — \\|", dyn)
		assert.Contains(t, dyn, "(15 tests)", "five contrasts, each in two arms and pooled")
		assert.NotContains(t, dyn, "| reference | 6_6_2 |", "the arm without dynamics has no rows")
	})
}

func TestDynamicsFileErrors(t *testing.T) {
	t.Parallel()
	recs := []experiment.Record{
		{Key: experiment.RunKey{Task: 1, Variant: "W*D*C", Simulation: 0}, Weights: "ab"},
		{Key: experiment.RunKey{Task: 1, Variant: "W*D*C", Simulation: 1}, Weights: "cd"},
	}
	const header = "Task,Variant,Simulation,weights_sha256,StableFixedPoints,ParticipationRatio,LeadingModulus\n"
	good := header + "1,W*D*C,0,ab,1,2.5,0.9\n1,W*D*C,1,cd,,,\n"
	vals, err := parseDynamics("d.csv", []byte(good), recs)
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 2.5, 0.9}, vals[0])
	assert.True(t, math.IsNaN(vals[1][0]) && math.IsNaN(vals[1][2]), "empty cells are not available")
	for _, c := range []struct{ name, file, msg string }{
		{"empty", "", "want the header"},
		{"other analysis", "Task,Variant,Simulation,weights_sha256,Modularity,SmallWorldness,Assortativity\n", "want the header"},
		{"columns swapped", "Task,Variant,Simulation,weights_sha256,ParticipationRatio,StableFixedPoints,LeadingModulus\n", "want the header"},
		{"ragged", header + "1,W*D*C,0,ab,1\n", "wrong number of fields"},
		{"quote", header + "1,\"W*D*C,0,ab,1,2,3\n", "d.csv"},
		{"missing run", header + "1,W*D*C,0,ab,1,2.5,0.9\n", "does not list run"},
		{"unknown run", header + "1,W*D*C,0,ab,1,2.5,0.9\n1,WD*C,1,cd,1,1,1\n", "is not in the sweep"},
		{"twice", header + "1,W*D*C,0,ab,1,2.5,0.9\n1,W*D*C,0,ab,1,2.5,0.9\n", "listed twice"},
		{"digest", header + "1,W*D*C,0,ab,1,2.5,0.9\n1,W*D*C,1,ff,1,1,1\n", "rerun paper analyze"},
		{"task", header + "one,W*D*C,0,ab,1,2.5,0.9\n", `task "one"`},
		{"text", header + "1,W*D*C,0,ab,many,2.5,0.9\n", `StableFixedPoints "many"`},
		{"nan", header + "1,W*D*C,0,ab,1,NaN,0.9\n", "is an empty cell"},
		{"inf", header + "1,W*D*C,0,ab,1,2.5,+Inf\n", "is infinite"},
		{"negative", header + "1,W*D*C,0,ab,1,2.5,0.9\n1,W*D*C,1,cd,-1,2,1\n", "StableFixedPoints = -1 is outside [0, 256]"},
		{"more stable points than starts", header + "1,W*D*C,0,ab,257,2.5,0.9\n1,W*D*C,1,cd,,,\n", "StableFixedPoints = 257 is outside"},
		{"ratio below one", header + "1,W*D*C,0,ab,1,0.5,0.9\n1,W*D*C,1,cd,,,\n", "ParticipationRatio = 0.5 is outside"},
		{"huge ratio", header + "1,W*D*C,0,ab,1,1e308,0.9\n1,W*D*C,1,cd,,,\n", "ParticipationRatio = 1e+308 is outside"},
		{"huge modulus", header + "1,W*D*C,0,ab,1,2.5,2e6\n1,W*D*C,1,cd,,,\n", "LeadingModulus = 2e+06 is outside"},
		{"binary", "\x00\xff\xfe,\n\x01", "record on line 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseDynamics("d.csv", []byte(c.file), recs)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.msg)
			assert.Contains(t, err.Error(), "d.csv", "the error names the file")
		})
	}

	// Through LoadSweep: a malformed file stops the report with the
	// file's name.
	cfg := experiment.CorrectedConfig()
	cfg.FieldName = "6_6_2"
	sw := dynamicsSweep(t, t.TempDir(), "cor", cfg, true)
	path := analysisFile(sw.Dir, DynamicsAnalysis{})
	require.NoError(t, os.WriteFile(path, []byte(header+"1,W*D*C,0,,1,-2,1\n"), 0o644))
	_, err = LoadSweep(sw.Dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "dynamics_v2.csv")
}

// FuzzDynamicsFile checks that no dynamics file makes the reader panic and
// that what it accepts is meaningful.
func FuzzDynamicsFile(f *testing.F) {
	const header = "Task,Variant,Simulation,weights_sha256,StableFixedPoints,ParticipationRatio,LeadingModulus\n"
	f.Add([]byte(header + "1,W,0,,1,2.5,0.9\n"))
	f.Add([]byte(header + "1,W,0,,,,\n"))
	f.Add([]byte(header + "1,W,0,,-1,2,1e308\n"))
	f.Add([]byte(header + "1,W,0,,1,2\n"))
	f.Add([]byte("\"unterminated\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs := []experiment.Record{{Key: experiment.RunKey{Task: 1, Variant: "W", Simulation: 0}}}
		vals, err := parseDynamics("fuzz.csv", b, recs)
		if err != nil {
			return
		}
		require.Len(t, vals, 1)
		require.Len(t, vals[0], 3)
		for _, v := range vals[0] {
			assert.True(t, math.IsNaN(v) || (v >= 0 && v <= maxDynamicsValue), "%v", v)
		}
	})
}

// TestComparisonDynamics checks the comparison report's Dynamics section:
// the evidence report's, over the reference and the corrected sweep.
func TestComparisonDynamics(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	ref := experiment.ReferenceConfig()
	ref.FieldName = "6_6_2"
	cor := experiment.CorrectedConfig()
	cor.FieldName = "6_6_2"
	refNo := dynamicsSweep(t, root, "ref-plain", ref, false)
	refDyn := dynamicsSweep(t, root, "ref", ref, true)
	corDyn := dynamicsSweep(t, root, "cor", cor, true)
	opt := DefaultAnalysisOptions()
	opt.BootstrapResamples = 100
	write := func(r, c *Sweep, opt AnalysisOptions) (string, int) {
		figDir := filepath.Join(t.TempDir(), "figs")
		var buf bytes.Buffer
		n, err := (&Comparison{Reference: r, Corrected: c, Options: opt, FigureDir: figDir, FigureLink: "figs"}).WriteMarkdown(&buf)
		require.NoError(t, err)
		out := buf.String()
		require.Contains(t, out, "## 9. Dynamics")
		sec := out[strings.Index(out, "## 9. Dynamics"):strings.Index(out, "## Methods")]
		for _, f := range []string{"stablefixedpoints", "participationratio", "leadingmodulus"} {
			if strings.Contains(sec, "](figs/dynamics_task1_"+f+".png)") {
				assert.FileExists(t, filepath.Join(figDir, "dynamics_task1_"+f+".png"))
			}
		}
		return sec, n
	}
	t.Run("both", func(t *testing.T) {
		sec, _ := write(refDyn, corDyn, opt)
		assert.Contains(t, sec, "| reference | 6_6_2 | 30 | 29 | 1 (1) | 1 |")
		assert.Contains(t, sec, "| variant | reference, 6_6_2 | corrected, 6_6_2 |")
		assert.Contains(t, sec, "(10 tests)", "five contrasts in each sweep")
		assert.Contains(t, sec, "](figs/dynamics_task1_participationratio.png)")
	})
	t.Run("one", func(t *testing.T) {
		sec, _ := write(refNo, corDyn, opt)
		assert.Contains(t, sec, "Without dynamics summaries, so not in this section: reference (`ref-plain`).")
		assert.Contains(t, sec, "(5 tests)")
	})
	t.Run("none", func(t *testing.T) {
		sec, _ := write(refNo, refNo, opt)
		assert.Contains(t, sec, "`paper analyze -dynamics DIR` adds them")
	})
	t.Run("no bootstrap", func(t *testing.T) {
		o := opt
		o.BootstrapResamples = 0
		sec, _ := write(refDyn, corDyn, o)
		assert.Contains(t, sec, "`-resamples` of at least 1")
	})
}

// TestDynamicsInMemory checks that a Sweep built in memory with dynamics
// rows that do not fit its records is refused, not indexed out of range.
func TestDynamicsInMemory(t *testing.T) {
	t.Parallel()
	cfg := experiment.CorrectedConfig()
	cfg.FieldName = "6_6_2"
	good := dynamicsSweep(t, t.TempDir(), "cor", cfg, true)
	for _, c := range []struct {
		name string
		dyn  [][]float64
		msg  string
	}{
		{"short", good.Dynamics[:3], "3 rows of dynamics for 30 runs"},
		{"narrow", append([][]float64{{1}}, good.Dynamics[1:]...), "has 1 dynamics values, want 3"},
		{"negative", append([][]float64{{1, -2, 1}}, good.Dynamics[1:]...), "ParticipationRatio = -2 is outside"},
		{"infinite", append([][]float64{{1, 2, math.Inf(1)}}, good.Dynamics[1:]...), "LeadingModulus = +Inf is outside"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sw := *good
			sw.Dynamics = c.dyn
			opt := DefaultEvidenceOptions()
			opt.Resamples = 50
			_, err := (&Evidence{Sweeps: []*Sweep{&sw}, Options: opt}).WriteMarkdown(&bytes.Buffer{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.msg)
		})
	}
}
