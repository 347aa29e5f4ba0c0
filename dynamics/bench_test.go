package dynamics_test

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/dynamics"
	"github.com/cortexrnn/cortexrnn/fastblas"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/tasks"
)

// trainedGoNoGo loads the N = 312 network of testdata (the paper's model
// trained ten epochs on Go/NoGo, see testdata/gen) and its noise-free
// states on 128 held-out-style trials.
func trainedGoNoGo(tb testing.TB) (*rnn.Model, *mat.Dense) {
	tb.Helper()
	tr, err := rnn.LoadFile(filepath.Join("testdata", "gonogo312.npz"))
	require.NoError(tb, err)
	m := tr.Model()
	task := tasks.NewGoNoGo()
	bs, err := tasks.Generate(task, 128, 128, rand.New(rand.NewPCG(5, 5)))
	require.NoError(tb, err)
	states, err := m.States(rnn.Batch(*bs[0]))
	require.NoError(tb, err)
	return m, states
}

// BenchmarkFixedPoints312: one trained N = 312 network, one input, 1,000
// initial states from its trajectories (noise SD 0.01), with Jacobians and
// eigen-decompositions of the points found.
func BenchmarkFixedPoints312(b *testing.B) {
	blas64.Use(fastblas.Implementation{})
	m, states := trainedGoNoGo(b)
	net := dynamics.FromModel(m)
	in, err := dynamics.DefaultInputs("gonogo")
	require.NoError(b, err)
	starts := dynamics.SampleStates(states, 1000, 0.01, rand.New(rand.NewPCG(1, 1)))
	b.ReportAllocs()
	cpu := cpuClock()
	b.ResetTimer()
	for b.Loop() {
		res, err := dynamics.FindFixedPoints(context.Background(), net, in[2:3], starts, dynamics.Config{})
		require.NoError(b, err)
		b.ReportMetric(float64(len(res.Points)), "points")
		b.ReportMetric(float64(res.Inputs[0].Fixed), "fixed")
	}
	b.ReportMetric((cpuClock()-cpu)/float64(b.N), "cpu-s/op")
}

// cpuClock returns the process's user + system CPU time in seconds: on the
// shared 2-core machine the wall time of a benchmark measures the load, the
// CPU time the work (wall ≈ CPU/2 on two idle cores).
func cpuClock() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkAnalysisGoNoGo312: the default analysis (AnalysisConfig{}: 256
// starts per input, the four Go/NoGo inputs, PCA of the states of 128
// trials) of the trained N = 312 network.
func BenchmarkAnalysisGoNoGo312(b *testing.B) {
	blas64.Use(fastblas.Implementation{})
	m, states := trainedGoNoGo(b)
	net := dynamics.FromModel(m)
	in, err := dynamics.DefaultInputs("gonogo")
	require.NoError(b, err)
	b.ReportAllocs()
	cpu := cpuClock()
	b.ResetTimer()
	for b.Loop() {
		_, err := dynamics.Summarize(context.Background(), net, in, states, dynamics.AnalysisConfig{}, rand.New(rand.NewPCG(1, 1)))
		require.NoError(b, err)
	}
	b.ReportMetric((cpuClock()-cpu)/float64(b.N), "cpu-s/op")
}

// BenchmarkPCA: 2,560 trials × 50 steps of N = 312 states (the paper's test
// set on the one-choice task), Gaussian values.
func BenchmarkPCA(b *testing.B) {
	blas64.Use(fastblas.Implementation{})
	rnd := rand.New(rand.NewPCG(2, 2))
	x := mat.NewDense(2560*50, 312, nil)
	raw := x.RawMatrix().Data
	for i := range raw {
		raw[i] = rnd.NormFloat64()
	}
	b.ReportAllocs()
	cpu := cpuClock()
	b.ResetTimer()
	for b.Loop() {
		p, err := dynamics.FitPCA(x)
		require.NoError(b, err)
		b.ReportMetric(p.ParticipationRatio(), "PR")
	}
	b.ReportMetric((cpuClock()-cpu)/float64(b.N), "cpu-s/op")
}
