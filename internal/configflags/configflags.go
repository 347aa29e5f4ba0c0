// Package configflags is the one mapping between command-line flags and
// experiment.Config, shared by the programs (examples/paper,
// examples/seqrnn): each setting has one flag name, one help text and one
// parser. A program starts from a preset, applies its own default
// overrides (stated in one place in the program), then the flags the user
// gave (Flags.Apply); a flag left unset keeps that value.
package configflags

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// defaults holds the defaults both presets share (their Simulations, Seed,
// Epochs and SmallWorldNulls), named in the flags' help.
var defaults = experiment.CorrectedConfig()

// entry maps one flag to one setting.
type entry struct {
	name    string
	field   string   // the experiment.Config field it sets
	aliases []string // older names that programs still accept
	usage   string
	boolean bool
	set     func(c *experiment.Config, v string) error
}

func intFlag(get func(c *experiment.Config) *int) func(*experiment.Config, string) error {
	return func(c *experiment.Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("%q is not an integer", v)
		}
		*get(c) = n
		return nil
	}
}

func floatFlag(get func(c *experiment.Config) *float64) func(*experiment.Config, string) error {
	return func(c *experiment.Config, v string) error {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%q is not a finite number", v)
		}
		*get(c) = x
		return nil
	}
}

func boolFlag(get func(c *experiment.Config) *bool) func(*experiment.Config, string) error {
	return func(c *experiment.Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not a boolean", v)
		}
		*get(c) = b
		return nil
	}
}

