package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/graphmetrics"
)

// Defaults of the command's flags.
const (
	DefaultBLAS           = "fast"
	DefaultSizes          = "160,312,632"
	DefaultVariants       = "W,WD*,W*D*C,W*D*C*"
	DefaultScaling        = "70,160,312,632"
	DefaultLargeScaling   = "1000,2000"
	DefaultWarmup         = 2
	DefaultReps           = 7
	DefaultBatch          = 128
	DefaultCommN          = 312
	DefaultGEMMSize       = 1024
	DefaultPipelineEpochs = 1
	DefaultPipelineTasks  = "1"
	DefaultPython         = "/usr/bin/python3"
	DefaultPreset         = "corrected"
	DefaultFormat         = "text"
	// DefaultFlush: flush subnormals on both sides (fastblas FlushSubnormals,
	// torch.set_flush_denormal), as TensorFlow does on CPUs; weights an L1
	// penalty drives to zero otherwise slow both libraries down by
	// microcode assists (see fastblas.Implementation.FlushSubnormals).
	DefaultFlush = true

	// QuickSizes, QuickScaling, QuickWarmup and QuickReps replace the
	// defaults under -quick.
	QuickSizes   = "312"
	QuickScaling = "70,160,312"
	QuickWarmup  = 1
	QuickReps    = 3
)

// errUsage is wrapped by every flag error.
var errUsage = errors.New("invalid flags")

// options are the parsed command-line flags.
type options struct {
	BLAS           string   // "fast" or "gonum"
	Threads        int      // GOMAXPROCS, BLAS threads and torch threads
	Sizes          []int    // N of the side-by-side table
	Variants       []string // variant names (experiment.VariantByName)
	Scaling        []int    // N of the Go scaling table
	Warmup, Reps   int      // untimed and timed repetitions
	Batch          int      // trials per batch
	CommN          int      // N of the communicability-alone comparison
	GEMMSize       int      // n of the n³ GEMM peak
	Torch          bool     // also run PyTorch
	Interleave     bool     // alternate Go and PyTorch steps instead of timing each side in a block
	Python         string   // interpreter with torch
	Pipeline       bool     // time whole trainings and extrapolate the sweep
	PipelineEpochs int      // epochs of each timed training (extrapolated to 10)
	PipelineTasks  []int    // tasks whose pipeline is measured
	PipelineJobs   int      // runs at once in the parallel pipeline timing (1: none)
	Field          string   // MICrONS field folder; empty = synthetic fields
	Preset         string   // "corrected" or "reference"
	Format         string   // "text" or "markdown"
	Seed           uint64   // seed of the synthetic fields, trials and models
	CPUProfile     string   // file for a pprof CPU profile of the Go side; empty: none
	Flush          bool     // fastblas FlushSubnormals and torch.set_flush_denormal
}

