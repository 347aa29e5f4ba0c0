// Command gen trains the networks the dynamics tests and benchmarks use and
// writes them to the testdata folder (run from the dynamics folder):
//
//	go run ./testdata/gen
//
// gonogo312.npz  the paper's model (N = 312, relu, α = 1, no Dale) trained
//
//	ten epochs on Go/NoGo: the benchmarks' network.
//
// small.npz      N = 32, relu, α = 0.5, Dale's law, trained 20 epochs on
//
//	Go/NoGo: the network fixedpoints.py analyses independently; also
//	written as text (small_in.txt, small_w.txt, small_b.txt,
//	small_alpha.txt: W_in, the effective W, b, α) with 200
//	initial states (small_starts.txt) drawn from its
//	noise-free trajectories plus noise of SD 0.05.
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/tasks"
)

var bigFlag = flag.Bool("big", true, "train the N = 312 network (false: only store the existing one compactly)")

func main() {
	log.SetFlags(0)
	flag.Parse()
	task := tasks.NewGoNoGo()
	rnd := rand.New(rand.NewPCG(18, 1))
	ds, err := tasks.NewDataset(task, tasks.DefaultDatasetConfig(), rnd)
	check(err)
	conv := func(bs []*tasks.Batch) []rnn.Batch {
		out := make([]rnn.Batch, len(bs))
		for i, b := range bs {
			out[i] = rnn.Batch(*b)
		}
		return out
	}
	train, val := conv(ds.Train), conv(ds.HeldOut)

	if *bigFlag {
		big := rnn.PaperConfig(3, 312, 2)
		save(fit(big, train, val, 10, 1e-3, rand.New(rand.NewPCG(18, 3))).Model(), "gonogo312.npz")
	} else if tr, err := rnn.LoadFile("gonogo312.npz"); err == nil {
		save(tr.Model(), "gonogo312.npz") // store the parameters alone
	}

	small := rnn.PaperConfig(3, 32, 2)
	small.Alpha = 0.5
	small.Dale = true
	tr := fit(small, train, val, 20, 1e-2, rand.New(rand.NewPCG(18, 4)))
	save(tr.Model(), "small.npz")
	net := dynamics.FromModel(tr.Model())
	writeText("small_in.txt", net.In)
	writeText("small_w.txt", net.W)
	writeText("small_b.txt", mat.NewDense(1, len(net.B), net.B))
	writeText("small_alpha.txt", mat.NewDense(1, 1, []float64{net.Alpha}))
	states, err := tr.Model().States(val[0])
	check(err)
	writeText("small_starts.txt", dynamics.SampleStates(states, 200, 0.05, rand.New(rand.NewPCG(18, 2))))
}

func fit(cfg rnn.Config, train, val []rnn.Batch, epochs int, lr float64, rnd *rand.Rand) *rnn.Trainer {
	m, err := rnn.New(cfg, rnd)
	check(err)
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Optimizer: rnn.OptimizerConfig{LearningRate: lr, ClipNorm: 1}}, rnd)
	check(err)
	hist, err := tr.Fit(train, val, epochs)
	check(err)
	last := hist[len(hist)-1]
	log.Printf("N = %d: held-out accuracy %.3f, loss %.4f", cfg.NRec, last.ValAccuracy, last.ValLoss)
	return tr
}

// save writes the model's parameters alone: a copy in a fresh model has no
// Adam moments to store.
func save(m *rnn.Model, name string) {
	c, err := rnn.New(m.Config(), rand.New(rand.NewPCG(0, 0)))
	check(err)
	for _, p := range []rnn.Param{rnn.InputKernel, rnn.RecurrentKernel, rnn.Bias, rnn.OutputKernel, rnn.OutputBias} {
		check(c.SetWeights(p, m.WeightsTo(nil, p)))
	}
	fresh, err := rnn.NewTrainer(c, rnn.TrainConfig{}, rand.New(rand.NewPCG(0, 0)))
	check(err)
	f, err := os.Create(name)
	check(err)
	check(fresh.Save(f))
	check(f.Close())
}

// writeText writes m with one row per line, %.17g, as numpy.loadtxt reads.
func writeText(name string, m mat.Matrix) {
	f, err := os.Create(name)
	check(err)
	r, c := m.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			sep := " "
			if j == c-1 {
				sep = "\n"
			}
			fmt.Fprintf(f, "%.17g%s", m.At(i, j), sep)
		}
	}
	check(f.Close())
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
