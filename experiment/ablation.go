package experiment

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
)

// Ablations switch the corrections of the Corrected preset one at a time,
// starting from the Reference preset (or any configuration), so that a
// report can attribute each change of a claim to one correction. A
// correction is a setting in which the two presets differ (other than the
// preset's name and its variant list); the list is derived from the
// presets themselves, so a new correction is an ablation as soon as the
// presets differ in it.
//
// Which runs an ablation retrains is derived from the fingerprint scopes of
// the canonical encoding (RunFingerprint): a run whose fingerprint the
// switch leaves unchanged reads nothing the switch changes, and its record
// in the base sweep is reused. On the published variants this gives
//
//	ReshapeCoordinates   the D* variants
//	ZeroStrengthEpsilon  every variant with a communicability term (C, C*)
//	UnscaledL1           W only
//	GridScaling          the D variants
//	AccuracySource       none (each record holds both accuracies)
//	DataSharing          every variant

// Corrections returns the names of the Config settings in which
// ReferenceConfig and CorrectedConfig differ, in the order of the
// canonical encoding (ConfigText), e.g. "DataSharing", "ReshapeCoordinates".
func Corrections() []string {
	ref, cor := ReferenceConfig(), CorrectedConfig()
	a, b := ref.settings(), cor.settings()
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
func Ablate(base *Config, correction string) (Config, error) {
	if !slices.Contains(Corrections(), correction) {
		return Config{}, fmt.Errorf("experiment: unknown correction %q; valid: %s", correction, strings.Join(Corrections(), ", "))
	}
	out := base.Clone()
	cor := CorrectedConfig()
	dst := reflect.ValueOf(&out).Elem().FieldByName(correction)
	want := reflect.ValueOf(cor).FieldByName(correction)
	if reflect.DeepEqual(dst.Interface(), want.Interface()) {
		return Config{}, fmt.Errorf("experiment: %s is already %v, the corrected value", correction, settingValue(want))
	}
	dst.Set(want)
	return out, nil
}

// AblationPlan is the plan of one ablation: the configuration, and which
// of its variants must be trained and which reuse the base sweep's runs
// (the same run fingerprint, so the same numbers).
type AblationPlan struct {
	Correction string
	Config     Config
	// Trained and Reused are variant names of Config.Variants, in order.
	// Every (task, simulation) of a variant falls on the same side: a run's
	// fingerprint does not depend on its key.
	Trained, Reused []string
}

// TrainedRuns returns the number of runs the ablation trains.
func (p *AblationPlan) TrainedRuns() int {
	return len(p.Trained) * len(p.Config.Tasks) * p.Config.Simulations
}

// PlanAblation plans the ablation of one correction of base under the
// inputs of the base sweep (Inputs, or a stored Provenance.Inputs).
func PlanAblation(base *Config, correction string, inputs []Input) (AblationPlan, error) {
	if err := base.Validate(); err != nil {
		return AblationPlan{}, err
	}
	cfg, err := Ablate(base, correction)
	if err != nil {
		return AblationPlan{}, err
	}
	p := AblationPlan{Correction: correction, Config: cfg}
	for _, v := range base.variants() {
		if base.RunFingerprint(v, inputs) == cfg.RunFingerprint(v, inputs) {
			p.Reused = append(p.Reused, v.Name)
		} else {
			p.Trained = append(p.Trained, v.Name)
		}
	}
	return p, nil
}

// PlanAblations plans the ablation of every correction base does not
// already have, in the order of Corrections.
func PlanAblations(base *Config, inputs []Input) ([]AblationPlan, error) {
	var out []AblationPlan
	applied := AppliedCorrections(base)
	for _, c := range Corrections() {
		if slices.Contains(applied, c) {
			continue
		}
		p, err := PlanAblation(base, c, inputs)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// AppliedCorrections returns the corrections (names of Corrections) whose
// setting in c has the Corrected preset's value, in the order of
// Corrections: none for the Reference preset, all for the Corrected one,
// one for an ablation.
func AppliedCorrections(c *Config) []string {
	cor := reflect.ValueOf(CorrectedConfig())
	var out []string
	for _, name := range Corrections() {
		if reflect.DeepEqual(reflect.ValueOf(*c).FieldByName(name).Interface(), cor.FieldByName(name).Interface()) {
			out = append(out, name)
		}
	}
	return out
}

// ReuseTrainer returns a Trainer that answers a run with the stored result
// of a base record of the same key, seed and run fingerprint trained on this
// process's BLAS kernel (the same settings, data, seeds and kernel give the
// same numbers, so training it again would only repeat them), and trains
// every other run with t. Reused counts the runs answered from base. Wrap
// the trainer of an ablation's sweep in it with the base sweep's records
// (LoadRecords) to retrain only the variants the correction changes.
func ReuseTrainer(t Trainer, base []Record) *Reuse {
	r := &Reuse{inner: t, base: map[RunKey]*Record{}}
	kernel := BLASKernel()
	for i := range base {
		if base[i].Kernel == kernel {
			r.base[base[i].Key] = &base[i]
		}
	}
	return r
}

// Reuse is the Trainer ReuseTrainer returns.
type Reuse struct {
	inner  Trainer
	base   map[RunKey]*Record
	reused atomic.Int64
}

// Run returns the base record's result when it matches spec, otherwise
// trains with the wrapped Trainer.
func (r *Reuse) Run(ctx context.Context, spec RunSpec) (RunResult, error) {
	if rec, ok := r.base[spec.Key]; ok && rec.Seed == spec.Seed && rec.Fingerprint == spec.Fingerprint {
		r.reused.Add(1)
		res := rec.Result
		res.History = slices.Clone(rec.Result.History)
		return res, nil
	}
	return r.inner.Run(ctx, spec)
}

// Reused returns the number of runs answered from the base records so far.
func (r *Reuse) Reused() int { return int(r.reused.Load()) }
