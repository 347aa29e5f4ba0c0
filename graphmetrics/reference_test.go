package graphmetrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// Slow, obviously correct implementations on dense 0/1 matrices; the fast
// bitset paths are compared with them.

func denseClustering(a []float64, n int) []float64 {
	c := make([]float64, n)
	for u := 0; u < n; u++ {
		var v []int
		for j := 0; j < n; j++ {
			if a[u*n+j] != 0 {
				v = append(v, j)
			}
		}
		k := len(v)
		if k < 2 {
			continue
		}
		s := 0.0
		for _, i := range v {
			for _, j := range v {
				s += a[i*n+j]
			}
		}
		c[u] = s / float64(k*k-k)
	}
	return c
}

// floyd returns all-pairs shortest path lengths (Inf when unreachable, 0 on
// the diagonal).
func floyd(a []float64, n int) []float64 {
	d := make([]float64, n*n)
	for i := range d {
		d[i] = math.Inf(1)
		if a[i] != 0 {
			d[i] = 1
		}
	}
	for i := 0; i < n; i++ {
		d[i*n+i] = 0
	}
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if x := d[i*n+k] + d[k*n+j]; x < d[i*n+j] {
					d[i*n+j] = x
				}
			}
		}
	}
	return d
}

func denseEfficiency(a []float64, n int) (eff, charpath float64) {
	d := floyd(a, n)
	var inv, sum float64
	cnt := 0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && !math.IsInf(d[i*n+j], 1) {
				inv += 1 / d[i*n+j]
				sum += d[i*n+j]
				cnt++
			}
		}
	}
	return inv / float64(n*n-n), sum / float64(cnt)
}

func directKDE(x []float64, lo, hi, h float64) []float64 {
	g := linspace(lo, hi, EntropyGridPoints)
	d := make([]float64, len(g))
	for _, xi := range x {
		for j, gj := range g {
			z := (gj - xi) / h
			d[j] += math.Exp(-z * z / 2)
		}
	}
	return d
}

func randomGraph(n int, p, pself float64, rnd *rand.Rand) *Graph {
	g := NewGraph(n)
	for i := 0; i < n; i++ {
		if rnd.Float64() < pself {
			g.SetEdge(i, i)
		}
		for j := i + 1; j < n; j++ {
			if rnd.Float64() < p {
				g.SetEdge(i, j)
			}
		}
	}
	return g
}

func TestFastPathsMatchDenseReference(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(3)
	for _, n := range []int{1, 2, 3, 63, 64, 65, 130} {
		for _, p := range []float64{0, 0.02, 0.1, 0.5, 1} {
			for _, ps := range []float64{0, 0.3} {
				g := randomGraph(n, p, ps, rnd)
				a := g.Dense()
				testutil.AssertSlicesClose(t, Clustering(g), denseClustering(a, n), 1e-14, 0, "clustering n=%d p=%v", n, p)
				if n < 2 {
					continue
				}
				e, l := denseEfficiency(a, n)
				testutil.AssertClose(t, Efficiency(g), e, 1e-13, 0, "efficiency n=%d p=%v", n, p)
				cpl := CharPathLength(g)
				assert.True(t, testutil.SameFloat(cpl, l, 1e-13, 0), "charpath n=%d p=%v: got %v want %v", n, p, cpl, l)
			}
		}
	}
}

