package seqrnn

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/cortexrnn/cortexrnn/fastblas"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// Exit statuses.
const (
	exitOK    = 0
	exitRun   = 1 // bad input data, an unwritable output folder, a failed run
	exitUsage = 2 // bad flags
)

// run is the whole program; main only calls os.Exit on its result. Every
// flag and input is checked (flags, output folder, field) before training.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseOptions(args, stderr)
	var ue *usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		if !ue.reported {
			fmt.Fprintf(stderr, "seqrnn: %v\nseqrnn: run 'seqrnn -h' for the flags\n", ue)
		}
		return exitUsage
	case err == nil:
		err = execute(o, stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "seqrnn: %v\n", err)
		return exitRun
	}
	return exitOK
}

// execute composes, trains, reports and writes the outputs of o. An
// interrupted run leaves no partial files: each output is written
// atomically, after training.
func execute(o *options, stdout io.Writer) error {
	useBLAS(o.blas)
	s, err := newSetup(o)
	if err != nil {
		return err
	}
	// Everything printed before the file list also goes to summary.txt.
	var log bytes.Buffer
	w := io.MultiWriter(stdout, &log)
	printHeader(w, s)
	for _, warning := range s.warnings {
		fmt.Fprintf(w, "warning: -allow-out-of-spec: %v\n", warning)
	}
	out, err := s.trainer.Train(context.Background(), s.spec, o.task, func(st rnn.EpochStats, took time.Duration) {
		printEpoch(w, st, took)
	})
	if err != nil {
		return err
	}
	if d := out.Result.Diverged; d != nil {
		return fmt.Errorf("training diverged (%v): no result to write; lower -lr or keep -clip", d)
	}
	if err := writeSummary(w, s, out); err != nil {
		return err
	}
	figs, err := writeFigures(o.out, s, out)
	if err != nil {
		return err
	}
	if o.dynamics {
		dyn, err := writeDynamics(context.Background(), w, o.out, s, out)
		if err != nil {
			return err
		}
		figs = append(figs, dyn...)
	}
	tables, err := writeTables(o.out, out, log.Bytes())
	if err != nil {
		return err
	}
	weights, err := writeWeights(o.out, out)
	if err != nil {
		return err
	}
	tables = append(tables, weights...)
	fmt.Fprintln(stdout, "wrote:")
	for _, p := range append(figs, tables...) {
		fmt.Fprintf(stdout, "  %s\n", p)
	}
	return nil
}

// useBLAS installs the matrix-product backend for blas32 (the RNN) and
// blas64 (the penalties' matrix exponential, gonum mat).
func useBLAS(name string) {
	if name == blasGonum {
		// Under a type of its own: cortexrnn runs fastblas in place of
		// gonum's default, which it recognises by its type.
		blas32.Use(gonumBLAS{})
		blas64.Use(gonumBLAS{})
		return
	}
	// Flush subnormals to zero as TensorFlow does on CPU (see package
	// fastblas): only values below 2^-126 change, and there is no 5× slowdown when a
	// penalty drives weights towards zero.
	blas32.Use(fastblas.Implementation{FlushSubnormals: true})
	blas64.Use(fastblas.Implementation{FlushSubnormals: true})
}

// gonumBLAS is gonum's native BLAS installed on purpose (-blas gonum).
type gonumBLAS struct{ gonum.Implementation }
