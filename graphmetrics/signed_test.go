package graphmetrics

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// plantedSigned returns an n×n matrix with k modules: positive weights
// inside, negative between, Gaussian noise, and a share of zeros.
func plantedSigned(n, k int, zeros float64, rnd *rand.Rand) (*mat.Dense, []int) {
	label := make([]int, n)
	for i := range label {
		label[i] = i * k / n
	}
	w := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := 0.3 * rnd.NormFloat64()
			if label[i] == label[j] {
				v += 0.5
			} else {
				v -= 0.2
			}
			if rnd.Float64() < zeros {
				v = 0
			}
			w.Set(i, j, v)
		}
	}
	return w, label
}

func communitiesOf(label []int) [][]int {
	k := slices.Max(label) + 1
	c := make([][]int, k)
	for i, l := range label {
		c[l] = append(c[l], i)
	}
	return c
}

func TestSignedCommunitiesFindPlantedModules(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(31)
	for _, kind := range []SignedKind{SignedSymmetric, SignedAsymmetric} {
		t.Run(kind.String(), func(t *testing.T) {
			w, label := plantedSigned(60, 4, 0.2, rnd)
			comms, q, err := SignedCommunities(w, kind, rnd)
			require.NoError(t, err)
			assert.ElementsMatch(t, communitiesOf(label), comms)
			qp, err := SignedModularity(w, communitiesOf(label), kind)
			require.NoError(t, err)
			assert.InDelta(t, qp, q, 1e-12)
		})
	}
}

// TestSignedCommunitiesAgainstExhaustiveSearch checks, on small matrices,
// that the Louvain search never claims more than exhaustive search finds,
// beats the one-community partition and is a local optimum.
func TestSignedCommunitiesAgainstExhaustiveSearch(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(32)
	const n = 7
	for trial := 0; trial < 10; trial++ {
		data := testutil.Normal(rnd, n*n, 1)
		w := mat.NewDense(n, n, data)
		for _, kind := range []SignedKind{SignedSymmetric, SignedAsymmetric} {
			best := math.Inf(-1)
			forEachPartition(n, func(label []int) {
				q, err := SignedModularity(w, communitiesOf(label), kind)
				require.NoError(t, err)
				best = math.Max(best, q)
			})
			comms, q, err := SignedCommunities(w, kind, rnd)
			require.NoError(t, err)
			assert.LessOrEqual(t, q, best+1e-12)
			all, _ := SignedModularity(w, [][]int{{0, 1, 2, 3, 4, 5, 6}}, kind)
			assert.GreaterOrEqual(t, q, all-1e-12)
			// A local optimum: no single node can raise Q by moving.
			assert.False(t, improvableByOneMove(t, w, comms, q, kind), "trial %d %v", trial, kind)
		}
	}
}

// improvableByOneMove reports whether moving one node to another community
// (or alone) raises Q by more than 1e-12.
func improvableByOneMove(t *testing.T, w mat.Matrix, comms [][]int, q float64, kind SignedKind) bool {
	n, _ := w.Dims()
	label := make([]int, n)
	for c, ms := range comms {
		for _, v := range ms {
			label[v] = c
		}
	}
	for v := 0; v < n; v++ {
		for c := 0; c <= len(comms); c++ {
			l := slices.Clone(label)
			l[v] = c
			var parts [][]int
			for k := 0; k <= len(comms); k++ {
				var p []int
				for i, x := range l {
					if x == k {
						p = append(p, i)
					}
				}
				if len(p) > 0 {
					parts = append(parts, p)
				}
			}
			q2, err := SignedModularity(w, parts, kind)
			require.NoError(t, err)
			if q2 > q+1e-12 {
				return true
			}
		}
	}
	return false
}

// forEachPartition calls f with the restricted-growth label vector of every
// partition of n nodes.
func forEachPartition(n int, f func([]int)) {
	label := make([]int, n)
	var rec func(i, k int)
	rec = func(i, k int) {
		if i == n {
			f(label)
			return
		}
		for c := 0; c <= k; c++ {
			label[i] = c
			rec(i+1, max(k, c+1))
		}
	}
	rec(1, 1)
}

