// Command graphstats prints the graph metrics of a weight matrix: the
// paper's four numbers (modularity, small-worldness, assortativity, weight
// entropy; arXiv 2606.14975 §8) and the rest of package graphmetrics.
//
// Usage:
//
//	go run ./examples/graphstats -w FILE [flags]
//
// FILE is an N×N matrix, row = presynaptic: a .npy file (any numeric dtype,
// read with connectome.ReadMatrixNPY) or a .csv file, either plain numbers or
// with a header row and a label column as in the published
// connectome_<field>.csv files. Flags:
//
//	-bin quantile|density|nonzero   binarisation (default quantile, the paper's)
//	-keep F      fraction kept: quantile → threshold at the (1−F) quantile of |W|;
//	             density → edge density (default 0.1)
//	-null paper|er|rewire           null model for σ (default paper)
//	-nperm K     null graphs for σ (default 1000)
//	-seed S      random seed (default 1)
//	-omega       also compute ω (Telesford et al. 2011)
//	-louvain     also compute Louvain communities
//	-weighted    also compute weighted CNM modularity on the kept edges
//	-json        print one JSON object instead of text
//
// Undefined metrics print as NaN (null in JSON) with a note on standard
// error. The exit status is 1 for an unreadable, non-square or non-finite
// matrix and 2 for bad flags.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
