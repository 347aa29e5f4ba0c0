package seqrnn

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"strconv"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/atomicfile"
)

// Table file names in the output folder.
const (
	fileHistory = "history.csv"
	fileSummary = "summary.txt"
)

// historyHeader is the header of history.csv: one row per epoch with
// Keras' History values (loss and accuracy with noise, means over the
// epoch's batches; held-out values after the epoch).
var historyHeader = []string{"epoch", "loss", "accuracy", "heldout_loss", "heldout_accuracy"}

// writeTables writes history.csv and summary.txt (the printed header, epochs
// and summary) into dir, each atomically, and returns their paths.
func writeTables(dir string, out *experiment.Training, summary []byte) ([]string, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write(historyHeader)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, h := range out.History {
		cw.Write([]string{strconv.Itoa(h.Epoch + 1), f(h.Loss), f(h.Accuracy), f(h.ValLoss), f(h.ValAccuracy)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, err
	}
	hist, sum := filepath.Join(dir, fileHistory), filepath.Join(dir, fileSummary)
	if err := atomicfile.Write(hist, b.Bytes()); err != nil {
		return nil, err
	}
	if err := atomicfile.Write(sum, summary); err != nil {
		return nil, err
	}
	return []string{hist, sum}, nil
}
