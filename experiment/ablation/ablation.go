package ablation

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/experiment/internal/buildinfo"
)

// Corrections returns the names of the Config settings in which
// ReferenceConfig and CorrectedConfig differ, in the order of the
// canonical encoding (ConfigText), e.g. "DataSharing", "ReshapeCoordinates".
func Corrections() []string {
	ref, cor := experiment.ReferenceConfig(), experiment.CorrectedConfig()
	a, b := settings(&ref), settings(&cor)
	var out []string
	for i := range a {
		if a[i].name == "Preset" || a[i].name == "Variants" || a[i].value == b[i].value {
			continue
		}
		out = append(out, a[i].name)
	}
	return out
}

// Ablate returns a copy of base with one correction (a name of
// Corrections) set to the Corrected preset's value. It returns an error for
// an unknown correction or one base already has.
func Ablate(base *experiment.Config, correction string) (experiment.Config, error) {
	if !slices.Contains(Corrections(), correction) {
		return experiment.Config{}, fmt.Errorf("ablation: unknown correction %q; valid: %s", correction, strings.Join(Corrections(), ", "))
	}
	out := base.Clone()
	cor := experiment.CorrectedConfig()
	dst := reflect.ValueOf(&out).Elem().FieldByName(correction)
	want := reflect.ValueOf(cor).FieldByName(correction)
	if reflect.DeepEqual(dst.Interface(), want.Interface()) {
		return experiment.Config{}, fmt.Errorf("ablation: %s is already %v, the corrected value", correction, settingOf(&cor, correction))
	}
	dst.Set(want)
	return out, nil
}

// Plan is the plan of one ablation: the configuration, and which
// of its variants must be trained and which reuse the base sweep's runs
// (the same run fingerprint, so the same numbers).
type Plan struct {
	Correction string
	Config     experiment.Config
	// Trained and Reused are variant names of Config.Variants, in order.
	// Every (task, simulation) of a variant falls on the same side: a run's
	// fingerprint does not depend on its key.
	Trained, Reused []string
}

// TrainedRuns returns the number of runs the ablation trains.
func (p *Plan) TrainedRuns() int {
	return len(p.Trained) * len(p.Config.Tasks) * p.Config.Simulations
}

// PlanOne plans the ablation of one correction of base under the inputs of
// the base sweep (experiment.CurrentProvenance's Inputs, or a stored Provenance.Inputs).
func PlanOne(base *experiment.Config, correction string, inputs []experiment.Input) (Plan, error) {
	if err := base.Validate(); err != nil {
		return Plan{}, err
	}
	cfg, err := Ablate(base, correction)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{Correction: correction, Config: cfg}
	for _, name := range base.Variants {
		v, err := experiment.VariantByName(name)
		if err != nil {
			return Plan{}, err
		}
		if base.RunFingerprint(v, inputs) == cfg.RunFingerprint(v, inputs) {
			p.Reused = append(p.Reused, v.Name)
		} else {
			p.Trained = append(p.Trained, v.Name)
		}
	}
	return p, nil
}

// PlanAll plans the ablation of every correction base does not already
// have, in the order of Corrections.
func PlanAll(base *experiment.Config, inputs []experiment.Input) ([]Plan, error) {
	var out []Plan
	applied := Applied(base)
	for _, c := range Corrections() {
		if slices.Contains(applied, c) {
			continue
		}
		p, err := PlanOne(base, c, inputs)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Applied returns the corrections (names of Corrections) whose
// setting in c has the Corrected preset's value, in the order of
// Corrections: none for the Reference preset, all for the Corrected one,
// one for an ablation.
func Applied(c *experiment.Config) []string {
	cor := reflect.ValueOf(experiment.CorrectedConfig())
	var out []string
	for _, name := range Corrections() {
		if reflect.DeepEqual(reflect.ValueOf(*c).FieldByName(name).Interface(), cor.FieldByName(name).Interface()) {
			out = append(out, name)
		}
	}
	return out
}

// ReuseTrainer returns an experiment.Trainer that answers a run with the stored result
// of a base record of the same key, seed and run fingerprint trained on this
// process's BLAS kernel (the same settings, data, seeds and kernel give the
// same numbers, so training it again would only repeat them), and trains
// every other run with t. Wrap the trainer of an ablation's sweep in it
// with the base sweep's records (experiment.LoadRecords) and fingerprint
// (the "fingerprint" of its sweep-config.json) to retrain only the
// variants the correction changes. A reused result carries its
// experiment.Origin, so the ablation's record of it names the base sweep
// and the code that trained it there.
func ReuseTrainer(t experiment.Trainer, base []experiment.Record, baseFingerprint string) *Reuse {
	r := &Reuse{inner: t, base: map[experiment.RunKey]*experiment.Record{}, sweep: baseFingerprint}
	kernel := buildinfo.BLASKernel()
	for i := range base {
		if base[i].Kernel == kernel {
			r.base[base[i].Key] = &base[i]
		}
	}
	return r
}

// Reuse is the Trainer ReuseTrainer returns.
type Reuse struct {
	inner  experiment.Trainer
	base   map[experiment.RunKey]*experiment.Record
	sweep  string
	reused atomic.Int64
}

// Run returns the base record's result when it matches spec, otherwise
// trains with the wrapped Trainer.
func (r *Reuse) Run(ctx context.Context, spec experiment.RunSpec) (experiment.RunResult, error) {
	if rec, ok := r.base[spec.Key]; ok && rec.Seed == spec.Seed && rec.Fingerprint == spec.Fingerprint {
		r.reused.Add(1)
		res := rec.Result
		res.History = slices.Clone(rec.Result.History)
		res.Origin = &experiment.Origin{Sweep: r.sweep, Code: rec.Code, Go: rec.Go, Kernel: rec.Kernel}
		if rec.ReusedFrom != "" { // the base repeated it in turn
			res.Origin.Sweep = rec.ReusedFrom
		}
		return res, nil
	}
	return r.inner.Run(ctx, spec)
}

// Reused returns the number of runs answered from the base records so far.
func (r *Reuse) Reused() int { return int(r.reused.Load()) }

// setting is one "Name: value" line of the canonical encoding.
type setting struct{ name, value string }

// settings returns c's settings in the order of the canonical encoding
// (experiment.ConfigText), the order in which Corrections lists them.
func settings(c *experiment.Config) []setting {
	var out []setting
	for line := range strings.SplitSeq(strings.TrimSuffix(experiment.ConfigText(c), "\n"), "\n") {
		name, value, _ := strings.Cut(line, ": ")
		out = append(out, setting{name, value})
	}
	return out
}

// settingOf returns the encoded value of setting name of c.
func settingOf(c *experiment.Config, name string) string {
	for _, s := range settings(c) {
		if s.name == name {
			return s.value
		}
	}
	return ""
}
