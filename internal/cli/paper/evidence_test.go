package paper

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// TestEvidence trains a tiny reference sweep, its ablation of the
// coordinates and a corrected sweep, and writes the evidence report over
// them and the format-1 folder of testdata/format1 (an earlier reference sweep).
func TestEvidence(t *testing.T) {
	root := t.TempDir()
	ref, abl, cor := filepath.Join(root, "ref"), filepath.Join(root, "abl"), filepath.Join(root, "cor")
	mustRun(t, with(tinyArgs, "-preset", "reference", "-out", ref)...)
	mustRun(t, with(tinyArgs, "-preset", "reference", "-reshape=false", "-out", abl)...)
	mustRun(t, with(tinyArgs, "-preset", "corrected", "-out", cor)...)
	committed := filepath.Join("..", "..", "..", "testdata", "format1", "reference")
	md := filepath.Join(root, "out", "evidence.md")
	stdout, _ := mustRun(t, "evidence", "-resamples", "50", "-out", md,
		filepath.Join(ref, tinyFolder), filepath.Join(abl, tinyFolder), filepath.Join(cor, tinyFolder), committed)
	assert.Contains(t, stdout, "evidence report written to "+md)
	b, err := os.ReadFile(md)
	require.NoError(t, err)
	s := string(b)
	for _, want := range []string{
		"| reference + ReshapeCoordinates | `synthetic-n16_sttc-corr` | synthetic-n16 | 2 | shared | ReshapeCoordinates |",
		"| corrected | `synthetic-n16_sttc-corr` | synthetic-n16 | 2 | per-simulation |",
		// The committed folder was drawn with per-simulation data: the
		// reference preset's published design differs from it in one
		// correction.
		"| reference + DataSharing | `6_6_2_sttc-corr` | 6_6_2 | 20 | per-simulation | DataSharing |",
		"## Grid controls", "| 6_6_2 | 312 |",
		"### Effect of each correction alone", "| Task 1 Accuracy of `W*D*C` | ReshapeCoordinates |",
		"## Ranking agreement across fields",
	} {
		assert.Contains(t, s, want)
	}
	entries, err := os.ReadDir(filepath.Join(root, "out", "evidence_figures"))
	require.NoError(t, err)
	assert.NotEmpty(t, entries)

	assert.NotContains(t, s, "Left out, unfinished", "every folder finished")

	code, _, errs := runPaper(t, "evidence", "-out", md)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "no sweep folder given")

	// One shard of two is an unfinished sweep: refused, or with
	// -skip-unfinished left out and named.
	part := filepath.Join(root, "part")
	mustRun(t, with(tinyArgs, "-preset", "corrected", "-shard", "0/2", "-out", part)...)
	partDir := filepath.Join(part, tinyFolder)
	code, _, errs = runPaper(t, "evidence", "-resamples", "50", "-out", md, filepath.Join(ref, tinyFolder), partDir)
	assert.Equal(t, exitUsage, code, "stderr %s", errs)
	assert.Contains(t, errs, "2 of 4 runs missing")
	_, errs = mustRun(t, "evidence", "-skip-unfinished", "-resamples", "50", "-out", md, filepath.Join(ref, tinyFolder), partDir)
	assert.Contains(t, errs, partDir+" left out: 2 of 4 runs stored")
	b, err = os.ReadFile(md)
	require.NoError(t, err)
	assert.Contains(t, string(b), "- `"+partDir+"`: 2 of 4 runs stored\n")
	assert.NotContains(t, string(b), "| corrected |", "nothing of the unfinished folder is reported")
	code, _, errs = runPaper(t, "evidence", "-skip-unfinished", "-out", md, partDir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "no finished sweep folder among the 1 given")
}

