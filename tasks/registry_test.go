package tasks

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestByName(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"onechoice": "onechoice", "Task1": "onechoice", "TASK1": "onechoice",
		"gonogo": "gonogo", "Task2": "gonogo",
		"perceptualdm": "perceptualdm", "Task3": "perceptualdm", " pdm ": "perceptualdm",
	}
	for name, want := range cases {
		task, err := ByName(name)
		if !assert.NoError(t, err, "ByName(%q)", name) {
			continue
		}
		assert.Equal(t, want, task.Spec().Name, "ByName(%q)", name)
	}
	for _, name := range Names() {
		task, err := ByName(name)
		require.NoError(t, err, "ByName(%q) for a listed name", name)
		assert.Equal(t, name, task.Spec().Name, "ByName(%q).Spec().Name", name)
		assert.NoError(t, task.Spec().Validate(), name)
	}
	_, err := ByName("task4")
	require.ErrorIs(t, err, ErrUnknownTask, "ByName(task4)")
	for _, name := range Names() {
		assert.ErrorContains(t, err, name, "the error lists the task names")
	}
}

func TestWriteTrialPanicsOnShapeMismatch(t *testing.T) {
	t.Parallel()
	one, gng := NewOneChoice(), NewGoNoGo()
	wrong := mustBatch(t, gng.Spec(), 2)
	right := mustBatch(t, one.Spec(), 2)
	for _, c := range []struct {
		name  string
		b     *Batch
		trial int
	}{{"wrong task", wrong, 0}, {"trial out of range", right, 2}, {"negative trial", right, -1}} {
		func() {
			defer func() {
				r := recover()
				assert.IsType(t, ShapeError{}, r, "%s: recovered %v, want a ShapeError", c.name, r)
			}()
			one.WriteTrial(c.b, c.trial, nil)
		}()
	}
}

func TestShapeErrorCases(t *testing.T) {
	t.Parallel()
	dms, err := NewDelayMatchSample(DefaultDelayMatchSampleConfig())
	require.NoError(t, err)
	good := func() *Batch { return mustBatch(t, dms.Spec(), 2) }
	cases := map[string]func() *Batch{
		"steps":  func() *Batch { b := good(); b.Steps--; return b },
		"nin":    func() *Batch { b := good(); b.NIn++; return b },
		"nout":   func() *Batch { b := good(); b.NOut--; return b },
		"len X":  func() *Batch { b := good(); b.X = b.X[:len(b.X)-1]; return b },
		"len Y":  func() *Batch { b := good(); b.Y = nil; return b },
		"mask":   func() *Batch { b := good(); b.Mask = b.Mask[:1]; return b },
		"labels": func() *Batch { b := mustBatch(t, NewGoNoGo().Spec(), 2); b.Labels = nil; return b },
	}
	for name, mk := range cases {
		b := mk()
		var task Task = dms
		if name == "labels" {
			task = NewGoNoGo()
		}
		func() {
			defer func() {
				r := recover()
				if assert.IsType(t, ShapeError{}, r, "%s: recovered %v, want ShapeError", name, r) {
					assert.ErrorContains(t, r.(ShapeError), "shape mismatch", "%s: message", name)
				}
			}()
			task.WriteTrial(b, 0, testutil.Rand(1))
		}()
	}
}

func TestAccessors(t *testing.T) {
	t.Parallel()
	s, err := NewSchedule("S", 20, PeriodSpec{"a", Fixed(20)}, PeriodSpec{"b", Fixed(40)})
	require.NoError(t, err)
	assert.Equal(t, 20.0, s.DT(), "DT")
	assert.Equal(t, []string{"a", "b"}, s.Names(), "Names")
	pdm, err := NewPerceptualDM(DefaultPerceptualDMConfig())
	require.NoError(t, err)
	cfg := pdm.Config()
	cfg.Coherences[0] = 99 // a copy
	assert.Equal(t, 0.0, pdm.Config().Coherences[0], "Config shares its coherence slice")
	cdm, err := NewContextDM(DefaultContextDMConfig())
	require.NoError(t, err)
	wm, err := NewWorkingMemory(DefaultWorkingMemoryConfig())
	require.NoError(t, err)
	// σ/√dt: 1/√50 and 1/√100.
	testutil.AssertClose(t, cdm.NoiseSD(), 1/math.Sqrt(50), 1e-15, 0, "ContextDM NoiseSD")
	testutil.AssertClose(t, wm.NoiseSD(), 0.1, 1e-15, 0, "WorkingMemory NoiseSD")
	fe := &FieldError{Field: "X", Err: ErrConfig}
	assert.Equal(t, "tasks: X: invalid task configuration", fe.Error(), "FieldError without detail")
}
