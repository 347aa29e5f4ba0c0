package stats

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// fieldsGolden holds testdata/fields.json, written by testdata/fields.py
// with Debian's /usr/bin/python3: numpy 1.24.2, scipy 1.10.1,
// statsmodels 0.13.5. Each record names its source.
type fieldsGolden struct {
	Versions   map[string]string `json:"versions"`
	VanElteren []struct {
		X, Y     [][]float64
		T        float64 `json:"t"`
		Mean     float64 `json:"mean"`
		Var      float64 `json:"var"`
		Z        float64 `json:"z"`
		P        float64 `json:"p"`
		PGreater float64 `json:"p_greater"`
	} `json:"van_elteren"`
	KendallW []struct {
		Scores [][]float64 `json:"scores"`
		W      float64     `json:"w"`
		ChiSq  float64     `json:"chi2"`
		DF     int         `json:"df"`
		P      float64     `json:"p"`
	} `json:"kendall_w"`
	CliffDelta []struct {
		X, Y  []float64
		Delta float64 `json:"delta"`
	} `json:"cliff_delta"`
	MeanDiff []struct {
		X, Y      [][]float64
		Level     float64 `json:"level"`
		Resamples int     `json:"resamples"`
		Indices   []int   `json:"indices"`
		Estimate  float64 `json:"estimate"`
		Low       float64 `json:"low"`
		High      float64 `json:"high"`
	} `json:"mean_diff_bootstrap"`
}

func loadFieldsGolden(t *testing.T) fieldsGolden {
	t.Helper()
	b, err := os.ReadFile("testdata/fields.json")
	require.NoError(t, err)
	var g fieldsGolden
	require.NoError(t, json.Unmarshal(b, &g), "testdata/fields.json")
	require.Equal(t, "1.10.1", g.Versions["scipy"], "golden values from another scipy")
	return g
}

func TestVanElterenGolden(t *testing.T) {
	t.Parallel()
	g := loadFieldsGolden(t)
	// One row per golden record, in file order; tol is relative with an
	// absolute floor of tol·1e-3 for values near 0.
	cases := []struct {
		name string
		tol  float64
	}{
		{"5 fields × 5 sims, continuous", 1e-12},
		{"1/8 grid, ceiling ties, unequal sizes", 1e-12},
		{"one all-tied stratum", 1e-12},
		{"B better, 3 fields × 20", 1e-12},
		{"rounded, unequal sizes", 1e-12},
		{"one value per variant per stratum", 1e-12},
		{"single stratum, no ties (ranksums)", 1e-12},
		{"single stratum, ties (mannwhitneyu)", 1e-12},
		{"single stratum, rounded (mannwhitneyu)", 1e-12},
	}
	require.Len(t, g.VanElteren, len(cases), "every golden record has a row")
	for i, c := range cases {
		want := g.VanElteren[i]
		t.Run(c.name, func(t *testing.T) {
			got, err := VanElteren(want.X, want.Y)
			require.NoError(t, err)
			abs := c.tol * 1e-3
			testutil.AssertClose(t, got.T, want.T, c.tol, abs, "T")
			testutil.AssertClose(t, got.Mean, want.Mean, c.tol, abs, "E[T]")
			testutil.AssertClose(t, got.Var, want.Var, c.tol, abs, "Var[T]")
			testutil.AssertClose(t, got.Z, want.Z, c.tol, abs, "Z")
			testutil.AssertClose(t, got.P, want.P, c.tol, 0, "P")
			testutil.AssertClose(t, got.PGreater, want.PGreater, c.tol, 0, "PGreater")
		})
	}
}

func TestVanElterenHand(t *testing.T) {
	t.Parallel()
	// One stratum {2} vs {1}: W = 2, T = 2/3, E = 1/2,
	// Var = 1·1/(12·9)·3 = 1/36, Z = (1/6)/(1/6) = 1.
	r, err := VanElteren([][]float64{{2}}, [][]float64{{1}})
	require.NoError(t, err)
	assert.InDelta(t, 2.0/3, r.T, 1e-15)
	assert.InDelta(t, 0.5, r.Mean, 1e-15)
	assert.InDelta(t, 1.0/36, r.Var, 1e-15)
	assert.InDelta(t, 1.0, r.Z, 1e-14)
}

