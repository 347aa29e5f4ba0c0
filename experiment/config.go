package experiment

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// Preset names a configuration family.
type Preset int

const (
	// Corrected (the default) fixes the published defects and adds the fair
	// controls; see CorrectedConfig.
	Corrected Preset = iota
	// Reference reproduces the published code exactly, defects included
	// (docs/method.md); see
	// ReferenceConfig.
	Reference
)

// BioSource selects the functional matrices multiplied into the biological
// initialisation B = L ⊙ … (docs/method.md §2).
type BioSource int

const (
	BioCorrSTTC      BioSource = iota // B = L ⊙ Corr ⊙ STTC (published default)
	BioPrecisionSTTC                  // B = L ⊙ Precision ⊙ STTC
	BioSTTC                           // B = L ⊙ STTC
)

// GridScaling selects the coordinates of the grid control D.
type GridScaling int

const (
	// GridRaw uses raw grid units, as published (mean distance ~13× the
	// real one on 6_6_2, docs/method.md §3).
	GridRaw GridScaling = iota
	// GridUnit scales each grid axis to [0, 1] like the real coordinates.
	GridUnit
)

// AccuracySource selects what the published "Accuracy" metric reports.
type AccuracySource int

const (
	// AccuracyTraining: mean training accuracy over the last epoch's
	// batches, with input noise, before each update (published).
	AccuracyTraining AccuracySource = iota
	// AccuracyHeldOut: accuracy on a held-out test set that is used neither
	// for training nor for validation.
	AccuracyHeldOut
)

// enum names, index = value.
var (
	presetNames      = []string{"corrected", "reference"}
	bioSourceNames   = []string{"corr", "precision", "sttc"}
	gridScalingNames = []string{"raw", "unit"}
	accuracyNames    = []string{"training", "heldout"}
)

