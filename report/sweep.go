package report

import "github.com/cortexrnn/cortexrnn/experiment"

// Sweep is a finished sweep read from its folder: what every report of this
// package is computed from.
type Sweep struct {
	// Dir is the sweep folder; the comparison report names it.
	Dir     string
	Config  experiment.Config
	Records []experiment.Record // every run of Config.Plan(), in plan order
	// Provenance is what the folder records of the inputs, code and kernel
	// (unknown for folders written before provenance was recorded), and
	// Fingerprint the folder's configuration fingerprint.
	Provenance  experiment.Provenance
	Fingerprint string
	// Dynamics holds each run's state-space summaries, in the order of
	// Records: one value per DynamicsAnalysis metric, NaN where not
	// available (a diverged run). It is read from analysis/dynamics_v2.csv
	// (`paper analyze -dynamics`) and nil when the folder has none.
	Dynamics [][]float64
}

// LoadSweep reads the configuration (experiment.LoadConfig) and every run
// (LoadAnalyzedRecords: with the results of analyses of its stored networks) of
// the sweep in dir, and its dynamics summaries when it has them. It fails, naming the
// missing runs, when the sweep is incomplete.
func LoadSweep(dir string) (*Sweep, error) {
	cfg, err := experiment.LoadConfig(dir)
	if err != nil {
		return nil, err
	}
	prov, fp, err := experiment.LoadProvenance(dir)
	if err != nil {
		return nil, err
	}
	recs, _, err := LoadAnalyzedRecords(dir, &cfg)
	if err != nil {
		return nil, err
	}
	dyn, err := loadDynamics(dir, recs)
	if err != nil {
		return nil, err
	}
	return &Sweep{Dir: dir, Config: cfg, Records: recs, Provenance: prov, Fingerprint: fp, Dynamics: dyn}, nil
}
