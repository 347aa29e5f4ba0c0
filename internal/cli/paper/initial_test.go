package paper

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInitial describes the initial matrices of a tiny synthetic sweep: one
// column per initialisation, a row per statistic, and a CSV row per task,
// simulation and initialisation whose values the table summarises.
func TestInitial(t *testing.T) {
	path := filepath.Join(t.TempDir(), "initial.csv")
	stdout, _ := mustRun(t, "initial", "-synthetic-n", "16", "-tasks", "1,2", "-sims", "3",
		"-variants", "WsDsC,WsDsCs,WDsC,WpDsC,WrDsC,WlDsC,WbDsC", "-csv", path)
	for _, want := range []string{"N = 16", "2 tasks × 3 simulations: mean ± sd over 6 draws", "configuration fingerprint ",
		"bio (W*D*C)", "orthogonal (WD*C)", "permuted-bio (W!D*C)", "scaled-random (WrD*C)", "lognormal (WlD*C)",
		"resampled-bio (WbD*C)", "diagonal share", "non-normality"} {
		assert.Contains(t, stdout, want)
	}
	assert.NotContains(t, stdout, "W*D*C*", "one column per initialisation")
	// Every control is scaled to W*'s spectral radius.
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, "spectral radius") {
			assert.Equal(t, 5, strings.Count(line, "0.95 ± "), line)
		}
	}

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+6*6)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		assert.Equal(t, "16", r[col["N"]])
		rho, err := strconv.ParseFloat(r[col["SpectralRadius"]], 64)
		require.NoError(t, err)
		// The network holds W_rec in float32 (relative rounding 6e-8 per
		// entry), so ρ is exact to about 1e-7.
		if r[col["Initialisation"]] == "orthogonal" {
			assert.InDelta(t, 1, rho, 1e-6, "an orthogonal matrix has ρ = 1")
		} else {
			assert.InDelta(t, 0.95, rho, 1e-6, "%v", r)
		}
	}
}

func TestInitialRefuses(t *testing.T) {
	code, _, errs := runPaper(t, "initial", "-synthetic-n", "16", "-variants", "nope")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "nope")
	code, _, _ = runPaper(t, "initial", "-synthetic-n", "16", "extra")
	assert.Equal(t, exitUsage, code)
	code, _, errs = runPaper(t, "initial", "-field", filepath.Join(t.TempDir(), "missing"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "-field")
}
