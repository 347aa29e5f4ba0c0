package experiment

import "github.com/cortexrnn/cortexrnn/internal/seeds"

// DataSharing says which runs of a sweep share their trial sets (training,
// validation and test).
//
// What it does to the variance between simulations: under DataShared every
// simulation trains and is evaluated on the same trials, so a metric's
// spread across simulations holds only the initialisation and the input
// noise; the between-dataset variance is absent, the simulations are not
// independent replicates of the experiment, and an interval or test over
// simulations speaks for that one dataset only (it is narrower than one
// over replicates would be). Under DataPerSimulation each simulation
// draws its own trials, so the spread includes the dataset's share and the
// simulations are independent replicates. Both designs give the variants of
// one simulation the same trials (a paired comparison), so differences
// between variants keep their common-random-numbers pairing.
type DataSharing int

const (
	// DataPerSimulation: the variants of one (task, simulation) share the
	// trial sets drawn from the data seed of (Seed, task, simulation); each
	// simulation has its own. The zero value and the Corrected preset's.
	DataPerSimulation DataSharing = iota
	// DataShared: one trial set per task for the whole sweep, drawn from
	// the shared data seed of (Seed, task) and used by every simulation and variant,
	// as the published notebook generates its data once before its loops
	// (docs/method.md §6). The Reference preset's.
	DataShared
)

var dataSharingNames = []string{"per-simulation", "shared"}

func (d DataSharing) String() string { return enumString(dataSharingNames, int(d), "DataSharing") }

// parseDataSharing parses "per-simulation" or "shared".
func parseDataSharing(s string) (DataSharing, error) {
	i, err := enumParse(dataSharingNames, s, "data sharing")
	return DataSharing(i), err
}

// MarshalText and UnmarshalText write the sharing by name.
func (d DataSharing) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
func (d *DataSharing) UnmarshalText(t []byte) (err error) {
	*d, err = parseDataSharing(string(t))
	return err
}

// trialSeed returns the seed from which the trial sets of a run of (task,
// simulation) are drawn: the data seed of (Seed, task, simulation) under
// DataPerSimulation, the shared data seed of (Seed, task) under DataShared. It
// does not depend on the variant.
func (c *Config) trialSeed(task, simulation int) uint64 {
	if c.DataSharing == DataShared {
		return seeds.Shared(c.Seed, task)
	}
	return seeds.Data(c.Seed, task, simulation)
}
