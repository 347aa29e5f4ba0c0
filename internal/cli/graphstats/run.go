package graphstats

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
	file := fs.String("w", "", "weight matrix `FILE` (.npy, .npz or .csv, N×N, row = presynaptic), or a sweep folder of paper run (one CSV row per stored run)")
	key := fs.String("key", "", "the `ARRAY` of an .npz FILE (default W_rec_eff, else W_rec, else its only square matrix)")
	bin := fs.String("bin", graphmetrics.BinQuantile.String(), "binarisation: quantile, density or nonzero")
	keep := fs.Float64("keep", graphmetrics.DefaultKeep, "fraction kept (quantile: 1−q; density: edge density)")
	null := fs.String("null", graphmetrics.NullPaper.String(), "null model for the undirected σ: paper, er or rewire")
	nperm := fs.Int("nperm", graphmetrics.DefaultNullCount, "number of null graphs for σ (undirected, and directed with -directed)")
	seed := fs.Uint64("seed", 1, "random seed")
	omega := fs.Bool("omega", false, "also compute ω (Telesford et al. 2011)")
	louvain := fs.Bool("louvain", false, "also compute Louvain communities (gonum)")
	weighted := fs.Bool("weighted", false, "also compute the weighted measures (weighted CNM Q, Onnela clustering, weighted efficiency; with -directed also Fagiolo clustering and strength assortativities)")
	wnulls := fs.Int("wnulls", 0, "with -weighted: normalise weighted clustering and efficiency against `K` strength-preserving signed nulls (each ≈ 0.4 s for N = 312, 4× all other measures together)")
	directed := fs.Bool("directed", false, "also compute the directed measures (directed modularity, four degree assortativities, Fagiolo clustering, directed efficiency, σ against degree-preserving directed nulls)")
	signed := fs.Bool("signed", false, "also compute signed modularity of W (Gómez et al. 2009 and Rubinov & Sporns 2011) with a Louvain search")
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() {} // printed below, on stdout for -h
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			usageText(fs)
			return exitOK
		}
		usageText(fs)
		return exitUsage
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "graphstats: "+format+"\n", a...)
		usageText(fs)
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
	if *wnulls < 0 {
		return usage("-wnulls must be at least 0, got %d", *wnulls)
	}
	if *wnulls > 0 && !*weighted {
		return usage("-wnulls needs -weighted")
	}
	o.Keep, o.NullCount, o.Omega, o.Louvain, o.Weighted = *keep, *nperm, *omega, *louvain, *weighted
	o.WeightedNullCount, o.Directed, o.DirectedNullCount, o.Signed = *wnulls, *directed, *nperm, *signed

	if st, err := os.Stat(*file); err == nil && st.IsDir() {
		if *asJSON {
			return usage("-json prints one matrix; a sweep folder gives a CSV table")
		}
		return runSweep(*file, *key, o, *seed, stdout, stderr)
	}
	if *key != "" && !strings.EqualFold(filepath.Ext(*file), ".npz") {
		return usage("-key chooses an array of an .npz file, not of %s", *file)
	}
	w, name, err := readInput(*file, *key)
	if err != nil {
		fmt.Fprintf(stderr, "graphstats: %v\n", err)
		return exitInput
	}
	if r, c := w.Dims(); r != c {
		fmt.Fprintf(stderr, "graphstats: %s: matrix is %d×%d, want square N×N\n", name, r, c)
		return exitInput
	}
	rnd := rand.New(rand.NewPCG(*seed, *seed))
	m, err := graphmetrics.Compute(w, o, rnd)
	if err != nil && !errors.Is(err, graphmetrics.ErrUndefined) {
		fmt.Fprintf(stderr, "graphstats: %s: %v\n", name, err)
		return exitInput
	}
	if err != nil {
		fmt.Fprintf(stderr, "graphstats: note: %v\n", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(toReport(name, o, *seed, m)); err != nil {
			fmt.Fprintf(stderr, "graphstats: %v\n", err)
			return exitInput
		}
		return exitOK
	}
	printText(stdout, name, o, *seed, m)
	return exitOK
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

// usageText prints what graphstats reads, what it computes on what, and
// what it writes.
func usageText(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `graphstats: graph measures of one weight matrix.

Usage: graphstats -w FILE [flags]

Input
  FILE is one N×N weight matrix W (N ≥ 3), row i = presynaptic unit i,
  column j = postsynaptic unit j, so W_ij is the connection i→j:
    .npy  any numeric dtype (e.g. seqrnn's W_rec.npy, a trained network's
          effective recurrent weights)
    .npz  one array of the archive, chosen with -key ARRAY; by default
          W_rec_eff (the effective recurrent matrix of an rnn weights file
          such as seqrnn's weights.npz), else W_rec (an rnn checkpoint's raw
          W_rec), else the archive's only square matrix
    .csv  plain numbers, or with a header row and a label column as in the
          published connectome_<field>.csv files
  Entries must be finite. Signs are kept where a measure uses them.
  FILE may also be a sweep folder written by paper run: every stored run's
  weights file runs/<run>.npz (its W_rec_eff, or -key ARRAY) is read, and
  the output is a CSV table with one row per run (task, variant,
  simulation, file, then the binary undirected measures and the entropy).

What each measure is computed on
  binary undirected (always): edge {i,j}, i≠j, where |W_ij| or |W_ji| is kept
      by -bin/-keep (default: above the 0.9 quantile of all N² |W|, the
      paper's graph). Modularity (CNM), assortativity, clustering,
      transitivity, efficiency, path length, σ against -nperm -null graphs.
  binary directed (-directed): arc i→j where |W_ij| is kept, not symmetrised.
      Directed modularity (Leicht & Newman 2008) of directed CNM communities,
      the four degree assortativities (Foster et al. 2010), Fagiolo
      clustering, directed efficiency, σ against -nperm degree-preserving
      directed nulls (Maslov & Sneppen 2002) with their mixing diagnostics.
  weighted (-weighted): all of W, no threshold, Ŵ = |W|/max|W| off the
      diagonal; undirected measures use max(Ŵ_ij, Ŵ_ji). Onnela clustering,
      weighted efficiency (distance 1/Ŵ); with -directed also Fagiolo
      weighted clustering, directed weighted efficiency and the four strength
      assortativities (kept arcs weighted by |W|). Weighted CNM modularity
      uses the kept edges weighted by max(|W_ij|, |W_ji|). -wnulls K
      normalises clustering and efficiency against K strength-preserving
      signed nulls (Rubinov & Sporns 2011).
  signed (-signed): W as it is, all N² entries, positive and negative apart:
      signed modularity, symmetric (Gómez et al. 2009) and asymmetric
      (Rubinov & Sporns 2011), of the communities a Louvain search finds.
  entropy (always): KDE entropy, in bits, of all N² signed entries.

Output
  Text on standard output, one section per input above, each headed by what
  it was computed on; -json prints the same as one JSON object (NaN as
  null). A measure that is undefined for this network prints NaN, with a
  note on standard error. Random results (σ, nulls, Louvain) depend only on
  -seed. Exit status: 0 success, 1 unreadable or invalid matrix, 2 bad flags.

Flags
`)
	fs.PrintDefaults()
}