func TestSignedModularityProperties(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(33)
	// Without negative weights both kinds are the weighted directed
	// (Leicht–Newman) modularity; on a 0/1 matrix the binary one.
	g := randomDigraph(30, 0.2, rnd)
	a := mat.NewDense(30, 30, nil)
	for i := 0; i < 30; i++ {
		for j := range eachBit(g.outRow(i)) {
			a.Set(i, j, 1)
		}
	}
	comms := GreedyModularityDirected(g)
	want, err := DirectedModularity(g, comms)
	require.NoError(t, err)
	for _, kind := range []SignedKind{SignedSymmetric, SignedAsymmetric} {
		q, err := SignedModularity(a, comms, kind)
		require.NoError(t, err)
		assert.InDelta(t, want, q, 1e-12, kind.String())
	}
	// Flipping every sign negates the symmetric modularity.
	w, label := plantedSigned(20, 2, 0, rnd)
	var neg mat.Dense
	neg.Scale(-1, w)
	q1, _ := SignedModularity(w, communitiesOf(label), SignedSymmetric)
	q2, _ := SignedModularity(&neg, communitiesOf(label), SignedSymmetric)
	assert.InDelta(t, -q1, q2, 1e-12)
	// Undefined and bad input.
	_, err = SignedModularity(mat.NewDense(3, 3, nil), [][]int{{0, 1, 2}}, SignedSymmetric)
	assert.ErrorIs(t, err, ErrUndefined)
	_, err = SignedModularity(&neg, [][]int{{0}}, SignedSymmetric)
	assert.ErrorIs(t, err, ErrConfig)
	_, err = SignedModularity(mat.NewDense(2, 2, []float64{0, -1, -1, 0}), [][]int{{0, 1}}, SignedAsymmetric)
	assert.ErrorIs(t, err, ErrUndefined, "no positive weight")
	_, err = SignedModularity(w, communitiesOf(label), SignedKind(7))
	assert.ErrorIs(t, err, ErrConfig)
	_, _, err = SignedCommunities(mat.NewDense(3, 3, nil), SignedSymmetric, rnd)
	assert.ErrorIs(t, err, ErrUndefined)
	assert.Panics(t, func() { SignedCommunities(w, SignedSymmetric, nil) })
}

func signDegrees(w mat.Matrix) [4][]int {
	n, _ := w.Dims()
	var d [4][]int
	for k := range d {
		d[k] = make([]int, n)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			switch v := w.At(i, j); {
			case v > 0:
				d[0][i]++
				d[1][j]++
			case v < 0:
				d[2][i]++
				d[3][j]++
			}
		}
	}
	return d
}

func signedWeights(w mat.Matrix) (pos, neg []float64) {
	n, _ := w.Dims()
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if v := w.At(i, j); i != j && v > 0 {
				pos = append(pos, v)
			} else if i != j && v < 0 {
				neg = append(neg, v)
			}
		}
	}
	slices.Sort(pos)
	slices.Sort(neg)
	return pos, neg
}

func TestSignedStrengthNull(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(34)
	for _, c := range []struct {
		name  string
		n     int
		zeros float64
	}{{"dense", 60, 0}, {"sparse", 80, 0.8}} {
		t.Run(c.name, func(t *testing.T) {
			w, _ := plantedSigned(c.n, 3, c.zeros, rnd)
			null, st, err := SignedStrengthNull(w, 0, rnd)
			require.NoError(t, err)
			assert.Equal(t, signDegrees(w), signDegrees(null), "signed in/out-degrees")
			p1, n1 := signedWeights(w)
			p2, n2 := signedWeights(null)
			assert.Equal(t, p1, p2, "positive weights")
			assert.Equal(t, n1, n2, "negative weights")
			for i := 0; i < c.n; i++ {
				assert.Equal(t, w.At(i, i), null.At(i, i), "diagonal")
			}
			assert.Positive(t, st.Swaps)
			for k, r := range st.StrengthCorr {
				assert.Greater(t, r, 0.9, "strength correlation %d", k)
			}
			assert.Less(t, math.Abs(st.WeightCorr), 0.5)
			assert.Less(t, st.SignOverlap, 0.95)
			// Same seed, same null.
			again, _, err := SignedStrengthNull(w, 0, testutil.Rand(5))
			require.NoError(t, err)
			other, _, err := SignedStrengthNull(w, 0, testutil.Rand(5))
			require.NoError(t, err)
			assert.Equal(t, again.RawMatrix().Data, other.RawMatrix().Data)
		})
	}
	_, _, err := SignedStrengthNull(mat.NewDense(2, 2, []float64{0, math.Inf(1), 0, 0}), 0, rnd)
	assert.ErrorIs(t, err, ErrNonFinite)
	_, _, err = SignedStrengthNull(mat.NewDense(2, 2, nil), -1, rnd)
	assert.ErrorIs(t, err, ErrConfig)
	assert.Panics(t, func() { SignedStrengthNull(mat.NewDense(2, 2, nil), 0, nil) })
}

