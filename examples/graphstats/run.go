package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"gonum.org/v1/gonum/mat"
)

// Exit statuses.
const (
	exitOK    = 0
	exitInput = 1 // unreadable or invalid matrix, or a failed computation
	exitUsage = 2 // bad flags
)

// run is the whole program; main only calls os.Exit on its result.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("graphstats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("w", "", "weight matrix `FILE` (.npy or .csv, N×N, row = presynaptic)")
	bin := fs.String("bin", graphmetrics.BinQuantile.String(), "binarisation: quantile, density or nonzero")
	keep := fs.Float64("keep", graphmetrics.DefaultKeep, "fraction kept (quantile: 1−q; density: edge density)")
	null := fs.String("null", graphmetrics.NullPaper.String(), "null model for σ: paper, er or rewire")
	nperm := fs.Int("nperm", graphmetrics.DefaultNullCount, "number of null graphs for σ")
	seed := fs.Uint64("seed", 1, "random seed")
	omega := fs.Bool("omega", false, "also compute ω (Telesford et al. 2011)")
	louvain := fs.Bool("louvain", false, "also compute Louvain communities (gonum)")
	weighted := fs.Bool("weighted", false, "also compute weighted CNM modularity on the kept edges")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "graphstats: "+format+"\n", a...)
		fs.Usage()
		return exitUsage
	}
	if *file == "" {
		return usage("-w FILE is required")
	}
	if fs.NArg() > 0 {
		return usage("unexpected arguments %q", fs.Args())
	}
	var o graphmetrics.Options
	var err error
	if o.Binarization, err = graphmetrics.ParseBinarization(*bin); err != nil {
		return usage("-bin: %v", err)
	}
	if o.Null, err = graphmetrics.ParseNullModel(*null); err != nil {
		return usage("-null: %v", err)
	}
	if *nperm < 1 {
		return usage("-nperm must be at least 1, got %d", *nperm)
	}
	if !(*keep > 0 && *keep <= 1) {
		return usage("-keep must be in (0, 1], got %v", *keep)
	}
	o.Keep, o.NullCount, o.Omega, o.Louvain, o.Weighted = *keep, *nperm, *omega, *louvain, *weighted

	w, err := readMatrix(*file)
	if err != nil {
		fmt.Fprintf(stderr, "graphstats: %v\n", err)
		return exitInput
	}
	if r, c := w.Dims(); r != c {
		fmt.Fprintf(stderr, "graphstats: %s: matrix is %d×%d, want square N×N\n", *file, r, c)
		return exitInput
	}
	rnd := rand.New(rand.NewPCG(*seed, *seed))
	m, err := graphmetrics.Compute(w, o, rnd)
	if err != nil && !errors.Is(err, graphmetrics.ErrUndefined) {
		fmt.Fprintf(stderr, "graphstats: %s: %v\n", *file, err)
		return exitInput
	}
	if err != nil {
		fmt.Fprintf(stderr, "graphstats: note: %v\n", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(toReport(*file, o, *seed, m)); err != nil {
			fmt.Fprintf(stderr, "graphstats: %v\n", err)
			return exitInput
		}
		return exitOK
	}
	printText(stdout, *file, o, *seed, m)
	return exitOK
}

// readMatrix reads a .npy (through connectome.ReadMatrixNPY) or .csv matrix.
func readMatrix(path string) (*mat.Dense, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".npy":
		return connectome.ReadMatrixNPY(path)
	case ".csv":
		return readCSV(path)
	}
	return nil, fmt.Errorf("%s: unknown extension %q (want .npy or .csv)", path, filepath.Ext(path))
}

// readCSV reads a numeric CSV matrix. A first row whose first cell is empty
// is a header of column labels, and then every row starts with a label
// (the layout of the published connectome_<field>.csv files); both are
// skipped.
func readCSV(path string) (*mat.Dense, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty file", path)
	}
	first := 0 // first data line and column
	if strings.TrimSpace(recs[0][0]) == "" {
		first = 1
	}
	rows := recs[first:]
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no data rows", path)
	}
	ncol := len(rows[0]) - first
	if ncol <= 0 {
		return nil, fmt.Errorf("%s: line %d: no values", path, first+1)
	}
	data := make([]float64, 0, len(rows)*ncol)
	for i, rec := range rows {
		if len(rec)-first != ncol {
			return nil, fmt.Errorf("%s: line %d: %d values, want %d (ragged matrix)", path, i+first+1, len(rec)-first, ncol)
		}
		for j, cell := range rec[first:] {
			v, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
			if err != nil {
				return nil, fmt.Errorf("%s: line %d, column %d: %q is not a number", path, i+first+1, j+first+1, cell)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: line %d, column %d: non-finite value %v", path, i+first+1, j+first+1, v)
			}
			data = append(data, v)
		}
	}
	return mat.NewDense(len(rows), ncol, data), nil
}

// jsonFloat encodes NaN and ±Inf as null.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