// Descriptions of what the measures of each section are computed on.
func binaryInput(o graphmetrics.Options, m graphmetrics.Metrics, directed bool) string {
	what := "edge {i,j}, i≠j, where |W_ij| or |W_ji|"
	if directed {
		what = "arc i→j, i≠j, where |W_ij|"
	}
	switch o.Binarization {
	case graphmetrics.BinQuantile:
		return fmt.Sprintf("%s > θ = %.6g, the %g quantile of all N² |W|", what, m.Threshold, 1-o.Keep)
	case graphmetrics.BinDensity:
		if directed {
			return fmt.Sprintf("the %g share of arcs with the largest |W_ij|", o.Keep)
		}
		return fmt.Sprintf("the %g share of pairs with the largest max(|W_ij|, |W_ji|)", o.Keep)
	}
	return what + " ≠ 0"
}

const (
	weightedInput = "all of W, no threshold: Ŵ = |W|/max|W| off the diagonal; undirected measures on max(Ŵ_ij, Ŵ_ji)"
	signedInput   = "W as it is, all N² entries, positive and negative weights apart"
	entropyInput  = "all N² signed entries of W"
)

type report struct {
	File               string    `json:"file"`
	N                  int       `json:"n"`
	Input              string    `json:"input"`
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
	EntropyInput       string    `json:"entropy_input"`

	Weighted *weightedReport `json:"weighted,omitempty"`
	Directed *directedReport `json:"directed,omitempty"`
	Signed   *signedReport   `json:"signed,omitempty"`
}

type normReport struct {
	Value    jsonFloat `json:"value"`
	NullMean jsonFloat `json:"null_mean"`
	NullSD   jsonFloat `json:"null_sd"`
	Ratio    jsonFloat `json:"ratio"`
	Z        jsonFloat `json:"z"`
}

