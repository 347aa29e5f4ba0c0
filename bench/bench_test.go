package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
)

// loopStepFlops counts the flops of one training step by listing every GEMM
// the step performs (m×k times k×n, 2·m·n·k flops each), the obviously
// correct reference for stepFlops.
func loopStepFlops(T, B, nIn, n, nOut int) float64 {
	type gemm struct{ m, n, k int }
	var gs []gemm
	gs = append(gs, gemm{T * B, n, nIn}) // x K over all steps
	for t := 1; t < T; t++ {
		gs = append(gs, gemm{B, n, n}) // h_{t−1} W (h_0 = 0 skipped)
	}
	gs = append(gs, gemm{B, nOut, n}) // logits
	gs = append(gs, gemm{n, nOut, B}) // ∂W_out = h_Tᵀ ∂y
	gs = append(gs, gemm{B, n, nOut}) // ∂h_T = ∂y W_outᵀ
	for t := 1; t < T; t++ {
		gs = append(gs, gemm{B, n, n}) // ∂h_{t−1} = ∂z_t Wᵀ
	}
	gs = append(gs, gemm{n, n, (T - 1) * B}) // ∂W = Hᵀ ∂Z over all steps
	gs = append(gs, gemm{nIn, n, T * B})     // ∂K = Xᵀ ∂Z over all steps
	var f float64
	for _, g := range gs {
		f += gemmFlops(g.m, g.n, g.k)
	}
	return f
}

func TestStepFlops(t *testing.T) {
	t.Parallel()
	cases := []struct {
		T, B, nIn, n, nOut int
		want               float64 // hand count; 0: compare to loopStepFlops only
	}{
		{50, 128, 8, 312, 4, 3728105472}, // Task 1 at the paper's N (Python: 4*T*B*ni*N+6*(T-1)*B*N*N+6*B*N*no)
		{3, 2, 1, 4, 2, 576},
		{1, 7, 3, 5, 2, 0},
		{40, 128, 3, 632, 2, 0},
	}
	for _, c := range cases {
		got := stepFlops(c.T, c.B, c.nIn, c.n, c.nOut)
		assert.Equal(t, loopStepFlops(c.T, c.B, c.nIn, c.n, c.nOut), got, "stepFlops(%v) vs the GEMM listing", c)
		if c.want != 0 {
			assert.Equal(t, c.want, got, "stepFlops(%v) vs the hand count", c)
		}
	}
}

func TestGemmFlopsAndRate(t *testing.T) {
	t.Parallel()
	assert.Equal(t, float64(2*1024*1024*1024), gemmFlops(1024, 1024, 1024), "gemmFlops(1024³)")
	assert.Equal(t, 60.0, gemmFlops(2, 3, 5), "gemmFlops(2, 3, 5)")
	assert.Equal(t, 2.0, gflops(2e9, 1000), "gflops(2e9 flops, 1000 ms)")
	assert.Equal(t, 0.0, gflops(1e9, 0), "gflops(…, 0 ms)")
}

func TestMedian(t *testing.T) {
	t.Parallel()
	in := []float64{5, 1, 3}
	assert.Equal(t, 3.0, median(in), "median(%v)", in)
	assert.Equal(t, []float64{5, 1, 3}, in, "median modified its input")
	assert.Equal(t, 2.5, median([]float64{4, 1, 3, 2}), "median of 1..4")
	got := median(nil)
	assert.True(t, math.IsNaN(got), "median(nil) = %v, want NaN", got)
}

func TestTimeMS(t *testing.T) {
	t.Parallel()
	calls := 0
	ms, err := timeMS(2, 3, func() error { calls++; return nil })
	assert.NoError(t, err, "timeMS(2, 3)")
	assert.Len(t, ms, 3, "timeMS(2, 3): want 3 timings")
	assert.Equal(t, 5, calls, "timeMS(2, 3): calls, want 2 warm-up + 3 timed")
	for _, m := range ms {
		assert.GreaterOrEqual(t, m, 0.0, "negative timing")
	}
	boom := errors.New("boom")
	_, err = timeMS(0, 3, func() error { return boom })
	assert.ErrorIs(t, err, boom, "timeMS error")
}

func TestTableText(t *testing.T) {
	t.Parallel()
	tb := &table{Title: "T", Header: []string{"N", "ms", "ratio"}, Notes: []string{"note"}}
	tb.add("312", "31.5", "0.62×")
	tb.add("1000", "4.00")
	var b bytes.Buffer
	require.NoError(t, tb.write(&b, false))
	want := "T\n" +
		"N       ms  ratio\n" +
		"-----------------\n" +
		"312   31.5  0.62×\n" +
		"1000  4.00       \n" +
		"note\n\n"
	assert.Equal(t, want, b.String(), "text table")
}

