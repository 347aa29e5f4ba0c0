package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/fastblas"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
)

// run is the command: it parses args, runs the benchmark and prints the
// tables to stdout and progress to stderr. It returns the exit status: 0,
// 1 on a failure, 2 on bad flags.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseOptions(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	if err := bench(o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	return 0
}

// stepResult is one variant's step timing on one side.
type stepResult struct {
	ms    float64 // median ms per step
	min   float64 // fastest step, ms
	impl  string  // PyTorch implementation of the best median
	p0    float64 // penalty at the initial W
	loss0 float64 // data loss at the initial weights, without noise
}

// runner holds the state of one benchmark run.
type runner struct {
	o        *options
	cfg      experiment.Config
	out      io.Writer
	markdown bool
	log      func(string, ...any)
	real     *connectome.Field
	cases    map[int]*benchCase
	dir      string
	exporter *torchExporter
	torch    *torchWorker // nil without -torch
	peak     float64      // the largest measured float32 GEMM rate, GFLOP/s
	// goSteps caches Go medians per (N, variant) for the scaling table.
	goSteps map[string]float64
}

func bench(o *options, stdout, stderr io.Writer) error {
	runtime.GOMAXPROCS(o.Threads)
	if o.BLAS == "fast" {
		impl := fastblas.Implementation{Threads: o.Threads, FlushSubnormals: o.Flush}
		blas32.Use(impl)
		blas64.Use(impl)
	}
	if o.BLAS == "gonum" {
		blas32.Use(gonumBLAS{})
		blas64.Use(gonumBLAS{})
	}
	if use := extraBLAS[o.BLAS]; use != nil {
		use()
	}
	r := &runner{o: o, cfg: o.config(), out: stdout, markdown: o.Format == "markdown",
		cases: map[int]*benchCase{}, goSteps: map[string]float64{}}
	r.log = func(format string, args ...any) {
		fmt.Fprintf(stderr, "bench: "+format+"\n", args...)
	}
	if err := r.cfg.Validate(); err != nil {
		return err
	}
	if o.Field != "" {
		f, err := experiment.LoadField(&r.cfg)
		if err != nil {
			return err
		}
		r.real = f
	}
	dir, err := os.MkdirTemp("", "cortexrnn-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	r.dir = dir
	r.exporter = &torchExporter{dir: dir}
	if o.Torch {
		if r.torch, err = startTorch(o.Python, dir, o.Threads, o.Flush); err != nil {
			return err
		}
		defer r.torch.close()
	}

	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	loadBefore := loadAverage()
	start := time.Now()
	fmt.Fprintf(stdout, "%s\n", r.machine())
	fmt.Fprintf(stdout, "load average before: %s\n\n", loadBefore)
	steps := []func() error{r.gemmPeak, r.sideBySide, r.commAlone, r.scaling}
	if o.Pipeline {
		steps = append(steps, r.pipeline)
	}
	for _, f := range steps {
		if err := f(); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "load average after: %s; wall time %.0f s\n", loadAverage(), time.Since(start).Seconds())
	return nil
}

// machine describes the CPU, Go, BLAS, threads and command line.
func (r *runner) machine() string {
	kernel := "gonum (pure Go)"
	switch r.o.BLAS {
	case "fast":
		kernel = "fastblas, kernel " + fastblas.KernelName()
	case "openblas":
		kernel = "OpenBLAS through gonum.org/v1/netlib (cgo; threads from OPENBLAS_NUM_THREADS)"
	}
	return fmt.Sprintf("machine: %s, %d logical CPUs, %s %s/%s\nBLAS: %s; threads: %d (GOMAXPROCS, BLAS, torch.set_num_threads, OPENBLAS_NUM_THREADS); flush subnormals: %t; preset %s; field %s\ncommand: bench %s",
		cpuModel(), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		kernel, r.o.Threads, r.o.Flush, r.o.Preset, r.fieldName(), strings.Join(os.Args[1:], " "))
}

func (r *runner) fieldName() string {
	if r.real != nil {
		return fmt.Sprintf("%s (N=%d; other N synthetic)", r.real.Name, r.real.N)
	}
	return "synthetic (connectome.Synthetic, one per N)"
}

// getCase returns the (cached) case of N = n.
func (r *runner) getCase(n int) (*benchCase, error) {
	if c, ok := r.cases[n]; ok {
		return c, nil
	}
	t0 := time.Now()
	c, err := newCase(&r.cfg, n, r.real)
	if err != nil {
		return nil, err
	}
	r.log("N=%d: field %s ready in %.1f s", n, c.field.Name, time.Since(t0).Seconds())
	r.cases[n] = c
	return c, nil
}

// gemmPeak measures the n³ float32 GEMM of the installed BLAS, of gonum's
// and of PyTorch, and prints them; the largest is the peak.
func (r *runner) gemmPeak() error {
	n := r.o.GEMMSize
	rnd := rand.New(rand.NewPCG(r.o.Seed, 1))
	mk := func() blas32.General {
		d := make([]float32, n*n)
		for i := range d {
			d[i] = float32(rnd.NormFloat64())
		}
		return blas32.General{Rows: n, Cols: n, Stride: n, Data: d}
	}
	a, b, c := mk(), mk(), mk()
	flops := gemmFlops(n, n, n)
	t := &table{Title: fmt.Sprintf("float32 GEMM %d×%d×%d (median of %d)", n, n, n, r.o.Reps),
		Header: []string{"implementation", "ms", "GFLOP/s"}}
	installed, err := timeMS(r.o.Warmup, r.o.Reps, func() error {
		blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, a, b, 0, c)
		return nil
	})
	if err != nil {
		return err
	}
	name := "Go " + r.o.BLAS
	if r.o.BLAS == "fast" {
		name += " (" + fastblas.KernelName() + ")"
	}
	ms := median(installed)
	r.peak = gflops(flops, ms)
	t.add(name, fmtMS(ms), fmtGF(gflops(flops, ms)))
	if r.o.BLAS == "fast" {
		g, err := timeMS(min(r.o.Warmup, 1), min(r.o.Reps, 3), func() error {
			gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a.Data, n, b.Data, n, 0, c.Data, n)
			return nil
		})
		if err != nil {
			return err
		}
		ms := median(g)
		r.peak = math.Max(r.peak, gflops(flops, ms))
		t.add("Go gonum (pure Go)", fmtMS(ms), fmtGF(gflops(flops, ms)))
	}
	r.log("GEMM: %s %.1f GFLOP/s", name, r.peak)
	if r.torch != nil {
		var out torchResult
		if err := r.torch.call(torchRequest{Op: "gemm", Job: &torchJob{Kind: "gemm", N: n, Warmup: r.o.Warmup, Reps: r.o.Reps}}, &out); err != nil {
			return err
		}
		ms := median(out.MS)
		r.peak = math.Max(r.peak, gflops(flops, ms))
		info := r.torch.info
		t.add(fmt.Sprintf("PyTorch %s torch.mm", info.Torch), fmtMS(ms), fmtGF(gflops(flops, ms)))
		t.Notes = append(t.Notes, fmt.Sprintf("PyTorch %s, numpy %s, %d threads, OMP_WAIT_POLICY=%s, OPENBLAS_NUM_THREADS=%s",
			info.Torch, info.NumPy, info.Threads, info.OMPWaitPolicy, info.OpenBLAS))
	}
	t.Notes = append(t.Notes, fmt.Sprintf("peak = the largest: %.0f GFLOP/s", r.peak))
	return t.write(r.out, r.markdown)
}

