// Package graphstats is the graphstats command (examples/graphstats, and
// cortexrnn graphstats): graph metrics of any weight matrix or stored sweep.
// Its documentation is that of the command.
package graphstats
