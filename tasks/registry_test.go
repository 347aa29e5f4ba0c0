package tasks

import (
	"errors"
	"math"
	"strings"
	"testing"

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
		if err != nil {
			t.Errorf("ByName(%q): %v", name, err)
			continue
		}
		if got := task.Spec().Name; got != want {
			t.Errorf("ByName(%q) = %s, want %s", name, got, want)
		}
	}
	for _, name := range Names() {
		task, err := ByName(name)
		if err != nil {
			t.Fatalf("ByName(%q) for a listed name: %v", name, err)
		}
		if task.Spec().Name != name {
			t.Errorf("ByName(%q).Spec().Name = %q", name, task.Spec().Name)
		}
		if err := task.Spec().Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := ByName("task4")
	if !errors.Is(err, ErrUnknownTask) {
		t.Fatalf("ByName(task4) = %v, want ErrUnknownTask", err)
	}
	for _, name := range Names() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %q", err, name)
		}
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
				if _, ok := r.(ShapeError); !ok {
					t.Errorf("%s: recovered %v, want a ShapeError", c.name, r)
				}
			}()
			one.WriteTrial(c.b, c.trial, nil)
		}()
	}
}

func TestShapeErrorCases(t *testing.T) {
	t.Parallel()
	dms, _ := NewDelayMatchSample(DefaultDelayMatchSampleConfig())
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
				se, ok := r.(ShapeError)
				if !ok {
					t.Errorf("%s: recovered %v, want ShapeError", name, r)
					return
				}
				if !strings.Contains(se.Error(), "shape mismatch") {
					t.Errorf("%s: message %q", name, se.Error())
				}
			}()
			task.WriteTrial(b, 0, testutil.Rand(1))
		}()
	}
}

func TestAccessors(t *testing.T) {
	t.Parallel()
	s, _ := NewSchedule("S", 20, PeriodSpec{"a", Fixed(20)}, PeriodSpec{"b", Fixed(40)})
	if s.DT() != 20 || strings.Join(s.Names(), ",") != "a,b" {
		t.Errorf("DT %v Names %v", s.DT(), s.Names())
	}
	pdm, _ := NewPerceptualDM(DefaultPerceptualDMConfig())
	cfg := pdm.Config()
	cfg.Coherences[0] = 99 // a copy
	if pdm.Config().Coherences[0] != 0 {
		t.Error("Config shares its coherence slice")
	}
	cdm, _ := NewContextDM(DefaultContextDMConfig())
	wm, _ := NewWorkingMemory(DefaultWorkingMemoryConfig())
	// σ/√dt: 1/√50 and 1/√100.
	testutil.AssertClose(t, cdm.NoiseSD(), 1/math.Sqrt(50), 1e-15, 0, "ContextDM NoiseSD")
	testutil.AssertClose(t, wm.NoiseSD(), 0.1, 1e-15, 0, "WorkingMemory NoiseSD")
	fe := &FieldError{Field: "X", Err: ErrConfig}
	if fe.Error() != "tasks: X: invalid task configuration" {
		t.Errorf("FieldError without detail: %q", fe.Error())
	}
}