// sideBySide times the training step of every variant at every N in Go and
// (with -torch) in PyTorch, and prints the main table.
func (r *runner) sideBySide() error {
	if len(r.o.Sizes) == 0 {
		return nil
	}
	t := &table{
		Title: fmt.Sprintf("Training step (forward + BPTT + penalty value/gradient + Adam), Task 1 shapes: batch %d, 50 steps, 8 inputs, 4 classes; median of %d after %d warm-up; ms per step",
			r.o.Batch, r.o.Reps, r.o.Warmup),
		Header: []string{"N", "variant", "Go ms", "Go GF/s", "Go %peak"},
		Left:   2,
	}
	if r.torch != nil {
		t.Header = append(t.Header, "torch loop", "torch nn.RNN", "torch GF/s", "torch %peak", "Go/torch", "Go/torch min", "P(W0) rel.diff", "L(W0) rel.diff")
	}
	for _, n := range r.o.Sizes {
		c, err := r.getCase(n)
		if err != nil {
			return err
		}
		files, err := r.exporter.exportCase(c)
		if err != nil {
			return err
		}
		goRes := map[string]stepResult{}
		torchRes := map[string]map[string]stepResult{}
		for _, name := range r.o.Variants {
			g, err := c.build(name)
			if err != nil {
				return err
			}
			w0 := g.model.WeightsTo(nil, rnn.RecurrentKernel)
			p0, err := g.penalty.Value(w0)
			if err != nil {
				return err
			}
			loss0, _, err := g.model.Evaluate([]rnn.Batch{c.batch}, nil)
			if err != nil {
				return err
			}
			goMS, tMS, tInit, err := r.interleave(c, files, g)
			if err != nil {
				return fmt.Errorf("N=%d %s: %w", n, name, err)
			}
			goRes[name] = stepResult{ms: median(goMS), min: slices.Min(goMS), p0: p0, loss0: loss0}
			r.goSteps[stepKey(n, name)] = median(goMS)
			msg := fmt.Sprintf("N=%d %s: Go %.1f ms/step", n, name, median(goMS))
			if r.torch != nil {
				torchRes[name] = map[string]stepResult{}
				for k, impl := range torchImpls {
					torchRes[name][impl] = stepResult{ms: median(tMS[k]), min: slices.Min(tMS[k]), impl: impl, p0: tInit[k].P0, loss0: tInit[k].Loss0}
					msg += fmt.Sprintf(", PyTorch %s %.1f", impl, median(tMS[k]))
				}
			}
			r.log("%s", msg)
		}
		flops := c.stepFlops()
		for _, name := range r.o.Variants {
			g := goRes[name]
			row := []string{fmt.Sprint(n), name, fmtMS(g.ms), fmtGF(gflops(flops, g.ms)), fmtPercent(gflops(flops, g.ms) / r.peak)}
			if r.torch != nil {
				best := bestTorch(torchRes[name])
				row = append(row, fmtMS(torchRes[name]["loop"].ms), fmtMS(torchRes[name]["nnrnn"].ms),
					fmtGF(gflops(flops, best.ms)), fmtPercent(gflops(flops, best.ms)/r.peak),
					fmtRatio(g.ms/best.ms), fmtRatio(g.min/bestMin(torchRes[name])), fmt.Sprintf("%.1e", relDiff(g.p0, best.p0)), fmt.Sprintf("%.1e", relDiff(g.loss0, best.loss0)))
			}
			t.add(row...)
		}
	}
	t.Notes = append(t.Notes,
		"GF/s: GEMM flops of the model only (stepFlops: input projection, recurrence, back-propagation, weight gradients, readout), divided by the whole step time; %peak against the GEMM peak above.")
	if r.torch != nil {
		t.Notes = append(t.Notes,
			stepOrderNote(r.o.Interleave),
			"Go/torch: Go median over the faster PyTorch implementation's median (loop: Python loop of addmm+relu; nn.RNN: torch.nn.RNN relu). Target ≤ 0.70×. Go/torch min: the same with the fastest single steps, less sensitive to a loaded machine.",
			"P(W0), L(W0) rel.diff: the penalty at the shared initial W, Go (float64) against PyTorch (float32), and the noise-free cross-entropy at the shared initial weights on the shared batch (both float32) — both sides build the same model.")
	}
	return t.write(r.out, r.markdown)
}