// entries is the mapping, in the order of experiment.Config's fields.
var entries = []entry{
	{name: "field", field: "FieldDir", usage: "MICrONS field `DIR` (e.g. data/microns/6_6_2); empty: the built-in synthetic field",
		set: func(c *experiment.Config, v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("empty folder name (leave -field out for the synthetic field)")
			}
			c.FieldDir = portableFieldDir(v, os.Getenv)
			return nil
		}},
	{name: "synthetic-n", field: "SyntheticN", aliases: []string{"n"}, usage: fmt.Sprintf("`neurons` of the synthetic field, 2 to %d (only without -field; default %d)", connectome.MaxSyntheticN, connectome.DefaultSyntheticN),
		set: intFlag(func(c *experiment.Config) *int { return &c.SyntheticN })},
	{name: "tasks", field: "Tasks", usage: "comma-separated task `names` (onechoice, gonogo, perceptualdm, or any task of package tasks) or the paper's numbers 1, 2, 3; default: the paper's three",
		set: func(c *experiment.Config, v string) (err error) { c.Tasks, err = ParseTasks(v); return err }},
	{name: "variants", field: "Variants", usage: "comma-separated variant `names` (W*D*C, or WsDsC without shell quoting: s for *, p for !), \"paper\" (the eleven) or \"extra\"; default: the preset's",
		set: func(c *experiment.Config, v string) (err error) {
			c.Variants, err = ParseVariants(v)
			return err
		}},
	{name: "sims", field: "Simulations", usage: fmt.Sprintf("simulations per (task, variant) (default %d)", defaults.Simulations),
		set: intFlag(func(c *experiment.Config) *int { return &c.Simulations })},
	{name: "seed", field: "Seed", usage: fmt.Sprintf("base `seed`; every run's seeds derive from it and (task, variant, simulation) (default %d)", defaults.Seed),
		set: func(c *experiment.Config, v string) error {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
			if err != nil {
				return fmt.Errorf("%q is not an unsigned integer", v)
			}
			c.Seed = n
			return nil
		}},
	{name: "epochs", field: "Epochs", usage: fmt.Sprintf("training `epochs` (default %d)", defaults.Epochs),
		set: intFlag(func(c *experiment.Config) *int { return &c.Epochs })},
	{name: "noise", field: "InputNoise", usage: fmt.Sprintf("training input noise `σ` (default %g)", rnn.DefaultInputNoise),
		set: floatFlag(func(c *experiment.Config) *float64 { return &c.InputNoise })},
	{name: "activation", field: "Activation", usage: "recurrent nonlinearity: relu (default) or tanh",
		set: func(c *experiment.Config, v string) (err error) {
			return c.Activation.UnmarshalText([]byte(strings.ToLower(strings.TrimSpace(v))))
		}},
	{name: "sign", field: "PositiveOnly", boolean: true, usage: "positive-only arm: clamp W ≥ 0 after every update (folder suffix _sign+)",
		set: boolFlag(func(c *experiment.Config) *bool { return &c.PositiveOnly })},
	{name: "bio", field: "BioSource", usage: "functional matrices of the biological init: corr (Corr⊙STTC, default), precision (Precision⊙STTC) or sttc",
		set: func(c *experiment.Config, v string) (err error) {
			return c.BioSource.UnmarshalText([]byte(v))
		}},
	{name: "batch", field: "BatchSize", usage: fmt.Sprintf("trials per `batch` (trial counts must be multiples of it; default %d)", tasks.DefaultBatchSize),
		set: intFlag(func(c *experiment.Config) *int { return &c.BatchSize })},
	{name: "train-trials", field: "TrainTrials", aliases: []string{"train"}, usage: fmt.Sprintf("training `trials` (default %d)", tasks.DefaultTrainTrials),
		set: intFlag(func(c *experiment.Config) *int { return &c.TrainTrials })},
	{name: "val-trials", field: "ValidationTrials", aliases: []string{"heldout"}, usage: fmt.Sprintf("validation `trials`, evaluated after every epoch (Keras validation data; default %d)", tasks.DefaultHeldOutTrials),
		set: intFlag(func(c *experiment.Config) *int { return &c.ValidationTrials })},
	{name: "test-trials", field: "TestTrials", aliases: []string{"test"}, usage: fmt.Sprintf("held-out test `trials`, evaluated once after training (default %d)", tasks.DefaultTestTrials),
		set: intFlag(func(c *experiment.Config) *int { return &c.TestTrials })},
	{name: "data", field: "DataSharing", usage: "trial sets: shared (one per task for the whole sweep, published) or per-simulation (independent replicates); default: the preset's",
		set: func(c *experiment.Config, v string) (err error) {
			return c.DataSharing.UnmarshalText([]byte(v))
		}},
	{name: "lr", field: "LearningRate", usage: fmt.Sprintf("Adam learning `rate` (default %g)", rnn.DefaultLearningRate),
		set: floatFlag(func(c *experiment.Config) *float64 { return &c.LearningRate })},
	{name: "clip", field: "ClipNorm", usage: "clip the gradient's global `norm` before each update (0: off, as the paper); default: the program's",
		set: floatFlag(func(c *experiment.Config) *float64 { return &c.ClipNorm })},
	{name: "shuffle", field: "Shuffle", boolean: true, usage: "reshuffle the training batches every epoch (published: fixed order)",
		set: boolFlag(func(c *experiment.Config) *bool { return &c.Shuffle })},
	{name: "nperm", field: "SmallWorldNulls", usage: fmt.Sprintf("random null `graphs` for small-worldness (default %d)", defaults.SmallWorldNulls),
		set: intFlag(func(c *experiment.Config) *int { return &c.SmallWorldNulls })},
	{name: "lambda", field: "Lambda", usage: fmt.Sprintf("wiring-penalty strength `λ` (default %g)", spatial.DefaultLambda),
		set: floatFlag(func(c *experiment.Config) *float64 { return &c.Lambda })},
	{name: "lambda-emd", field: "LambdaEMD", usage: fmt.Sprintf("EMD-term strength `λ_emd` (default %g)", spatial.DefaultLambdaEMD),
		set: floatFlag(func(c *experiment.Config) *float64 { return &c.LambdaEMD })},
	{name: "expm", field: "ExpPrecision", usage: "arithmetic of the communicability penalties' matrix exponential: float32 (Taylor, both presets) or float64 (Padé, as scipy; about 2.8× slower)",
		set: func(c *experiment.Config, v string) (err error) {
			return c.ExpPrecision.UnmarshalText([]byte(v))
		}},
	{name: "reshape", field: "ReshapeCoordinates", boolean: true, usage: "reproduce the published coordinate reshape (instead of a transpose) behind D*; default: the preset's",
		set: boolFlag(func(c *experiment.Config) *bool { return &c.ReshapeCoordinates })},
	{name: "epsilon", field: "ZeroStrengthEpsilon", boolean: true, usage: "reproduce the published 1e-10 normalisation of zero-strength nodes in the communicability (C, C*); default: the preset's",
		set: boolFlag(func(c *experiment.Config) *bool { return &c.ZeroStrengthEpsilon })},
	{name: "unscaled-l1", field: "UnscaledL1", boolean: true, usage: "reproduce the published missing λ on the plain L1 penalty of variant W; default: the preset's",
		set: boolFlag(func(c *experiment.Config) *bool { return &c.UnscaledL1 })},
	{name: "grid", field: "GridScaling", usage: "grid coordinates of D: raw (published) or unit; default: the preset's",
		set: func(c *experiment.Config, v string) (err error) {
			return c.GridScaling.UnmarshalText([]byte(v))
		}},
	{name: "accuracy", field: "AccuracySource", usage: "what Accuracy reports: training (published) or heldout; default: the preset's",
		set: func(c *experiment.Config, v string) (err error) {
			return c.AccuracySource.UnmarshalText([]byte(v))
		}},
}

// Names returns the canonical flag names of the mapping, in order.
func Names() []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.name
	}
	return out
}

// FlagFor returns the canonical flag name that sets the experiment.Config
// field (e.g. "reshape" for "ReshapeCoordinates"), and false when no flag
// sets it.
func FlagFor(field string) (string, bool) {
	for _, e := range entries {
		if e.field == field {
			return e.name, true
		}
	}
	return "", false
}

// Flags holds the configuration flags given on one command line.
type Flags struct {
	given map[string]string // canonical name → last value given
}

// value is the flag.Value of one entry (and of its aliases).
type value struct {
	e *entry
	f *Flags
}

