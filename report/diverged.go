package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// DivergedFile is the name of the file in which WriteLayout counts, per
// task and variant, the runs that diverged (experiment.RunResult.Diverged)
// and those whose loss blew up without diverging (RunResult.LargeLoss):
//
//	task,variant,runs,diverged,large_loss
//
// A diverged run's unavailable values are NaN and left out of every mean
// and SD: in the corrected preset all of its metrics, in the reference
// preset its losses and graph metrics (its accuracies are those the
// published code reports, the share of class 0, and count as published).
// The published tables' columns cannot show how many runs a mean covers;
// this file can.
const DivergedFile = "diverged.csv"

// DivergedCell counts the runs of one task and variant.
type DivergedCell struct {
	Task    int
	Variant string
	// Runs is the number of runs of the cell in the records; Diverged and
	// LargeLoss count those stored as diverged and those flagged for a
	// blown-up loss.
	Runs, Diverged, LargeLoss int
}

// CountDiverged returns one DivergedCell per task and variant of cfg, in
// the order of cfg.TaskNumbers and cfg.Variants.
func CountDiverged(cfg *experiment.Config, recs []experiment.Record) []DivergedCell {
	var cells []DivergedCell
	at := map[experiment.RunKey]int{}
	for _, t := range cfg.TaskNumbers() {
		for _, v := range cfg.Variants {
			at[experiment.RunKey{Task: t, Variant: v}] = len(cells)
			cells = append(cells, DivergedCell{Task: t, Variant: v})
		}
	}
	for i := range recs {
		k := recs[i].Key
		j, ok := at[experiment.RunKey{Task: k.Task, Variant: k.Variant}]
		if !ok {
			continue
		}
		c := &cells[j]
		c.Runs++
		if recs[i].Result.Diverged != nil {
			c.Diverged++
		}
		if recs[i].Result.LargeLoss {
			c.LargeLoss++
		}
	}
	return cells
}

func divergedRows(cells []DivergedCell) [][]string {
	rows := [][]string{{"task", "variant", "runs", "diverged", "large_loss"}}
	for _, c := range cells {
		rows = append(rows, []string{fmt.Sprintf("Task%d", c.Task), c.Variant, strconv.Itoa(c.Runs),
			strconv.Itoa(c.Diverged), strconv.Itoa(c.LargeLoss)})
	}
	return rows
}

// WriteDivergence writes, for the cells with a diverged or blown-up run,
// one line each saying how many, and what the means do with them; nothing
// when there is none.
func WriteDivergence(w io.Writer, p experiment.Preset, cells []DivergedCell) error {
	var div, large int
	for _, c := range cells {
		div += c.Diverged
		large += c.LargeLoss
	}
	if div == 0 && large == 0 {
		return nil
	}
	what := "all their metrics are unavailable and left out of every mean (N counts the rest)"
	if p == experiment.Reference {
		what = "as the published code, their accuracies are the share of class 0 and count in the means; their losses and graph metrics are NaN and left out (N counts the rest)"
	}
	if div == 0 {
		what = "none"
	}
	if _, err := fmt.Fprintf(w, "Diverged runs: %d (%s); loss blow-ups (> %g × the first epoch's, finite): %d. See %s.\n",
		div, what, experiment.LargeLossFactor, large, DivergedFile); err != nil {
		return err
	}
	for _, c := range cells {
		if c.Diverged == 0 && c.LargeLoss == 0 {
			continue
		}
		if _, err := fmt.Fprintf(w, "  Task%d %s: %d of %d diverged, %d blew up\n", c.Task, c.Variant, c.Diverged, c.Runs, c.LargeLoss); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// divergedText is the comparison report's count of a sweep's diverged and
// blown-up runs, with what the means do with them.
func divergedText(sw *Sweep) string {
	var div, large int
	for _, c := range CountDiverged(&sw.Config, sw.Records) {
		div += c.Diverged
		large += c.LargeLoss
	}
	if div == 0 {
		return fmt.Sprintf("0; %d", large)
	}
	if sw.Config.Preset == experiment.Reference {
		return fmt.Sprintf("%d (accuracy as published: the share of class 0); %d", div, large)
	}
	return fmt.Sprintf("%d (left out of every mean); %d", div, large)
}
