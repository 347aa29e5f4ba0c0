package tasks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// reference.json is produced by testdata/reference.py (Debian /usr/bin/python3,
// numpy 1.24.2, scipy 1.10.1): noise-free trials rebuilt independently with
// numpy in NeuroGym's TrialEnv idiom, and scipy.stats.truncexpon quantiles.
type referenceFile struct {
	Source string `json:"source"`
	Cases  []struct {
		Task      string          `json:"task"`
		Condition json.RawMessage `json:"condition"`
		Steps     int             `json:"steps"`
		X         []float32       `json:"x"`
		Label     *int            `json:"label"`
		Classes   []int           `json:"classes"`
		Mask      []float32       `json:"mask"`
	} `json:"cases"`
	TruncExp []struct {
		Mean, Min, Max float64
		U              []float64 `json:"u"`
		Quantile       []float64 `json:"quantile"`
	} `json:"truncexp"`
}

func loadReference(t *testing.T) referenceFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "reference.json"))
	require.NoError(t, err)
	var ref referenceFile
	require.NoError(t, json.Unmarshal(raw, &ref), "testdata/reference.json")
	return ref
}

// writeReferenceCase writes the case's condition with a noise-free task and
// returns the batch (one trial).
func writeReferenceCase(t *testing.T, name string, cond json.RawMessage) *Batch {
	t.Helper()
	rnd := testutil.Rand(1)
	decode := func(v any) {
		require.NoError(t, json.Unmarshal(cond, v), "condition %s", cond)
	}
	var (
		task Task
		err  error
		bt   *Batch
	)
	write := func(f func(*Batch) error) {
		require.NoError(t, err, "constructing the %s task", name) // before task.Spec: a failed constructor returns a nil task
		bt = mustBatch(t, task.Spec(), 1)
		require.NoError(t, f(bt))
	}
	switch name {
	case "onechoice":
		var c OneChoiceCondition
		decode(&c)
		tk := NewOneChoice()
		task = tk
		write(func(b *Batch) error { return tk.WriteCondition(b, 0, c, rnd) })
	case "gonogo":
		var c GoNoGoCondition
		decode(&c)
		tk := NewGoNoGo()
		task = tk
		write(func(b *Batch) error { return tk.WriteCondition(b, 0, c, rnd) })
	case "perceptualdm":
		var c PerceptualDMCondition
		decode(&c)
		cfg := DefaultPerceptualDMConfig()
		cfg.Sigma = 0
		tk, e := NewPerceptualDM(cfg)
		task, err = tk, e
		write(func(b *Batch) error { return tk.WriteCondition(b, 0, c, rnd) })
	case "delaymatchsample":
		var c struct {
			DelayMatchSampleCondition
			DimRing int
		}
		decode(&c)
		cfg := DefaultDelayMatchSampleConfig()
		cfg.Sigma, cfg.DimRing = 0, c.DimRing
		tk, e := NewDelayMatchSample(cfg)
		task, err = tk, e
		write(func(b *Batch) error { return tk.WriteCondition(b, 0, c.DelayMatchSampleCondition, rnd) })
	case "contextdm":
		var c ContextDMCondition
		decode(&c)
		cfg := DefaultContextDMConfig()
		cfg.Sigma, cfg.Delay = 0, Fixed(600)
		tk, e := NewContextDM(cfg)
		task, err = tk, e
		write(func(b *Batch) error { return tk.WriteCondition(b, 0, c, rnd) })
	case "workingmemory":
		var c WorkingMemoryCondition
		decode(&c)
		cfg := DefaultWorkingMemoryConfig()
		cfg.Sigma = 0
		tk, e := NewWorkingMemory(cfg)
		task, err = tk, e
		write(func(b *Batch) error { return tk.WriteCondition(b, 0, c, rnd) })
	case "vardelaygonogo":
		var c struct {
			GoNoGoCondition
			Delay float64
		}
		decode(&c)
		cfg := DefaultVarDelayGoNoGoConfig()
		cfg.Delay = Fixed(c.Delay) // the reference trial has no padding
		tk, e := NewVarDelayGoNoGo(cfg)
		task, err = tk, e
		write(func(b *Batch) error { return tk.WriteCondition(b, 0, c.GoNoGoCondition, rnd) })
	default:
		require.FailNow(t, "unknown reference task", "%q", name)
	}
	return bt
}

func TestAgainstPythonReference(t *testing.T) {
	t.Parallel()
	ref := loadReference(t)
	seen := map[string]int{}
	for i, c := range ref.Cases {
		t.Run(fmt.Sprintf("%d_%s", i, c.Task), func(t *testing.T) {
			seen[c.Task]++
			bt := writeReferenceCase(t, c.Task, c.Condition)
			require.Equal(t, c.Steps, bt.Steps, "steps")
			// numpy's and Go's cos may differ in the last float64 bit, which
			// survives float32 rounding only as one float32 ulp (2⁻²³
			// relative) or as a residue ≤ 1e-15 where the value is 0.
			got := trialInputs(bt, 0)
			require.Equal(t, len(c.X), len(got), "inputs: number of values")
			for j := range got {
				testutil.AssertClose(t, float64(got[j]), float64(c.X[j]), 0x1p-23, 1e-15,
					"step %d channel %d (%s)", j/bt.NIn, j%bt.NIn, ref.Source)
			}
			if c.Label != nil {
				assert.Equal(t, *c.Label, bt.Labels[0], "label")
				return
			}
			var want []float32
			for _, k := range c.Classes {
				oh := make([]float32, bt.NOut)
				oh[k] = 1
				want = append(want, oh...)
			}
			y, mask := trialTargets(bt, 0)
			assertExact(t, y, want, bt.NOut, "targets")
			assertExact(t, mask, c.Mask, 1, "mask")
		})
	}
	assert.Len(t, seen, 7, "tasks the reference covers")
}

func TestTruncExpQuantileAgainstScipy(t *testing.T) {
	t.Parallel()
	ref := loadReference(t)
	require.NotEmpty(t, ref.TruncExp, "truncexp reference")
	for _, c := range ref.TruncExp {
		e := TruncExp{Mean: c.Mean, Min: c.Min, Max: c.Max}
		for i, u := range c.U {
			testutil.AssertClose(t, e.Quantile(u), c.Quantile[i], 1e-12, 0,
				"TruncExp%+v.Quantile(%g) vs scipy truncexpon.ppf", e, u)
		}
	}
}