// TestAblate checks the plan the CLI prints against the corrections'
// reach: the coordinates retrain the D* variants only.
func TestAblate(t *testing.T) {
	stdout, _ := mustRun(t, "ablate", "-sims", "2", "-tasks", "1", "-out", "abl")
	lines := strings.Split(stdout, "\n")
	var reshape string
	for _, l := range lines {
		if strings.HasPrefix(l, "ReshapeCoordinates") {
			reshape = l
		}
	}
	require.NotEmpty(t, reshape, stdout)
	assert.Contains(t, reshape, "-reshape=false")
	assert.Contains(t, reshape, "W*D*C WD*C WD* W*D*C* WD*C* W!D*C W!D*C*")
	assert.Contains(t, reshape, "WDC WD W W*DC*")
	assert.Regexp(t, `AccuracySource\s+-accuracy=heldout\s+0\s+none`, stdout)
	assert.Contains(t, stdout, "paper run -preset reference -tasks=1 -sims=2 -reshape=false -out "+filepath.Join("abl", "reshape"))
	out, _ := mustRun(t, "ablate", "-preset", "corrected")
	assert.Contains(t, out, "nothing to ablate")
}

// TestSummaryFlagsDegenerateGrid checks that summary names a degenerate grid
// control: a synthetic field of 17 neurons (prime) has a 17×1×1 grid.
func TestSummaryFlagsDegenerateGrid(t *testing.T) {
	out := t.TempDir()
	args := with(tinyArgs, "-out", out)
	args[1] = "17"
	mustRun(t, args...)
	stdout, _ := mustRun(t, "summary", "-resamples", "0", "-metrics", "Accuracy", filepath.Join(out, "synthetic-n17_sttc-corr"))
	assert.Contains(t, stdout, "note: field synthetic-n17: degenerate grid control (grid 17×1×1 has 2 axis(es) of length 1)")
	stdout, _ = mustRun(t, "summary", "-resamples", "0", "-metrics", "Accuracy", filepath.Join(out, "synthetic-n17_sttc-corr"))
	assert.NotContains(t, strings.Replace(stdout, "note:", "", 1), "note:", "one note")
}

// TestAblateRuns runs the grid-scaling ablation of a tiny reference sweep
// whose variants all use real distances: every run is reused, so the
// published layout's raw values equal the base's, and every record names
// the base sweep.
func TestAblateRuns(t *testing.T) {
	root := t.TempDir()
	base := filepath.Join(root, "base")
	mustRun(t, with(tinyArgs, "-preset", "reference", "-out", base)...)
	abl := filepath.Join(root, "abl")
	_, errs := mustRun(t, "ablate", "-base", filepath.Join(base, tinyFolder), "-correction", "GridScaling", "-out", abl)
	assert.Contains(t, errs, "4 stored now (4 of them reused)")
	want, err := os.ReadFile(filepath.Join(base, tinyFolder, "Task1", "Accuracy_raw.csv"))
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(abl, "grid", tinyFolder, "Task1", "Accuracy_raw.csv"))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	// Every record names the base sweep it was repeated from.
	_, fp, err := experiment.LoadProvenance(filepath.Join(base, tinyFolder))
	require.NoError(t, err)
	cfg, err := experiment.LoadConfig(filepath.Join(abl, "grid", tinyFolder))
	require.NoError(t, err)
	recs, err := experiment.LoadRecords(filepath.Join(abl, "grid", tinyFolder), &cfg, false)
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	for _, r := range recs {
		assert.Equal(t, fp, r.ReusedFrom, r.Key.String())
	}

	_, errs = mustRun(t, "ablate", "-base", filepath.Join(base, tinyFolder), "-correction", "ReshapeCoordinates", "-out", abl)
	assert.Contains(t, errs, "4 stored now (0 of them reused)")
	code, _, errs := runPaper(t, "ablate", "-base", filepath.Join(base, tinyFolder), "-correction", "Epochs", "-out", abl)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "unknown correction")
	code, _, _ = runPaper(t, "ablate", "-correction", "GridScaling")
	assert.Equal(t, exitUsage, code)
}
