// Package seqrnn is the seqrnn command (examples/seqrnn, and cortexrnn
// train): one biologically constrained network, trained and analysed. Its
// documentation is that of the command.
package seqrnn
