package report

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// TestComparisonWriteMarkdown writes the claim-by-claim report of two small
// fake sweeps: every section is there, every embedded figure exists, and the
// report is a function of the sweeps alone.
func TestComparisonWriteMarkdown(t *testing.T) {
	t.Parallel()
	sweeps := map[experiment.Preset]*Sweep{}
	for _, p := range []experiment.Preset{experiment.Reference, experiment.Corrected} {
		cfg := experiment.CorrectedConfig()
		if p == experiment.Reference {
			cfg = experiment.ReferenceConfig()
		}
		cfg.FieldName = "6_6_2"
		cfg.Tasks, cfg.Simulations = []string{"onechoice"}, 3
		dir := filepath.Join(t.TempDir(), cfg.FolderName())
		runAndFinish(t, cfg, dir, 2)
		sw, err := LoadSweep(dir)
		require.NoError(t, err)
		require.Len(t, sw.Records, len(cfg.Tasks)*len(cfg.Variants)*cfg.Simulations)
		sweeps[p] = sw
	}
	opt := DefaultAnalysisOptions()
	opt.BootstrapResamples = 100
	write := func(figDir string) (string, int) {
		c := Comparison{Reference: sweeps[experiment.Reference], Corrected: sweeps[experiment.Corrected],
			Options: opt, FigureDir: figDir, FigureLink: "figs"}
		var buf bytes.Buffer
		n, err := c.WriteMarkdown(&buf)
		require.NoError(t, err)
		return buf.String(), n
	}
	figDir := filepath.Join(t.TempDir(), "figs")
	md, n := write(figDir)
	for _, want := range []string{"# Reference versus corrected", "## Summary", "## 1. What the presets change",
		"## 2. Claim: accuracy and the ordering", "- published: `W*D*C*` 0.985 >", "Claim: factor W"} {
		assert.Contains(t, md, want)
	}
	links := regexp.MustCompile(`\]\(figs/([^)]+\.png)\)`).FindAllStringSubmatch(md, -1)
	assert.NotEmpty(t, links, "embedded figures")
	assert.GreaterOrEqual(t, n, len(links), "figures drawn")
	for _, l := range links {
		_, err := os.Stat(filepath.Join(figDir, l[1]))
		assert.NoError(t, err, "embedded figure %s", l[1])
	}
	again, _ := write(filepath.Join(t.TempDir(), "figs"))
	assert.Equal(t, md, again, "a second report differs from the first")

	_, err := (&Comparison{Reference: sweeps[experiment.Reference], Options: opt, FigureDir: figDir}).WriteMarkdown(&bytes.Buffer{})
	assert.Error(t, err, "a comparison without a corrected sweep")
	bad := opt
	bad.Alpha = 2
	_, err = (&Comparison{Reference: sweeps[experiment.Reference], Corrected: sweeps[experiment.Corrected], Options: bad, FigureDir: figDir}).WriteMarkdown(&bytes.Buffer{})
	assert.Error(t, err, "a comparison with alpha 2")
}
