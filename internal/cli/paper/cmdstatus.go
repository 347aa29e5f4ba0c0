package paper

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/cortexrnn/cortexrnn/experiment"
)

const statusUsage = `usage: paper status [-shards n] DIR

Shows, per shard of a sweep folder (or an output root holding one), how
many runs are done (and how many of those diverged) and missing, and whether the published layout has been
written. The shard count is the last paper submit's unless -shards is given.
Flags:
`

// shardCount counts the runs of one shard.
type shardCount struct {
	runs, done, missing int
	diverged            int // of done: stored as diverged
	firstMissing        experiment.RunKey
}

// shardCounts returns, for each shard i of n, the runs of dir's sweep cfg
// that are stored and missing.
func shardCounts(dir string, cfg *experiment.Config, n int) ([]shardCount, error) {
	var recs []experiment.Record
	// A folder that no run has prepared yet holds no runs.
	if _, err := os.Stat(filepath.Join(dir, "sweep-config.json")); err == nil {
		if recs, err = experiment.LoadRecords(dir, cfg, true); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	done := make(map[experiment.RunKey]bool, len(recs))
	diverged := map[experiment.RunKey]bool{}
	for _, r := range recs {
		done[r.Key] = true
		if r.Result.Diverged != nil {
			diverged[r.Key] = true
		}
	}
	counts := make([]shardCount, n)
	for pos, k := range cfg.Plan() {
		c := &counts[pos%n]
		c.runs++
		if done[k] {
			c.done++
			if diverged[k] {
				c.diverged++
			}
			continue
		}
		if c.missing == 0 {
			c.firstMissing = k
		}
		c.missing++
	}
	return counts, nil
}

// runStatus is "paper status".
func runStatus(args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("status", statusUsage, stderr)
	shards := flags.Int("shards", 0, "shard `count` (default: the last paper submit's, else 1)")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usagef("want one sweep folder, got %d arguments", flags.NArg())
	}
	if *shards < 0 || *shards > maxShards {
		return usagef("-shards %d: want 1 to %d", *shards, maxShards)
	}
	dir, err := resolveSweepDir(flags.Arg(0))
	if err != nil {
		return err
	}
	cfg, err := experiment.LoadConfig(dir)
	if err != nil {
		return usageError{err}
	}
	n, from := *shards, "-shards"
	var state *submitState
	statePath := filepath.Join(dir, "slurm", submitStateFile)
	switch b, err := os.ReadFile(statePath); {
	case err == nil:
		s, err := readSubmitState(b)
		if err != nil {
			return fmt.Errorf("%s: %w", statePath, err)
		}
		state = &s
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if n == 0 {
		n, from = 1, "no paper submit"
		if state != nil {
			n, from = state.Shards, "the last paper submit"
		}
	}
	total := planSize(&cfg)
	if n > total {
		n = total
	}
	counts, err := shardCounts(dir, &cfg, n)
	if err != nil {
		return err
	}
	done, diverged := 0, 0
	for _, c := range counts {
		done += c.done
		diverged += c.diverged
	}
	fmt.Fprintf(stdout, "%s: %d of %d runs done (%d diverged), %d missing; %d shards (%s)\n", dir, done, total, diverged, total-done, n, from)
	if state != nil && state.ArrayJob != "" {
		fmt.Fprintf(stdout, "last paper submit (%s): array job %s (shards %s), merge job %s\n",
			state.Written, state.ArrayJob, state.Array, state.MergeJob)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "shard\truns\tdone\tdiverged\tmissing\tfirst missing")
	for i, c := range counts {
		first := ""
		if c.missing > 0 {
			first = c.firstMissing.String()
		}
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t%s\n", i, c.runs, c.done, c.diverged, c.missing, first)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	layout := "not written yet"
	if _, err := os.Stat(filepath.Join(dir, "summary.txt")); err == nil {
		layout = "written (summary.txt)"
	}
	fmt.Fprintf(stdout, "published layout: %s\n", layout)
	return nil
}

// planSize returns the number of runs of cfg's plan (Config.Plan).
func planSize(cfg *experiment.Config) int {
	return len(cfg.Tasks) * len(cfg.Variants) * cfg.Simulations
}