func TestComputeNewOptions(t *testing.T) {
	t.Parallel()
	w, _ := plantedSigned(40, 4, 0, testutil.Rand(35))
	o := Options{Directed: true, Weighted: true, Signed: true, NullCount: 10, DirectedNullCount: 20, WeightedNullCount: 3}
	m, err := Compute(w, o, testutil.Rand(1))
	require.NoError(t, err)
	again, err := Compute(w, o, testutil.Rand(1))
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("%+v", m), fmt.Sprintf("%+v", again), "same seed, same metrics")
	assert.Equal(t, 4, m.Signed.SymmetricCommunities)
	assert.Equal(t, 4, m.Signed.AsymmetricCommunities)
	assert.Greater(t, m.Signed.Asymmetric, m.Signed.Symmetric)
	assert.Equal(t, 20, m.Directed.SmallWorld.NNull)
	assert.Equal(t, 3, m.Weighted.NNull)
	assert.False(t, math.IsNaN(m.Weighted.NullClustering.Z))
	assert.False(t, math.IsNaN(m.Directed.Strength.OutIn))
	// Without the options the new fields are NaN.
	plain, err := Compute(w, Options{NullCount: 10}, testutil.Rand(1))
	require.NoError(t, err)
	assert.True(t, math.IsNaN(plain.Directed.Modularity))
	assert.True(t, math.IsNaN(plain.Weighted.Clustering))
	assert.True(t, math.IsNaN(plain.Signed.Symmetric))
	assert.Equal(t, m.Modularity, plain.Modularity, "the paper's metrics do not change")
	for _, bad := range []Options{{WeightedNullCount: -1}, {DirectedNullCount: -1}} {
		assert.ErrorIs(t, bad.Validate(), ErrConfig)
	}
}

// TestSignedStrengthNullMatchesIndependentImplementation compares the
// distribution of Go's nulls with that of an independent numpy
// implementation written from the published description
// (testdata/gen_golden_nulls.py, numpy 1.24.2, networkx 2.8.8 for Onnela
// clustering): the means over 200 nulls of one matrix must agree within
// five standard errors of their difference.
func TestSignedStrengthNullMatchesIndependentImplementation(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join("testdata", "nulls.json.gz"))
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var gold struct {
		N     int                `json:"n"`
		W     []float64          `json:"w"`
		NNull int                `json:"nnull"`
		Mean  map[string]float64 `json:"mean"`
		SD    map[string]float64 `json:"sd"`
	}
	require.NoError(t, json.NewDecoder(zr).Decode(&gold))
	n := gold.N
	w := mat.NewDense(n, n, gold.W)
	rnd := testutil.Rand(36)
	names := []string{"strength_corr_out_pos", "strength_corr_in_pos", "strength_corr_out_neg", "strength_corr_in_neg", "sign_overlap", "onnela_mean"}
	vals := make(map[string][]float64)
	for k := 0; k < gold.NNull; k++ {
		null, st, err := SignedStrengthNull(w, 0, rnd)
		require.NoError(t, err)
		for q := 0; q < 4; q++ {
			vals[names[q]] = append(vals[names[q]], st.StrengthCorr[q])
		}
		vals["sign_overlap"] = append(vals["sign_overlap"], st.SignOverlap)
		_, und := normalisedAbs(null, n)
		c, err := WeightedClustering(und)
		require.NoError(t, err)
		vals["onnela_mean"] = append(vals["onnela_mean"], mean(c))
	}
	for _, name := range names {
		s := normalised(0, vals[name])
		se := math.Sqrt((s.NullSD*s.NullSD + gold.SD[name]*gold.SD[name]) / float64(gold.NNull))
		t.Logf("%s: Go %.4f ± %.4f, numpy %.4f ± %.4f", name, s.NullMean, s.NullSD, gold.Mean[name], gold.SD[name])
		assert.InDelta(t, gold.Mean[name], s.NullMean, 5*se, "%s: Go %.4f ± %.4f, numpy %.4f ± %.4f", name, s.NullMean, s.NullSD, gold.Mean[name], gold.SD[name])
	}
}