// interleave times training steps of g in Go and, with -torch, of the same
// model in each PyTorch implementation. By default the sides run blocked
// (Go's warm-up and timed steps, then each PyTorch model's); with
// -interleave, after the warm-up steps of each, every repetition runs one Go
// step, then one step of each PyTorch model, so that a loaded machine's
// other jobs hit both alike.
// It returns the Go timings, the PyTorch timings per implementation
// (torchImpls order) and PyTorch's penalty and loss at the initial weights.
func (r *runner) interleave(c *benchCase, files caseFiles, g *goModel) (goMS []float64, torchMS [][]float64, torchInit []torchSetup, err error) {
	var ids []int
	if r.torch != nil {
		jobs, err := r.exporter.stepJobs(c, files, g) // before Go trains g
		if err != nil {
			return nil, nil, nil, err
		}
		for _, j := range jobs {
			var s torchSetup
			if err := r.torch.call(torchRequest{Op: "setup", Job: &j}, &s); err != nil {
				return nil, nil, nil, err
			}
			ids = append(ids, s.ID)
			torchInit = append(torchInit, s)
		}
		defer func() {
			for _, id := range ids {
				var nothing struct{}
				if e := r.torch.call(torchRequest{Op: "free", ID: id}, &nothing); e != nil && err == nil {
					err = e
				}
			}
		}()
	}
	torchMS = make([][]float64, len(ids))
	if !r.o.Interleave {
		// Blocked: all of Go's steps, then all of each PyTorch model's. On
		// a quiet machine this is the fair measurement: OpenBLAS's worker
		// threads keep spinning for a while after each PyTorch call and
		// would steal the cores from an interleaved Go step.
		if goMS, err = c.timeSteps(g, r.o.Warmup, r.o.Reps); err != nil {
			return nil, nil, nil, err
		}
		for k, id := range ids {
			if r.o.Warmup > 0 {
				if _, err := r.torch.steps(id, r.o.Warmup); err != nil {
					return nil, nil, nil, err
				}
			}
			if torchMS[k], err = r.torch.steps(id, r.o.Reps); err != nil {
				return nil, nil, nil, err
			}
		}
		return goMS, torchMS, torchInit, nil
	}
	if _, err := c.timeSteps(g, r.o.Warmup, 0); err != nil {
		return nil, nil, nil, err
	}
	for _, id := range ids {
		if r.o.Warmup > 0 {
			if _, err := r.torch.steps(id, r.o.Warmup); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	for range r.o.Reps {
		ms, err := c.timeSteps(g, 0, 1)
		if err != nil {
			return nil, nil, nil, err
		}
		goMS = append(goMS, ms...)
		for k, id := range ids {
			ms, err := r.torch.steps(id, 1)
			if err != nil {
				return nil, nil, nil, err
			}
			torchMS[k] = append(torchMS[k], ms...)
		}
	}
	return goMS, torchMS, torchInit, nil
}

// bestTorch returns the faster PyTorch implementation's result.
func bestTorch(m map[string]stepResult) stepResult {
	best := stepResult{ms: math.NaN()}
	for _, impl := range torchImpls {
		s, ok := m[impl]
		if ok && !(s.ms >= best.ms) {
			best = s
		}
	}
	return best
}

// bestMin returns the fastest single step of any PyTorch implementation.
func bestMin(m map[string]stepResult) float64 {
	best := math.NaN()
	for _, impl := range torchImpls {
		if s, ok := m[impl]; ok && !(s.min >= best) {
			best = s.min
		}
	}
	return best
}

func stepKey(n int, variant string) string { return fmt.Sprintf("%d/%s", n, variant) }

// commWeights returns the recurrent matrix of variant W*D*C's model at
// initialisation, as float64 (the float32 values the model holds).
func commWeights(c *benchCase) (*mat.Dense, error) {
	g, err := c.build(kindVariant["comm"])
	if err != nil {
		return nil, err
	}
	return g.model.WeightsTo(nil, rnn.RecurrentKernel), nil
}

// timeComm times the communicability penalty's value and gradient on D* at
// the initial W of W*D*C, with the matrix exponential in precision prec.
func (r *runner) timeComm(c *benchCase, w *mat.Dense, prec spatial.Arithmetic) (ms []float64, p float64, err error) {
	pen, err := spatial.NewCommunicability(c.realD, spatial.CommunicabilityConfig{Lambda: r.cfg.Lambda, Norm: c.norm, Arithmetic: prec})
	if err != nil {
		return nil, 0, err
	}
	var dst mat.Dense
	ms, err = timeMS(r.o.Warmup, r.o.Reps, func() error {
		var err error
		p, err = pen.ValueGradTo(&dst, w)
		return err
	})
	return ms, p, err
}

// commAlone compares the communicability penalty alone at N = CommN.
func (r *runner) commAlone() error {
	if r.o.CommN == 0 {
		return nil
	}
	c, err := r.getCase(r.o.CommN)
	if err != nil {
		return err
	}
	w, err := commWeights(c)
	if err != nil {
		return err
	}
	ms, p32, err := r.timeComm(c, w, spatial.Float32)
	if err != nil {
		return err
	}
	ms64, p, err := r.timeComm(c, w, spatial.Float64)
	if err != nil {
		return err
	}
	goMS, go64 := median(ms), median(ms64)
	r.log("N=%d communicability: Go %.1f ms float32, %.1f ms float64", c.n, goMS, go64)
	t := &table{Title: fmt.Sprintf("Communicability penalty λΣ|W|⊙C⊙D alone, value + exact gradient, N = %d (median of %d)", c.n, r.o.Reps),
		Header: []string{"implementation", "ms", "Go/this", "P rel.diff"}}
	t.add("Go spatial float32 (Taylor, forward-mode Fréchet)", fmtMS(goMS), fmtRatio(1), fmt.Sprintf("%.1e", relDiff(p, p32)))
	t.add("Go spatial float64 (Padé, Fréchet adjoint)", fmtMS(go64), fmtRatio(goMS/go64), "0")
	t.Notes = append(t.Notes, "Go/this: Go float32 (spatial.Float32, the precision the sweeps use: experiment.Config.ExpPrecision) over this row. P rel.diff: against Go float64.")
	if r.torch != nil {
		files, err := r.exporter.exportCase(c)
		if err != nil {
			return err
		}
		job, err := r.exporter.commJob(c, files, w, r.o.Warmup, r.o.Reps)
		if err != nil {
			return err
		}
		var res torchResult
		if err := r.torch.call(torchRequest{Op: "comm", Job: &job}, &res); err != nil {
			return err
		}
		t32, t64 := median(res.MS), median(res.MS64)
		t.add("PyTorch autodiff, matrix_exp float32", fmtMS(t32), fmtRatio(goMS/t32), fmt.Sprintf("%.1e", relDiff(p, res.P)))
		t.add("PyTorch autodiff, matrix_exp float64", fmtMS(t64), fmtRatio(goMS/t64), fmt.Sprintf("%.1e", relDiff(p, res.P64)))
		t.Notes = append(t.Notes, "Target: Go ≤ 0.5× PyTorch.")
	}
	return t.write(r.out, r.markdown)
}

// scaling times Go's step for W and W*D*C and the communicability penalty
// alone over the -scaling sizes.
func (r *runner) scaling() error {
	if len(r.o.Scaling) == 0 {
		return nil
	}
	t := &table{Title: fmt.Sprintf("Go scaling (median of %d after %d warm-up)", r.o.Reps, r.o.Warmup),
		Header: []string{"N", "W ms/step", "W GF/s", "W %peak", "W*D*C ms/step", "C penalty ms"}}
	for _, n := range slices.Sorted(slices.Values(r.o.Scaling)) {
		c, err := r.getCase(n)
		if err != nil {
			return err
		}
		var res [2]float64
		for i, name := range []string{kindVariant["l1"], kindVariant["comm"]} {
			if ms, ok := r.goSteps[stepKey(n, name)]; ok {
				res[i] = ms
				continue
			}
			g, err := c.build(name)
			if err != nil {
				return err
			}
			ms, err := c.timeSteps(g, r.o.Warmup, r.o.Reps)
			if err != nil {
				return fmt.Errorf("N=%d %s: %w", n, name, err)
			}
			res[i] = median(ms)
			r.goSteps[stepKey(n, name)] = res[i]
		}
		w, err := commWeights(c)
		if err != nil {
			return err
		}
		ms, _, err := r.timeComm(c, w, r.cfg.ExpPrecision)
		if err != nil {
			return err
		}
		gf := gflops(c.stepFlops(), res[0])
		t.add(fmt.Sprint(n), fmtMS(res[0]), fmtGF(gf), fmtPercent(gf/r.peak), fmtMS(res[1]), fmtMS(median(ms)))
		r.log("scaling N=%d: W %.1f ms, W*D*C %.1f ms, C %.1f ms", n, res[0], res[1], median(ms))
	}
	return t.write(r.out, r.markdown)
}

// pipeline times whole trainings and prints the sweep estimate.
func (r *runner) pipeline() error {
	field := r.real
	if field == nil {
		c, err := r.getCase(connectome.DefaultSyntheticN)
		if err != nil {
			return err
		}
		field = c.field
	}
	jobs := 1
	if r.o.BLAS == "fast" {
		jobs = r.o.PipelineJobs
	}
	// paper run -j jobs gives each run GOMAXPROCS/jobs BLAS threads.
	parallel := func(jobs int) func() {
		prev32, prev64 := blas32.Implementation(), blas64.Implementation()
		impl := fastblas.Implementation{Threads: max(1, r.o.Threads/jobs), FlushSubnormals: r.o.Flush}
		blas32.Use(impl)
		blas64.Use(impl)
		return func() { blas32.Use(prev32); blas64.Use(prev64) }
	}
	res, err := timePipeline(r.cfg, field, r.o.PipelineTasks, r.o.PipelineEpochs, jobs, parallel, r.log)
	if err != nil {
		return err
	}
	counts := kindCounts()
	header := []string{"task", "penalty", "variant timed", "variants", fmt.Sprintf("measured s (%d ep.)", res.epochs), fmt.Sprintf("s per run (%d ep.)", res.fullEpochs)}
	if jobs > 1 {
		header = append(header, fmt.Sprintf("s per run, %d at once", jobs))
	}
	t := &table{Title: fmt.Sprintf("Whole training (experiment.PaperTrainer.Run: data, %d epochs of training and validation, held-out test, graph metrics), field %s, N = %d",
		res.fullEpochs, res.field, field.N),
		Left:   3,
		Header: header}
	for _, row := range res.rows {
		meas := "derived"
		if row.measured > 0 {
			meas = fmt.Sprintf("%.1f", row.measured)
		}
		cells := []string{fmt.Sprint(row.task), row.kind, kindVariant[row.kind], fmt.Sprint(counts[row.kind]), meas, fmt.Sprintf("%.1f", row.full)}
		if jobs > 1 {
			cells = append(cells, fmt.Sprintf("%.1f", row.parFull))
		}
		t.add(cells...)
	}
	t.Notes = append(t.Notes,
		fmt.Sprintf("graph metrics alone (graphmetrics.Paper, %d nulls): %.1f s per run, not scaled with epochs; the rest is scaled by %d/%d epochs (an upper bound) and, for tasks not measured, by steps per trial.",
			r.cfg.SmallWorldNulls, res.graphSeconds, res.fullEpochs, res.epochs),
		fmt.Sprintf("one simulation (11 variants × 3 tasks, one run at a time): %.1f min; the paper sweep (× %d simulations): %.2f h (target ≤ 1.5 h).",
			res.perSimulation/60, res.simulations, res.sweep/3600))
	if jobs > 1 {
		t.Notes = append(t.Notes, fmt.Sprintf("with %d runs at once (paper run -j %d: %d BLAS thread(s) per run; the last column is their wall time over %d): one simulation %.1f min; the paper sweep %.2f h (target ≤ 1.5 h).",
			jobs, jobs, max(1, r.o.Threads/jobs), jobs, res.perSimulationPar/60, res.sweepPar/3600))
	}
	return t.write(r.out, r.markdown)
}

// cpuModel returns the first "model name" of /proc/cpuinfo, or GOARCH.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}

// loadAverage returns the 1, 5 and 15 minute load averages of
// /proc/loadavg, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// stepOrderNote says how the training-step table's sides were timed.
func stepOrderNote(interleave bool) string {
	if interleave {
		return "Steps alternate (-interleave): each repetition times one Go step, then one step of each PyTorch implementation, so that the machine's load hits both alike."
	}
	return "Sides timed one after the other (Go's steps, then each PyTorch implementation's): PyTorch's OpenBLAS threads spin for a while after each call and would slow an interleaved Go step on a quiet machine; use -interleave on a loaded one."
}
