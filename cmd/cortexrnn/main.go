// Command cortexrnn is cortexrnn's installable program: the examples' three
// programs under one distinctive name, so that nothing generic lands on a
// user's PATH.
//
//	go install github.com/cortexrnn/cortexrnn/cmd/cortexrnn@latest
//
// Usage:
//
//	cortexrnn train [flags]        one biologically constrained network (examples/seqrnn)
//	cortexrnn run [flags]          the paper's sweep, resumable and shardable
//	cortexrnn merge|summary|report|evidence|ablate|analyze|initial [flags] ...
//	                               the sweep's other commands (examples/paper)
//	cortexrnn submit|status ...    the sweep on a Slurm cluster
//	cortexrnn graphstats [flags]   graph metrics of a weight matrix or a stored sweep
//	cortexrnn version              the module version and the build's VCS revision
//
// Each command's -h lists its flags; the flags, outputs and exit statuses
// are those of the example programs (go doc ./examples/seqrnn,
// ./examples/paper, ./examples/graphstats). Slurm scripts written by
// "cortexrnn submit" run "cortexrnn run".
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/cortexrnn/cortexrnn/internal/cli/graphstats"
	"github.com/cortexrnn/cortexrnn/internal/cli/paper"
	"github.com/cortexrnn/cortexrnn/internal/cli/seqrnn"
)

// exitUsage is the status of a command line that cannot be run.
const exitUsage = 2

const usage = `usage: cortexrnn <command> [flags]

  train        train one biologically constrained network (examples/seqrnn)
  run          the paper's sweep: resumable, shardable, every network kept
  merge, summary, report, evidence, ablate, analyze, initial
               the sweep's other commands (examples/paper)
  submit, status
               the sweep on a Slurm cluster
  graphstats   graph metrics of a weight matrix or of a stored sweep
  version      the module version and the build's VCS revision

cortexrnn <command> -h lists a command's flags.
`

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

// dispatch runs the command args[0] with the rest of args.
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "train":
		return seqrnn.Main(rest, stdout, stderr)
	case "graphstats":
		return graphstats.Main(rest, stdout, stderr)
	case "run", "merge", "summary", "report", "evidence", "ablate", "analyze", "initial", "submit", "status":
		return paper.Main(args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, version())
		return 0
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "cortexrnn: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

// version is the module version and VCS revision from the build
// information, "devel" when the build records none.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "cortexrnn devel"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " (" + s.Value + ")"
		}
	}
	return "cortexrnn " + v + ", " + bi.GoVersion
}
