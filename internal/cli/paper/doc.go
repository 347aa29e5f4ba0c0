// Package paper is the paper command (examples/paper, and cortexrnn's sweep
// subcommands): the paper's sweep, its report, analysis and Slurm
// submission. Its documentation is that of the command.
package paper