func TestTableMarkdown(t *testing.T) {
	t.Parallel()
	tb := &table{Title: "T", Header: []string{"N", "variant", "ms"}, Notes: []string{"note"}, Left: 2}
	tb.add("312", "W", "31.5")
	var b bytes.Buffer
	require.NoError(t, tb.write(&b, true))
	want := "**T**\n\n" +
		"| N   | variant |   ms |\n" +
		"|-----|---------|-----:|\n" +
		"| 312 | W       | 31.5 |\n" +
		"\nnote\n\n"
	assert.Equal(t, want, b.String(), "markdown table")
}

func TestFormatters(t *testing.T) {
	t.Parallel()
	cases := []struct{ got, want string }{
		{fmtMS(3.14159), "3.14"},
		{fmtMS(31.4159), "31.4"},
		{fmtMS(314.159), "314"},
		{fmtMS(math.NaN()), "–"},
		{fmtRatio(0.6249), "0.62×"},
		{fmtRatio(math.Inf(1)), "–"},
		{fmtPercent(0.714), "71%"},
		{fmtPercent(math.NaN()), "–"},
		{fmtGF(231.6), "232"},
		{fmtGF(16.04), "16.0"},
		{fmtGF(math.NaN()), "–"},
	}
	for i, c := range cases {
		assert.Equal(t, c.want, c.got, "case %d", i)
	}
}

func TestParseOptionsDefaults(t *testing.T) {
	t.Parallel()
	o, err := parseOptions(nil, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "fast", o.BLAS, "default -blas")
	assert.False(t, o.Torch, "default -torch")
	assert.True(t, o.Pipeline, "default -pipeline")
	assert.Equal(t, DefaultReps, o.Reps, "default -reps")
	assert.Equal(t, DefaultWarmup, o.Warmup, "default -warmup")
	assert.Equal(t, []int{160, 312, 632}, o.Sizes, "default -n")
	assert.Equal(t, []int{70, 160, 312, 632}, o.Scaling, "default -scaling")
	assert.Equal(t, []string{"W", "WD*", "W*D*C", "W*D*C*"}, o.Variants, "default -variants")
	assert.Equal(t, []int{1}, o.PipelineTasks, "default -pipeline-tasks")
	cfg := o.config()
	assert.Equal(t, 128, cfg.BatchSize, "default config's batch")
	assert.Equal(t, experiment.Corrected, cfg.Preset, "default config's preset")

	o, err = parseOptions([]string{"-quick", "-large", "-reps", "7", "-blas", "gonum", "-torch", "-preset", "reference"}, &bytes.Buffer{})
	require.NoError(t, err)
	const args = "-quick -large -reps 7 -blas gonum -torch"
	assert.Equal(t, []int{312}, o.Sizes, "%s: sizes", args)
	assert.Equal(t, []int{70, 160, 312, 1000, 2000}, o.Scaling, "%s: scaling", args)
	assert.Equal(t, 7, o.Reps, "%s: reps", args)
	assert.Equal(t, QuickWarmup, o.Warmup, "%s: warmup", args)
	assert.Equal(t, "gonum", o.BLAS, "%s: BLAS", args)
	assert.True(t, o.Torch, "%s: torch", args)
	assert.Equal(t, experiment.Reference, o.config().Preset, "-preset reference")
}

func TestParseOptionsErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		flag string // the flag the error must name
	}{
		{[]string{"-blas", "openblas"}, "-blas"},
		{[]string{"-threads", "0"}, "-threads"},
		{[]string{"-reps", "0"}, "-reps"},
		{[]string{"-warmup", "-1"}, "-warmup"},
		{[]string{"-batch", "0"}, "-batch"},
		{[]string{"-n", "312,x"}, "-n"},
		{[]string{"-n", "2"}, "-n"},
		{[]string{"-scaling", "1"}, "-scaling"},
		{[]string{"-variants", "W,Q"}, "-variants"},
		{[]string{"-variants", "W,W"}, "-variants"},
		{[]string{"-variants", ""}, "-variants"},
		{[]string{"-comm-n", "2"}, "-comm-n"},
		{[]string{"-gemm", "0"}, "-gemm"},
		{[]string{"-pipeline-epochs", "0"}, "-pipeline-epochs"},
		{[]string{"-pipeline-tasks", "4"}, "-pipeline-tasks"},
		{[]string{"-pipeline-tasks", ""}, "-pipeline-tasks"},
		{[]string{"-preset", "paper"}, "-preset"},
		{[]string{"-format", "html"}, "-format"},
		{[]string{"-torch", "-python", ""}, "-python"},
		{[]string{"-nosuchflag"}, "nosuchflag"},
		{[]string{"extra"}, "unexpected"},
	}
	for _, c := range cases {
		_, err := parseOptions(c.args, &bytes.Buffer{})
		if assert.ErrorIs(t, err, errUsage, "parseOptions(%q)", c.args) {
			assert.ErrorContains(t, err, c.flag, "parseOptions(%q): the error must name the flag", c.args)
		}
	}
}

func TestRunBadFlags(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run([]string{"-reps", "0"}, &out, &errOut), "exit code of run(-reps 0)")
	assert.Empty(t, out.String(), "stdout")
	assert.Contains(t, errOut.String(), "-reps", "stderr")
}

