package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/spatial"
)

// The canonical encoding of a Config: one "Name: value" line per setting, in
// the order of the struct (sections in order, fields in order), values
// written by settingValue. config.txt, the fingerprints and the comparison
// of sweep folders all derive from it; sweep-config.json holds the same
// fields as JSON.

// seedScheme versions how runs draw their random numbers (see
// PaperTrainer); it enters every fingerprint, so that runs drawn under an
// older scheme are refused.
const seedScheme = 3

// fingerprintScope says which fingerprints a setting enters. Every leaf
// field of Config must be listed (TestFingerprintCoversEveryField): a new
// field has to be classified before the package compiles its tests green.
type fingerprintScope struct {
	// exclude, when not empty, leaves the setting out of every fingerprint
	// and says why.
	exclude string
	// sweepOnly, when not empty, puts the setting into the sweep's
	// fingerprint but not the runs' and says why (no run reads it).
	sweepOnly string
	// reads reports whether a run of variant v reads the setting under c;
	// nil means every run does.
	reads func(c *Config, v Variant) bool
}

var fingerprintScopes = map[string]fingerprintScope{
	"Preset":        {exclude: "records the family only; the settings it chooses are fingerprinted one by one"},
	"FieldDir":      {exclude: "where the data lies; the data itself enters as the digests of its files (Inputs)"},
	"FieldName":     {exclude: "names the output folder only"},
	"SyntheticN":    {exclude: "enters through the synthetic field's generator parameters (Inputs)"},
	"SyntheticSeed": {exclude: "enters through the synthetic field's generator parameters (Inputs)"},
	"Tasks":         {exclude: "extent: a run's seeds depend on its own task only (RunKey)"},
	"Variants":      {exclude: "extent: a run's seeds depend on its own variant only (RunKey)"},
	"Simulations":   {exclude: "extent: a run's seeds depend on its own simulation only (RunKey)"},

	"Seed":         {},
	"Epochs":       {},
	"InputNoise":   {},
	"Activation":   {},
	"PositiveOnly": {},
	"BioSource": {reads: func(_ *Config, v Variant) bool {
		return v.Init != InitOrthogonal && v.Init != InitLogNormal // no functional matrices
	}},
	"BatchSize":        {},
	"TrainTrials":      {},
	"ValidationTrials": {},
	"TestTrials":       {},
	"DataSharing":      {},
	"LearningRate":     {},
	"ClipNorm":         {},
	"Shuffle":          {},
	"SmallWorldNulls":  {},

	// Variant W with the published defect ignores λ.
	"Lambda":       {reads: func(c *Config, v Variant) bool { return !(v.Distance == DistanceNone && c.UnscaledL1) }},
	"LambdaEMD":    {reads: func(_ *Config, v Variant) bool { return v.Comm == CommEMD }},
	"ExpPrecision": {reads: func(_ *Config, v Variant) bool { return v.Comm != CommNone }},

	"ReshapeCoordinates":  {reads: func(_ *Config, v Variant) bool { return v.Distance == DistanceReal }},
	"ZeroStrengthEpsilon": {reads: func(_ *Config, v Variant) bool { return v.Comm != CommNone }},
	"UnscaledL1":          {reads: func(_ *Config, v Variant) bool { return v.Distance == DistanceNone }},
	"GridScaling":         {reads: func(_ *Config, v Variant) bool { return v.Distance == DistanceGrid }},
	"AccuracySource":      {sweepOnly: "chooses which stored value the published Accuracy shows; every record holds both"},
}

// setting is one line of the canonical encoding.
type setting struct {
	name, value string
}

// settings returns the canonical encoding of c: every leaf field of Config
// in declaration order.
func (c *Config) settings() []setting {
	var out []setting
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(v.Field(i))
				continue
			}
			out = append(out, setting{f.Name, settingValue(v.Field(i))})
		}
	}
	walk(reflect.ValueOf(c).Elem())
	return out
}

