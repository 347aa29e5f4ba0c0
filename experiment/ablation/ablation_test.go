package ablation

import (
	"context"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
)

// TestAblationPlan checks the plan derived from the fingerprint scopes
// against the table of the corrections' reach written from the method
// (docs/method.md §3–§5, §8): which published variants each correction
// changes.
func TestAblationPlan(t *testing.T) {
	t.Parallel()
	all := experiment.ReferenceConfig().Variants
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
	base := experiment.ReferenceConfig()
	inputs := []experiment.Input{{Name: "synthetic", SHA256: "00"}}
	plans, err := PlanAll(&base, inputs)
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
			ref := experiment.ReferenceConfig()
			assert.NotEqual(t, ref.Fingerprint(inputs), p.Config.Fingerprint(inputs))
			back, err := Ablate(&p.Config, p.Correction)
			assert.Error(t, err, "a correction applied twice")
			assert.Zero(t, back.Simulations)
		})
	}
	assert.Empty(t, Applied(&base))
	assert.Equal(t, []string{"ReshapeCoordinates"}, Applied(&plans[1].Config))
	cfull := experiment.CorrectedConfig()
	assert.Equal(t, Corrections(), Applied(&cfull))
	_, err = Ablate(&base, "Epochs")
	assert.ErrorContains(t, err, "unknown correction")
	cor := experiment.CorrectedConfig()
	plans, err = PlanAll(&cor, inputs)
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
// the other runs hold exactly the base's results and name the base sweep
// and its code.
func TestReuseTrainer(t *testing.T) {
	t.Parallel()
	base := smallConfig()
	base.Tasks = []string{"onechoice"}
	base.Simulations = 2
	root := t.TempDir()
	var trained atomic.Int64
	counting := experiment.TrainerFunc(func(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
		trained.Add(1)
		res := fakeResult(spec)
		if !spec.Config.ReshapeCoordinates {
			res.Accuracy += 0.001 // a trained run differs from the base's
		}
		return res, nil
	})
	baseDir := filepath.Join(root, "base")
	_, err := (&experiment.Sweep{Config: base, Trainer: counting, Dir: baseDir}).Run(context.Background())
	require.NoError(t, err)
	baseRecs, err := experiment.LoadRecords(baseDir, &base, false)
	require.NoError(t, err)

	for i := range baseRecs { // as if the base had been trained by other code
		baseRecs[i].Code = "v-base"
	}

	plan, err := PlanOne(&base, "ReshapeCoordinates", nil)
	require.NoError(t, err)
	// A base run that was itself repeated from an older sweep keeps naming
	// that sweep.
	older := slices.IndexFunc(baseRecs, func(r experiment.Record) bool { return slices.Contains(plan.Reused, r.Key.Variant) })
	require.GreaterOrEqual(t, older, 0)
	baseRecs[older].ReusedFrom = "older-sweep"
	trained.Store(0)
	reuse := ReuseTrainer(counting, baseRecs, "base-fingerprint")
	dir := filepath.Join(root, "ablation")
	st, err := (&experiment.Sweep{Config: plan.Config, Trainer: reuse, Dir: dir}).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, plan.TrainedRuns(), int(trained.Load()))
	assert.Equal(t, len(plan.Reused)*base.Simulations, reuse.Reused())
	assert.Equal(t, st.Planned, int(trained.Load())+reuse.Reused())
	recs, err := experiment.LoadRecords(dir, &plan.Config, false)
	require.NoError(t, err)
	for i, r := range recs {
		if slices.Contains(plan.Reused, r.Key.Variant) {
			assert.Equal(t, baseRecs[i].Result.Accuracy, r.Result.Accuracy, r.Key.String())
			// The record names the sweep and the code that trained it.
			want := "base-fingerprint"
			if i == older {
				want = "older-sweep"
			}
			assert.Equal(t, want, r.ReusedFrom, r.Key.String())
			assert.Equal(t, "v-base", r.Code, r.Key.String())
		} else {
			assert.NotEqual(t, baseRecs[i].Result.Accuracy, r.Result.Accuracy, r.Key.String())
			assert.Empty(t, r.ReusedFrom, r.Key.String())
			assert.NotEqual(t, "v-base", r.Code, r.Key.String())
		}
	}
}

// smallConfig is a small reference sweep on a named field.
func smallConfig() experiment.Config {
	c := experiment.ReferenceConfig()
	c.Tasks = []string{"onechoice", "gonogo"}
	c.Simulations = 3
	c.FieldName = "6_6_2"
	return c
}

// fakeResult is a deterministic function of the spec, drawn from the run's
// and the simulation's generators like a real trainer would.
func fakeResult(spec experiment.RunSpec) experiment.RunResult {
	r := seeds.Rand(spec.Seed, seeds.StreamInit)
	d := seeds.Rand(spec.DataSeed, seeds.StreamTrain)
	base := 0.6 + 0.3*d.Float64()
	return experiment.RunResult{
		Accuracy: base + 0.01*r.Float64(), Loss: 1 - base + 0.1*r.Float64(),
		ValidationAccuracy: base, ValidationLoss: 1.1 - base,
		TestAccuracy: base - 0.02*r.Float64(), TestLoss: 1.2 - base,
		Modularity: 0.4, SmallWorldness: 2, Assortativity: -0.1, Entropy: 5,
		Seconds: 0.25,
	}
}
