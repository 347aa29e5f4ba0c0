package rnn_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"

	"github.com/cortexrnn/cortexrnn/rnn"
	"gonum.org/v1/gonum/mat"
)

// A trained network and its initial recurrent weights go into one .npz
// file (an *os.File in practice, or rnn.WriteWeightsFile); in Python,
// np.load(path)["W_rec_eff"] is the effective recurrent matrix. Reading
// the file back gives a model that runs as the one written.
func ExampleWriteWeights() {
	cfg := rnn.PaperConfig(2, 8, 2)
	cfg.Dale = true // the file then holds W_rec_raw besides W_rec_eff
	initial, err := rnn.New(cfg, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	final := initial // a trained model in practice (rnn.Trainer.Fit)
	var buf bytes.Buffer
	if err := rnn.WriteWeights(&buf, initial, final); err != nil {
		fmt.Println(err)
		return
	}

	w, err := rnn.ReadWeights(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := w.Model.Config()
	fmt.Printf("N = %d, α = %g, %v, Dale %t with %d excitatory units\n", c.NRec, c.Alpha, c.Activation, c.Dale, c.NumExcitatory())
	eff := w.Model.EffectiveRecurrentTo(nil)
	fmt.Printf("W_rec_eff row 0 ≥ 0: %t, row 7 ≤ 0: %t\n", mat.Min(eff.RowView(0)) >= 0, mat.Max(eff.RowView(7)) <= 0)
	fmt.Println("initial stored:", mat.Equal(w.InitialEffective, initial.EffectiveRecurrentTo(nil)))
	// Output:
	// N = 8, α = 1, relu, Dale true with 6 excitatory units
	// W_rec_eff row 0 ≥ 0: true, row 7 ≤ 0: true
	// initial stored: true
}
