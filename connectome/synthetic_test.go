package connectome

import (
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// realStats are the statistics of the five shared fields as measured by
// computeStats (stats_test.go) and documented in synthetic.md;
// TestRealFieldStats re-measures them.
var realStats = map[string]fieldStats{
	"4_7_2": {Density: 0.004963, SingleSyn: 0.8947, MeanCount: 1.1053, NearFar: 1.235, Corr: [3]float64{-0.02180, 0.02959, 0.08838}, STTC: [3]float64{-0.04603, -0.00441, 0.03460}, ExtentX: 157319, ExtentY: 22235, ExtentZ: 111610},
	"5_3_8": {Density: 0.002323, SingleSyn: 0.7500, MeanCount: 1.2500, NearFar: 0.334, Corr: [3]float64{-0.00502, 0.03226, 0.07367}, STTC: [3]float64{-0.03203, 0.00982, 0.03889}, ExtentX: 249381, ExtentY: 21956, ExtentZ: 103028},
	"6_6_2": {Density: 0.003257, SingleSyn: 0.9494, MeanCount: 1.0696, NearFar: 0.975, Corr: [3]float64{-0.01339, 0.01679, 0.06244}, STTC: [3]float64{-0.04017, -0.01554, 0.01524}, ExtentX: 223866, ExtentY: 24856, ExtentZ: 124768},
	"6_6_8": {Density: 0.005572, SingleSyn: 0.8370, MeanCount: 1.2065, NearFar: 1.091, Corr: [3]float64{-0.00576, 0.03565, 0.09094}, STTC: [3]float64{-0.02448, 0.00644, 0.04227}, ExtentX: 250814, ExtentY: 25335, ExtentZ: 110404},
	"9_3_2": {Density: 0.002683, SingleSyn: 0.8963, MeanCount: 1.1421, NearFar: 0.914, Corr: [3]float64{-0.02083, 0.01336, 0.06297}, STTC: [3]float64{-0.07896, -0.05092, -0.02486}, ExtentX: 250285, ExtentY: 23203, ExtentZ: 124289},
}

func TestRealFieldStats(t *testing.T) {
	t.Parallel()
	for name, want := range realStats {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := ReadFieldDir(testutil.MicronsField(t, name))
			require.NoError(t, err)
			got := computeStats(f)
			g, w := statsVector(got), statsVector(want)
			// The table is rounded to 4 significant digits (abs 1e-5 for quantiles).
			testutil.AssertSlicesClose(t, g, w, 5e-4, 1e-5, "%s statistics (update realStats and synthetic.md)", name)
		})
	}
}

func statsVector(s fieldStats) []float64 {
	return []float64{s.Density, s.SingleSyn, s.MeanCount, s.NearFar, s.Corr[0], s.Corr[1], s.Corr[2],
		s.STTC[0], s.STTC[1], s.STTC[2], s.ExtentX, s.ExtentY, s.ExtentZ}
}

