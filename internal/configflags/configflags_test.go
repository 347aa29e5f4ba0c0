package configflags

import (
	"flag"
	"io"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/spatial"
)

func parse(t *testing.T, args []string, omit ...string) (*Flags, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := Register(fs, omit...)
	return f, fs.Parse(args)
}

// TestEveryEntrySetsItsField checks that each flag names a real Config
// field and sets exactly that field.
func TestEveryEntrySetsItsField(t *testing.T) {
	t.Parallel()
	values := map[string]string{"field": "/data/6_6_2", "synthetic-n": "20", "tasks": "2", "variants": "WsDsC",
		"sims": "3", "seed": "9", "epochs": "4", "noise": "0.5", "activation": "tanh", "sign": "true", "bio": "sttc",
		"batch": "16", "train-trials": "32", "val-trials": "48", "test-trials": "64", "lr": "0.01", "clip": "2",
		"shuffle": "true", "nperm": "7", "lambda": "0.25", "lambda-emd": "0.75", "expm": "float64", "grid": "unit",
		"accuracy": "heldout", "data": "per-simulation", "reshape": "false", "epsilon": "false", "unscaled-l1": "false"}
	require.Len(t, values, len(entries))
	for _, e := range entries {
		t.Run(e.name, func(t *testing.T) {
			base := experiment.ReferenceConfig()
			_, ok := reflect.TypeFor[experiment.Config]().FieldByName(e.field)
			require.True(t, ok, "entry %s names no Config field %s", e.name, e.field)
			f, err := parse(t, []string{"-" + e.name + "=" + values[e.name]})
			require.NoError(t, err)
			c := base.Clone()
			require.NoError(t, f.Apply(&c))
			got := reflect.ValueOf(c).FieldByName(e.field).Interface()
			assert.NotEqual(t, reflect.ValueOf(base).FieldByName(e.field).Interface(), got, "-%s changed nothing", e.name)
			// Only that field changed.
			reflect.ValueOf(&c).Elem().FieldByName(e.field).Set(reflect.ValueOf(base).FieldByName(e.field))
			assert.Equal(t, base, c)
		})
	}
}

// TestEveryCorrectionHasAFlag checks that every setting in which the two
// presets differ (each correction of the corrected preset) can be switched
// alone from the command line.
func TestEveryCorrectionHasAFlag(t *testing.T) {
	t.Parallel()
	ref, cor := reflect.ValueOf(experiment.ReferenceConfig()), reflect.ValueOf(experiment.CorrectedConfig())
	flagged := map[string]bool{}
	for _, e := range entries {
		flagged[e.field] = true
	}
	var differ []string
	for _, f := range reflect.VisibleFields(ref.Type()) {
		if f.Anonymous || f.Name == "Preset" {
			continue
		}
		if !reflect.DeepEqual(ref.FieldByIndex(f.Index).Interface(), cor.FieldByIndex(f.Index).Interface()) {
			differ = append(differ, f.Name)
			assert.True(t, flagged[f.Name], "the presets differ in %s, which no flag sets", f.Name)
			name, ok := FlagFor(f.Name)
			assert.True(t, ok && name != "", f.Name)
		}
	}
	_, ok := FlagFor("Preset")
	assert.False(t, ok)
	assert.Subset(t, differ, []string{"ReshapeCoordinates", "ZeroStrengthEpsilon", "UnscaledL1", "GridScaling", "AccuracySource", "DataSharing"})
}

func TestApply(t *testing.T) {
	t.Parallel()
	f, err := parse(t, []string{"-n", "24", "-train", "64", "-heldout", "32", "-test", "32", "-batch", "32",
		"-variants", "WpDsC,W", "-tasks", "onechoice,task3", "-sign", "-expm", "float64"})
	require.NoError(t, err)
	c := experiment.CorrectedConfig()
	require.NoError(t, f.Apply(&c))
	assert.Equal(t, 24, c.SyntheticN)
	assert.Equal(t, []int{64, 32, 32, 32}, []int{c.TrainTrials, c.ValidationTrials, c.TestTrials, c.BatchSize})
	assert.Equal(t, []string{"W!D*C", "W"}, c.Variants)
	assert.Equal(t, []string{"onechoice", "perceptualdm"}, c.Tasks)
	assert.True(t, c.PositiveOnly)
	assert.Equal(t, spatial.Float64, c.ExpPrecision)
	assert.True(t, f.Given("synthetic-n"))
	assert.False(t, f.Given("lambda"))
	require.NoError(t, Validate(&c))

	// Unset flags keep the caller's values (a program's overrides).
	f, err = parse(t, nil)
	require.NoError(t, err)
	c = experiment.CorrectedConfig()
	c.ClipNorm = 1
	require.NoError(t, f.Apply(&c))
	assert.Equal(t, 1.0, c.ClipNorm)
}

func TestErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-epochs", "ten"}, {"-lambda", "NaN"}, {"-tasks", "4"}, {"-tasks", "nope"}, {"-variants", "WXD"},
		{"-activation", "gelu"}, {"-field", ""}, {"-seed", "-1"},
	} {
		_, err := parse(t, args)
		assert.Error(t, err, args)
	}
	_, err := parse(t, []string{"-sims", "3"}, "sims")
	assert.Error(t, err, "an omitted flag is not registered")

	f, err := parse(t, []string{"-field", "/data/6_6_2", "-synthetic-n", "20"})
	require.NoError(t, err)
	c := experiment.CorrectedConfig()
	assert.ErrorContains(t, f.Apply(&c), "-synthetic-n sets the size of the synthetic field")

	c = experiment.CorrectedConfig()
	c.TrainTrials = 100
	err = Validate(&c)
	require.ErrorIs(t, err, experiment.ErrConfig)
	assert.ErrorContains(t, err, "-train-trials, -train: experiment: invalid config: TrainTrials: 100")
}