func toNorm(n graphmetrics.Normalised) normReport {
	return normReport{jsonFloat(n.Value), jsonFloat(n.NullMean), jsonFloat(n.NullSD), jsonFloat(n.Ratio), jsonFloat(n.Z)}
}

type weightedReport struct {
	Input          string      `json:"input"`
	Clustering     jsonFloat   `json:"onnela_clustering"`
	Efficiency     jsonFloat   `json:"efficiency"`
	NNull          int         `json:"nulls"`
	NullClustering *normReport `json:"clustering_vs_nulls,omitempty"`
	NullEfficiency *normReport `json:"efficiency_vs_nulls,omitempty"`
	StrengthCorr   []jsonFloat `json:"null_strength_correlation,omitempty"`
	SignOverlap    jsonFloat   `json:"null_sign_overlap"`
	WeightCorr     jsonFloat   `json:"null_weight_correlation"`
}

type assortReport struct {
	OutIn  jsonFloat `json:"out_in"`
	InOut  jsonFloat `json:"in_out"`
	OutOut jsonFloat `json:"out_out"`
	InIn   jsonFloat `json:"in_in"`
}

func toAssort(a graphmetrics.DirectedAssortativity) assortReport {
	return assortReport{jsonFloat(a.OutIn), jsonFloat(a.InOut), jsonFloat(a.OutOut), jsonFloat(a.InIn)}
}

type directedReport struct {
	Input              string        `json:"input"`
	Arcs               int           `json:"arcs"`
	Density            jsonFloat     `json:"density"`
	Modularity         jsonFloat     `json:"modularity"`
	Communities        int           `json:"communities"`
	DegreeAssort       assortReport  `json:"degree_assortativity"`
	Clustering         jsonFloat     `json:"clustering"`
	Efficiency         jsonFloat     `json:"efficiency"`
	CharPathLength     jsonFloat     `json:"char_path_length"`
	SmallWorldness     jsonFloat     `json:"small_worldness"`
	ClusteringVsNulls  normReport    `json:"clustering_vs_nulls"`
	EfficiencyVsNulls  normReport    `json:"efficiency_vs_nulls"`
	NNull              int           `json:"nulls"`
	AcceptRate         jsonFloat     `json:"null_accept_rate"`
	OverlapOriginal    jsonFloat     `json:"null_overlap_original"`
	OverlapConsecutive jsonFloat     `json:"null_overlap_consecutive"`
	ExpectedOverlap    jsonFloat     `json:"null_overlap_expected"`
	WeightedInput      string        `json:"weighted_input,omitempty"`
	StrengthAssort     *assortReport `json:"strength_assortativity,omitempty"`
	WeightedClustering jsonFloat     `json:"fagiolo_weighted_clustering"`
	WeightedEfficiency jsonFloat     `json:"weighted_efficiency"`
}

type signedReport struct {
	Input                 string    `json:"input"`
	Symmetric             jsonFloat `json:"symmetric_modularity"`
	SymmetricCommunities  int       `json:"symmetric_communities"`
	Asymmetric            jsonFloat `json:"asymmetric_modularity"`
	AsymmetricCommunities int       `json:"asymmetric_communities"`
}

