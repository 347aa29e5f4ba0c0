package paper

import (
	"fmt"
	"io"
)

// Main runs the command with args (without the program name) and returns
// its exit status. Without arguments it prints a short usage: a bare
// command must not start a three-hour sweep.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printShortUsage(stderr)
		return exitUsage
	}
	return run(args, stdout, stderr)
}

// printShortUsage is what paper prints when it is run without arguments.
func printShortUsage(w io.Writer) {
	fmt.Fprint(w, `usage: paper <command> [flags]   (paper -h: every command; paper <command> -h: its flags)

paper trains and analyses the paper's sweep (11 variants × tasks × simulations).
Commands: run, merge, summary, report, evidence, ablate, analyze, submit, status.

A small sweep on the built-in synthetic field (a few minutes on 2 cores):
  paper run -tasks 1 -variants WsDsC,WDsC,W -sims 3 -epochs 3 -nperm 100 -out demo

The published sweep on field 6_6_2 (660 runs; about 1.5 h at -j 2):
  paper run -preset reference -field "$CORTEXRNN_MICRONS/6_6_2" -j 2 -out ref
`)
}