// TestVanElterenInvariance checks the properties that justify the test for
// fields of different difficulty: a monotone increasing transform within
// any stratum (here an offset and scale per field) changes nothing, and
// swapping the variants negates Z and keeps P.
func TestVanElterenInvariance(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(11)
	x := [][]float64{testutil.Normal(rnd, 5, 1), testutil.Normal(rnd, 7, 1), testutil.Normal(rnd, 4, 1)}
	y := [][]float64{testutil.Normal(rnd, 6, 1), testutil.Normal(rnd, 5, 1), testutil.Normal(rnd, 8, 1)}
	base, err := VanElteren(x, y)
	require.NoError(t, err)
	shift := func(s [][]float64) [][]float64 {
		out := make([][]float64, len(s))
		for h, v := range s {
			out[h] = make([]float64, len(v))
			for i, a := range v {
				out[h][i] = 10*float64(h) + math.Exp(a) // increasing per stratum
			}
		}
		return out
	}
	moved, err := VanElteren(shift(x), shift(y))
	require.NoError(t, err)
	assert.Equal(t, base, moved, "monotone transform within strata")
	swapped, err := VanElteren(y, x)
	require.NoError(t, err)
	assert.InDelta(t, -base.Z, swapped.Z, 1e-12)
	assert.InDelta(t, base.P, swapped.P, 1e-12)
	assert.InDelta(t, 1-base.PGreater, swapped.PGreater, 1e-12)
}

func TestKendallWGolden(t *testing.T) {
	t.Parallel()
	g := loadFieldsGolden(t)
	cases := []struct {
		name string
		tol  float64
	}{
		{"3 fields × 4, near agreement", 1e-12},
		{"5 fields × 11, random", 1e-12},
		{"5 fields × 11, 1/8 grid ties", 1e-12},
		{"one field all tied", 1e-12},
		{"perfect agreement", 1e-12},
		{"perfect disagreement", 1e-12},
		{"two variants (formula, chi2.sf)", 1e-12},
	}
	require.Len(t, g.KendallW, len(cases), "every golden record has a row")
	for i, c := range cases {
		want := g.KendallW[i]
		t.Run(c.name, func(t *testing.T) {
			m, n := len(want.Scores), len(want.Scores[0])
			d := mat.NewDense(m, n, nil)
			for r, row := range want.Scores {
				d.SetRow(r, row)
			}
			got, err := KendallW(d)
			require.NoError(t, err)
			assert.Equal(t, want.DF, got.DF)
			testutil.AssertClose(t, got.W, want.W, c.tol, 1e-15, "W")
			testutil.AssertClose(t, got.ChiSq, want.ChiSq, c.tol, 1e-13, "χ²")
			testutil.AssertClose(t, got.P, want.P, c.tol, 0, "P")
		})
	}
}

// TestKendallWPermutation: W does not depend on the order of raters or of
// objects, and a transposed view (mat.Matrix, not *mat.Dense) works.
func TestKendallWPermutation(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(12)
	const m, n = 5, 11
	d := mat.NewDense(m, n, testutil.Normal(rnd, m*n, 1))
	base, err := KendallW(d)
	require.NoError(t, err)
	rows, cols := rnd.Perm(m), rnd.Perm(n)
	p := mat.NewDense(m, n, nil)
	for i := range m {
		for j := range n {
			p.Set(i, j, d.At(rows[i], cols[j]))
		}
	}
	perm, err := KendallW(p)
	require.NoError(t, err)
	assert.InDelta(t, base.W, perm.W, 1e-14)
	tr, err := KendallW(mat.DenseCopyOf(d.T()).T())
	require.NoError(t, err)
	assert.Equal(t, base, tr)
}

func TestCliffDeltaGolden(t *testing.T) {
	t.Parallel()
	g := loadFieldsGolden(t)
	// δ is a ratio of integers computed exactly both ways: tolerance 0.
	cases := []struct {
		name string
		tol  float64
	}{
		{"x below y", 0},
		{"x above y", 0},
		{"normal 10 vs 12", 0},
		{"1/8 grid ties", 0},
		{"all tied", 0},
		{"rounded 20 vs 20", 0},
		{"one value each", 0},
	}
	require.Len(t, g.CliffDelta, len(cases), "every golden record has a row")
	for i, c := range cases {
		want := g.CliffDelta[i]
		t.Run(c.name, func(t *testing.T) {
			got, err := CliffDelta(want.X, want.Y)
			require.NoError(t, err)
			assert.InDelta(t, want.Delta, got, c.tol)
			assert.InDelta(t, cliffDeltaSlow(want.X, want.Y), got, c.tol)
		})
	}
}

// cliffDeltaSlow is the definition: the mean of sign(x_i − y_j) over pairs.
func cliffDeltaSlow(x, y []float64) float64 {
	var s float64
	for _, a := range x {
		for _, b := range y {
			switch {
			case a > b:
				s++
			case a < b:
				s--
			}
		}
	}
	return s / float64(len(x)*len(y))
}

// replay returns a draw function that yields the stored numpy indices in
// order, failing t if an index is out of range for the n asked.
func replay(t *testing.T, idx []int) (draw func(n int) int, used func() int) {
	pos := 0
	draw = func(n int) int {
		require.Less(t, pos, len(idx), "more draws than stored indices")
		i := idx[pos]
		require.True(t, i >= 0 && i < n, "index %d at %d not in [0, %d)", i, pos, n)
		pos++
		return i
	}
	return draw, func() int { return pos }
}