func toReport(file string, o graphmetrics.Options, seed uint64, m graphmetrics.Metrics) report {
	r := report{
		File: file, N: m.N, Input: binaryInput(o, m, false), Binarization: o.Binarization.String(), Keep: o.Keep,
		Threshold: jsonFloat(m.Threshold), Edges: m.Edges, Density: jsonFloat(m.Density),
		Modularity: jsonFloat(m.Modularity), Communities: m.Communities,
		LouvainModularity: jsonFloat(m.LouvainModularity), LouvainCommunities: m.LouvainCommunities,
		WeightedModularity: jsonFloat(m.WeightedModularity), WeightedComms: m.WeightedCommunities,
		Assortativity: jsonFloat(m.Assortativity), Clustering: jsonFloat(m.Clustering),
		Transitivity: jsonFloat(m.Transitivity), Efficiency: jsonFloat(m.Efficiency),
		CharPathLength: jsonFloat(m.CharPathLength), Connected: m.Connected,
		SmallWorldness: jsonFloat(m.SmallWorld.Sigma), Null: m.Null.String(), NPerm: m.SmallWorld.NNull, Seed: seed,
		CNull: jsonFloat(m.SmallWorld.CNull), ENull: jsonFloat(m.SmallWorld.ENull),
		Omega: jsonFloat(m.Omega), Entropy: jsonFloat(m.Entropy), EntropyInput: entropyInput,
	}
	if o.Weighted {
		wm := m.Weighted
		wr := &weightedReport{Input: weightedInput, Clustering: jsonFloat(wm.Clustering), Efficiency: jsonFloat(wm.Efficiency),
			NNull: wm.NNull, SignOverlap: jsonFloat(math.NaN()), WeightCorr: jsonFloat(math.NaN())}
		if wm.NNull > 0 {
			c, e := toNorm(wm.NullClustering), toNorm(wm.NullEfficiency)
			wr.NullClustering, wr.NullEfficiency = &c, &e
			for _, v := range wm.NullStats.StrengthCorr {
				wr.StrengthCorr = append(wr.StrengthCorr, jsonFloat(v))
			}
			wr.SignOverlap, wr.WeightCorr = jsonFloat(wm.NullStats.SignOverlap), jsonFloat(wm.NullStats.WeightCorr)
		}
		r.Weighted = wr
	}
	if o.Directed {
		d := m.Directed
		sw := d.SmallWorld
		dr := &directedReport{Input: binaryInput(o, m, true), Arcs: d.Arcs, Density: jsonFloat(d.Density),
			Modularity: jsonFloat(d.Modularity), Communities: d.Communities, DegreeAssort: toAssort(d.Degree),
			Clustering: jsonFloat(d.Clustering), Efficiency: jsonFloat(d.Efficiency), CharPathLength: jsonFloat(d.CharPathLength),
			SmallWorldness: jsonFloat(sw.Sigma), ClusteringVsNulls: toNorm(sw.Clustering), EfficiencyVsNulls: toNorm(sw.Efficiency),
			NNull: sw.NNull, AcceptRate: jsonFloat(sw.Mixing.AcceptRate), OverlapOriginal: jsonFloat(sw.Mixing.OverlapOriginal),
			OverlapConsecutive: jsonFloat(sw.Mixing.OverlapConsecutive), ExpectedOverlap: jsonFloat(sw.Mixing.ExpectedOverlap),
			WeightedClustering: jsonFloat(d.WeightedClustering), WeightedEfficiency: jsonFloat(d.WeightedEfficiency)}
		if o.Weighted {
			a := toAssort(d.Strength)
			dr.StrengthAssort, dr.WeightedInput = &a, weightedInput
		}
		r.Directed = dr
	}
	if o.Signed {
		r.Signed = &signedReport{Input: signedInput, Symmetric: jsonFloat(m.Signed.Symmetric), SymmetricCommunities: m.Signed.SymmetricCommunities,
			Asymmetric: jsonFloat(m.Signed.Asymmetric), AsymmetricCommunities: m.Signed.AsymmetricCommunities}
	}
	return r
}

