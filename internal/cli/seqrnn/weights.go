package seqrnn

import (
	"bytes"
	"path/filepath"

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
func writeWeights(dir string, out *experiment.Training) ([]string, error) {
	var b bytes.Buffer
	if err := rnn.WriteWeights(&b, out.InitialModel, out.Model); err != nil {
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