func TestKDEGridMatchesDirectSum(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(4)
	cases := map[string][]float64{
		"normal":   testutil.Normal(rnd, 3000, 1),
		"uniform":  testutil.Uniform(rnd, 500, -2, 7),
		"twoPoint": {0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
	}
	gap := testutil.Normal(rnd, 2000, 0.001)
	gap = append(gap, 1000, 1000.001)
	cases["hugeGap"] = gap
	for name, x := range cases {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range x {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		for _, h := range []float64{0.001, 0.05, 0.5, 5} {
			got := normalise(kdeGrid(x, lo, hi, h))
			want := normalise(directKDE(x, lo, hi, h))
			testutil.AssertSlicesClose(t, got, want, 1e-11, 1e-15, "%s h=%v", name, h)
		}
	}
}

// bernoulli8 must equal eight lazy byte-by-byte comparisons of the same bits.
func TestBernoulli8MatchesBytewise(t *testing.T) {
	t.Parallel()
	for _, th := range []uint32{paperThreshold, paperSelfThreshold, 0x80000000, 0x00ffffff, 0x01000000} {
		r1, r2 := testutil.Rand(13), testutil.Rand(13)
		ones := 0
		for it := 0; it < 20000; it++ {
			got := bernoulli8(r1, th)
			x := r2.Uint64()
			var want uint64
			var ties []uint
			for k := uint(0); k < 8; k++ {
				b := uint32(x>>(8*k)) & 0xff
				switch {
				case b < th>>24:
					want |= 1 << k
				case b == th>>24:
					ties = append(ties, k)
				}
			}
			for _, k := range ties {
				if uint32(r2.Uint64()>>40) < th&0xffffff {
					want |= 1 << k
				}
			}
			require.Equal(t, want, got, "threshold %#x, draw %d: got %08b, want %08b", th, it, got, want)
			for ; got != 0; got &= got - 1 {
				ones++
			}
		}
		p := float64(ones) / (8 * 20000)
		want := float64(th) / (1 << 32)
		assert.InDelta(t, want, p, 5*math.Sqrt(want*(1-want)/(8*20000))+1e-9, "threshold %#x: frequency", th)
	}
}

func TestPaperNullShapeAllSizes(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(14)
	for n := 0; n <= 200; n++ {
		g := PaperNull(n, rnd)
		for i := 0; i < n; i++ {
			row := g.row(i)
			for k := range row {
				lo := k << 6
				if lo+64 > n {
					// lo+64 > n, so n-lo < 64 and the shift keeps only the bits past the last node.
					require.Zero(t, row[k]>>uint(max(0, n-lo)), "n=%d: row %d has bits beyond the last node", n, i)
				}
			}
			for j := 0; j < n; j++ {
				if g.hasEdge(i, j) != g.hasEdge(j, i) { // checked ~2.7M times: keep the pass path cheap
					require.Failf(t, "not symmetric", "n=%d: at %d,%d", n, i, j)
				}
			}
		}
	}
	// Density and self-loop rate over many nodes.
	g := PaperNull(1000, rnd)
	assert.InDelta(t, 0.18, g.Density(), 0.003, "density")
	assert.InDelta(t, 0.3, float64(g.NumSelfLoops())/1000, 0.06, "self-loop rate")
}

func TestQuantileMatchesSortedDefinition(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(15)
	for it := 0; it < 300; it++ {
		n := 1 + rnd.IntN(300)
		x := make([]float64, n)
		levels := 1 + rnd.IntN(20) // many ties
		for i := range x {
			x[i] = float64(rnd.IntN(levels)) - float64(levels)/3
		}
		if it%3 == 0 {
			x = testutil.Normal(rnd, n, 1)
		}
		q := rnd.Float64()
		if it%10 == 0 {
			q = 0.9
		}
		s := slices.Clone(x)
		slices.Sort(s)
		h := float64(n-1) * q
		var want float64
		if h >= float64(n-1) {
			want = s[n-1]
		} else {
			i := int(math.Floor(h))
			g := h - float64(i)
			if d := s[i+1] - s[i]; g >= 0.5 {
				want = s[i+1] - d*(1-g)
			} else {
				want = s[i] + d*g
			}
		}
		k := rnd.IntN(n)
		c := slices.Clone(x)
		require.Equal(t, s[k], selectKth(c, k), "selectKth(%d)", k)
		require.Equal(t, want, Quantile(x, q), "n=%d q=%v", n, q)
	}
}

func normalise(d []float64) []float64 {
	var s float64
	for _, v := range d {
		s += v
	}
	out := make([]float64, len(d))
	for i, v := range d {
		out[i] = v / s
	}
	return out
}
