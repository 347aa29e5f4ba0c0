package seqrnn

import "io"

// Main runs the command with args (without the program name) and returns
// its exit status.
func Main(args []string, stdout, stderr io.Writer) int { return run(args, stdout, stderr) }
