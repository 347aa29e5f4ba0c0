package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
		if ref := loopStepFlops(c.T, c.B, c.nIn, c.n, c.nOut); got != ref {
			t.Errorf("stepFlops(%v) = %v, GEMM listing gives %v", c, got, ref)
		}
		if c.want != 0 && got != c.want {
			t.Errorf("stepFlops(%v) = %v, want %v", c, got, c.want)
		}
	}
}

func TestGemmFlopsAndRate(t *testing.T) {
	t.Parallel()
	if got := gemmFlops(1024, 1024, 1024); got != 2*1024*1024*1024 {
		t.Errorf("gemmFlops(1024³) = %v", got)
	}
	if got := gemmFlops(2, 3, 5); got != 60 {
		t.Errorf("gemmFlops(2, 3, 5) = %v, want 60", got)
	}
	if got := gflops(2e9, 1000); got != 2 {
		t.Errorf("gflops(2e9 flops, 1000 ms) = %v, want 2", got)
	}
	if got := gflops(1e9, 0); got != 0 {
		t.Errorf("gflops(…, 0 ms) = %v, want 0", got)
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	in := []float64{5, 1, 3}
	if got := median(in); got != 3 {
		t.Errorf("median(%v) = %v, want 3", in, got)
	}
	if !slices.Equal(in, []float64{5, 1, 3}) {
		t.Errorf("median modified its input: %v", in)
	}
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median of 1..4 = %v, want 2.5", got)
	}
	if got := median(nil); !math.IsNaN(got) {
		t.Errorf("median(nil) = %v, want NaN", got)
	}
}

func TestTimeMS(t *testing.T) {
	t.Parallel()
	calls := 0
	ms, err := timeMS(2, 3, func() error { calls++; return nil })
	if err != nil || len(ms) != 3 || calls != 5 {
		t.Errorf("timeMS(2, 3) = %v, %v after %d calls; want 3 timings after 5 calls", ms, err, calls)
	}
	for _, m := range ms {
		if m < 0 {
			t.Errorf("negative timing %v", m)
		}
	}
	boom := errors.New("boom")
	if _, err := timeMS(0, 3, func() error { return boom }); !errors.Is(err, boom) {
		t.Errorf("timeMS error = %v, want boom", err)
	}
}

func TestTableText(t *testing.T) {
	t.Parallel()
	tb := &table{Title: "T", Header: []string{"N", "ms", "ratio"}, Notes: []string{"note"}}
	tb.add("312", "31.5", "0.62×")
	tb.add("1000", "4.00")
	var b bytes.Buffer
	if err := tb.write(&b, false); err != nil {
		t.Fatal(err)
	}
	want := "T\n" +
		"N       ms  ratio\n" +
		"-----------------\n" +
		"312   31.5  0.62×\n" +
		"1000  4.00       \n" +
		"note\n\n"
	if b.String() != want {
		t.Errorf("text table:\n%q\nwant\n%q", b.String(), want)
	}
}

