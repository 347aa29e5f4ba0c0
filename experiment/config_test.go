package experiment

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
)

func TestPaperVariants(t *testing.T) {
	t.Parallel()
	// PAPER.md §5, canonical order.
	want := []struct {
		name string
		init Init
		d    Distance
		c    Communicability
	}{
		{"W*D*C", InitBio, DistanceReal, CommDirect},
		{"WD*C", InitOrthogonal, DistanceReal, CommDirect},
		{"WDC", InitOrthogonal, DistanceGrid, CommDirect},
		{"WD*", InitOrthogonal, DistanceReal, CommNone},
		{"WD", InitOrthogonal, DistanceGrid, CommNone},
		{"W", InitOrthogonal, DistanceNone, CommNone},
		{"W*D*C*", InitBio, DistanceReal, CommEMD},
		{"WD*C*", InitOrthogonal, DistanceReal, CommEMD},
		{"W*DC*", InitBio, DistanceGrid, CommEMD},
		{"W!D*C", InitPermutedBio, DistanceReal, CommDirect},
		{"W!D*C*", InitPermutedBio, DistanceReal, CommEMD},
	}
	got := PaperVariants()
	if len(got) != len(want) {
		t.Fatalf("%d paper variants, want 11", len(got))
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.name || g.Init != w.init || g.Distance != w.d || g.Comm != w.c || g.Dale {
			t.Errorf("variant %d = %+v, want %+v", i, g, w)
		}
		v, err := VariantByName(w.name)
		if err != nil || v != g {
			t.Errorf("VariantByName(%q) = %+v, %v", w.name, v, err)
		}
	}
	got[0].Name = "changed"
	if PaperVariants()[0].Name != "W*D*C" {
		t.Error("PaperVariants returned shared storage")
	}
	// Every extra variant resolves, no name is used twice, and each has a
	// letter pattern consistent with its factors.
	seen := map[string]bool{}
	for _, v := range append(PaperVariants(), ExtraVariants()...) {
		if seen[v.Name] {
			t.Errorf("duplicate variant name %q", v.Name)
		}
		seen[v.Name] = true
		if (v.Distance == DistanceReal) != strings.Contains(v.Name, "D*") {
			t.Errorf("%s: distance %v", v.Name, v.Distance)
		}
		if (v.Comm == CommEMD) != strings.Contains(v.Name, "C*") {
			t.Errorf("%s: communicability %v", v.Name, v.Comm)
		}
		if v.Dale != strings.HasSuffix(v.Name, "-EI") {
			t.Errorf("%s: Dale %v", v.Name, v.Dale)
		}
	}
	_, err := VariantByName("w*d*c")
	if !errors.Is(err, ErrUnknownVariant) || !strings.Contains(err.Error(), "W*D*C") {
		t.Errorf("unknown variant: err = %v", err)
	}
}

func TestParseVariants(t *testing.T) {
	t.Parallel()
	got, err := ParseVariants("W, W*D*C ,extra")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2+len(ExtraVariants()) || got[0] != "W" || got[1] != "W*D*C" {
		t.Errorf("ParseVariants = %v", got)
	}
	if p, _ := ParseVariants("paper"); !slices.Equal(p, PaperVariantNames()) {
		t.Errorf("paper = %v", p)
	}
	for _, bad := range []string{"", "W,W", "W,nope", "paper,W"} {
		if _, err := ParseVariants(bad); err == nil {
			t.Errorf("ParseVariants(%q) succeeded", bad)
		}
	}
}

