package report

import (
	"context"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
	"github.com/cortexrnn/cortexrnn/internal/seeds"
)

// smallConfig is a fast sweep: two tasks, the eleven paper variants, three
// simulations (66 runs).
func smallConfig() experiment.Config {
	c := experiment.ReferenceConfig()
	c.Tasks = []string{"onechoice", "gonogo"}
	c.Simulations = 3
	c.FieldName = "6_6_2"
	return c
}

// fakeResult is a deterministic function of the spec, drawn from the run's
// and the simulation's generators like a real trainer would, except for
// Seconds, which like a real wall time differs from call to call (a
// counter).
func fakeResult(spec experiment.RunSpec, seconds float64) experiment.RunResult {
	r := seeds.Rand(spec.Seed, seeds.StreamInit)
	d := seeds.Rand(spec.DataSeed, seeds.StreamTrain)
	base := 0.6 + 0.3*d.Float64()
	if spec.Variant.Init == experiment.InitBio {
		base += 0.05
	}
	res := experiment.RunResult{
		Accuracy: base + 0.01*r.Float64(), Loss: 1 - base + 0.1*r.Float64(),
		ValidationAccuracy: base + 0.01*r.NormFloat64(), ValidationLoss: 1.1 - base,
		TestAccuracy: base - 0.02*r.Float64(), TestLoss: 1.2 - base,
		Modularity: 0.4 + 0.1*r.Float64(), SmallWorldness: 2 + r.NormFloat64()/10,
		Assortativity: -0.1 * r.Float64(), Entropy: 5 + r.Float64(),
		Seconds: seconds,
	}
	if spec.Key.Variant == "WD" && spec.Key.Simulation == 1 {
		res.Assortativity = math.NaN() // an undefined graph metric
	}
	for e := 0; e < spec.Config.Epochs; e++ {
		f := float64(e+1) / float64(spec.Config.Epochs)
		res.History = append(res.History, experiment.Epoch{Loss: res.Loss / f, Accuracy: res.Accuracy * f,
			ValidationLoss: res.ValidationLoss / f, ValidationAccuracy: res.ValidationAccuracy * f})
	}
	return res
}

// fakeTrainer returns fakeResult, with a wall time that differs on every
// call.
func fakeTrainer() experiment.Trainer {
	var calls atomic.Int64
	return experiment.TrainerFunc(func(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
		return fakeResult(spec, 0.25+float64(calls.Add(1))/1000), nil
	})
}

// runAndFinish runs cfg's whole sweep in dir with jobs workers and writes
// the layout, the summary and the figures (Finish).
func runAndFinish(t *testing.T, cfg experiment.Config, dir string, jobs int) {
	t.Helper()
	sw := experiment.Sweep{Config: cfg, Trainer: fakeTrainer(), Dir: dir, Jobs: jobs}
	_, err := sw.Run(context.Background())
	require.NoError(t, err)
	require.NoError(t, Finish(dir))
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
		if d.IsDir() || strings.HasPrefix(d.Name(), atomicfile.TempPrefix) {
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
	return rel == TimingsFile || strings.HasSuffix(rel, ".time")
}

// assertSameTree fails unless got and want hold the same files with the same
// bytes; timing files (isTiming) must exist in both but may differ.
func assertSameTree(t *testing.T, got, want map[string]string, what string) {
	t.Helper()
	gk := slices.Sorted(maps.Keys(got))
	wk := slices.Sorted(maps.Keys(want))
	require.Equal(t, wk, gk, "%s: files differ", what)
	for _, k := range gk {
		if !isTiming(k) {
			assert.Equal(t, want[k], got[k], "%s: %s differs", what, k)
		}
	}
}
