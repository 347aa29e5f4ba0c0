package stats

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// golden holds testdata/golden.json, written by testdata/golden.py with
// Debian's /usr/bin/python3: numpy 1.24.2, scipy 1.10.1, statsmodels 0.13.5.
type golden struct {
	Versions map[string]string `json:"versions"`
	Describe []struct {
		X         []float64             `json:"x"`
		Mean      float64               `json:"mean"`
		SD0       float64               `json:"sd0"`
		SD1       float64               `json:"sd1"`
		TInterval map[string][2]float64 `json:"t_interval"`
		TMp       map[string][2]float64 `json:"t_interval_mp"`
	} `json:"describe"`
	Quantile []struct {
		X    []float64 `json:"x"`
		Q    []float64 `json:"q"`
		Want []float64 `json:"want"`
	} `json:"quantile"`
	Kruskal []struct {
		Groups [][]float64 `json:"groups"`
		H      float64     `json:"h"`
		P      float64     `json:"p"`
	} `json:"kruskal"`
	MannWhitney []struct {
		X []float64 `json:"x"`
		Y []float64 `json:"y"`
		U float64   `json:"u"`
		P float64   `json:"p"`
	} `json:"mannwhitneyu"`
	Holm []struct {
		P        []float64 `json:"p"`
		Adjusted []float64 `json:"adjusted"`
		Reject   []bool    `json:"reject"`
	} `json:"holm"`
}

func loadGolden(t *testing.T) golden {
	t.Helper()
	b, err := os.ReadFile("testdata/golden.json")
	require.NoError(t, err)
	var g golden
	require.NoError(t, json.Unmarshal(b, &g), "testdata/golden.json")
	require.Equal(t, "1.10.1", g.Versions["scipy"], "golden values from another scipy")
	return g
}

// tol is the agreement required with scipy/numpy/statsmodels on every
// deterministic quantity (relative, with an absolute floor for values near 0).
const tol = 1e-10

func TestDescribeGolden(t *testing.T) {
	t.Parallel()
	g := loadGolden(t)
	for i, c := range g.Describe {
		m, err := Mean(c.X)
		require.NoError(t, err)
		testutil.AssertClose(t, m, c.Mean, tol, 0, "case %d mean", i)
		s0, err := SD(c.X, 0)
		require.NoError(t, err)
		testutil.AssertClose(t, s0, c.SD0, tol, 0, "case %d SD ddof=0", i)
		s1, err := SD(c.X, 1)
		require.NoError(t, err)
		testutil.AssertClose(t, s1, c.SD1, tol, 0, "case %d SD ddof=1", i)
		for key, want := range c.TMp {
			level, err := strconv.ParseFloat(key, 64)
			require.NoError(t, err)
			ci, err := TInterval(c.X, level)
			require.NoError(t, err)
			// Against the 40-digit mpmath quantile: 1e-10.
			testutil.AssertClose(t, ci.Low, want[0], tol, 0, "case %d t-interval %v low (mpmath)", i, level)
			testutil.AssertClose(t, ci.High, want[1], tol, 0, "case %d t-interval %v high (mpmath)", i, level)
			// Against scipy 1.10 itself, whose t.ppf (cdflib) is accurate
			// to ~1e-8 relative only (see TInterval).
			sc := c.TInterval[key]
			testutil.AssertClose(t, ci.Low, sc[0], 1e-8, 0, "case %d t-interval %v low (scipy)", i, level)
			testutil.AssertClose(t, ci.High, sc[1], 1e-8, 0, "case %d t-interval %v high (scipy)", i, level)
		}
		sum, err := Summarize(c.X, 0.95)
		require.NoError(t, err)
		assert.Equal(t, len(c.X), sum.N, "case %d: Summarize N", i)
		assert.Equal(t, m, sum.Mean, "case %d: Summarize Mean vs Mean", i)
		assert.Equal(t, s1, sum.SD, "case %d: Summarize SD vs SD(x, 1)", i)
		assert.Equal(t, s1/math.Sqrt(float64(len(c.X))), sum.SE, "case %d: Summarize SE vs SD/√n", i)
		testutil.AssertClose(t, sum.CI.Low, c.TMp["0.95"][0], tol, 0, "case %d Summarize CI", i)
	}
}

