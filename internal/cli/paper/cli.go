package paper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // training, I/O or analysis failed after validation
	exitUsage   = 2 // bad flags or inputs, detected before any work starts
)

// usageError marks errors found while validating flags and inputs: they
// exit with exitUsage, everything else with exitFailure.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usageError.
func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

const topUsage = `usage: paper [run] [flags]                  train a sweep (default subcommand)
       paper merge -out DIR SHARD_DIR...      assemble the published layout from shards
       paper summary [flags] DIR              Table-2 summary and factor tests of a sweep
       paper report -ref DIR -cor DIR -out report.md
                                              compare both presets with docs/method.md §9
       paper evidence [-out evidence.md] DIR...
                                              one report over any sweeps: claims, corrections, fields
       paper ablate [-preset reference] [flags]
                                              plan the one-correction-at-a-time ablations
       paper submit [flags] [-submit]         Slurm array and merge jobs for a sweep
       paper status DIR                       runs done and missing per shard
       paper analyze [-dynamics] DIR          recompute the graph metrics from the stored weights
       paper initial [flags]                  statistics of the variants' initial W_rec, untrained
Run "paper <subcommand> -h" for the flags of a subcommand.
`

// run is the whole program: it dispatches to a subcommand and turns its
// error into a message on stderr and an exit status. main only calls
// os.Exit on the result. SIGINT and SIGTERM cancel the work cleanly
// (finished runs are kept; rerunning resumes).
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, rest := "run", args
	if len(args) > 0 {
		switch args[0] {
		case "run", "merge", "summary", "report", "submit", "status", "evidence", "ablate", "analyze", "initial": // slurm: submit, status
			cmd, rest = args[0], args[1:]
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, topUsage)
			return exitOK
		default:
			if !strings.HasPrefix(args[0], "-") {
				fmt.Fprintf(stderr, "paper: unknown subcommand %q\n%s", args[0], topUsage)
				return exitUsage
			}
		}
	}
	var err error
	switch cmd {
	case "run":
		err = runSweep(ctx, rest, stdout, stderr)
	case "merge":
		err = runMerge(rest, stdout, stderr)
	case "summary":
		err = runSummary(rest, stdout, stderr)
	case "report":
		err = runReport(ctx, rest, stdout, stderr)
	case "evidence":
		err = runEvidence(rest, stdout, stderr)
	case "ablate":
		err = runAblate(ctx, rest, stdout, stderr)
	case "submit": // slurm
		err = runSubmit(rest, stdout, stderr)
	case "status": // slurm
		err = runStatus(rest, stdout, stderr)
	case "analyze":
		err = runAnalyze(rest, stdout, stderr)
	case "initial":
		err = runInitial(rest, stdout, stderr)
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errFlagParse):
		return exitUsage // the flag package has printed the problem
	}
	fmt.Fprintf(stderr, "paper %s: %v\n", cmd, err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}
