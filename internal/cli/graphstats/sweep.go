package graphstats

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/graphmetrics"
)

// sweepHeader is the CSV header of a sweep folder's table.
var sweepHeader = []string{"task", "variant", "simulation", "file", "n", "edges", "density", "modularity",
	"communities", "assortativity", "clustering", "transitivity", "efficiency", "char_path_length",
	"small_worldness", "entropy_bits"}

// runSweep computes the measures of every stored run of the sweep folder
// dir (those experiment.LoadRecords finds, in plan order; each weights file
// checked against its record with experiment.OpenRun) and writes one CSV row per
// run. Each run's random draws start from -seed afresh, so a row does not
// depend on the others.
func runSweep(dir, key string, o graphmetrics.Options, seed uint64, stdout, stderr io.Writer) int {
	keys, err := storedKeys(dir)
	if err != nil {
		fmt.Fprintf(stderr, "graphstats: %v\n", err)
		return exitInput
	}
	if len(keys) == 0 {
		fmt.Fprintf(stderr, "graphstats: %s: no finished runs\n", dir)
		return exitInput
	}
	cw := csv.NewWriter(stdout)
	if err := cw.Write(sweepHeader); err != nil {
		fmt.Fprintf(stderr, "graphstats: %v\n", err)
		return exitInput
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, k := range keys {
		run, err := experiment.OpenRun(dir, k)
		if err != nil {
			fmt.Fprintf(stderr, "graphstats: %v\n", err)
			return exitInput
		}
		if run.Weights == nil {
			fmt.Fprintf(stderr, "graphstats: %s: run %v has no stored weights (the sweep ran with -weights=false)\n", dir, k)
			return exitInput
		}
		path := run.WeightsFile
		w, name, err := readNPZ(path, key)
		if err != nil {
			fmt.Fprintf(stderr, "graphstats: %v\n", err)
			return exitInput
		}
		if r, c := w.Dims(); r != c {
			fmt.Fprintf(stderr, "graphstats: %s: matrix is %d×%d, want square N×N\n", name, r, c)
			return exitInput
		}
		m, err := graphmetrics.Compute(w, o, rand.New(rand.NewPCG(seed, seed)))
		if err != nil && !errors.Is(err, graphmetrics.ErrUndefined) {
			fmt.Fprintf(stderr, "graphstats: %s: %v\n", name, err)
			return exitInput
		}
		if err != nil {
			fmt.Fprintf(stderr, "graphstats: note: %s: %v\n", name, err)
		}
		row := []string{strconv.Itoa(k.Task), k.Variant, strconv.Itoa(k.Simulation), name, strconv.Itoa(m.N),
			strconv.Itoa(m.Edges), f(m.Density), f(m.Modularity), strconv.Itoa(m.Communities), f(m.Assortativity),
			f(m.Clustering), f(m.Transitivity), f(m.Efficiency), f(m.CharPathLength), f(m.SmallWorld.Sigma), f(m.Entropy)}
		if err := cw.Write(row); err != nil {
			fmt.Fprintf(stderr, "graphstats: %v\n", err)
			return exitInput
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		fmt.Fprintf(stderr, "graphstats: %v\n", err)
		return exitInput
	}
	return exitOK
}

// storedKeys returns the keys of the finished runs of the sweep folder dir,
// in plan order.
func storedKeys(dir string) ([]experiment.RunKey, error) {
	cfg, err := experiment.LoadConfig(dir)
	if err != nil {
		return nil, err
	}
	recs, err := experiment.LoadRecords(dir, &cfg, true)
	if err != nil {
		return nil, err
	}
	keys := make([]experiment.RunKey, len(recs))
	for i, r := range recs {
		keys[i] = r.Key
	}
	return keys, nil
}