func enumString(names []string, v int, typ string) string {
	if v >= 0 && v < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

func enumParse(names []string, s, typ string) (int, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if i := slices.Index(names, k); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("experiment: unknown %s %q; valid: %s", typ, s, strings.Join(names, ", "))
}

func (p Preset) String() string         { return enumString(presetNames, int(p), "Preset") }
func (b BioSource) String() string      { return enumString(bioSourceNames, int(b), "BioSource") }
func (g GridScaling) String() string    { return enumString(gridScalingNames, int(g), "GridScaling") }
func (a AccuracySource) String() string { return enumString(accuracyNames, int(a), "AccuracySource") }

// parsePreset parses "corrected" or "reference" (case-insensitive).
func parsePreset(s string) (Preset, error) {
	i, err := enumParse(presetNames, s, "preset")
	return Preset(i), err
}

// parseBioSource parses "corr", "precision" or "sttc".
func parseBioSource(s string) (BioSource, error) {
	i, err := enumParse(bioSourceNames, s, "bio source")
	return BioSource(i), err
}

// parseGridScaling parses "raw" or "unit".
func parseGridScaling(s string) (GridScaling, error) {
	i, err := enumParse(gridScalingNames, s, "grid scaling")
	return GridScaling(i), err
}

// parseAccuracySource parses "training" or "heldout".
func parseAccuracySource(s string) (AccuracySource, error) {
	i, err := enumParse(accuracyNames, s, "accuracy source")
	return AccuracySource(i), err
}

// MarshalText and UnmarshalText let the enums appear by name in
// sweep-config.json.
func (p Preset) MarshalText() ([]byte, error) { return []byte(p.String()), nil }
func (p *Preset) UnmarshalText(b []byte) (err error) {
	*p, err = parsePreset(string(b))
	return err
}
func (b BioSource) MarshalText() ([]byte, error) { return []byte(b.String()), nil }
func (b *BioSource) UnmarshalText(t []byte) (err error) {
	*b, err = parseBioSource(string(t))
	return err
}
func (g GridScaling) MarshalText() ([]byte, error) { return []byte(g.String()), nil }
func (g *GridScaling) UnmarshalText(t []byte) (err error) {
	*g, err = parseGridScaling(string(t))
	return err
}
func (a AccuracySource) MarshalText() ([]byte, error) { return []byte(a.String()), nil }
func (a *AccuracySource) UnmarshalText(t []byte) (err error) {
	*a, err = parseAccuracySource(string(t))
	return err
}

// Defaults shared by both presets (docs/method.md §4, §6, §7, §8).
const (
	defaultSimulations     = 20
	defaultEpochs          = 10
	defaultSmallWorldNulls = 1000
	defaultSeed            = 1
	// syntheticField is the field name of the built-in synthetic field used
	// when FieldDir is empty.
	syntheticField = "synthetic"
)

// Bounds checked by Validate before anything is written or allocated, so
// that a mistyped setting is refused at once instead of exhausting memory.
const (
	maxSimulations     = 10_000    // simulations per (task, variant)
	maxEpochs          = 100_000   // training epochs
	maxTrials          = 1 << 20   // trials of each of the three sets
	maxSmallWorldNulls = 1_000_000 // null graphs of the small-worldness
)

// Config is every setting of a sweep, in five sections: the field (which
// data), the extent (which runs), training, penalties, and the switches
// that reproduce the published code's defects. Build one with
// ReferenceConfig or CorrectedConfig and change fields; call Validate
// before use. The zero value is not valid.
//
// Every field that can change a result enters the fingerprint through one
// canonical encoding (Config.Fingerprint, Config.RunFingerprint);
// config.txt and sweep-config.json come from the same encoding
// (docs/sweep-format.md). The sections are embedded, so their fields read
// as Config's own (cfg.Epochs) and sweep-config.json keeps one flat object.
type Config struct {
	// Preset records which family the configuration came from. It does not
	// by itself change anything: the fields below do (and enter the
	// fingerprint).
	Preset Preset
	FieldConfig
	ExtentConfig
	TrainingConfig
	PenaltyConfig
	CompatConfig
}

// FieldConfig selects the data: a MICrONS field folder or the built-in
// synthetic field. The same in both presets.
type FieldConfig struct {
	// FieldDir is the folder of a MICrONS field (…/6_6_2); empty (the
	// default) means the built-in synthetic field. Its files enter the
	// fingerprint by SHA-256 digest (Provenance.Inputs), not by path. It
	// may name environment variables ("$CORTEXRNN_MICRONS/6_6_2"), expanded
	// (os.ExpandEnv) wherever the field is read, so that a stored sweep
	// folder names its data the same on every machine.
	FieldDir string
	// FieldName names the field in the output folder name, e.g. "6_6_2".
	// Empty (default) means filepath.Base(FieldDir), or the synthetic
	// field's name (Config.Field).
	FieldName string
	// SyntheticN and SyntheticSeed are the size and the seed of the
	// built-in synthetic field (connectome.Synthetic with
	// connectome.DefaultSyntheticConfig(SyntheticN, SyntheticSeed)) that
	// LoadField builds when FieldDir is empty; defaults
	// connectome.DefaultSyntheticN (312, like field 6_6_2) and
	// 1, at most connectome.MaxSyntheticN neurons. They
	// are ignored, and not validated, when FieldDir is set.
	SyntheticN    int
	SyntheticSeed uint64
}

// ExtentConfig selects which runs a sweep holds. It is left out of every
// fingerprint: a run's seeds depend only on its own task, variant and
// simulation (RunSpec.Seed), so a sweep can be extended and keep its runs.
type ExtentConfig struct {
	// Tasks to run, by name (package tasks: "onechoice", "gonogo",
	// "perceptualdm", …), in output order; default the paper's three, which
	// keep their numbers 1–3 (RunKey.Task, Config.TaskNumbers) in seeds and in the
	// Task1–Task3 layout.
	Tasks []string
	// Variants to run, by name (VariantByName), in CSV column order.
	// Reference: the eleven published ones; Corrected: those plus the
	// scale-matched and the log-normal-only controls.
	Variants []string
	// Simulations per (task, variant), default 20, at most 10 000.
	Simulations int
}

// TrainingConfig is how each network is trained and measured. Both presets
// use the published values (docs/method.md §6–§8).
type TrainingConfig struct {
	// Seed is the base seed from which every run's seeds derive (RunSpec.Seed),
	// default 1.
	Seed uint64
	// Epochs of training, default 10, at most 100 000.
	Epochs int
	// InputNoise is the training-time Gaussian input noise σ, default 0.05.
	InputNoise float64
	// Activation is the recurrent nonlinearity: rnn.ReLU (default,
	// published) or rnn.Tanh.
	Activation rnn.Activation
	// PositiveOnly clamps W ≥ 0 after every update (Keras NonNeg), default
	// false; the output folder gets the suffix "_sign+".
	PositiveOnly bool
	// BioSource selects the functional matrices of the bio initialisation,
	// default BioCorrSTTC.
	BioSource BioSource
	// BatchSize, default 128. TrainTrials, ValidationTrials and TestTrials
	// must be multiples of it.
	BatchSize int
	// TrainTrials, ValidationTrials and TestTrials are the numbers of
	// trials in the training set (default 5120), the Keras validation set
	// (2560) and the held-out test set (2560; used when AccuracySource is
	// AccuracyHeldOut, and always reported in runs.csv); each at most
	// 2^20.
	TrainTrials, ValidationTrials, TestTrials int
	// DataSharing says which runs share trial sets.
	// Reference: DataShared, the published design (one training,
	// validation and test set per task for the whole sweep); Corrected
	// (and the zero value): DataPerSimulation (one per task and
	// simulation, so that simulations are independent replicates).
	DataSharing DataSharing
	// LearningRate of Adam, default 1e-3.
	LearningRate float64
	// ClipNorm, when positive, rescales the whole gradient to at most this
	// global norm before each update (rnn.OptimizerConfig.ClipNorm). Both
	// presets leave it 0, as the paper does; examples/seqrnn overrides it
	// to 1 in the corrected preset.
	ClipNorm float64
	// Shuffle reorders the training batches every epoch (default and
	// published: false).
	Shuffle bool
	// SmallWorldNulls is the number of random null graphs for
	// small-worldness (published nperm = 1000, the default), at most
	// 10^6.
	SmallWorldNulls int
}

// PenaltyConfig sets the strengths and arithmetic of the penalties
// (docs/method.md §4). Both presets use the published values.
type PenaltyConfig struct {
	// Lambda is the wiring-penalty strength λ, default 0.3.
	Lambda float64
	// LambdaEMD is the EMD-term strength λ_emd, default 0.1.
	LambdaEMD float64
	// ExpPrecision is the arithmetic of the matrix exponential and its
	// Fréchet derivative in the communicability penalties
	// (spatial.CommunicabilityConfig/EMDConfig.Arithmetic). Both presets use
	// spatial.Float32, the precision of the training step (and of the
	// published TensorFlow code's expm); spatial.Float64 is the
	// Padé algorithm of scipy, about 2.8× slower at N = 312.
	ExpPrecision spatial.Arithmetic
}

// CompatConfig holds the switches that reproduce the published code's
// defects and choices. ReferenceConfig sets every one to the published
// behaviour; CorrectedConfig to the corrected one (the zero value, except
// GridScaling and AccuracySource).
type CompatConfig struct {
	// ReshapeCoordinates reproduces the published coordinate defect (a
	// reshape instead of a transpose, docs/method.md §3). Reference: true;
	// Corrected: false.
	ReshapeCoordinates bool
	// ZeroStrengthEpsilon reproduces the published 1e-10 normalisation of
	// zero-strength nodes in the communicability (docs/method.md §4); false gives
	// them a zero normalisation. Reference: true; Corrected: false.
	ZeroStrengthEpsilon bool
	// UnscaledL1 reproduces the published missing λ on the plain L1
	// penalty of variant W. Reference: true; Corrected: false.
	UnscaledL1 bool
	// GridScaling selects raw (published) or unit-scaled grid coordinates.
	// Reference: GridRaw; Corrected: GridUnit.
	GridScaling GridScaling
	// AccuracySource selects what the published "Accuracy" metric holds.
	// Reference: AccuracyTraining; Corrected: AccuracyHeldOut. No run reads
	// it (each record holds both values), so it enters the sweep's
	// fingerprint but not the runs'.
	AccuracySource AccuracySource
}

// ReferenceConfig returns the published code exactly (docs/method.md): field 6_6_2 must be given by the
// caller in FieldDir; all three tasks, the eleven variants, 20 simulations,
// 10 epochs, λ = 0.3, λ_emd = 0.1, noise 0.05, ReLU, Corr ⊙ STTC, batches of
// 128 in a fixed order, one trial set per task shared by every simulation
// and variant (DataShared), and the published defects (reshaped
// coordinates, 1e-10 strengths, λ missing on the plain L1, training
// accuracy, raw grid).
func ReferenceConfig() Config {
	c := baseConfig()
	c.Preset = Reference
	c.Variants = paperVariantNames()
	c.DataSharing = DataShared
	c.CompatConfig = CompatConfig{
		ReshapeCoordinates:  true,
		ZeroStrengthEpsilon: true,
		UnscaledL1:          true,
		GridScaling:         GridRaw,
		AccuracySource:      AccuracyTraining,
	}
	return c
}

// CorrectedConfig returns the default configuration: ReferenceConfig with
// true coordinates, zero-strength nodes handled, λ on every penalty and
// Accuracy measured on a held-out test set, plus the fair controls: grid
// coordinates scaled to [0, 1] per axis, the scale-matched random variants
// and the log-normal-only ones (appended after the eleven published
// columns).
func CorrectedConfig() Config {
	c := baseConfig()
	c.Preset = Corrected
	c.Variants = slices.Concat(paperVariantNames(), scaleMatchedVariantNames(), logNormalVariantNames())
	c.CompatConfig = CompatConfig{GridScaling: GridUnit, AccuracySource: AccuracyHeldOut}
	return c
}

func baseConfig() Config {
	return Config{
		FieldConfig: FieldConfig{SyntheticN: connectome.DefaultSyntheticN, SyntheticSeed: defaultSyntheticSeed},
		ExtentConfig: ExtentConfig{
			Tasks:       slices.Clone(paperTasks),
			Simulations: defaultSimulations,
		},
		TrainingConfig: TrainingConfig{
			Seed:             defaultSeed,
			Epochs:           defaultEpochs,
			InputNoise:       rnn.DefaultInputNoise,
			Activation:       rnn.ReLU,
			BioSource:        BioCorrSTTC,
			BatchSize:        tasks.DefaultBatchSize,
			TrainTrials:      tasks.DefaultTrainTrials,
			ValidationTrials: tasks.DefaultHeldOutTrials,
			TestTrials:       tasks.DefaultTestTrials,
			LearningRate:     rnn.DefaultLearningRate,
			SmallWorldNulls:  defaultSmallWorldNulls,
		},
		PenaltyConfig: PenaltyConfig{
			Lambda:       spatial.DefaultLambda,
			LambdaEMD:    spatial.DefaultLambdaEMD,
			ExpPrecision: spatial.Float32,
		},
	}
}

// Clone returns a copy of c that shares no slice with it.
func (c *Config) Clone() Config {
	d := *c
	d.Tasks = slices.Clone(c.Tasks)
	d.Variants = slices.Clone(c.Variants)
	return d
}

// ErrConfig is wrapped by every error Validate returns.
var ErrConfig = errors.New("invalid config")

// ConfigError is the error Validate returns: the first bad field and what
// is wrong with it. It wraps ErrConfig.
type ConfigError struct {
	Field  string // the Config field, e.g. "Epochs"
	Reason string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("experiment: %v: %s: %s", ErrConfig, e.Field, e.Reason)
}

// Unwrap returns ErrConfig.
func (e *ConfigError) Unwrap() error { return ErrConfig }

// Validate checks every field and returns an error naming the first bad
// one. It does not touch the file system.
func (c *Config) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &ConfigError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	finiteNonNeg := func(field string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return bad(field, "%v must be finite and ≥ 0", v)
		}
		return nil
	}
	if c.Preset != Reference && c.Preset != Corrected {
		return bad("Preset", "unknown value %d", int(c.Preset))
	}
	if len(c.Tasks) == 0 {
		return bad("Tasks", "empty")
	}
	for i, t := range c.Tasks {
		if _, err := taskNumber(t); err != nil {
			return bad("Tasks", "%v", err)
		}
		if slices.Contains(c.Tasks[:i], t) {
			return bad("Tasks", "task %q listed twice", t)
		}
	}
	if len(c.Variants) == 0 {
		return bad("Variants", "empty")
	}
	for i, v := range c.Variants {
		vv, err := VariantByName(v)
		if err != nil {
			return bad("Variants", "%v", err)
		}
		if vv.Name != v { // seeds hash the canonical name
			return bad("Variants", "%q: use the canonical name %q (VariantByName converts aliases)", v, vv.Name)
		}
		if slices.Contains(c.Variants[:i], v) {
			return bad("Variants", "variant %q listed twice", v)
		}
	}
	if c.FieldDir == "" {
		if err := connectome.DefaultSyntheticConfig(c.SyntheticN, c.SyntheticSeed).Validate(); err != nil {
			return bad("SyntheticN", "%d: %v", c.SyntheticN, err)
		}
	}
	if c.FieldName != "" && strings.ContainsAny(c.FieldName, `/\`) {
		return bad("FieldName", "%q must not contain a path separator", c.FieldName)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"Simulations", c.Simulations}, {"Epochs", c.Epochs}, {"BatchSize", c.BatchSize},
		{"TrainTrials", c.TrainTrials}, {"ValidationTrials", c.ValidationTrials},
		{"TestTrials", c.TestTrials}, {"SmallWorldNulls", c.SmallWorldNulls}} {
		if f.v < 1 {
			return bad(f.name, "%d must be ≥ 1", f.v)
		}
	}
	for _, f := range []struct {
		name  string
		v, hi int
	}{{"Simulations", c.Simulations, maxSimulations}, {"Epochs", c.Epochs, maxEpochs},
		{"TrainTrials", c.TrainTrials, maxTrials}, {"ValidationTrials", c.ValidationTrials, maxTrials},
		{"TestTrials", c.TestTrials, maxTrials}, {"SmallWorldNulls", c.SmallWorldNulls, maxSmallWorldNulls}} {
		if f.v > f.hi {
			return bad(f.name, "%d exceeds the bound %d", f.v, f.hi)
		}
	}
	if c.DataSharing != DataPerSimulation && c.DataSharing != DataShared {
		return bad("DataSharing", "unknown value %d", int(c.DataSharing))
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"TrainTrials", c.TrainTrials}, {"ValidationTrials", c.ValidationTrials}, {"TestTrials", c.TestTrials}} {
		if f.v%c.BatchSize != 0 {
			return bad(f.name, "%d is not a multiple of BatchSize %d (batches are fixed-size, as Keras')", f.v, c.BatchSize)
		}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"Lambda", c.Lambda}, {"LambdaEMD", c.LambdaEMD}, {"InputNoise", c.InputNoise}} {
		if err := finiteNonNeg(f.name, f.v); err != nil {
			return err
		}
	}
	if !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0) {
		return bad("LearningRate", "%v must be finite and > 0", c.LearningRate)
	}
	if c.ExpPrecision != spatial.Float64 && c.ExpPrecision != spatial.Float32 {
		return bad("ExpPrecision", "unknown precision %d", int(c.ExpPrecision))
	}
	if !(c.ClipNorm >= 0) || math.IsInf(c.ClipNorm, 0) {
		return bad("ClipNorm", "%v must be finite and ≥ 0", c.ClipNorm)
	}
	if c.Activation != rnn.ReLU && c.Activation != rnn.Tanh {
		return bad("Activation", "unknown value %d", int(c.Activation))
	}
	if c.BioSource < BioCorrSTTC || c.BioSource > BioSTTC {
		return bad("BioSource", "unknown value %d", int(c.BioSource))
	}
	if c.GridScaling != GridRaw && c.GridScaling != GridUnit {
		return bad("GridScaling", "unknown value %d", int(c.GridScaling))
	}
	if c.AccuracySource != AccuracyTraining && c.AccuracySource != AccuracyHeldOut {
		return bad("AccuracySource", "unknown value %d", int(c.AccuracySource))
	}
	return nil
}

// Field returns the field's name for the output folder: FieldName if set,
// otherwise the base name of FieldDir, otherwise the synthetic field's name:
// "synthetic" for the default size and seed, "synthetic-n<N>" for
// another size and "synthetic-n<N>-seed<S>" for another seed.
func (c *Config) Field() string {
	switch {
	case c.FieldName != "":
		return c.FieldName
	case c.FieldDir != "":
		return filepath.Base(filepath.Clean(c.FieldDir))
	case c.SyntheticSeed != defaultSyntheticSeed:
		return fmt.Sprintf("%s-n%d-seed%d", syntheticField, c.SyntheticN, c.SyntheticSeed)
	case c.SyntheticN != connectome.DefaultSyntheticN:
		return fmt.Sprintf("%s-n%d", syntheticField, c.SyntheticN)
	}
	return syntheticField
}

// FolderName returns the published output folder name (docs/method.md §8):
// "<sess>_<scan>_<field>_sttc-corr", "…_sttc-precision" for the precision
// arm, "…_sttc" for STTC only, each followed by "_sign+" for the
// positive-only arm; e.g. "6_6_2_sttc-corr_sign+".
func (c *Config) FolderName() string {
	s := c.Field() + "_sttc"
	switch c.BioSource {
	case BioCorrSTTC:
		s += "-corr"
	case BioPrecisionSTTC:
		s += "-precision"
	}
	if c.PositiveOnly {
		s += "_sign+"
	}
	return s
}

// variants resolves c.Variants (validated).
func (c *Config) variants() []Variant {
	out := make([]Variant, len(c.Variants))
	for i, n := range c.Variants {
		out[i], _ = VariantByName(n)
	}
	return out
}

// FieldFolder returns FieldDir with its environment variables expanded: the
// folder to read. A FieldDir that names a variable which is not set, such
// as "$CORTEXRNN_MICRONS/6_6_2" read on a machine without it, is an error
// that says which variable to set (os.ExpandEnv alone would read "/6_6_2").
func (c *FieldConfig) FieldFolder() (string, error) {
	var unset []string
	dir := os.Expand(c.FieldDir, func(name string) string {
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			unset = append(unset, "$"+name)
		}
		return v
	})
	if len(unset) > 0 {
		return "", fmt.Errorf("experiment: field folder %s: %s not set (set it to the folder holding the MICrONS fields)", c.FieldDir, strings.Join(unset, ", "))
	}
	return dir, nil
}
