package experiment

import (
	"context"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/seeds"
)

// smallConfig is a fast sweep: two tasks, the eleven paper variants, three
// simulations (66 runs).
func smallConfig() Config {
	c := ReferenceConfig()
	c.Tasks = []string{"onechoice", "gonogo"}
	c.Simulations = 3
	c.FieldName = "6_6_2"
	return c
}

// fakeResult is a deterministic function of the spec, drawn from the run's
// and the simulation's generators like a real trainer would, except for
// Seconds, which like a real wall time differs from call to call (it is
// drawn from the unseeded global generator).
func fakeResult(spec RunSpec) RunResult {
	r := spec.runRand(seeds.StreamInit)
	d := spec.dataRand(seeds.StreamTrain)
	base := 0.6 + 0.3*d.Float64()
	if spec.Variant.Init == InitBio {
		base += 0.05
	}
	res := RunResult{
		Accuracy: base + 0.01*r.Float64(), Loss: 1 - base + 0.1*r.Float64(),
		ValidationAccuracy: base + 0.01*r.NormFloat64(), ValidationLoss: 1.1 - base,
		TestAccuracy: base - 0.02*r.Float64(), TestLoss: 1.2 - base,
		Modularity: 0.4 + 0.1*r.Float64(), SmallWorldness: 2 + r.NormFloat64()/10,
		Assortativity: -0.1 * r.Float64(), Entropy: 5 + r.Float64(),
		Seconds: 0.25 + rand.Float64(),
	}
	if spec.Key.Variant == "WD" && spec.Key.Simulation == 1 {
		res.Assortativity = math.NaN() // an undefined graph metric
	}
	for e := 0; e < spec.Config.Epochs; e++ {
		f := float64(e+1) / float64(spec.Config.Epochs)
		res.History = append(res.History, Epoch{Loss: res.Loss / f, Accuracy: res.Accuracy * f,
			ValidationLoss: res.ValidationLoss / f, ValidationAccuracy: res.ValidationAccuracy * f})
	}
	return res
}

// fakeTrainer returns fakeResult after an optional delay.
func fakeTrainer(delay time.Duration) Trainer {
	return TrainerFunc(func(ctx context.Context, spec RunSpec) (RunResult, error) {
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-ctx.Done():
				return RunResult{}, ctx.Err()
			}
		}
		return fakeResult(spec), nil
	})
}

// runAndFinish runs cfg's whole sweep in dir with jobs workers and checks
// that it is complete.
func runAndFinish(t *testing.T, cfg Config, dir string, jobs int) {
	t.Helper()
	sw := Sweep{Config: cfg, Trainer: fakeTrainer(0), Dir: dir, Jobs: jobs}
	_, err := sw.Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, finish(dir))
}

// finish loads a sweep folder's configuration and every one of its runs,
// failing, as report.Finish does (which writes the published layout from
// them; this package's tests cannot import report), when a run is missing.
func finish(dir string) error {
	cfg, err := LoadConfig(dir)
	if err != nil {
		return err
	}
	_, err = LoadRecords(dir, &cfg, false)
	return err
}

// treeBytes returns every regular file under dir (relative path → content),
// temporary files excluded.
func treeBytes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), tmpPrefix) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = string(b)
		return nil
	})
	require.NoError(t, err)
	return out
}

// isTiming reports whether the output file rel holds wall times, the one
// kind of file that differs between otherwise identical sweeps.
func isTiming(rel string) bool {
	return strings.HasSuffix(rel, ".time")
}

// assertSameTree fails unless got and want hold the same files with the same
// bytes; timing files (isTiming) must exist in both but may differ.
func assertSameTree(t *testing.T, got, want map[string]string, what string) {
	t.Helper()
	var gk, wk []string
	for k := range got {
		gk = append(gk, k)
	}
	for k := range want {
		wk = append(wk, k)
	}
	slices.Sort(gk)
	slices.Sort(wk)
	require.Equal(t, wk, gk, "%s: files differ", what)
	for _, k := range gk {
		if !isTiming(k) {
			assert.Equal(t, want[k], got[k], "%s: %s differs", what, k)
		}
	}
}

// spec returns the RunSpec of k under the trainer's configuration and
// inputs, as Sweep builds it.
func (t *PaperTrainer) spec(k RunKey) (RunSpec, error) { return t.cfg.Spec(k, t.inputs) }

// presetConfig returns ReferenceConfig or CorrectedConfig.
func presetConfig(p Preset) Config {
	if p == Reference {
		return ReferenceConfig()
	}
	return CorrectedConfig()
}

// storedKeys returns the keys of the finished runs of the sweep folder dir,
// in plan order.
func storedKeys(t *testing.T, dir string) []RunKey {
	t.Helper()
	cfg, err := LoadConfig(dir)
	require.NoError(t, err)
	recs, err := LoadRecords(dir, &cfg, true)
	require.NoError(t, err)
	keys := make([]RunKey, len(recs))
	for i, r := range recs {
		keys[i] = r.Key
	}
	return keys
}