func TestTableMarkdown(t *testing.T) {
	t.Parallel()
	tb := &table{Title: "T", Header: []string{"N", "variant", "ms"}, Notes: []string{"note"}, Left: 2}
	tb.add("312", "W", "31.5")
	var b bytes.Buffer
	if err := tb.write(&b, true); err != nil {
		t.Fatal(err)
	}
	want := "**T**\n\n" +
		"| N   | variant |   ms |\n" +
		"|-----|---------|-----:|\n" +
		"| 312 | W       | 31.5 |\n" +
		"\nnote\n\n"
	if b.String() != want {
		t.Errorf("markdown table:\n%q\nwant\n%q", b.String(), want)
	}
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
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

func TestParseOptionsDefaults(t *testing.T) {
	t.Parallel()
	o, err := parseOptions(nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.BLAS != "fast" || o.Torch || !o.Pipeline || o.Reps != DefaultReps || o.Warmup != DefaultWarmup ||
		!slices.Equal(o.Sizes, []int{160, 312, 632}) || !slices.Equal(o.Scaling, []int{70, 160, 312, 632}) ||
		!slices.Equal(o.Variants, []string{"W", "WD*", "W*D*C", "W*D*C*"}) || !slices.Equal(o.PipelineTasks, []int{1}) {
		t.Errorf("defaults: %+v", o)
	}
	cfg := o.config()
	if cfg.BatchSize != 128 || cfg.Preset != experiment.Corrected {
		t.Errorf("default config: batch %d, preset %v", cfg.BatchSize, cfg.Preset)
	}

	o, err = parseOptions([]string{"-quick", "-large", "-reps", "7", "-blas", "gonum", "-torch", "-preset", "reference"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.Sizes, []int{312}) || !slices.Equal(o.Scaling, []int{70, 160, 312, 1000, 2000}) ||
		o.Reps != 7 || o.Warmup != QuickWarmup || o.BLAS != "gonum" || !o.Torch {
		t.Errorf("-quick -large -reps 7: %+v", o)
	}
	if cfg := o.config(); cfg.Preset != experiment.Reference {
		t.Errorf("-preset reference gave %v", cfg.Preset)
	}
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
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.flag) {
			t.Errorf("parseOptions(%q) = %v, want an errUsage naming %s", c.args, err, c.flag)
		}
	}
}

func TestRunBadFlags(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := run([]string{"-reps", "0"}, &out, &errOut); code != 2 {
		t.Errorf("run(-reps 0) = %d, want 2", code)
	}
	if out.Len() != 0 || !strings.Contains(errOut.String(), "-reps") {
		t.Errorf("stdout %q, stderr %q", out.String(), errOut.String())
	}
}

func TestPenaltyKinds(t *testing.T) {
	t.Parallel()
	want := map[string]int{"l1": 1, "wiring": 2, "comm": 4, "emd": 4}
	got := kindCounts()
	for _, k := range penaltyKinds {
		if got[k] != want[k] {
			t.Errorf("kindCounts()[%s] = %d, want %d", k, got[k], want[k])
		}
		v, err := experiment.VariantByName(kindVariant[k])
		if err != nil {
			t.Fatal(err)
		}
		if penaltyKind(v) != k {
			t.Errorf("penaltyKind(%s) = %s, want %s", v.Name, penaltyKind(v), k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("kindCounts() = %v, want %v", got, want)
	}
}

func TestExtrapolate(t *testing.T) {
	t.Parallel()
	if got := extrapolate(12, 2, 1, 10); got != 102 {
		t.Errorf("extrapolate(12 s, 2 s fixed, 1 → 10 epochs) = %v, want 102", got)
	}
	if got := extrapolate(50, 2, 10, 10); got != 50 {
		t.Errorf("extrapolate at the full epochs = %v, want 50", got)
	}
}

func TestBestTorchAndRelDiff(t *testing.T) {
	t.Parallel()
	m := map[string]stepResult{"loop": {ms: 40, min: 35, impl: "loop"}, "nnrnn": {ms: 30, min: 25, impl: "nnrnn"}}
	if b := bestTorch(m); b.impl != "nnrnn" || b.ms != 30 {
		t.Errorf("bestTorch = %+v, want nnrnn 30", b)
	}
	if b := bestTorch(map[string]stepResult{"loop": {ms: 40, impl: "loop"}}); b.impl != "loop" {
		t.Errorf("bestTorch(loop only) = %+v", b)
	}
	m["loop"] = stepResult{ms: 40, min: 20, impl: "loop"}
	if got := bestMin(m); got != 20 {
		t.Errorf("bestMin = %v, want 20 (loop's fastest step)", got)
	}
	if got := bestMin(nil); !math.IsNaN(got) {
		t.Errorf("bestMin(nil) = %v, want NaN", got)
	}
	if b := bestTorch(nil); !math.IsNaN(b.ms) {
		t.Errorf("bestTorch(nil) = %+v, want NaN", b)
	}
	if got := relDiff(1, 1.5); got != 1.0/3 {
		t.Errorf("relDiff(1, 1.5) = %v", got)
	}
	if got := relDiff(0, 0); got != 0 {
		t.Errorf("relDiff(0, 0) = %v", got)
	}
}

func TestExporterWritesLittleEndian(t *testing.T) {
	t.Parallel()
	e := &torchExporter{dir: t.TempDir()}
	name, err := e.write("x", []float32{1, -2.5})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(e.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float32, 2)
	if err := binary.Read(bytes.NewReader(b), binary.LittleEndian, got); err != nil || !slices.Equal(got, []float32{1, -2.5}) {
		t.Errorf("read back %v, %v", got, err)
	}
	if name2, _ := e.write("x", []int32{3}); name2 == name {
		t.Errorf("two writes share the name %s", name)
	}
	if len(torchScript) == 0 || !bytes.Contains(torchScript, []byte("def serve(")) {
		t.Error("torch_bench.py is not embedded")
	}
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
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	parallel := func(jobs int) func() {
		if jobs != 2 {
			t.Errorf("parallel(%d), want 2", jobs)
		}
		calls++
		return func() {}
	}
	res, err := timePipeline(cfg, field, []int{1}, 1, 2, parallel, func(string, ...any) {})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("parallel called %d times", calls)
	}
	if len(res.rows) != len(experiment.ReferenceConfig().Tasks)*len(penaltyKinds) {
		t.Fatalf("%d rows", len(res.rows))
	}
	counts := kindCounts()
	var perSim, perSimPar float64
	for _, row := range res.rows {
		if row.full <= 0 || row.parFull <= 0 {
			t.Errorf("task %d %s: %v s, %v s at once", row.task, row.kind, row.full, row.parFull)
		}
		perSim += float64(counts[row.kind]) * row.full
		perSimPar += float64(counts[row.kind]) * row.parFull
	}
	if math.Abs(perSim-res.perSimulation) > 1e-9*perSim || math.Abs(perSimPar-res.perSimulationPar) > 1e-9*perSimPar {
		t.Errorf("per simulation %v/%v, rows sum to %v/%v", res.perSimulation, res.perSimulationPar, perSim, perSimPar)
	}
	if res.sweepPar != res.perSimulationPar*float64(cfg.Simulations) {
		t.Errorf("sweep at once %v", res.sweepPar)
	}
}
