package experiment

import (
	"context"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAblationPlan checks the plan derived from the fingerprint scopes
// against the table of the corrections' reach written from the method
// (docs/method.md §3–§5, §8): which published variants each correction
// changes.
func TestAblationPlan(t *testing.T) {
	t.Parallel()
	all := PaperVariantNames()
	none := []string(nil)
	want := map[string][]string{
		"DataSharing":         all,
		"ReshapeCoordinates":  {"W*D*C", "WD*C", "WD*", "W*D*C*", "WD*C*", "W!D*C", "W!D*C*"},
		"ZeroStrengthEpsilon": {"W*D*C", "WD*C", "WDC", "W*D*C*", "WD*C*", "W*DC*", "W!D*C", "W!D*C*"},
		"UnscaledL1":          {"W"},
		"GridScaling":         {"WDC", "WD", "W*DC*"},
		"AccuracySource":      none,
	}
	assert.ElementsMatch(t, keys(want), Corrections(), "the presets differ in other settings than the table's")
	base := ReferenceConfig()
	inputs := []Input{{Name: "synthetic", SHA256: "00"}}
	plans, err := PlanAblations(&base, inputs)
	require.NoError(t, err)
	require.Len(t, plans, len(want))
	for _, p := range plans {
		t.Run(p.Correction, func(t *testing.T) {
			assert.Equal(t, want[p.Correction], p.Trained)
			var reused []string
			for _, v := range all {
				if !slices.Contains(want[p.Correction], v) {
					reused = append(reused, v)
				}
			}
			assert.Equal(t, reused, p.Reused)
			assert.Equal(t, len(p.Trained)*3*20, p.TrainedRuns())
			// The ablation differs from the base in that one setting.
			ref := ReferenceConfig()
			assert.NotEqual(t, ref.Fingerprint(inputs), p.Config.Fingerprint(inputs))
			back, err := Ablate(&p.Config, p.Correction)
			assert.Error(t, err, "a correction applied twice")
			assert.Zero(t, back.Simulations)
		})
	}
	assert.Empty(t, AppliedCorrections(&base))
	assert.Equal(t, []string{"ReshapeCoordinates"}, AppliedCorrections(&plans[1].Config))
	cfull := CorrectedConfig()
	assert.Equal(t, Corrections(), AppliedCorrections(&cfull))
	_, err = Ablate(&base, "Epochs")
	assert.ErrorContains(t, err, "unknown correction")
	cor := CorrectedConfig()
	plans, err = PlanAblations(&cor, inputs)
	require.NoError(t, err)
	assert.Empty(t, plans, "the corrected preset has every correction")
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestReuseTrainer runs a small reference sweep, then its ablation of the
// coordinates with the base records: only the D* variants are trained, and
// the other runs hold exactly the base's results.
func TestReuseTrainer(t *testing.T) {
	t.Parallel()
	base := smallConfig()
	base.Tasks = []string{"onechoice"}
	base.Simulations = 2
	root := t.TempDir()
	var trained atomic.Int64
	counting := TrainerFunc(func(ctx context.Context, spec RunSpec) (RunResult, error) {
		trained.Add(1)
		res := fakeResult(spec)
		if !spec.Config.ReshapeCoordinates {
			res.Accuracy += 0.001 // a trained run differs from the base's
		}
		return res, nil
	})
	baseDir := filepath.Join(root, "base")
	_, err := (&Sweep{Config: base, Trainer: counting, Dir: baseDir}).Run(context.Background())
	require.NoError(t, err)
	baseRecs, err := LoadRecords(baseDir, &base, false)
	require.NoError(t, err)

	plan, err := PlanAblation(&base, "ReshapeCoordinates", nil)
	require.NoError(t, err)
	trained.Store(0)
	reuse := ReuseTrainer(counting, baseRecs)
	dir := filepath.Join(root, "ablation")
	st, err := (&Sweep{Config: plan.Config, Trainer: reuse, Dir: dir}).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, plan.TrainedRuns(), int(trained.Load()))
	assert.Equal(t, len(plan.Reused)*base.Simulations, reuse.Reused())
	assert.Equal(t, st.Planned, int(trained.Load())+reuse.Reused())
	recs, err := LoadRecords(dir, &plan.Config, false)
	require.NoError(t, err)
	for i, r := range recs {
		if slices.Contains(plan.Reused, r.Key.Variant) {
			assert.Equal(t, baseRecs[i].Result.Accuracy, r.Result.Accuracy, r.Key.String())
		} else {
			assert.NotEqual(t, baseRecs[i].Result.Accuracy, r.Result.Accuracy, r.Key.String())
		}
	}
}