func TestMeanDiffGolden(t *testing.T) {
	t.Parallel()
	g := loadFieldsGolden(t)
	// numpy sums 8 or more values pairwise, Go left to right: the resampled
	// means and so the interval ends agree to rounding, not bit for bit.
	cases := []struct {
		name string
		tol  float64
	}{
		{"5 vs 6, level 0.95", 1e-13},
		{"20 vs 20 rounded, level 0.9", 1e-13},
		{"3 strata, 1/8 grid", 1e-13},
		{"5 strata × 5, level 0.99", 1e-13},
	}
	require.Len(t, g.MeanDiff, len(cases), "every golden record has a row")
	for i, c := range cases {
		want := g.MeanDiff[i]
		t.Run(c.name, func(t *testing.T) {
			draw, used := replay(t, want.Indices)
			got, err := meanDiffBootstrap(want.X, want.Y, want.Level, want.Resamples, draw)
			require.NoError(t, err)
			assert.Equal(t, len(want.Indices), used(), "indices consumed")
			assert.InDelta(t, want.Estimate, got.Estimate, c.tol, "estimate")
			assert.InDelta(t, want.Low, got.CI.Low, c.tol, "low")
			assert.InDelta(t, want.High, got.CI.High, c.tol, "high")
		})
	}
}

// TestMeanDiffDraws checks that the exported functions feed the core from
// rnd.IntN in the documented order and are deterministic.
func TestMeanDiffDraws(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(13)
	x := [][]float64{testutil.Normal(rnd, 5, 1), testutil.Normal(rnd, 3, 1)}
	y := [][]float64{testutil.Normal(rnd, 4, 1), testutil.Normal(rnd, 6, 1)}
	const B = 500
	// Record the documented draw sequence from a generator with seed 14.
	src := testutil.Rand(14)
	var idx []int
	for range B {
		for h := range x {
			for range x[h] {
				idx = append(idx, src.IntN(len(x[h])))
			}
			for range y[h] {
				idx = append(idx, src.IntN(len(y[h])))
			}
		}
	}
	draw, _ := replay(t, idx)
	want, err := meanDiffBootstrap(x, y, 0.95, B, draw)
	require.NoError(t, err)
	got, err := StratifiedMeanDiff(x, y, 0.95, B, testutil.Rand(14))
	require.NoError(t, err)
	assert.Equal(t, want, got, "StratifiedMeanDiff vs documented draw order")
	again, err := StratifiedMeanDiff(x, y, 0.95, B, testutil.Rand(14))
	require.NoError(t, err)
	assert.Equal(t, got, again, "same seed, same result")

	one, err := MeanDiff(x[0], y[0], 0.9, B, testutil.Rand(15))
	require.NoError(t, err)
	strat, err := StratifiedMeanDiff(x[:1], y[:1], 0.9, B, testutil.Rand(15))
	require.NoError(t, err)
	assert.Equal(t, one, strat, "one stratum is MeanDiff")
	m0, _ := Mean(x[0])
	m1, _ := Mean(y[0])
	assert.Equal(t, m0-m1, one.Estimate)
	assert.LessOrEqual(t, one.CI.Low, one.CI.High)
}

// TestMeanDiffCoverage: the 95% percentile interval of a difference in
// means covers the true difference in close to 95% of normal samples of
// 15 (percentile intervals undercover slightly at this size; 399 resamples
// suffice for a 95% interval). 300 samples
// give a binomial SD of about 1.3 points; the window is ±4 SD around 0.94.
func TestMeanDiffCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("coverage simulation")
	}
	t.Parallel()
	rnd := testutil.Rand(16)
	const reps, delta = 300, 0.7
	hit := 0
	for range reps {
		x := testutil.Normal(rnd, 15, 1)
		y := testutil.Normal(rnd, 15, 1)
		for i := range x {
			x[i] += delta
		}
		e, err := MeanDiff(x, y, 0.95, 399, rnd)
		require.NoError(t, err)
		if e.CI.Low <= delta && delta <= e.CI.High {
			hit++
		}
	}
	cov := float64(hit) / reps
	assert.InDelta(t, 0.94, cov, 0.05, "coverage %d/%d", hit, reps)
}