// settingValue writes one setting: floats as the shortest decimal that
// round-trips, lists comma-separated, enums by name.
func settingValue(v reflect.Value) string {
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = settingValue(v.Index(i))
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v.Interface())
}

// ConfigText renders the settings part of config.txt: one "Name: value"
// line per Config field, in declaration order (the canonical encoding).
func ConfigText(c *Config) string {
	var b strings.Builder
	for _, s := range c.settings() {
		fmt.Fprintf(&b, "%s: %s\n", s.name, s.value)
	}
	return b.String()
}

// Fingerprint returns a short hash (16 hexadecimal digits of SHA-256) of
// everything that can change the sweep's results: every setting of the
// canonical encoding except those excluded with a reason (the extent, the
// preset's name, the field's path and name), the seed scheme and the folder
// format version, and the input data (Provenance.Inputs; nil means unknown, which
// never equals known data).
func (c *Config) Fingerprint(inputs []Input) string {
	return c.fingerprint(inputs, func(name string, sc fingerprintScope) bool { return true })
}

// RunFingerprint returns the fingerprint of one run: as Fingerprint, but
// with only the settings the run reads (a variant without a grid distance
// does not read GridScaling; no run reads AccuracySource), so a run can be
// recognised in any sweep, preset or ablation whose settings it shares.
// The run's key is not part of it (its seeds are, through Seed).
func (c *Config) RunFingerprint(variant Variant, inputs []Input) string {
	return c.fingerprint(inputs, func(name string, sc fingerprintScope) bool {
		return sc.sweepOnly == "" && (sc.reads == nil || sc.reads(c, variant))
	})
}

func (c *Config) fingerprint(inputs []Input, keep func(string, fingerprintScope) bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "format: %d\nscheme: %d\n", folderFormat, seedScheme)
	for _, s := range c.settings() {
		sc, known := fingerprintScopes[s.name]
		// An unclassified field is fingerprinted (the safe side) until the
		// test makes its author classify it.
		if known && (sc.exclude != "" || !keep(s.name, sc)) {
			continue
		}
		fmt.Fprintf(&b, "%s: %s\n", s.name, s.value)
	}
	b.WriteString(inputsText(inputs))
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

// legacyFingerprint is the fingerprint of folder format 1 (a hand-written
// list), kept to verify the records of folders written before format 2.
func (c *Config) legacyFingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "scheme=%d\n", seedScheme)
	if c.ClipNorm != 0 {
		fmt.Fprintf(&b, "clip=%v\n", c.ClipNorm)
	}
	if c.ExpPrecision != spatial.Float64 {
		fmt.Fprintf(&b, "expm=%v\n", c.ExpPrecision)
	}
	if c.FieldDir == "" && (c.SyntheticN != connectome.DefaultSyntheticN || c.SyntheticSeed != defaultSyntheticSeed) {
		fmt.Fprintf(&b, "synthetic_n=%d\nsynthetic_seed=%d\n", c.SyntheticN, c.SyntheticSeed)
	}
	fmt.Fprintf(&b, "field=%s\nepochs=%d\nlambda=%v\nlambda_emd=%v\nnoise=%v\nactivation=%v\n",
		c.Field(), c.Epochs, c.Lambda, c.LambdaEMD, c.InputNoise, c.Activation)
	fmt.Fprintf(&b, "positive=%v\nbio=%v\nseed=%d\nbatch=%d\ntrain=%d\nvalidation=%d\ntest=%d\nlr=%v\n",
		c.PositiveOnly, c.BioSource, c.Seed, c.BatchSize, c.TrainTrials, c.ValidationTrials, c.TestTrials, c.LearningRate)
	fmt.Fprintf(&b, "shuffle=%v\nnulls=%d\nreshape=%v\nepsilon=%v\nunscaled_l1=%v\ngrid=%v\naccuracy=%v\n",
		c.Shuffle, c.SmallWorldNulls, c.ReshapeCoordinates, c.ZeroStrengthEpsilon, c.UnscaledL1, c.GridScaling, c.AccuracySource)
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}