func (v value) String() string {
	if v.f == nil || v.e == nil { // the zero value the flag package inspects
		return ""
	}
	return v.f.given[v.e.name]
}
func (v value) IsBoolFlag() bool {
	return v.e != nil && v.e.boolean
}
func (v value) Set(s string) error {
	var scratch experiment.Config
	if err := v.e.set(&scratch, s); err != nil {
		return err
	}
	v.f.given[v.e.name] = s
	return nil
}

// Register registers the mapping's flags on fs, except those named in omit
// (a program that sets a setting otherwise), and returns the Flags that
// collect them.
func Register(fs *flag.FlagSet, omit ...string) *Flags {
	f := &Flags{given: map[string]string{}}
	skip := map[string]bool{}
	for _, n := range omit {
		skip[n] = true
	}
	for i := range entries {
		e := &entries[i]
		if skip[e.name] {
			continue
		}
		fs.Var(value{e, f}, e.name, e.usage)
		for _, a := range e.aliases {
			fs.Var(value{e, f}, a, "same as -"+e.name)
		}
	}
	return f
}

// Given reports whether the flag name (canonical) was given.
func (f *Flags) Given(name string) bool {
	_, ok := f.given[name]
	return ok
}

// GivenValues returns the flags given on the command line as canonical
// (name, value) pairs, in the mapping's order: what another program needs
// to be given the same settings.
func (f *Flags) GivenValues() [][2]string {
	var out [][2]string
	for _, e := range entries {
		if v, ok := f.given[e.name]; ok {
			out = append(out, [2]string{e.name, v})
		}
	}
	return out
}

// Apply sets the settings of the flags given on the command line in c, in
// the mapping's order; unset flags leave c as it is. It refuses
// -synthetic-n together with a field folder.
func (f *Flags) Apply(c *experiment.Config) error {
	for i := range entries {
		e := &entries[i]
		v, ok := f.given[e.name]
		if !ok {
			continue
		}
		if err := e.set(c, v); err != nil {
			return fmt.Errorf("-%s: %w", e.name, err)
		}
	}
	if f.Given("synthetic-n") && c.FieldDir != "" {
		return fmt.Errorf("-synthetic-n sets the size of the synthetic field; -field %s has its own", c.FieldDir)
	}
	return nil
}

// Validate validates c (experiment.Config.Validate) and names, in an error
// about a setting, the flag that sets it (with its aliases).
func Validate(c *experiment.Config) error {
	err := c.Validate()
	var ce *experiment.ConfigError
	if !errors.As(err, &ce) {
		return err
	}
	for _, e := range entries {
		if e.field == ce.Field {
			names := "-" + e.name
			for _, a := range e.aliases {
				names += ", -" + a
			}
			return fmt.Errorf("%s: %w", names, err)
		}
	}
	return err
}

// ParseTasks parses a comma-separated list of task names (package tasks,
// aliases allowed) or the paper's task numbers 1, 2, 3 ("Task2" too) into
// canonical names.
func ParseTasks(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(f), "task")); err == nil {
			name := paperTask(n)
			if name == "" {
				return nil, fmt.Errorf("%q: the paper's tasks are 1, 2 and 3", f)
			}
			out = append(out, name)
			continue
		}
		name, err := canonicalTask(f)
		if err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%q: no task given", s)
	}
	return out, nil
}

// paperTask returns the name of the paper's task number n (1, 2 or 3: the
// tasks of the Reference preset, experiment.RunKey.Task), or "".
func paperTask(n int) string {
	ref := experiment.ReferenceConfig()
	for i, m := range ref.TaskNumbers() {
		if m == n {
			return ref.Tasks[i]
		}
	}
	return ""
}

// canonicalTask returns the canonical name of a task name or alias.
func canonicalTask(name string) (string, error) {
	t, err := tasks.ByName(name)
	if err != nil {
		return "", err
	}
	return t.Spec().Name, nil
}

// PresetConfig returns the configuration of preset p:
// experiment.ReferenceConfig or experiment.CorrectedConfig.
func PresetConfig(p experiment.Preset) (experiment.Config, error) {
	switch p {
	case experiment.Reference:
		return experiment.ReferenceConfig(), nil
	case experiment.Corrected:
		return experiment.CorrectedConfig(), nil
	}
	return experiment.Config{}, fmt.Errorf("unknown preset %v", p)
}

// micronsEnv names the environment variable of the folder that holds the
// MICrONS fields, the documented convention (README, "Real data").
const micronsEnv = "CORTEXRNN_MICRONS"

// portableFieldDir returns dir as "$CORTEXRNN_MICRONS/<path inside it>"
// when $CORTEXRNN_MICRONS (read with getenv) is set and dir lies inside that
// folder, and dir unchanged otherwise. The configuration, and with it every
// stored sweep folder, then names its data the same on every machine
// (experiment.FieldConfig.FieldDir is expanded where the field is read).
func portableFieldDir(dir string, getenv func(string) string) string {
	root := getenv(micronsEnv)
	if root == "" || strings.Contains(dir, "$") {
		return dir
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return dir
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	rel, err := filepath.Rel(absRoot, absDir)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return dir
	}
	return "$" + micronsEnv + "/" + filepath.ToSlash(rel)
}
