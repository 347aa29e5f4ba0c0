package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
	"github.com/cortexrnn/cortexrnn/internal/npyio"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// Weight file names in the output folder.
const (
	fileWeights = "weights.npz" // rnn's weights file: the trained network and its initial W_rec
	fileWRec    = "W_rec.npy"   // the trained effective W_rec, float32, row = presynaptic
)

// writeWeights writes the trained network (weights.npz, rnn.WriteWeights
// with the initial recurrent weights) and its effective recurrent matrix
// (W_rec.npy, the matrix the graph metrics were computed on, as float32)
// into dir, each atomically, and returns their paths.
func writeWeights(dir string, s *setup, out *experiment.Training) ([]string, error) {
	initial, err := initialModel(s, out)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := rnn.WriteWeights(&b, initial, out.Model); err != nil {
		return nil, err
	}
	weights := filepath.Join(dir, fileWeights)
	if err := atomicfile.Write(weights, b.Bytes()); err != nil {
		return nil, err
	}
	raw := out.Final.RawMatrix()
	n := raw.Rows
	w := make([]float32, 0, n*n)
	for i := range n {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols] {
			w = append(w, float32(v))
		}
	}
	b.Reset()
	if err := npyio.Write(&b, &npyio.Array{Shape: []int{n, raw.Cols}, Data: w}); err != nil {
		return nil, err
	}
	wrec := filepath.Join(dir, fileWRec)
	if err := atomicfile.Write(wrec, b.Bytes()); err != nil {
		return nil, err
	}
	return []string{weights, wrec}, nil
}

// errInitial reports that rebuilding the initial model did not give the
// initial W_rec of the training run: a bug, never bad input.
var errInitial = errors.New("seqrnn: the rebuilt initial W_rec differs from the trained run's")

// initialModel rebuilds the model before training as
// experiment.PaperTrainer.Train builds it: rnn.New from the run's
// initialisation stream, then the variant's initial W_rec. Training keeps
// only the initial effective W_rec, which under Dale's law loses the raw
// weights' signs; the rebuilt model is checked against it.
func initialModel(s *setup, out *experiment.Training) (*rnn.Model, error) {
	m, err := rnn.New(out.Model.Config(), s.spec.Rand(experiment.StreamInit))
	if err != nil {
		return nil, err
	}
	w0, err := s.trainer.InitialRecurrent(s.spec)
	if err != nil {
		return nil, err
	}
	if w0 != nil {
		if err := m.SetWeights(rnn.RecurrentKernel, w0); err != nil {
			return nil, err
		}
	}
	if !mat.Equal(m.EffectiveRecurrentTo(nil), out.Initial) {
		return nil, fmt.Errorf("%w (variant %s)", errInitial, s.spec.Variant.Name)
	}
	return m, nil
}