func TestPenaltyKinds(t *testing.T) {
	t.Parallel()
	want := map[string]int{"l1": 1, "wiring": 2, "comm": 4, "emd": 4}
	got := kindCounts()
	for _, k := range penaltyKinds {
		assert.Equal(t, want[k], got[k], "kindCounts()[%s]", k)
		v, err := experiment.VariantByName(kindVariant[k])
		require.NoError(t, err)
		assert.Equal(t, k, penaltyKind(v), "penaltyKind(%s)", v.Name)
	}
	assert.Len(t, got, len(want), "kindCounts() = %v, want %v", got, want)
}

func TestExtrapolate(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 102.0, extrapolate(12, 2, 1, 10), "extrapolate(12 s, 2 s fixed, 1 → 10 epochs)")
	assert.Equal(t, 50.0, extrapolate(50, 2, 10, 10), "extrapolate at the full epochs")
}

func TestBestTorchAndRelDiff(t *testing.T) {
	t.Parallel()
	m := map[string]stepResult{"loop": {ms: 40, min: 35, impl: "loop"}, "nnrnn": {ms: 30, min: 25, impl: "nnrnn"}}
	b := bestTorch(m)
	assert.Equal(t, "nnrnn", b.impl, "bestTorch = %+v", b)
	assert.Equal(t, 30.0, b.ms, "bestTorch = %+v", b)
	b = bestTorch(map[string]stepResult{"loop": {ms: 40, impl: "loop"}})
	assert.Equal(t, "loop", b.impl, "bestTorch(loop only) = %+v", b)
	m["loop"] = stepResult{ms: 40, min: 20, impl: "loop"}
	assert.Equal(t, 20.0, bestMin(m), "bestMin, want loop's fastest step")
	got := bestMin(nil)
	assert.True(t, math.IsNaN(got), "bestMin(nil) = %v, want NaN", got)
	b = bestTorch(nil)
	assert.True(t, math.IsNaN(b.ms), "bestTorch(nil) = %+v, want NaN", b)
	assert.Equal(t, 1.0/3, relDiff(1, 1.5), "relDiff(1, 1.5)")
	assert.Equal(t, 0.0, relDiff(0, 0), "relDiff(0, 0)")
}

func TestExporterWritesLittleEndian(t *testing.T) {
	t.Parallel()
	e := &torchExporter{dir: t.TempDir()}
	name, err := e.write("x", []float32{1, -2.5})
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(e.dir, name))
	require.NoError(t, err)
	got := make([]float32, 2)
	assert.NoError(t, binary.Read(bytes.NewReader(b), binary.LittleEndian, got), "read back")
	assert.Equal(t, []float32{1, -2.5}, got, "read back")
	name2, _ := e.write("x", []int32{3})
	assert.NotEqual(t, name, name2, "two writes share the name")
	assert.Contains(t, string(torchScript), "def serve(", "torch_bench.py is not embedded")
}

// TestTimePipelineParallel runs the whole-training timing on a tiny
// synthetic field with 2 runs at once: every penalty kind of every task
// gets a time per run in both modes, and the sweep estimates add up.
func TestTimePipelineParallel(t *testing.T) {
	cfg := experiment.CorrectedConfig()
	cfg.SyntheticN = 16
	cfg.BatchSize, cfg.TrainTrials, cfg.ValidationTrials, cfg.TestTrials = 8, 8, 8, 8
	cfg.SmallWorldNulls = 5
	cfg.Epochs = 2
	field, err := connectome.Synthetic(connectome.DefaultSyntheticConfig(16, 1))
	require.NoError(t, err)
	calls := 0
	parallel := func(jobs int) func() {
		assert.Equal(t, 2, jobs, "jobs passed to parallel")
		calls++
		return func() {}
	}
	res, err := timePipeline(cfg, field, []int{1}, 1, 2, parallel, func(string, ...any) {})
	require.NoError(t, err)
	assert.Equal(t, 1, calls, "parallel calls")
	require.Len(t, res.rows, len(experiment.ReferenceConfig().Tasks)*len(penaltyKinds), "rows")
	counts := kindCounts()
	var perSim, perSimPar float64
	for _, row := range res.rows {
		assert.Positive(t, row.full, "task %d %s: seconds", row.task, row.kind)
		assert.Positive(t, row.parFull, "task %d %s: seconds at once", row.task, row.kind)
		perSim += float64(counts[row.kind]) * row.full
		perSimPar += float64(counts[row.kind]) * row.parFull
	}
	assert.InDelta(t, perSim, res.perSimulation, 1e-9*perSim, "per simulation vs the rows' sum")
	assert.InDelta(t, perSimPar, res.perSimulationPar, 1e-9*perSimPar, "per simulation at once vs the rows' sum")
	assert.Equal(t, res.perSimulationPar*float64(cfg.Simulations), res.sweepPar, "sweep at once")
}