type report struct {
	File               string    `json:"file"`
	N                  int       `json:"n"`
	Binarization       string    `json:"binarization"`
	Keep               float64   `json:"keep"`
	Threshold          jsonFloat `json:"threshold"`
	Edges              int       `json:"edges"`
	Density            jsonFloat `json:"density"`
	Modularity         jsonFloat `json:"modularity"`
	Communities        int       `json:"communities"`
	LouvainModularity  jsonFloat `json:"louvain_modularity"`
	LouvainCommunities int       `json:"louvain_communities"`
	WeightedModularity jsonFloat `json:"weighted_modularity"`
	WeightedComms      int       `json:"weighted_communities"`
	Assortativity      jsonFloat `json:"assortativity"`
	Clustering         jsonFloat `json:"clustering"`
	Transitivity       jsonFloat `json:"transitivity"`
	Efficiency         jsonFloat `json:"efficiency"`
	CharPathLength     jsonFloat `json:"char_path_length"`
	Connected          bool      `json:"connected"`
	SmallWorldness     jsonFloat `json:"small_worldness"`
	Null               string    `json:"null"`
	NPerm              int       `json:"nperm"`
	Seed               uint64    `json:"seed"`
	CNull              jsonFloat `json:"c_null"`
	ENull              jsonFloat `json:"e_null"`
	Omega              jsonFloat `json:"omega"`
	Entropy            jsonFloat `json:"entropy_bits"`
}

func toReport(file string, o graphmetrics.Options, seed uint64, m graphmetrics.Metrics) report {
	return report{
		File: file, N: m.N, Binarization: o.Binarization.String(), Keep: o.Keep,
		Threshold: jsonFloat(m.Threshold), Edges: m.Edges, Density: jsonFloat(m.Density),
		Modularity: jsonFloat(m.Modularity), Communities: m.Communities,
		LouvainModularity: jsonFloat(m.LouvainModularity), LouvainCommunities: m.LouvainCommunities,
		WeightedModularity: jsonFloat(m.WeightedModularity), WeightedComms: m.WeightedCommunities,
		Assortativity: jsonFloat(m.Assortativity), Clustering: jsonFloat(m.Clustering),
		Transitivity: jsonFloat(m.Transitivity), Efficiency: jsonFloat(m.Efficiency),
		CharPathLength: jsonFloat(m.CharPathLength), Connected: m.Connected,
		SmallWorldness: jsonFloat(m.SmallWorld.Sigma), Null: m.Null.String(), NPerm: m.SmallWorld.NNull, Seed: seed,
		CNull: jsonFloat(m.SmallWorld.CNull), ENull: jsonFloat(m.SmallWorld.ENull),
		Omega: jsonFloat(m.Omega), Entropy: jsonFloat(m.Entropy),
	}
}

func printText(w io.Writer, file string, o graphmetrics.Options, seed uint64, m graphmetrics.Metrics) {
	fmt.Fprintf(w, "file            %s\n", file)
	fmt.Fprintf(w, "nodes           %d\n", m.N)
	fmt.Fprintf(w, "binarisation    %s (keep %g), threshold %.6g\n", o.Binarization, o.Keep, m.Threshold)
	fmt.Fprintf(w, "edges           %d (density %.4f, connected %v)\n", m.Edges, m.Density, m.Connected)
	fmt.Fprintln(w, "-- paper metrics (arXiv 2606.14975 §8) --")
	fmt.Fprintf(w, "Modularity      %.4f (%d CNM communities)\n", m.Modularity, m.Communities)
	fmt.Fprintf(w, "SmallWorldness  %.4f (null %s, %d nulls, seed %d; C %.4f / C_null %.4f, E %.4f / E_null %.4f)\n",
		m.SmallWorld.Sigma, m.Null, m.SmallWorld.NNull, seed, m.SmallWorld.C, m.SmallWorld.CNull, m.SmallWorld.E, m.SmallWorld.ENull)
	fmt.Fprintf(w, "Assortativity   %.4f\n", m.Assortativity)
	fmt.Fprintf(w, "Entropy         %.4f bits\n", m.Entropy)
	fmt.Fprintln(w, "-- more --")
	fmt.Fprintf(w, "clustering      %.4f\n", m.Clustering)
	fmt.Fprintf(w, "transitivity    %.4f\n", m.Transitivity)
	fmt.Fprintf(w, "efficiency      %.4f\n", m.Efficiency)
	fmt.Fprintf(w, "path length     %.4f\n", m.CharPathLength)
	if o.Louvain {
		fmt.Fprintf(w, "Louvain Q       %.4f (%d communities)\n", m.LouvainModularity, m.LouvainCommunities)
	}
	if o.Weighted {
		fmt.Fprintf(w, "weighted Q      %.4f (%d communities)\n", m.WeightedModularity, m.WeightedCommunities)
	}
	if o.Omega {
		fmt.Fprintf(w, "omega           %.4f\n", m.Omega)
	}
}