func TestQuantileGolden(t *testing.T) {
	t.Parallel()
	g := loadGolden(t)
	for i, c := range g.Quantile {
		for k, q := range c.Q {
			got, err := Quantile(c.X, q)
			require.NoError(t, err)
			testutil.AssertClose(t, got, c.Want[k], tol, 1e-15, "case %d q=%v", i, q)
		}
	}
}

func TestKruskalWallisGolden(t *testing.T) {
	t.Parallel()
	g := loadGolden(t)
	for i, c := range g.Kruskal {
		r, err := KruskalWallis(c.Groups...)
		require.NoError(t, err)
		testutil.AssertClose(t, r.H, c.H, tol, 0, "case %d H", i)
		testutil.AssertClose(t, r.P, c.P, tol, 0, "case %d p", i)
		assert.Equal(t, len(c.Groups)-1, r.DF, "case %d DF", i)
	}
}

func TestMannWhitneyGolden(t *testing.T) {
	t.Parallel()
	g := loadGolden(t)
	sawExact, sawApprox := false, false
	for i, c := range g.MannWhitney {
		r, err := MannWhitneyU(c.X, c.Y)
		require.NoError(t, err)
		testutil.AssertClose(t, r.U, c.U, tol, 0, "case %d U", i)
		testutil.AssertClose(t, r.P, c.P, tol, 0, "case %d p (exact=%v)", i, r.Exact)
		sawExact = sawExact || r.Exact
		sawApprox = sawApprox || !r.Exact
	}
	assert.True(t, sawExact, "golden cases cover no exact p-value")
	assert.True(t, sawApprox, "golden cases cover no approximate p-value")
}

// TestMannWhitneySFSlow compares the counting recurrence with brute-force
// enumeration of all C(n1+n2, n1) labelings.
func TestMannWhitneySFSlow(t *testing.T) {
	t.Parallel()
	for _, sz := range [][2]int{{1, 1}, {2, 3}, {3, 2}, {4, 5}, {5, 7}, {6, 6}} {
		n1, n2 := sz[0], sz[1]
		n := n1 + n2
		counts := make([]float64, n1*n2+1)
		var total float64
		for mask := 0; mask < 1<<n; mask++ {
			if popcount(mask) != n1 {
				continue
			}
			// positions 0..n−1 are the sorted values; bit set = x.
			u, ys := 0, 0
			for p := 0; p < n; p++ {
				if mask&(1<<p) != 0 {
					u += ys
				} else {
					ys++
				}
			}
			counts[u]++
			total++
		}
		for u := 0; u <= n1*n2+1; u++ {
			var want float64
			for v := u; v < len(counts); v++ {
				want += counts[v]
			}
			want /= total
			testutil.AssertClose(t, mannWhitneySF(u, n1, n2), want, 1e-14, 0, "sf(%d; %d, %d)", u, n1, n2)
		}
	}
}

func popcount(x int) int {
	c := 0
	for ; x != 0; x &= x - 1 {
		c++
	}
	return c
}

func TestHolmGolden(t *testing.T) {
	t.Parallel()
	g := loadGolden(t)
	for i, c := range g.Holm {
		adj, rej, err := Holm(c.P, 0.05)
		require.NoError(t, err)
		testutil.AssertSlicesClose(t, adj, c.Adjusted, tol, 0, "case %d adjusted", i)
		assert.Equal(t, c.Reject, rej, "case %d reject", i)
	}
}

func TestRankTies(t *testing.T) {
	t.Parallel()
	// scipy.stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5]) (hand-checked).
	x := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5}
	want := []float64{4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5}
	got, err := Rank(x)
	assert.NoError(t, err, "Rank")
	assert.Equal(t, want, got, "Rank")
	_, ts := rankTies(x)
	assert.Equal(t, 12.0, ts, "tie sum") // two pairs: 2·(8−2)
	_, err = Rank([]float64{1, math.NaN()})
	assert.ErrorIs(t, err, ErrNonFinite, "Rank with NaN")
}

