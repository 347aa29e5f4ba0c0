package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// readAnalysisFile parses b, the content of the analysis file at path of
// analysis a (analysis/<name>_v<version>.csv), against the runs recs
// (byKey: each run's index in recs). It returns, for each run, its values
// in the order of a.Metrics() (NaN for an empty cell), or nil for a run the
// file does not list. The header must name exactly the key columns and
// a's metrics; every row must name a run of the sweep once, with the
// weights digest of its record; a cell is empty or a finite number.
func readAnalysisFile(path string, b []byte, a RunAnalysis, recs []experiment.Record, byKey map[experiment.RunKey]int) ([][]float64, error) {
	r := csv.NewReader(bytes.NewReader(b))
	table, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	names := a.Metrics()
	header := append([]string{"Task", "Variant", "Simulation", "weights_sha256"}, names...)
	if len(table) == 0 || !slices.Equal(table[0], header) {
		return nil, fmt.Errorf("report: %s: want the header %s", path, strings.Join(header, ","))
	}
	out := make([][]float64, len(recs))
	for line, row := range table[1:] {
		bad := func(format string, args ...any) error {
			return fmt.Errorf("report: %s line %d: %s", path, line+2, fmt.Sprintf(format, args...))
		}
		task, err := strconv.Atoi(row[0])
		if err != nil {
			return nil, bad("task %q: %v", row[0], err)
		}
		sim, err := strconv.Atoi(row[2])
		if err != nil {
			return nil, bad("simulation %q: %v", row[2], err)
		}
		k := experiment.RunKey{Task: task, Variant: row[1], Simulation: sim}
		i, ok := byKey[k]
		if !ok {
			return nil, bad("run %v is not in the sweep", k)
		}
		if out[i] != nil {
			return nil, bad("run %v is listed twice", k)
		}
		if row[3] != recs[i].Weights {
			return nil, bad("run %v was analysed from weights %s, its record names %s: rerun paper analyze", k, row[3], recs[i].Weights)
		}
		vals := make([]float64, len(names))
		for j, cell := range row[4:] {
			if cell == "" {
				vals[j] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(cell, 64)
			switch {
			case err != nil:
				return nil, bad("%s %q: %v", names[j], cell, err)
			case math.IsInf(v, 0):
				return nil, bad("%s = %q is infinite", names[j], cell)
			case math.IsNaN(v):
				return nil, bad("%s = %q: a value that is not available is an empty cell", names[j], cell)
			}
			vals[j] = v
		}
		out[i] = vals
	}
	return out, nil
}
