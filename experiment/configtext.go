package experiment

import (
	"fmt"
	"strings"

	"github.com/cortexrnn/cortexrnn/internal/pyfloat"
)

// ConfigText renders config.txt: one "Name: value" line per Config field,
// plus the fingerprint.
func ConfigText(cfg *Config) string {
	var b strings.Builder
	p := func(name string, v any) { fmt.Fprintf(&b, "%s: %v\n", name, v) }
	p("Preset", cfg.Preset)
	p("Field", cfg.Field())
	p("FieldDir", cfg.FieldDir)
	if cfg.FieldDir == "" {
		p("SyntheticN", cfg.SyntheticN)
		p("SyntheticSeed", cfg.SyntheticSeed)
	}
	tasks := make([]string, len(cfg.Tasks))
	for i, t := range cfg.Tasks {
		tasks[i] = fmt.Sprintf("Task%d", t)
	}
	p("Tasks", strings.Join(tasks, ","))
	p("Variants", strings.Join(cfg.Variants, ","))
	p("Simulations", cfg.Simulations)
	p("Epochs", cfg.Epochs)
	p("Lambda", pyfloat.Format(cfg.Lambda))
	p("LambdaEMD", pyfloat.Format(cfg.LambdaEMD))
	p("InputNoise", pyfloat.Format(cfg.InputNoise))
	p("Activation", cfg.Activation)
	p("PositiveOnly", cfg.PositiveOnly)
	p("BioSource", cfg.BioSource)
	p("Seed", cfg.Seed)
	p("BatchSize", cfg.BatchSize)
	p("TrainTrials", cfg.TrainTrials)
	p("ValidationTrials", cfg.ValidationTrials)
	p("TestTrials", cfg.TestTrials)
	p("LearningRate", pyfloat.Format(cfg.LearningRate))
	if cfg.ClipNorm != 0 { // the published notebook does not clip
		p("ClipNorm", pyfloat.Format(cfg.ClipNorm))
	}
	p("ExpPrecision", cfg.ExpPrecision)
	p("Shuffle", cfg.Shuffle)
	p("SmallWorldNulls", cfg.SmallWorldNulls)
	p("ReshapeCoordinates", cfg.ReshapeCoordinates)
	p("ZeroStrengthEpsilon", cfg.ZeroStrengthEpsilon)
	p("UnscaledL1", cfg.UnscaledL1)
	p("GridScaling", cfg.GridScaling)
	p("AccuracySource", cfg.AccuracySource)
	p("Fingerprint", cfg.Fingerprint())
	return b.String()
}