func TestPairwiseEffects(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(17)
	groups := [][]float64{testutil.Normal(rnd, 5, 1), testutil.Normal(rnd, 6, 1), testutil.Normal(rnd, 4, 1), {1, 1}}
	got, err := PairwiseEffects(groups, 0.95, 300, testutil.Rand(18))
	require.NoError(t, err)
	require.Len(t, got, 6)
	// The same comparisons one at a time from one generator, in the
	// documented order.
	seq := testutil.Rand(18)
	k := 0
	for i := range groups {
		for j := i + 1; j < len(groups); j++ {
			md, err := MeanDiff(groups[i], groups[j], 0.95, 300, seq)
			require.NoError(t, err)
			cd, err := CliffDelta(groups[i], groups[j])
			require.NoError(t, err)
			assert.Equal(t, PairEffect{I: i, J: j, MeanDiff: md, CliffDelta: cd}, got[k], "pair (%d, %d)", i, j)
			k++
		}
	}
}

func TestFieldErrors(t *testing.T) {
	t.Parallel()
	nan, inf, big := math.NaN(), math.Inf(1), math.MaxFloat64
	r := func() *rand.Rand { return testutil.Rand(1) }
	ok := [][]float64{{1, 2}, {3, 4}}
	dense := func(m, n int, v ...float64) mat.Matrix { return mat.NewDense(m, n, v) }
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"ve no strata", second(VanElteren(nil, nil)), ErrEmpty},
		{"ve strata mismatch", second(VanElteren(ok, ok[:1])), ErrMismatch},
		{"ve empty stratum", second(VanElteren([][]float64{{1}, {}}, ok)), ErrEmpty},
		{"ve NaN", second(VanElteren(ok, [][]float64{{1}, {nan}})), ErrNonFinite},
		{"ve all tied", second(VanElteren([][]float64{{1, 1}, {2}}, [][]float64{{1}, {2, 2}})), ErrDegenerate},
		{"kw one field", second(KendallW(dense(1, 3, 1, 2, 3))), ErrTooFew},
		{"kw one variant", second(KendallW(dense(3, 1, 1, 2, 3))), ErrTooFew},
		{"kw Inf", second(KendallW(dense(2, 2, 1, 2, inf, 1))), ErrNonFinite},
		{"kw all tied", second(KendallW(dense(2, 2, 1, 1, 3, 3))), ErrDegenerate},
		{"cd empty", second(CliffDelta(nil, []float64{1})), ErrEmpty},
		{"cd NaN", second(CliffDelta([]float64{1}, []float64{nan})), ErrNonFinite},
		{"md one value", second(MeanDiff([]float64{1}, []float64{1, 2}, 0.95, 10, r())), ErrTooFew},
		{"md NaN", second(MeanDiff([]float64{1, 2}, []float64{1, nan}, 0.95, 10, r())), ErrNonFinite},
		{"md level", second(MeanDiff([]float64{1, 2}, []float64{1, 2}, 1, 10, r())), ErrParam},
		{"md resamples", second(MeanDiff([]float64{1, 2}, []float64{1, 2}, 0.9, 0, r())), ErrParam},
		{"smd mismatch", second(StratifiedMeanDiff(ok, ok[:1], 0.95, 10, r())), ErrMismatch},
		{"smd no strata", second(StratifiedMeanDiff(nil, nil, 0.95, 10, r())), ErrEmpty},
		{"smd short stratum", second(StratifiedMeanDiff(ok, [][]float64{{1, 2}, {3}}, 0.95, 10, r())), ErrTooFew},
		{"pw one group", second(PairwiseEffects(ok[:1], 0.95, 10, r())), ErrTooFew},
		{"pw short group", second(PairwiseEffects([][]float64{{1, 2}, {1}}, 0.95, 10, r())), ErrTooFew},
		{"pw level", second(PairwiseEffects(ok, 0, 10, r())), ErrParam},
		{"kw nil", second(KendallW(nil)), ErrEmpty},
		{"md overflow", second(MeanDiff([]float64{big, big}, []float64{-big, -big}, 0.95, 10, r())), ErrNonFinite},
		{"md overflow Inf−Inf", second(MeanDiff([]float64{big, big}, []float64{big, big}, 0.95, 10, r())), ErrNonFinite},
		{"smd overflow", second(StratifiedMeanDiff([][]float64{{big, big}, {big, big}}, [][]float64{{0, 0}, {0, 0}}, 0.95, 10, r())), ErrNonFinite},
		{"pw overflow", second(PairwiseEffects([][]float64{{1, 2}, {big, big}, {-big, -big}}, 0.95, 10, r())), ErrNonFinite},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.ErrorIs(t, c.err, c.want)
		})
	}
	for name, f := range map[string]func(){
		"MeanDiff":           func() { _, _ = MeanDiff(ok[0], ok[1], 0.95, 10, nil) },
		"StratifiedMeanDiff": func() { _, _ = StratifiedMeanDiff(ok, ok, 0.95, 10, nil) },
		"PairwiseEffects":    func() { _, _ = PairwiseEffects(ok, 0.95, 10, nil) },
	} {
		assert.Panics(t, f, "%s with a nil *rand.Rand", name)
	}
}
