package paper

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDynamicsInReports trains a tiny sweep, writes the evidence report
// before and after paper analyze -dynamics, and checks that the Dynamics
// section first says how to produce the summaries and then compares the
// biological variant with its orthogonal control on them; paper report
// over the same folder gets the section too.
func TestDynamicsInReports(t *testing.T) {
	root := t.TempDir()
	mustRun(t, with(tinyArgs, "-out", root)...)
	dir := filepath.Join(root, tinyFolder)
	md := filepath.Join(root, "out", "evidence.md")
	section := func(path, heading string) string {
		t.Helper()
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		s := string(b)
		i := strings.Index(s, heading)
		require.GreaterOrEqual(t, i, 0, "%s has no %q", path, heading)
		return s[i:]
	}

	mustRun(t, "evidence", "-resamples", "50", "-out", md, dir)
	assert.Contains(t, section(md, "## Dynamics"), "`paper analyze -dynamics DIR` adds them")

	mustRun(t, "analyze", "-dynamics", dir)
	mustRun(t, "evidence", "-resamples", "50", "-out", md, dir)
	dyn := section(md, "## Dynamics")
	assert.Contains(t, dyn, "| corrected | synthetic-n16 | 4 | 4 | 0 (0) |", "every run analysed, none diverged")
	for _, s := range []string{"StableFixedPoints", "ParticipationRatio", "LeadingModulus"} {
		assert.Contains(t, dyn, "(`"+s+"`)")
		png := filepath.Join(root, "out", "evidence_figures", "dynamics_task1_"+strings.ToLower(s)+".png")
		if strings.Contains(dyn, "dynamics_task1_"+strings.ToLower(s)+".png") {
			assert.FileExists(t, png)
		}
	}
	assert.Contains(t, dyn, "| `W*D*C` vs `WD*C` | orthogonal (factor W) | corrected | synthetic-n16 |")
	assert.Contains(t, dyn, "dynamics_task1_participationratio.png", "the participation ratio is defined for every run")

	rep := filepath.Join(root, "out", "report.md")
	mustRun(t, "report", "-resamples", "50", "-ref", dir, "-cor", dir, "-out", rep)
	sec := section(rep, "## 9. Dynamics")
	assert.Contains(t, sec, "| variant | reference, synthetic-n16 | corrected, synthetic-n16 |")
}
