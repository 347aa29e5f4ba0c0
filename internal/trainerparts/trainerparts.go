// Package trainerparts lets the benchmark program (bench) time the pieces of
// experiment.PaperTrainer against PyTorch — its distance and
// communicability matrices, a variant's penalty and a run's initial
// recurrent matrix — without making them part of package experiment's API.
// Package experiment registers the function behind Of when it is
// initialised; nothing else may.
package trainerparts

import (
	"errors"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
)

// Parts are the pieces of one trainer, as its runs use them. The matrices
// are shared: callers must not modify them.
type Parts struct {
	// RealD and GridD are the N×N distance matrices of D* (soma positions,
	// with the configuration's coordinate layout) and D (the grid control).
	RealD, GridD *mat.Dense
	// CEmp is C_emp of the EMD penalty and Norm the normalisation of the
	// network's communicability C(W) under the configuration.
	CEmp *mat.Dense
	Norm spatial.Normalisation
	// Penalty returns a new penalty of the variant called name (the
	// spatial penalties are not safe for concurrent use).
	Penalty func(variant string) (rnn.Penalty, error)
	// InitialRecurrent returns the initial W_rec of the run (task,
	// variant, simulation), or nil for the orthogonal initialisation (left
	// to rnn.New).
	InitialRecurrent func(task int, variant string, simulation int) (*mat.Dense, error)
}

// Of returns the parts of trainer, which must be an
// *experiment.PaperTrainer (the type is not named here: package experiment
// imports this one). It returns an error if package experiment is not
// linked into the program (it registers the function when initialised).
func Of(trainer any) (Parts, error) {
	if of == nil {
		return Parts{}, errors.New("trainerparts: package experiment is not linked, so no trainer can be taken apart")
	}
	return of(trainer)
}

var of func(trainer any) (Parts, error)

// Register sets the function behind Of. Package experiment calls it in its
// init; nothing else may.
func Register(f func(trainer any) (Parts, error)) { of = f }
