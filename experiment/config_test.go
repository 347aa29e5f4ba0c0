package experiment

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/internal/variantalias"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
)

func TestPaperVariants(t *testing.T) {
	t.Parallel()
	// docs/method.md §5, canonical order, with the shell-safe aliases.
	want := []struct {
		name, alias string
		init        Init
		d           Distance
		c           Communicability
	}{
		{"W*D*C", "WsDsC", InitBio, DistanceReal, CommDirect},
		{"WD*C", "WDsC", InitOrthogonal, DistanceReal, CommDirect},
		{"WDC", "WDC", InitOrthogonal, DistanceGrid, CommDirect},
		{"WD*", "WDs", InitOrthogonal, DistanceReal, CommNone},
		{"WD", "WD", InitOrthogonal, DistanceGrid, CommNone},
		{"W", "W", InitOrthogonal, DistanceNone, CommNone},
		{"W*D*C*", "WsDsCs", InitBio, DistanceReal, CommEMD},
		{"WD*C*", "WDsCs", InitOrthogonal, DistanceReal, CommEMD},
		{"W*DC*", "WsDCs", InitBio, DistanceGrid, CommEMD},
		{"W!D*C", "WpDsC", InitPermutedBio, DistanceReal, CommDirect},
		{"W!D*C*", "WpDsCs", InitPermutedBio, DistanceReal, CommEMD},
	}
	got := PaperVariants()
	require.Len(t, got, len(want))
	for i, w := range want {
		t.Run(w.alias, func(t *testing.T) {
			g := got[i]
			assert.Equal(t, Variant{Name: w.name, Init: w.init, Distance: w.d, Comm: w.c}, g)
			assert.Equal(t, w.alias, variantalias.Of(w.name))
			for _, name := range []string{w.name, w.alias} {
				v, err := VariantByName(name)
				require.NoError(t, err)
				assert.Equal(t, g, v)
			}
		})
	}
	got[0].Name = "changed"
	assert.Equal(t, "W*D*C", PaperVariants()[0].Name, "PaperVariants returned shared storage")
	// Every extra variant resolves, no name or alias is used twice (nor
	// is an alias another variant's name), and each has a letter pattern
	// consistent with its factors.
	seen := map[string]string{}
	for _, v := range append(PaperVariants(), ExtraVariants()...) {
		for _, n := range []string{v.Name, variantalias.Of(v.Name)} {
			if prev, ok := seen[n]; ok {
				assert.Equal(t, prev, v.Name, "%q names two variants", n)
			}
			seen[n] = v.Name
		}
		assert.NotContains(t, variantalias.Of(v.Name), "*")
		assert.NotContains(t, variantalias.Of(v.Name), "!")
		assert.Equal(t, v.Distance == DistanceReal, strings.Contains(v.Name, "D*"), v.Name)
		assert.Equal(t, v.Comm == CommEMD, strings.Contains(v.Name, "C*"), v.Name)
		assert.Equal(t, v.Dale, strings.HasSuffix(v.Name, "-EI"), v.Name)
	}
	_, err := VariantByName("w*d*c")
	require.ErrorIs(t, err, errUnknownVariant)
	assert.Contains(t, err.Error(), "W*D*C")
}

func TestTaskNumbers(t *testing.T) {
	t.Parallel()
	for i, name := range paperTasks {
		n, err := taskNumber(name)
		require.NoError(t, err)
		assert.Equal(t, i+1, n)
		assert.Equal(t, name, paperTaskName(n))
	}
	n, err := taskNumber("contextdm")
	require.NoError(t, err)
	assert.GreaterOrEqual(t, n, 100, "another task never takes a paper number")
	for _, bad := range []string{"task1", "nope", ""} {
		_, err := taskNumber(bad)
		assert.Error(t, err, bad)
	}
	assert.Equal(t, "", paperTaskName(4))
	c := CorrectedConfig()
	c.Tasks = []string{"perceptualdm", "contextdm"}
	require.NoError(t, c.Validate())
	assert.Equal(t, []int{3, n}, c.TaskNumbers())
	spec, err := c.Spec(RunKey{Task: n, Variant: "W", Simulation: 0}, nil)
	require.NoError(t, err)
	assert.Equal(t, "contextdm", spec.TaskName)
}

