// Command graphstats prints the graph metrics of a weight matrix: the
// paper's four numbers (modularity, small-worldness, assortativity, weight
// entropy; arXiv 2606.14975 §8) and the rest of package graphmetrics.
//
// Usage:
//
//	go run ./examples/graphstats -w FILE [flags]
//
// FILE is an N×N matrix, row = presynaptic: a .npy file (any numeric
// dtype), one array of an .npz archive, or a .csv file, either plain numbers
// or with a header row and a label column as in the published
// connectome_<field>.csv files. FILE may also be a sweep folder of paper
// run: then every stored run's weights file is read and the output is a CSV
// table, one row per run. Flags:
//
//	-key ARRAY   the array of an .npz FILE; by default W_rec_eff (the
//	             effective recurrent matrix of an rnn weights file such as
//	             seqrnn's weights.npz), else W_rec (an rnn checkpoint), else
//	             the archive's only square matrix
//	-bin quantile|density|nonzero   binarisation (default quantile, the paper's)
//	-keep F      fraction kept: quantile → threshold at the (1−F) quantile of |W|;
//	             density → edge density (default 0.1)
//	-null paper|er|rewire           null model for the undirected σ (default paper)
//	-nperm K     null graphs for σ, undirected and directed (default 1000)
//	-seed S      random seed (default 1)
//	-omega       also compute ω (Telesford et al. 2011)
//	-louvain     also compute Louvain communities
//	-directed    directed measures on arcs i→j kept without symmetrising:
//	             Leicht–Newman modularity of directed CNM communities, the four
//	             degree assortativities, Fagiolo clustering, directed efficiency,
//	             σ against degree-preserving directed nulls and their mixing
//	-weighted    weighted measures on all of |W|/max|W| (Onnela clustering,
//	             weighted efficiency; with -directed Fagiolo weighted clustering,
//	             directed weighted efficiency, strength assortativities) and
//	             weighted CNM modularity on the kept edges
//	-wnulls K    with -weighted: K strength-preserving signed nulls to normalise
//	             the weighted clustering and efficiency against (default 0)
//	-signed      signed modularity of W (symmetric and asymmetric) with a
//	             Louvain search
//	-json        print one JSON object instead of text
//
// graphstats -h explains, for each measure, what it is computed on, and
// each section of the output says so too.
//
// Undefined metrics print as NaN (null in JSON) with a note on standard
// error. The exit status is 1 for an unreadable, non-square or non-finite
// matrix and 2 for bad flags.
package main

import (
	"os"

	"github.com/cortexrnn/cortexrnn/internal/cli/graphstats"
)

func main() {
	os.Exit(graphstats.Main(os.Args[1:], os.Stdout, os.Stderr))
}