// statRange is the interval a synthetic statistic must fall in: the range
// over the five real fields widened by a stated margin.
func statRange(get func(fieldStats) float64, margin float64) (lo, hi float64) {
	first := true
	for _, s := range realStats {
		v := get(s)
		if first {
			lo, hi, first = v, v, false
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo - margin, hi + margin
}

// TestSyntheticMatchesReal holds the default synthetic field of N = 312 to
// the real fields: each statistic must lie within the range of the five
// real fields widened by the margin given here (synthetic.md).
func TestSyntheticMatchesReal(t *testing.T) {
	t.Parallel()
	f, err := Synthetic(DefaultSyntheticConfig(312, 1))
	require.NoError(t, err)
	require.NoError(t, f.Check())
	s := computeStats(f)
	checks := []struct {
		name   string
		get    func(fieldStats) float64
		margin float64
	}{
		{"density", func(s fieldStats) float64 { return s.Density }, 0},
		{"single-synapse fraction", func(s fieldStats) float64 { return s.SingleSyn }, 0},
		{"mean count", func(s fieldStats) float64 { return s.MeanCount }, 0},
		{"Corr q05", func(s fieldStats) float64 { return s.Corr[0] }, 0.005},
		{"Corr q50", func(s fieldStats) float64 { return s.Corr[1] }, 0.005},
		{"Corr q95", func(s fieldStats) float64 { return s.Corr[2] }, 0.005},
		{"STTC q05", func(s fieldStats) float64 { return s.STTC[0] }, 0.015},
		{"STTC q50", func(s fieldStats) float64 { return s.STTC[1] }, 0.015},
		{"STTC q95", func(s fieldStats) float64 { return s.STTC[2] }, 0.015},
		{"s.d. x", func(s fieldStats) float64 { return s.ExtentX }, 10e3},
		{"s.d. y (depth)", func(s fieldStats) float64 { return s.ExtentY }, 5e3},
		{"s.d. z", func(s fieldStats) float64 { return s.ExtentZ }, 10e3},
	}
	for _, c := range checks {
		lo, hi := statRange(c.get, c.margin)
		v := c.get(s)
		assert.True(t, lo <= v && v <= hi, "%s = %.5g, want within [%.5g, %.5g] (real range ± %g)", c.name, v, lo, hi, c.margin)
	}
	// Connection probability falls with distance, but not steeper than a
	// near/far ratio of 1.5 (synthetic.md; the real fields span 0.33–1.24,
	// the default synthetic field has about 1.31).
	assert.Greater(t, s.NearFar, 1.0, "near/far connection ratio")
	assert.LessOrEqual(t, s.NearFar, 1.5, "near/far connection ratio")
	assert.Equal(t, [3]int{13, 6, 4}, f.Grid)
	assert.Empty(t, f.CheckFunctional(), "the synthetic field meets the functional specification")
	t.Logf("synthetic N=312 seed=1: %+v", s)
}

func TestSyntheticDeterministic(t *testing.T) {
	t.Parallel()
	cfg := DefaultSyntheticConfig(40, 7)
	cfg.Duration = 120
	a, err := Synthetic(cfg)
	require.NoError(t, err)
	b, err := Synthetic(cfg)
	require.NoError(t, err)
	for _, p := range []struct {
		name string
		x, y *mat.Dense
	}{{"Positions", a.Positions, b.Positions}, {"Synapses", a.Synapses, b.Synapses}, {"Corr", a.Corr, b.Corr}, {"STTC", a.STTC, b.STTC}, {"Precision", a.Precision, b.Precision}} {
		assert.True(t, mat.Equal(p.x, p.y), "%s differs between two runs with the same seed", p.name)
	}
	assert.Equal(t, "synthetic(N=40,seed=7)", a.Name)
	cfg.Seed = 8
	c, err := Synthetic(cfg)
	require.NoError(t, err)
	assert.False(t, mat.Equal(a.Positions, c.Positions), "different seeds gave the same positions")
}

func TestSyntheticConfigValidate(t *testing.T) {
	t.Parallel()
	require.NoError(t, DefaultSyntheticConfig(312, 1).Validate())
	cases := []struct {
		name string
		mod  func(*SyntheticConfig)
	}{
		{"N 1", func(c *SyntheticConfig) { c.N = 1 }},
		{"Density 2", func(c *SyntheticConfig) { c.Density = 2 }},
		{"ExtraSynapse 1", func(c *SyntheticConfig) { c.ExtraSynapse = 1 }},
		{"Duration 0", func(c *SyntheticConfig) { c.Duration = 0 }},
		{"PrecisionShrinkage 0", func(c *SyntheticConfig) { c.PrecisionShrinkage = 0 }},
		{"STTCWindow -1", func(c *SyntheticConfig) { c.STTCWindow = -1 }},
		// No implicit defaults: the zero value is invalid, as documented.
		{"zero value", func(c *SyntheticConfig) { *c = SyntheticConfig{} }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultSyntheticConfig(312, 1)
			tc.mod(&c)
			assert.ErrorIs(t, c.Validate(), ErrConfig)
			_, err := Synthetic(c)
			assert.ErrorIs(t, err, ErrConfig, "Synthetic accepts an invalid config")
		})
	}
}

func TestFactorGrid(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		n    int
		want [3]int
	}{{1, [3]int{1, 1, 1}}, {7, [3]int{7, 1, 1}}, {8, [3]int{2, 2, 2}}, {12, [3]int{3, 2, 2}}, {312, [3]int{13, 6, 4}}, {632, [3]int{79, 4, 2}}} {
		g := FactorGrid(c.n)
		assert.Equal(t, c.want, g, "FactorGrid(%d)", c.n)
		assert.Equal(t, c.n, g[0]*g[1]*g[2], "FactorGrid(%d) multiplies to n", c.n)
	}
}