func TestPresets(t *testing.T) {
	t.Parallel()
	r, c := ReferenceConfig(), CorrectedConfig()
	for _, cfg := range []Config{r, c} {
		if err := cfg.Validate(); err != nil {
			t.Errorf("%v preset: %v", cfg.Preset, err)
		}
		if cfg.Lambda != 0.3 || cfg.LambdaEMD != 0.1 || cfg.InputNoise != 0.05 || cfg.Epochs != 10 ||
			cfg.Simulations != 20 || cfg.BatchSize != 128 || cfg.TrainTrials != 5120 || cfg.ValidationTrials != 2560 ||
			cfg.Activation != rnn.ReLU || cfg.Shuffle || cfg.SmallWorldNulls != 1000 || !slices.Equal(cfg.Tasks, []int{1, 2, 3}) {
			t.Errorf("%v preset: shared defaults wrong: %+v", cfg.Preset, cfg)
		}
	}
	if !r.ReshapeCoordinates || !r.ZeroStrengthEpsilon || !r.UnscaledL1 || r.GridScaling != GridRaw ||
		r.AccuracySource != AccuracyTraining || !slices.Equal(r.Variants, PaperVariantNames()) {
		t.Errorf("reference preset: %+v", r)
	}
	if c.ReshapeCoordinates || c.ZeroStrengthEpsilon || c.UnscaledL1 || c.GridScaling != GridUnit ||
		c.AccuracySource != AccuracyHeldOut || !slices.Equal(c.Variants[:11], PaperVariantNames()) || len(c.Variants) != 14 {
		t.Errorf("corrected preset: %+v", c)
	}
	if p, err := PresetConfig(Reference); err != nil || p.Preset != Reference {
		t.Errorf("PresetConfig(Reference) = %v, %v", p.Preset, err)
	}
	for _, s := range []string{"reference", "Corrected"} {
		if _, err := ParsePreset(s); err != nil {
			t.Error(err)
		}
	}
	if _, err := ParsePreset("paper"); err == nil || !strings.Contains(err.Error(), "corrected, reference") {
		t.Errorf("ParsePreset(paper): %v", err)
	}
	// JSON round trip with enums by name.
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"AccuracySource":"heldout"`) {
		t.Errorf("enums not by name: %s", b)
	}
	var back Config
	if err := json.Unmarshal(b, &back); err != nil || back.Fingerprint() != c.Fingerprint() || !slices.Equal(back.Variants, c.Variants) {
		t.Errorf("JSON round trip: %v", err)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		field string
		edit  func(*Config)
	}{
		{"Tasks", func(c *Config) { c.Tasks = nil }},
		{"Tasks", func(c *Config) { c.Tasks = []int{4} }},
		{"Tasks", func(c *Config) { c.Tasks = []int{1, 1} }},
		{"Variants", func(c *Config) { c.Variants = []string{"W", "X"} }},
		{"Variants", func(c *Config) { c.Variants = []string{"W", "W"} }},
		{"Variants", func(c *Config) { c.Variants = nil }},
		{"Simulations", func(c *Config) { c.Simulations = 0 }},
		{"Epochs", func(c *Config) { c.Epochs = -1 }},
		{"BatchSize", func(c *Config) { c.BatchSize = 0 }},
		{"TrainTrials", func(c *Config) { c.BatchSize = c.TrainTrials + 1 }},
		{"TestTrials", func(c *Config) { c.TestTrials = 100 }},
		{"TestTrials", func(c *Config) { c.TestTrials = 0 }},
		{"SmallWorldNulls", func(c *Config) { c.SmallWorldNulls = 0 }},
		{"Lambda", func(c *Config) { c.Lambda = -0.1 }},
		{"LambdaEMD", func(c *Config) { c.LambdaEMD = math.NaN() }},
		{"InputNoise", func(c *Config) { c.InputNoise = math.Inf(1) }},
		{"LearningRate", func(c *Config) { c.LearningRate = 0 }},
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
		c := CorrectedConfig()
		tc.edit(&c)
		err := c.Validate()
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: err = %v", tc.field, err)
		}
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	base := ReferenceConfig()
	fp := base.Fingerprint()
	same := base
	same.Simulations, same.Tasks, same.Variants = 3, []int{2}, []string{"W"}
	if same.Fingerprint() != fp {
		t.Error("fingerprint depends on the sweep's extent")
	}
	for name, edit := range map[string]func(*Config){
		"Epochs": func(c *Config) { c.Epochs++ }, "Lambda": func(c *Config) { c.Lambda = 0.2 },
		"Seed": func(c *Config) { c.Seed++ }, "Field": func(c *Config) { c.FieldName = "4_7_2" },
		"PositiveOnly": func(c *Config) { c.PositiveOnly = true }, "Grid": func(c *Config) { c.GridScaling = GridUnit },
		"Accuracy": func(c *Config) { c.AccuracySource = AccuracyHeldOut }, "Shuffle": func(c *Config) { c.Shuffle = true },
		"SyntheticN": func(c *Config) { c.SyntheticN = 16 }, "SyntheticSeed": func(c *Config) { c.SyntheticSeed = 2 },
	} {
		c := base
		edit(&c)
		if c.Fingerprint() == fp {
			t.Errorf("fingerprint ignores %s", name)
		}
	}
}

func TestShardParsing(t *testing.T) {
	t.Parallel()
	if s, err := ParseShard("2/5"); err != nil || s != (Shard{2, 5}) {
		t.Errorf("ParseShard(2/5) = %v, %v", s, err)
	}
	for _, bad := range []string{"", "3", "5/5", "-1/3", "a/b", "1/0", "0/-2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) succeeded", bad)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, ok, err := ShardFromEnv(env(nil)); ok || err != nil {
		t.Errorf("no Slurm: ok=%v err=%v", ok, err)
	}
	s, ok, err := ShardFromEnv(env(map[string]string{EnvSlurmTaskID: "3", EnvSlurmTaskCount: "4"}))
	if !ok || err != nil || s != (Shard{3, 4}) {
		t.Errorf("Slurm 3 of 4: %v %v %v", s, ok, err)
	}
	s, ok, err = ShardFromEnv(env(map[string]string{EnvSlurmTaskID: "4", EnvSlurmTaskCount: "4", EnvSlurmTaskMin: "1"}))
	if !ok || err != nil || s != (Shard{3, 4}) {
		t.Errorf("Slurm array 1-4, task 4: %v %v %v", s, ok, err)
	}
	for _, m := range []map[string]string{
		{EnvSlurmTaskID: "4", EnvSlurmTaskCount: "4"},
		{EnvSlurmTaskID: "x", EnvSlurmTaskCount: "4"},
		{EnvSlurmTaskID: "1"},
	} {
		if _, _, err := ShardFromEnv(env(m)); err == nil {
			t.Errorf("ShardFromEnv(%v) succeeded", m)
		}
	}
	// The shards partition the plan.
	cfg := smallConfig()
	plan := cfg.Plan()
	count := make([]int, len(plan))
	for i := range 4 {
		s := Shard{i, 4}
		for p := range plan {
			if s.takes(p) {
				count[p]++
			}
		}
	}
	for p, n := range count {
		if n != 1 {
			t.Fatalf("run %d taken by %d shards", p, n)
		}
	}
}

// TestSyntheticField checks the synthetic field's knobs: defaults, the
// field and folder names, config.txt, LoadField, and that they do not
// matter (nor enter the fingerprint) with a field folder.
func TestSyntheticField(t *testing.T) {
	t.Parallel()
	c := CorrectedConfig()
	if c.SyntheticN != connectome.DefaultSyntheticN || c.SyntheticSeed != DefaultSyntheticSeed || c.Field() != SyntheticField {
		t.Errorf("defaults: N %d, seed %d, field %q", c.SyntheticN, c.SyntheticSeed, c.Field())
	}
	c.SyntheticN = 16
	if got := c.FolderName(); got != "synthetic-n16_sttc-corr" {
		t.Errorf("FolderName = %q", got)
	}
	c.SyntheticSeed = 3
	if got := c.Field(); got != "synthetic-n16-seed3" {
		t.Errorf("Field = %q", got)
	}
	if txt := ConfigText(&c); !strings.Contains(txt, "SyntheticN: 16\n") || !strings.Contains(txt, "SyntheticSeed: 3\n") {
		t.Errorf("config.txt lacks the synthetic field:\n%s", txt)
	}
	f, err := LoadField(&c)
	if err != nil {
		t.Fatal(err)
	}
	if f.N != 16 || !strings.Contains(f.Name, "seed=3") {
		t.Errorf("LoadField: %s with %d neurons", f.Name, f.N)
	}
	real := ReferenceConfig()
	real.FieldDir = "/data/6_6_2"
	fp := real.Fingerprint()
	real.SyntheticN, real.SyntheticSeed = 0, 0
	if err := real.Validate(); err != nil || real.Fingerprint() != fp || strings.Contains(ConfigText(&real), "Synthetic") {
		t.Errorf("synthetic knobs matter with a field folder: %v", err)
	}
	// A sweep-config.json written before the knobs existed loads with the
	// defaults.
	dir := t.TempDir()
	old := CorrectedConfig()
	if err := writeConfigJSON(dir, &old); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, configJSONName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = regexp.MustCompile(`(?m)^ "Synthetic(N|Seed)": \d+,\n`).ReplaceAll(b, nil)
	if bytes.Contains(b, []byte("Synthetic")) {
		t.Fatalf("could not remove the synthetic knobs from\n%s", b)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadConfig(dir)
	if err != nil || loaded.SyntheticN != connectome.DefaultSyntheticN || loaded.Fingerprint() != old.Fingerprint() {
		t.Errorf("old sweep-config.json: %+v, %v", loaded, err)
	}
}

// TestClipNorm checks the ClipNorm knob: negative or non-finite values are
// rejected, and only a non-zero value changes the fingerprint (so that the
// published, unclipped sweeps keep theirs).
func TestClipNorm(t *testing.T) {
	t.Parallel()
	base := CorrectedConfig()
	for _, v := range []float64{-1, math.NaN(), math.Inf(1)} {
		c := CorrectedConfig()
		c.ClipNorm = v
		if err := c.Validate(); err == nil {
			t.Errorf("ClipNorm %v accepted", v)
		}
	}
	c := CorrectedConfig()
	c.ClipNorm = 0
	if c.Fingerprint() != base.Fingerprint() {
		t.Error("ClipNorm 0 changed the fingerprint")
	}
	c.ClipNorm = 1
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Fingerprint() == base.Fingerprint() {
		t.Error("ClipNorm 1 did not change the fingerprint")
	}
}

// TestExpPrecision checks the ExpPrecision knob: both presets use float32,
// an unknown value is rejected, and float64 leaves the fingerprint as it was
// before the knob existed (so such sweeps keep theirs) while float32 changes it.
func TestExpPrecision(t *testing.T) {
	t.Parallel()
	for _, c := range []Config{ReferenceConfig(), CorrectedConfig()} {
		if c.ExpPrecision != spatial.Float32 {
			t.Errorf("%v preset: ExpPrecision %v, want float32", c.Preset, c.ExpPrecision)
		}
	}
	bad := CorrectedConfig()
	bad.ExpPrecision = spatial.Arithmetic(9)
	if err := bad.Validate(); !errors.Is(err, ErrConfig) {
		t.Errorf("ExpPrecision 9: Validate() = %v", err)
	}
	c64 := CorrectedConfig()
	c64.ExpPrecision = spatial.Float64
	c32 := CorrectedConfig()
	if c64.Fingerprint() == c32.Fingerprint() {
		t.Error("ExpPrecision did not change the fingerprint")
	}
	if !strings.Contains(ConfigText(&c32), "ExpPrecision: float32") {
		t.Error("config.txt lacks ExpPrecision")
	}
}
