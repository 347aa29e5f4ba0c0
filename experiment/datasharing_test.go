package experiment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/seeds"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// TestDataSharingTrials draws the trial sets the PaperTrainer trains on for
// two variants and two simulations under each design: every run sees the
// same trials under DataShared; under DataPerSimulation the variants of a
// simulation share them and the simulations differ.
func TestDataSharingTrials(t *testing.T) {
	t.Parallel()
	task, err := tasks.ByName("onechoice")
	require.NoError(t, err)
	flat := func(ds *tasks.Dataset) []float32 {
		var out []float32
		for _, split := range [][]*tasks.Batch{ds.Train, ds.HeldOut, ds.Test} {
			for _, b := range split {
				out = append(out, b.X...)
				for _, l := range b.Labels {
					out = append(out, float32(l))
				}
			}
		}
		return out
	}
	for _, tc := range []struct {
		sharing        DataSharing
		sameAcrossSims bool
	}{{DataShared, true}, {DataPerSimulation, false}} {
		t.Run(tc.sharing.String(), func(t *testing.T) {
			cfg := tinyTrainerConfig()
			cfg.DataSharing = tc.sharing
			cfg.Variants = []string{"W", "W*D*C"}
			cfg.Simulations = 2
			tr, err := NewPaperTrainer(&cfg, tinyField(t))
			require.NoError(t, err)
			trials := map[RunKey][]float32{}
			for _, v := range cfg.Variants {
				for sim := range cfg.Simulations {
					k := RunKey{Task: 1, Variant: v, Simulation: sim}
					spec, err := tr.spec(k)
					require.NoError(t, err)
					ds, err := tr.dataset(spec, task)
					require.NoError(t, err)
					trials[k] = flat(ds)
				}
			}
			for sim := range 2 {
				assert.Equal(t, trials[RunKey{1, "W", sim}], trials[RunKey{1, "W*D*C", sim}],
					"variants of simulation %d see different trials", sim)
			}
			a, b := trials[RunKey{1, "W", 0}], trials[RunKey{1, "W", 1}]
			if tc.sameAcrossSims {
				assert.Equal(t, a, b, "simulations see different trials under the shared design")
			} else {
				assert.NotEqual(t, a, b, "simulations see the same trials under the per-simulation design")
			}
		})
	}
}

// TestTrialSeed pins the per-simulation seed to DataSeed (so the numbers of
// sweeps drawn before DataShared existed do not move) and the shared one to
// a function of (base, task) alone.
func TestTrialSeed(t *testing.T) {
	t.Parallel()
	c := CorrectedConfig()
	assert.Equal(t, DataPerSimulation, c.DataSharing)
	assert.Equal(t, seeds.Data(c.Seed, 2, 5), c.trialSeed(2, 5))
	r := ReferenceConfig()
	assert.Equal(t, DataShared, r.DataSharing)
	assert.Equal(t, seeds.Shared(r.Seed, 2), r.trialSeed(2, 0))
	assert.Equal(t, r.trialSeed(2, 0), r.trialSeed(2, 7))
	assert.NotEqual(t, r.trialSeed(1, 0), r.trialSeed(2, 0))
	// The spec carries the seed its trials come from, for whatever
	// regenerates them later (report.DynamicsAnalysis).
	for _, cfg := range []Config{c, r} {
		spec, err := cfg.Spec(RunKey{Task: 2, Variant: "W", Simulation: 5}, nil)
		require.NoError(t, err)
		assert.Equal(t, cfg.trialSeed(2, 5), spec.TrialSeed, "%v", cfg.DataSharing)
		assert.Equal(t, seeds.Data(cfg.Seed, 2, 5), spec.DataSeed, "%v: DataSeed stays per simulation (the biological init)", cfg.DataSharing)
	}
	assert.NotEqual(t, seeds.Shared(1, 2), seeds.Data(1, 2, 0))
	for _, s := range []string{"shared", "per-simulation"} {
		d, err := parseDataSharing(s)
		require.NoError(t, err)
		assert.Equal(t, s, d.String())
	}
	_, err := parseDataSharing("per-run")
	assert.Error(t, err)
}