func TestBootstrap(t *testing.T) {
	t.Parallel()
	x := testutil.Normal(testutil.Rand(3), 30, 1)
	a, err := Bootstrap(x, nil, 0.95, 2000, testutil.Rand(7))
	require.NoError(t, err)
	b, err := Bootstrap(x, nil, 0.95, 2000, testutil.Rand(7))
	require.NoError(t, err)
	assert.Equal(t, a, b, "same seed, different intervals")
	// Slow reference: the same draws, every resample kept, sorted, numpy
	// linear quantiles through the exported Quantile.
	rnd := testutil.Rand(7)
	theta := make([]float64, 2000)
	for k := range theta {
		var s float64
		for range x {
			s += x[rnd.IntN(len(x))]
		}
		theta[k] = s / float64(len(x))
	}
	level := 0.95 // a variable: (1-level)/2 must round as in Bootstrap
	lo, err := Quantile(theta, (1-level)/2)
	require.NoError(t, err)
	hi, err := Quantile(theta, 1-(1-level)/2)
	require.NoError(t, err)
	testutil.AssertClose(t, a.Low, lo, 1e-15, 0, "bootstrap low vs slow reference")
	testutil.AssertClose(t, a.High, hi, 1e-15, 0, "bootstrap high vs slow reference")
	// The percentile interval of the mean is close to the t-interval for a
	// normal sample of 30 (both estimate ±1.96 σ/√n); agreement to 25%.
	ti, err := TInterval(x, 0.95)
	require.NoError(t, err)
	tw := ti.High - ti.Low
	assert.InDelta(t, tw, a.High-a.Low, 0.25*tw, "bootstrap width vs t-interval width")
	// A custom statistic: the median of a constant sample is that constant.
	med := func(s []float64) float64 {
		q, err := Quantile(s, 0.5)
		assert.NoError(t, err, "median")
		return q
	}
	c, err := Bootstrap([]float64{2, 2, 2}, med, 0.9, 50, rand.New(rand.NewPCG(1, 2)))
	assert.NoError(t, err, "constant sample")
	assert.Equal(t, Interval{Low: 2, High: 2}, c, "constant sample")
}

func TestErrors(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"mean empty", second(Mean(nil)), ErrEmpty},
		{"mean NaN", second(Mean([]float64{1, nan})), ErrNonFinite},
		{"sd n=ddof", second(SD([]float64{1}, 1)), ErrTooFew},
		{"sd ddof<0", second(SD([]float64{1}, -1)), ErrParam},
		{"t one value", second(TInterval([]float64{1}, 0.95)), ErrTooFew},
		{"t level 1", second(TInterval([]float64{1, 2}, 1)), ErrParam},
		{"t inf", second(TInterval([]float64{1, math.Inf(1)}, 0.95)), ErrNonFinite},
		{"quantile q", second(Quantile([]float64{1}, 1.5)), ErrParam},
		{"quantile empty", second(Quantile(nil, 0.5)), ErrEmpty},
		{"kw one group", second(KruskalWallis([]float64{1, 2})), ErrTooFew},
		{"kw empty group", second(KruskalWallis([]float64{1, 2}, nil)), ErrEmpty},
		{"kw identical", second(KruskalWallis([]float64{1, 1}, []float64{1})), ErrDegenerate},
		{"mw empty", second(MannWhitneyU(nil, []float64{1})), ErrEmpty},
		{"mw identical", second(MannWhitneyU([]float64{1, 1, 1, 1, 1, 1, 1, 1, 1}, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1})), ErrDegenerate},
		{"mw nan", second(MannWhitneyU([]float64{nan}, []float64{1})), ErrNonFinite},
		{"boot resamples", second(Bootstrap([]float64{1}, nil, 0.95, 0, testutil.Rand(1))), ErrParam},
		{"boot nan stat", second(Bootstrap([]float64{1}, func([]float64) float64 { return nan }, 0.95, 3, testutil.Rand(1))), ErrNonFinite},
	}
	for _, c := range cases {
		assert.ErrorIs(t, c.err, c.want, c.name)
	}
	_, _, err := Holm([]float64{0.1, 1.2}, 0.05)
	assert.ErrorIs(t, err, ErrParam, "Holm p>1")
	_, _, err = Holm([]float64{0.1}, 0)
	assert.ErrorIs(t, err, ErrParam, "Holm alpha 0")
	assert.Panics(t, func() { _, _ = Bootstrap([]float64{1}, nil, 0.95, 3, nil) }, "Bootstrap(nil rand)")
}

func second[T any](_ T, err error) error { return err }
