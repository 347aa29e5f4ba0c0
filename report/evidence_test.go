package report

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/experiment/ablation"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/stats"
)

// evidenceSweep runs a small sweep of cfg with the fake trainer in a
// folder under root and loads it.
func evidenceSweep(t *testing.T, root, name string, cfg experiment.Config) *Sweep {
	t.Helper()
	cfg.Tasks = []string{"onechoice"}
	cfg.Variants = []string{"W*D*C", "WD*C", "WD*", "WD", "WrD*C", "WlD*C", "WbD*C"}
	cfg.Simulations = 8
	dir := filepath.Join(root, name)
	// The true coordinates lift the D* variants' accuracy far above the
	// spread over simulations, an effect the report must find.
	tr := experiment.TrainerFunc(func(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
		res := fakeResult(spec, 0.25)
		// Accuracies in [0.3, 0.5), lifted by 0.5 where the effect is.
		res.Accuracy /= 2
		res.TestAccuracy /= 2
		if !spec.Config.ReshapeCoordinates && spec.Variant.Distance == experiment.DistanceReal {
			res.Accuracy += 0.5
			res.TestAccuracy += 0.5
		}
		if spec.Config.PositiveOnly && spec.Variant.Init == experiment.InitOrthogonal {
			// Diverged as the reference preset reports it: the
			// accuracies kept, the rest NaN.
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
	s, err := LoadSweep(dir)
	require.NoError(t, err)
	return s
}

// TestEvidence writes the report over a reference sweep, one ablation, the
// corrected preset on two fields (one with a degenerate grid control) and
// the positive-only arm, and checks what each section states.
func TestEvidence(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	ref := experiment.ReferenceConfig()
	ref.FieldName = "6_6_2"
	abl, err := ablation.Ablate(&ref, "ReshapeCoordinates")
	require.NoError(t, err)
	cor := experiment.CorrectedConfig()
	cor.FieldName = "6_6_2"
	line := experiment.CorrectedConfig()
	line.FieldName, line.SyntheticN, line.SyntheticSeed = "4_7_8", 193, 7
	pos := experiment.ReferenceConfig()
	pos.FieldName = "6_6_2"
	pos.PositiveOnly = true
	sweeps := []*Sweep{
		evidenceSweep(t, root, "cor", cor), // out of order on purpose
		evidenceSweep(t, root, "ref", ref),
		evidenceSweep(t, root, "abl", abl),
		evidenceSweep(t, root, "line", line),
		evidenceSweep(t, root, "pos", pos),
	}
	opt := DefaultEvidenceOptions()
	opt.Resamples = 200
	opt.FigureDir = filepath.Join(root, "fig")
	opt.FigureLink = "fig"
	ev := Evidence{Sweeps: sweeps, Options: opt, Unfinished: []UnfinishedSweep{{Dir: "large/9_3_2", Done: 120, Total: 285}}}
	var buf bytes.Buffer
	figs, err := ev.WriteMarkdown(&buf)
	require.NoError(t, err)
	out := buf.String()
	if testing.Verbose() {
		t.Log(out)
	}

	t.Run("arms", func(t *testing.T) {
		for _, want := range []string{"| reference | `ref` | 6_6_2 | 8 | shared | none | 0 of 56 |",
			"| reference + ReshapeCoordinates | `abl` | 6_6_2 | 8 | shared | ReshapeCoordinates | 0 of 56 |",
			"| corrected | `cor` | 6_6_2 | 8 | per-simulation |",
			"| reference, positive-only | `pos` | 6_6_2 | 8 | shared | none | 24 of 56 |"} {
			assert.Contains(t, out, want)
		}
		assert.Less(t, strings.Index(out, "| reference |"), strings.Index(out, "| corrected | `cor`"), "reference first")
		assert.Less(t, strings.Index(out, "| corrected | `line`"), strings.Index(out, "| reference, positive-only |"),
			"the positive-only arm last: it is not the reference arm")
		assert.Contains(t, out, "Every table row that holds diverged runs says how many.")
		assert.Contains(t, out, "not for replicates of the experiment", "the shared design's caveat")
		assert.Contains(t, out, "Left out, unfinished")
		assert.Contains(t, out, "- `large/9_3_2`: 120 of 285 runs stored\n", "the unfinished folder is named")
	})
	t.Run("grid", func(t *testing.T) {
		assert.Contains(t, out, "| 4_7_8 | 193 | synthetic field | 193×1×1 | 193×1×1 | **yes**: grid 193×1×1 has 2 axis(es) of length 1 |")
		assert.Contains(t, out, "| 6_6_2 | 312 | synthetic field | 12×13×2 | 12×13×2 | no |")
	})
	t.Run("corrections", func(t *testing.T) {
		// The coordinates change D* variants only: WD keeps its runs.
		assert.Contains(t, out, "| Task 1 Accuracy of `WD` | ReshapeCoordinates | 0 (runs reused) |")
		assert.Regexp(t, "\\| Task 1 Accuracy of `W\\*D\\*C` \\| ReshapeCoordinates \\| \\+0\\.500 \\(.*\\| `ablation` > `reference` \\|", out)
		assert.Regexp(t, "\\| Task 1 Modularity of `W\\*D\\*C` \\| ReshapeCoordinates \\| \\+0\\.000 \\(.*\\| not distinguished \\|", out)
		assert.NotContains(t, out, "Accuracy of `WDC`", "a variant no arm ran")
	})
	t.Run("diverged", func(t *testing.T) {
		// The orthogonal variants of the positive-only arm diverged; their
		// accuracies are kept, as the reference preset reports them.
		assert.Regexp(t, "\\| reference, positive-only \\| 6_6_2 \\| .*\\| [^|]+ \\(`WD\\*C`: 8 of 8 runs diverged\\) \\|", out)
		assert.Regexp(t, "\\| reference, positive-only \\| 6_6_2 \\| .*\\(`WD\\*`: 8 of 8 runs diverged; `WD`: 8 of 8 runs diverged\\) \\|", out)
		assert.NotRegexp(t, "\\| reference \\| 6_6_2 \\| .*runs diverged", out, "no note where nothing diverged")
		assert.NotContains(t, out, "(0 diverged)")
	})
	t.Run("published", func(t *testing.T) {
		assert.Contains(t, out, "| published | 6_6_2 | 20 | 0.917 (t: 0.853, 0.981) |")
		assert.Contains(t, out, "Published: 0.917 vs 0.628 (difference +0.289")
		assert.Contains(t, out, "Published: no number for both variants.", "the controls have none")
	})
	t.Run("pooled and rankings", func(t *testing.T) {
		assert.Contains(t, out, "| corrected, pooled (van Elteren) | 6_6_2, 4_7_8 |")
		assert.Regexp(t, "\\| 1 \\| Accuracy \\| 2 \\| 7 \\| \\d\\.\\d{3} \\|", out)
		// Corrected: D* above D on both fields and pooled; reference: not.
		assert.Regexp(t, "\\| corrected, pooled \\(van Elteren\\) \\| 6_6_2, 4_7_8 \\| \\+0\\.[45]\\d\\d .*\\| `WD\\*` > `WD` \\|", out)
		assert.Regexp(t, "\\| reference \\| 6_6_2 \\| [+-]0\\.\\d{3} .*\\| not distinguished \\|", out)
	})
	t.Run("figures", func(t *testing.T) {
		// The sweeps hold both variants of five comparisons (not the EMD
		// pair, not the permuted control), and one task's ranking.
		assert.Equal(t, 6, figs)
		assert.Contains(t, out, "](fig/evidence_ranking_task1.png)")
		entries, err := os.ReadDir(opt.FigureDir)
		require.NoError(t, err)
		assert.Len(t, entries, 2*figs, "each figure as PNG and SVG")
		assert.Contains(t, out, "](fig/evidence_task1_WsDsC_vs_WDsC.png)")
		assert.Contains(t, out, "### Task 1: biological vs resampled biological initialisation (`W*D*C` vs `WbD*C`, Accuracy)")
	})
	t.Run("deterministic", func(t *testing.T) {
		var again bytes.Buffer
		opt2 := opt
		opt2.FigureDir = ""
		_, err := (&Evidence{Sweeps: sweeps, Options: opt2}).WriteMarkdown(&again)
		require.NoError(t, err)
		var first bytes.Buffer
		_, err = (&Evidence{Sweeps: sweeps, Options: opt2}).WriteMarkdown(&first)
		require.NoError(t, err)
		assert.Equal(t, first.String(), again.String())
	})
	t.Run("one field", func(t *testing.T) {
		var b bytes.Buffer
		o := opt
		o.FigureDir = ""
		_, err := (&Evidence{Sweeps: sweeps[:3], Options: o}).WriteMarkdown(&b)
		require.NoError(t, err)
		assert.Contains(t, b.String(), "1 given, so the claim that the variant ranking is preserved across fields is not tested")
		assert.NotContains(t, b.String(), "pooled (van Elteren)")
	})
}

// TestEvidenceVerdict checks that no sentence is stronger than its test: a
// direction only below α after Holm's adjustment.
func TestEvidenceVerdict(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		est, p float64
		want   string
	}{
		{0.2, 0.01, "`A` > `B`"},
		{-0.2, 0.01, "`A` < `B`"},
		{0.2, 0.05, "not distinguished"},
		{0.2, 0.5, "not distinguished"},
		{0.2, math.NaN(), "not tested"},
	} {
		assert.Equal(t, tc.want, verdictText("A", "B", tc.est, tc.p, 0.05))
	}
	rows := []*row{{p: 0.01}, {p: 0.04}, {p: math.NaN()}, {p: 0.03}}
	require.NoError(t, holmRows(rows, 0.05))
	// statsmodels multipletests([0.01, 0.04, 0.03], method="holm"): 0.03, 0.06, 0.06.
	assert.InDelta(t, 0.03, rows[0].pHolm, 1e-12)
	assert.InDelta(t, 0.06, rows[1].pHolm, 1e-12)
	assert.True(t, math.IsNaN(rows[2].pHolm))
	assert.InDelta(t, 0.06, rows[3].pHolm, 1e-12)
}

func TestEvidenceErrors(t *testing.T) {
	t.Parallel()
	_, err := (&Evidence{Options: DefaultEvidenceOptions()}).WriteMarkdown(&bytes.Buffer{})
	assert.ErrorContains(t, err, "no sweep")
	o := DefaultEvidenceOptions()
	o.Resamples = 0
	_, err = (&Evidence{Sweeps: []*Sweep{{}}, Options: o}).WriteMarkdown(&bytes.Buffer{})
	assert.ErrorIs(t, err, experiment.ErrConfig)
	for _, u := range []UnfinishedSweep{{Dir: "a", Done: 3, Total: 3}, {Dir: "b", Done: -1, Total: 3}, {Dir: "c"}} {
		_, err = (&Evidence{Sweeps: []*Sweep{{}}, Options: DefaultEvidenceOptions(), Unfinished: []UnfinishedSweep{u}}).WriteMarkdown(&bytes.Buffer{})
		assert.ErrorContains(t, err, "unfinished sweep "+u.Dir, "%+v is not an unfinished sweep", u)
	}
}

// An arm whose comparison was not tested keeps its line in the forest plot,
// labelled, and the tested rows keep their places.
func TestForestKeepsUntestedRows(t *testing.T) {
	t.Parallel()
	rows := []*row{
		{label: "corrected", field: "4_7_2", effect: stats.Effect{Estimate: -0.025, CI: stats.Interval{Low: -0.08, High: 0.03}}},
		{label: "corrected", field: "5_3_8", effect: stats.Effect{Estimate: math.NaN()}, err: errors.New("all values identical")},
		{label: "corrected, pooled (van Elteren)", field: "4_7_2, 5_3_8", pooled: true, effect: stats.Effect{Estimate: -0.008, CI: stats.Interval{Low: -0.03, High: 0.02}}},
	}
	f, names := forestOf(rows)
	assert.Equal(t, []string{"corrected 4_7_2", "corrected 5_3_8 (not tested)", "corrected, pooled over 2 fields"}, names)
	require.Equal(t, 2, f.Len())
	for i, want := range []struct{ x, y, lo, hi float64 }{{-0.025, 2, 0.055, 0.055}, {-0.008, 0, 0.022, 0.028}} {
		x, y := f.XY(i)
		lo, hi := f.XError(i)
		assert.Equal(t, want.x, x)
		assert.Equal(t, want.y, y)
		assert.InDelta(t, want.lo, lo, 1e-12)
		assert.InDelta(t, want.hi, hi, 1e-12)
	}
	diverged := []*row{{label: "reference, positive-only", field: "6_6_2", diverged: "`WD*C`: 20 of 20 runs diverged",
		effect: stats.Effect{Estimate: 0.6, CI: stats.Interval{Low: 0.5, High: 0.7}}}}
	_, names = forestOf(diverged)
	assert.Equal(t, []string{"reference, positive-only 6_6_2 (diverged runs)"}, names, "a figure marks diverged runs as its table does")
	path := filepath.Join(t.TempDir(), "forest.png")
	require.NoError(t, plotForest(path, &claimTest{claim: comparisonClaims[0], task: 1, rows: rows}))
	require.NoError(t, plotForest(path, &claimTest{claim: comparisonClaims[0], task: 1, rows: rows[1:2]}), "no tested row")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Positive(t, fi.Size())
}

// TestCompareIdenticalValues checks that a comparison whose values are all
// the same says so instead of reporting how the test fails, and that one
// differing value is enough to test.
func TestCompareIdenticalValues(t *testing.T) {
	t.Parallel()
	ev := &evidence{opt: DefaultEvidenceOptions(), rnd: seeds.Rand(1, StreamBootstrap)}
	ev.opt.Resamples = 50
	r := ev.compare([]float64{1, 1, 1}, []float64{1, 1})
	require.Error(t, r.err)
	assert.Equal(t, "every value of both is 1.000", r.err.Error())
	assert.True(t, math.IsNaN(r.p), "no p-value")
	r = ev.compare([]float64{1, 1, 1}, []float64{1, 0.5})
	require.NoError(t, r.err)
	assert.False(t, math.IsNaN(r.p))
	r = ev.compare([]float64{0.5, 0.5}, []float64{1, 1})
	require.NoError(t, r.err, "constant within each, different between: a difference to test")
}

// TestByMeanOverFields orders the variants of a ranking figure by their
// mean over fields (here the sums 1.5, 1.2, 1.5 and 0.4 over two fields),
// best first, ties in their given order.
func TestByMeanOverFields(t *testing.T) {
	t.Parallel()
	variants := []string{"A", "B", "C", "D"}
	means := []float64{
		0.5, 0.9, 0.6, 0.2, // field 1
		1.0, 0.3, 0.9, 0.2, // field 2
	}
	assert.Equal(t, []string{"A", "C", "B", "D"}, byMeanOverFields(variants, means))
	assert.Equal(t, []string{"A", "B", "C", "D"}, variants, "the input is left as it is")
}