func printText(w io.Writer, file string, o graphmetrics.Options, seed uint64, m graphmetrics.Metrics) {
	fmt.Fprintf(w, "file            %s\n", file)
	fmt.Fprintf(w, "nodes           %d\n", m.N)
	fmt.Fprintf(w, "-- binary undirected: %s --\n", binaryInput(o, m, false))
	fmt.Fprintf(w, "edges           %d (density %.4f, connected %v)\n", m.Edges, m.Density, m.Connected)
	fmt.Fprintf(w, "Modularity      %.4f (%d CNM communities)            [paper]\n", m.Modularity, m.Communities)
	fmt.Fprintf(w, "SmallWorldness  %.4f (null %s, %d nulls, seed %d; C %.4f / C_null %.4f, E %.4f / E_null %.4f)  [paper]\n",
		m.SmallWorld.Sigma, m.Null, m.SmallWorld.NNull, seed, m.SmallWorld.C, m.SmallWorld.CNull, m.SmallWorld.E, m.SmallWorld.ENull)
	fmt.Fprintf(w, "Assortativity   %.4f                                  [paper]\n", m.Assortativity)
	fmt.Fprintf(w, "clustering      %.4f\n", m.Clustering)
	fmt.Fprintf(w, "transitivity    %.4f\n", m.Transitivity)
	fmt.Fprintf(w, "efficiency      %.4f\n", m.Efficiency)
	fmt.Fprintf(w, "path length     %.4f\n", m.CharPathLength)
	if o.Louvain {
		fmt.Fprintf(w, "Louvain Q       %.4f (%d communities)\n", m.LouvainModularity, m.LouvainCommunities)
	}
	if o.Weighted {
		fmt.Fprintf(w, "weighted Q      %.4f (%d communities; kept edges weighted by max(|W_ij|, |W_ji|))\n", m.WeightedModularity, m.WeightedCommunities)
	}
	if o.Omega {
		fmt.Fprintf(w, "omega           %.4f\n", m.Omega)
	}
	if o.Directed {
		d := m.Directed
		sw := d.SmallWorld
		fmt.Fprintf(w, "-- binary directed: %s --\n", binaryInput(o, m, true))
		fmt.Fprintf(w, "arcs            %d (density %.4f)\n", d.Arcs, d.Density)
		fmt.Fprintf(w, "modularity      %.4f (%d directed CNM communities; Leicht & Newman)\n", d.Modularity, d.Communities)
		fmt.Fprintf(w, "assortativity   out-in %.4f, in-out %.4f, out-out %.4f, in-in %.4f (degrees)\n",
			d.Degree.OutIn, d.Degree.InOut, d.Degree.OutOut, d.Degree.InIn)
		fmt.Fprintf(w, "clustering      %.4f (Fagiolo; vs nulls %.4f ± %.4f, ratio %.4f)\n", d.Clustering, sw.Clustering.NullMean, sw.Clustering.NullSD, sw.Clustering.Ratio)
		fmt.Fprintf(w, "efficiency      %.4f (vs nulls %.4f ± %.4f, ratio %.4f)\n", d.Efficiency, sw.Efficiency.NullMean, sw.Efficiency.NullSD, sw.Efficiency.Ratio)
		fmt.Fprintf(w, "path length     %.4f\n", d.CharPathLength)
		fmt.Fprintf(w, "small-worldness %.4f (%d degree-preserving directed nulls, seed %d)\n", sw.Sigma, sw.NNull, seed)
		fmt.Fprintf(w, "null mixing     swaps accepted %.3f, overlap with W's graph %.3f (chance %.3f), between consecutive nulls %.3f\n",
			sw.Mixing.AcceptRate, sw.Mixing.OverlapOriginal, sw.Mixing.ExpectedOverlap, sw.Mixing.OverlapConsecutive)
		if o.Weighted {
			fmt.Fprintf(w, "strength assort out-in %.4f, in-out %.4f, out-out %.4f, in-in %.4f (kept arcs weighted by |W|)\n",
				d.Strength.OutIn, d.Strength.InOut, d.Strength.OutOut, d.Strength.InIn)
			fmt.Fprintf(w, "w. clustering   %.4f (Fagiolo weighted; %s)\n", d.WeightedClustering, "Ŵ = |W|/max|W|, no threshold")
			fmt.Fprintf(w, "w. efficiency   %.4f (directed, distance 1/Ŵ_ij, no threshold)\n", d.WeightedEfficiency)
		}
	}
	if o.Weighted {
		wm := m.Weighted
		fmt.Fprintf(w, "-- weighted: %s --\n", weightedInput)
		fmt.Fprintf(w, "clustering      %.4f (Onnela)\n", wm.Clustering)
		fmt.Fprintf(w, "efficiency      %.4f (distance 1/Ŵ_ij)\n", wm.Efficiency)
		if wm.NNull > 0 {
			fmt.Fprintf(w, "vs nulls        clustering ratio %.4f (z %.2f), efficiency ratio %.4f (z %.2f); %d strength-preserving signed nulls\n",
				wm.NullClustering.Ratio, wm.NullClustering.Z, wm.NullEfficiency.Ratio, wm.NullEfficiency.Z, wm.NNull)
			sc := wm.NullStats.StrengthCorr
			fmt.Fprintf(w, "null fidelity   strength correlation out+ %.3f, in+ %.3f, out− %.3f, in− %.3f; sign overlap %.3f, weight correlation %.3f\n",
				sc[0], sc[1], sc[2], sc[3], wm.NullStats.SignOverlap, wm.NullStats.WeightCorr)
		}
	}
	if o.Signed {
		fmt.Fprintf(w, "-- signed: %s --\n", signedInput)
		fmt.Fprintf(w, "modularity      symmetric %.4f (%d communities), asymmetric %.4f (%d communities)\n",
			m.Signed.Symmetric, m.Signed.SymmetricCommunities, m.Signed.Asymmetric, m.Signed.AsymmetricCommunities)
	}
	fmt.Fprintf(w, "-- entropy: %s --\n", entropyInput)
	fmt.Fprintf(w, "Entropy         %.4f bits                             [paper]\n", m.Entropy)
}
