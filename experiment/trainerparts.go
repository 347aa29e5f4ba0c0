package experiment

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/trainerparts"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// The benchmark program times the pieces of a PaperTrainer against
// PyTorch; internal/trainerparts hands them over without exporting them.
func init() { trainerparts.Register(partsOf) }

// partsOf returns the pieces of trainer, a *PaperTrainer.
func partsOf(trainer any) (trainerparts.Parts, error) {
	t, ok := trainer.(*PaperTrainer)
	if !ok || t == nil {
		return trainerparts.Parts{}, fmt.Errorf("experiment: trainer parts of %T: want a *PaperTrainer", trainer)
	}
	return trainerparts.Parts{
		RealD: t.realD, GridD: t.gridD, CEmp: t.cEmp, Norm: t.normArt,
		Penalty: func(name string) (rnn.Penalty, error) {
			v, err := VariantByName(name)
			if err != nil {
				return nil, err
			}
			return t.penalty(&t.cfg, v)
		},
		InitialRecurrent: func(task int, variant string, simulation int) (*mat.Dense, error) {
			spec, err := t.cfg.Spec(RunKey{Task: task, Variant: variant, Simulation: simulation}, t.inputs)
			if err != nil {
				return nil, err
			}
			return t.initialRecurrent(spec)
		},
	}, nil
}