func TestPresets(t *testing.T) {
	t.Parallel()
	r, c := ReferenceConfig(), CorrectedConfig()
	for _, cfg := range []Config{r, c} {
		require.NoError(t, cfg.Validate())
		sharing := DataPerSimulation
		if cfg.Preset == Reference {
			sharing = DataShared // the published design: one trial set per task
		}
		assert.Equal(t, TrainingConfig{Seed: 1, Epochs: 10, InputNoise: 0.05, Activation: rnn.ReLU, BioSource: BioCorrSTTC,
			BatchSize: 128, TrainTrials: 5120, ValidationTrials: 2560, TestTrials: 2560, DataSharing: sharing,
			LearningRate: 1e-3, SmallWorldNulls: 1000}, cfg.TrainingConfig, cfg.Preset.String())
		assert.Equal(t, PenaltyConfig{Lambda: 0.3, LambdaEMD: 0.1, ExpPrecision: spatial.Float32}, cfg.PenaltyConfig)
		assert.Equal(t, []string{"onechoice", "gonogo", "perceptualdm"}, cfg.Tasks)
		assert.Equal(t, 20, cfg.Simulations)
	}
	assert.Equal(t, CompatConfig{ReshapeCoordinates: true, ZeroStrengthEpsilon: true, UnscaledL1: true,
		GridScaling: GridRaw, AccuracySource: AccuracyTraining}, r.CompatConfig)
	assert.Equal(t, paperVariantNames(), r.Variants)
	assert.Equal(t, CompatConfig{GridScaling: GridUnit, AccuracySource: AccuracyHeldOut}, c.CompatConfig)
	assert.Equal(t, slices.Concat(paperVariantNames(), scaleMatchedVariantNames(), logNormalVariantNames()), c.Variants)
	for _, s := range []string{"reference", "Corrected"} {
		_, err := parsePreset(s)
		assert.NoError(t, err)
	}
	_, err := parsePreset("paper")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "corrected, reference")
	// JSON round trip: one flat object, enums by name.
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"AccuracySource":"heldout"`)
	assert.Contains(t, string(b), `"Tasks":["onechoice","gonogo","perceptualdm"]`)
	var back Config
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back)
}

func TestValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		field string
		edit  func(*Config)
	}{
		{"Tasks", func(c *Config) { c.Tasks = nil }},
		{"Tasks", func(c *Config) { c.Tasks = []string{"task4"} }},
		{"Tasks", func(c *Config) { c.Tasks = []string{"task1"} }}, // an alias, not the canonical name
		{"Tasks", func(c *Config) { c.Tasks = []string{"gonogo", "gonogo"} }},
		{"Variants", func(c *Config) { c.Variants = []string{"W", "X"} }},
		{"Variants", func(c *Config) { c.Variants = []string{"W", "W"} }},
		{"Variants", func(c *Config) { c.Variants = []string{"WsDsC"} }}, // seeds hash the canonical name
		{"Variants", func(c *Config) { c.Variants = nil }},
		{"Simulations", func(c *Config) { c.Simulations = 0 }},
		{"Simulations", func(c *Config) { c.Simulations = 100_000_000_000 }},
		{"Epochs", func(c *Config) { c.Epochs = -1 }},
		{"Epochs", func(c *Config) { c.Epochs = maxEpochs + 1 }},
		{"BatchSize", func(c *Config) { c.BatchSize = 0 }},
		{"TrainTrials", func(c *Config) { c.BatchSize = c.TrainTrials + 1 }},
		{"TrainTrials", func(c *Config) { c.BatchSize, c.TrainTrials = 1, maxTrials+1 }},
		{"TestTrials", func(c *Config) { c.TestTrials = 100 }},
		{"TestTrials", func(c *Config) { c.TestTrials = 0 }},
		{"SmallWorldNulls", func(c *Config) { c.SmallWorldNulls = 0 }},
		{"SmallWorldNulls", func(c *Config) { c.SmallWorldNulls = maxSmallWorldNulls + 1 }},
		{"DataSharing", func(c *Config) { c.DataSharing = 3 }},
		{"Lambda", func(c *Config) { c.Lambda = -0.1 }},
		{"LambdaEMD", func(c *Config) { c.LambdaEMD = math.NaN() }},
		{"InputNoise", func(c *Config) { c.InputNoise = math.Inf(1) }},
		{"LearningRate", func(c *Config) { c.LearningRate = 0 }},
		{"ClipNorm", func(c *Config) { c.ClipNorm = -1 }},
		{"ClipNorm", func(c *Config) { c.ClipNorm = math.NaN() }},
		{"ExpPrecision", func(c *Config) { c.ExpPrecision = 9 }},
		{"Activation", func(c *Config) { c.Activation = 7 }},
		{"BioSource", func(c *Config) { c.BioSource = -1 }},
		{"GridScaling", func(c *Config) { c.GridScaling = 2 }},
		{"AccuracySource", func(c *Config) { c.AccuracySource = 9 }},
		{"Preset", func(c *Config) { c.Preset = 5 }},
		{"FieldName", func(c *Config) { c.FieldName = "a/b" }},
		{"SyntheticN", func(c *Config) { c.SyntheticN = 1 }},
		{"SyntheticN", func(c *Config) { c.SyntheticN = connectome.MaxSyntheticN + 1 }},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			c := CorrectedConfig()
			tc.edit(&c)
			err := c.Validate()
			require.ErrorIs(t, err, ErrConfig)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
}

// leafFields returns the names of Config's settings, walking the embedded
// sections by reflection.
func leafFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, leafFields(f.Type)...)
			continue
		}
		out = append(out, f.Name)
	}
	return out
}

// TestFingerprintCoversEveryField fails when a field of Config is neither
// fingerprinted nor excluded with a reason: every leaf field must be
// classified in fingerprintScopes, and changing a fingerprinted field must
// change the sweep's fingerprint.
func TestFingerprintCoversEveryField(t *testing.T) {
	t.Parallel()
	fields := leafFields(reflect.TypeFor[Config]())
	assert.Len(t, fingerprintScopes, len(fields), "fingerprintScopes lists a field Config does not have")
	base := ReferenceConfig()
	inputs := []Input{{Name: "a.npy", SHA256: "00"}}
	fp := base.Fingerprint(inputs)
	for _, name := range fields {
		t.Run(name, func(t *testing.T) {
			sc, ok := fingerprintScopes[name]
			require.True(t, ok, "Config.%s is neither fingerprinted nor excluded: classify it in fingerprintScopes", name)
			if sc.exclude != "" {
				return
			}
			c := base.Clone()
			changeField(t, reflect.ValueOf(&c).Elem().FieldByName(name))
			assert.NotEqual(t, fp, c.Fingerprint(inputs), "changing %s kept the fingerprint", name)
		})
	}
}

// changeField sets v to another value of its type.
func changeField(t *testing.T, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Float64:
		v.SetFloat(v.Float() + 0.125)
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Slice:
		v.Set(reflect.Zero(v.Type()))
	default:
		require.Failf(t, "changeField: no rule for this kind", "field of kind %v", v.Kind())
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	base := ReferenceConfig()
	inputs := []Input{{Name: "corr_matrix.npy", SHA256: "aa"}, {Name: "sttc_matrix.npy", SHA256: "bb"}}
	fp := base.Fingerprint(inputs)
	t.Run("extent excluded", func(t *testing.T) {
		same := base.Clone()
		same.Simulations, same.Tasks, same.Variants = 3, []string{"gonogo"}, []string{"W"}
		same.FieldDir, same.FieldName = "/elsewhere/6_6_2", "renamed"
		assert.Equal(t, fp, same.Fingerprint(inputs))
	})
	t.Run("inputs", func(t *testing.T) {
		changed := slices.Clone(inputs)
		changed[1].SHA256 = "cc"
		assert.NotEqual(t, fp, base.Fingerprint(changed))
		assert.NotEqual(t, fp, base.Fingerprint(nil), "unknown inputs match known ones")
		d := diffInputs(inputs, changed)
		assert.Contains(t, d, "sttc_matrix.npy changed")
		assert.NotContains(t, d, "corr_matrix.npy")
		assert.Contains(t, diffInputs(nil, inputs), "unknown")
	})
	t.Run("per run", func(t *testing.T) {
		// A setting enters the fingerprint of the runs that read it only.
		cases := []struct {
			edit          func(*Config)
			reads, ignore string
		}{
			{func(c *Config) { c.GridScaling = GridUnit }, "WDC", "WD*C"},
			{func(c *Config) { c.LambdaEMD = 0.2 }, "W*D*C*", "W*D*C"},
			{func(c *Config) { c.ReshapeCoordinates = false }, "WD*", "WD"},
			{func(c *Config) { c.UnscaledL1 = false }, "W", "WD"},
			{func(c *Config) { c.BioSource = BioSTTC }, "W!D*C", "WD*C"},
			{func(c *Config) { c.ExpPrecision = spatial.Float64 }, "WD*C", "WD*"},
			{func(c *Config) { c.Lambda = 0.5 }, "WD", "W"}, // W ignores λ under UnscaledL1
			{func(c *Config) { c.AccuracySource = AccuracyHeldOut }, "", "W*D*C"},
		}
		for _, tc := range cases {
			c := base.Clone()
			tc.edit(&c)
			if tc.reads != "" {
				v, _ := VariantByName(tc.reads)
				assert.NotEqual(t, base.RunFingerprint(v, inputs), c.RunFingerprint(v, inputs), tc.reads)
			}
			v, _ := VariantByName(tc.ignore)
			assert.Equal(t, base.RunFingerprint(v, inputs), c.RunFingerprint(v, inputs), tc.ignore)
			assert.NotEqual(t, fp, c.Fingerprint(inputs), "the sweep's fingerprint sees every setting")
		}
	})
}

func TestConfigText(t *testing.T) {
	t.Parallel()
	c := CorrectedConfig()
	c.SyntheticN, c.ClipNorm = 16, 0.5
	txt := ConfigText(&c)
	for _, line := range []string{"Preset: corrected\n", "SyntheticN: 16\n", "Tasks: onechoice,gonogo,perceptualdm\n",
		"ClipNorm: 0.5\n", "ExpPrecision: float32\n", "DataSharing: per-simulation\n", "AccuracySource: heldout\n"} {
		assert.Contains(t, txt, line)
	}
	assert.Len(t, strings.Split(strings.TrimSpace(txt), "\n"), len(leafFields(reflect.TypeFor[Config]())))
}

// TestShardsPartition checks that the shards of a plan partition it and
// that Sweep refuses a shard outside 0 ≤ Index < Count.
func TestShardsPartition(t *testing.T) {
	t.Parallel()
	for _, bad := range []Shard{{5, 5}, {-1, 3}, {1, 0}, {0, -2}} {
		assert.Error(t, bad.validate(), "%+v", bad)
	}
	assert.NoError(t, Shard{}.validate())
	// The shards partition the plan.
	cfg := smallConfig()
	count := make([]int, cfg.planSize())
	for i := range 4 {
		s := Shard{i, 4}
		for p := range cfg.Plan() {
			if s.takes(p) {
				count[p]++
			}
		}
	}
	for p, n := range count {
		assert.Equal(t, 1, n, "run %d", p)
	}
}

// TestSyntheticField checks the synthetic field's knobs: defaults, the
// field and folder names, LoadField, and that they enter the fingerprint
// through the inputs (and not at all with a field folder).
func TestSyntheticField(t *testing.T) {
	t.Parallel()
	c := CorrectedConfig()
	assert.Equal(t, connectome.DefaultSyntheticN, c.SyntheticN)
	assert.Equal(t, uint64(defaultSyntheticSeed), c.SyntheticSeed)
	assert.Equal(t, syntheticField, c.Field())
	def, err := fieldInputs(&c)
	require.NoError(t, err)
	c.SyntheticN = 16
	assert.Equal(t, "synthetic-n16_sttc-corr", c.FolderName())
	c.SyntheticSeed = 3
	assert.Equal(t, "synthetic-n16-seed3", c.Field())
	in, err := fieldInputs(&c)
	require.NoError(t, err)
	require.Len(t, in, 1)
	assert.Contains(t, in[0].Generator, "N:16 Seed:3")
	assert.NotEqual(t, c.Fingerprint(def), c.Fingerprint(in))
	f, err := LoadField(&c)
	require.NoError(t, err)
	assert.Equal(t, 16, f.N)
	assert.Contains(t, f.Name, "seed=3")
}