// parseOptions parses args; usage and flag errors go to errOut.
func parseOptions(args []string, errOut io.Writer) (*options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(errOut)
	o := &options{}
	var sizes, variants, scaling, tasks string
	var quick, large bool
	fs.StringVar(&o.BLAS, "blas", DefaultBLAS, `BLAS for blas32/blas64: "fast" (fastblas), "gonum", or "openblas" (OpenBLAS through gonum.org/v1/netlib: build with -tags netlib and CGO_LDFLAGS=-lopenblas)`)
	fs.IntVar(&o.Threads, "threads", runtime.NumCPU(), "threads for Go (GOMAXPROCS, BLAS) and PyTorch")
	fs.StringVar(&sizes, "n", DefaultSizes, "comma-separated N of the side-by-side table")
	fs.StringVar(&variants, "variants", DefaultVariants, "comma-separated variants")
	fs.StringVar(&scaling, "scaling", DefaultScaling, "comma-separated N of the Go scaling table (empty: none)")
	fs.BoolVar(&large, "large", false, "add N = "+DefaultLargeScaling+" to the scaling table (slow)")
	fs.IntVar(&o.Warmup, "warmup", DefaultWarmup, "untimed steps before timing")
	fs.IntVar(&o.Reps, "reps", DefaultReps, "timed steps; the median is reported")
	fs.IntVar(&o.Batch, "batch", DefaultBatch, "trials per batch")
	fs.IntVar(&o.CommN, "comm-n", DefaultCommN, "N of the communicability-alone comparison (0: skip)")
	fs.IntVar(&o.GEMMSize, "gemm", DefaultGEMMSize, "n of the n×n×n GEMM peak")
	fs.BoolVar(&o.Torch, "torch", false, "also time PyTorch (needs -python with torch)")
	fs.BoolVar(&o.Interleave, "interleave", false, "alternate Go and PyTorch steps (for a loaded machine) instead of timing each side's steps in a block")
	fs.StringVar(&o.Python, "python", DefaultPython, "Python interpreter with torch and numpy")
	fs.BoolVar(&o.Pipeline, "pipeline", true, "time whole trainings and extrapolate the paper sweep")
	fs.IntVar(&o.PipelineEpochs, "pipeline-epochs", DefaultPipelineEpochs, "epochs per timed training (extrapolated to the config's 10)")
	fs.StringVar(&tasks, "pipeline-tasks", DefaultPipelineTasks, "comma-separated tasks whose pipeline is measured (others scaled by steps)")
	fs.IntVar(&o.PipelineJobs, "pipeline-jobs", 0, "also time this many runs at once, as paper run -j does (0: -threads; 1: off; -blas fast only)")
	fs.StringVar(&o.Field, "field", "", "MICrONS field folder (e.g. $CORTEXRNN_MICRONS/6_6_2); its N replaces the synthetic one")
	fs.StringVar(&o.Preset, "preset", DefaultPreset, `experiment preset: "corrected" or "reference"`)
	fs.StringVar(&o.Format, "format", DefaultFormat, `table format: "text" or "markdown"`)
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the synthetic fields, trials and models")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a pprof CPU profile of the run to this file")
	fs.BoolVar(&o.Flush, "flush", DefaultFlush, "flush subnormals to zero: fastblas.Implementation.FlushSubnormals and torch.set_flush_denormal")
	fs.BoolVar(&quick, "quick", false, "N = "+QuickSizes+" only, scaling "+QuickScaling+", fewer repetitions")
	if err := fs.Parse(args); err != nil {
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if quick {
		if !set["n"] {
			sizes = QuickSizes
		}
		if !set["scaling"] {
			scaling = QuickScaling
		}
		if !set["warmup"] {
			o.Warmup = QuickWarmup
		}
		if !set["reps"] {
			o.Reps = QuickReps
		}
	}
	if large {
		scaling = strings.Trim(scaling+","+DefaultLargeScaling, ",")
	}
	var err error
	if o.Sizes, err = parseInts("n", sizes); err != nil {
		return nil, err
	}
	if o.Scaling, err = parseInts("scaling", scaling); err != nil {
		return nil, err
	}
	if o.PipelineTasks, err = parseInts("pipeline-tasks", tasks); err != nil {
		return nil, err
	}
	o.Variants = splitList(variants)
	if o.PipelineJobs == 0 {
		o.PipelineJobs = o.Threads
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return o, nil
}

// Validate reports the first invalid option, naming its flag.
func (o *options) Validate() error {
	bad := func(flagName, format string, args ...any) error {
		return fmt.Errorf("%w: -%s: %s", errUsage, flagName, fmt.Sprintf(format, args...))
	}
	switch {
	case o.BLAS == "openblas" && extraBLAS[o.BLAS] == nil:
		return bad("blas", "openblas needs a cgo build: CGO_LDFLAGS=-lopenblas go run -tags netlib ./bench -blas openblas")
	case o.BLAS != "fast" && o.BLAS != "gonum" && extraBLAS[o.BLAS] == nil:
		return bad("blas", "%q is neither \"fast\" nor \"gonum\" (nor \"openblas\" with -tags netlib)", o.BLAS)
	case o.Threads < 1:
		return bad("threads", "%d < 1", o.Threads)
	case o.Warmup < 0:
		return bad("warmup", "%d < 0", o.Warmup)
	case o.Reps < 1:
		return bad("reps", "%d < 1", o.Reps)
	case o.Batch < 1:
		return bad("batch", "%d < 1", o.Batch)
	case o.CommN != 0 && o.CommN < graphmetrics.MinNodes:
		return bad("comm-n", "%d < %d", o.CommN, graphmetrics.MinNodes)
	case o.GEMMSize < 1:
		return bad("gemm", "%d < 1", o.GEMMSize)
	case o.PipelineJobs < 0:
		return bad("pipeline-jobs", "%d < 0", o.PipelineJobs)
	case o.PipelineEpochs < 1:
		return bad("pipeline-epochs", "%d < 1", o.PipelineEpochs)
	case o.Preset != "corrected" && o.Preset != "reference":
		return bad("preset", "%q is neither \"corrected\" nor \"reference\"", o.Preset)
	case o.Format != "text" && o.Format != "markdown":
		return bad("format", "%q is neither \"text\" nor \"markdown\"", o.Format)
	case o.Torch && o.Python == "":
		return bad("python", "empty interpreter with -torch")
	case len(o.Sizes) == 0 && len(o.Scaling) == 0 && o.CommN == 0 && !o.Pipeline:
		return bad("n", "nothing to time (empty -n and -scaling, -comm-n 0, -pipeline=false)")
	}
	for name, sizes := range map[string][]int{"n": o.Sizes, "scaling": o.Scaling} {
		for _, n := range sizes {
			if n < graphmetrics.MinNodes {
				return bad(name, "N = %d < %d", n, graphmetrics.MinNodes)
			}
		}
	}
	if len(o.Sizes) > 0 && len(o.Variants) == 0 {
		return bad("variants", "empty list")
	}
	seen := map[string]bool{}
	for _, v := range o.Variants {
		if seen[v] {
			return bad("variants", "%q listed twice", v)
		}
		seen[v] = true
		if _, err := experiment.VariantByName(v); err != nil {
			return bad("variants", "%v", err)
		}
	}
	for _, t := range o.PipelineTasks {
		if paper := experiment.ReferenceConfig(); !slices.Contains(paper.TaskNumbers(), t) {
			return bad("pipeline-tasks", "task %d is not one of the paper's tasks %v", t, paper.Tasks)
		}
	}
	if o.Pipeline && len(o.PipelineTasks) == 0 {
		return bad("pipeline-tasks", "empty list with -pipeline")
	}
	return nil
}

// config returns the experiment configuration of the preset.
func (o *options) config() experiment.Config {
	cfg := experiment.CorrectedConfig()
	if o.Preset == "reference" {
		cfg = experiment.ReferenceConfig()
	}
	cfg.BatchSize = o.Batch
	cfg.Seed = o.Seed
	cfg.FieldDir = o.Field
	return cfg
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// parseInts parses a comma-separated list of integers of flag name.
func parseInts(name, s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%w: -%s: %q is not an integer", errUsage, name, f)
		}
		out = append(out, v)
	}
	return out, nil
}
