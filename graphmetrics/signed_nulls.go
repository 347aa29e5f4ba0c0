package graphmetrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// DefaultResortFraction is the share of the arcs still waiting for a weight
// that SignedStrengthNull assigns between two re-rankings of the expected
// weights. Re-ranking after every arc costs O(M² log M) for M arcs, far too
// much for a dense 312-unit network (M ≈ 97,000); assigning 10% of the
// remaining arcs per ranking needs about 110 rankings, and the nulls'
// signed strengths still correlate with the original's at about 0.9–0.98
// (SignedNullStats.StrengthCorr; 30 to 312 units in the tests and
// benchmarks).
const DefaultResortFraction = 0.1

// SignedNullStats are the mixing and fidelity diagnostics of one
// SignedStrengthNull.
type SignedNullStats struct {
	Attempts, Swaps int // topology swaps tried and made
	// SignOverlap is the fraction of W's non-zero off-diagonal entries that
	// keep their sign in the null (1 before any swap; a dense matrix, whose
	// pattern of signs is all that can move, mixes towards the share
	// expected by chance).
	SignOverlap float64
	// StrengthCorr is the Pearson correlation between W's and the null's
	// out-strengths of the positive weights, in-strengths of the positive
	// weights, out- and in-strengths of the negative weights (NaN for a
	// sign without weight): the closer to 1, the better the null keeps
	// the strengths.
	StrengthCorr [4]float64
	// WeightCorr is the Pearson correlation between W and the null over the
	// off-diagonal entries: near 0 for a well-mixed null.
	WeightCorr float64
}

// SignedStrengthNull returns a randomisation of the weighted signed matrix
// w (N×N, row = source) that keeps each node's number of positive and of
// negative outgoing and incoming weights exactly and its positive and
// negative in- and out-strengths approximately (after Rubinov & Sporns
// 2011, doi:10.1016/j.neuroimage.2011.03.069). The diagonal is left as it
// is.
//
//  1. Topology: the sign pattern is rewired by swaps that take two arcs
//     a→b, c→d of the same sign σ and two pairs a→d, c→b in the same other
//     state (both absent, or both of the opposite sign) and exchange them,
//     so that every node keeps its in- and out-degree of each sign
//     (Maslov & Sneppen 2002; on a dense matrix, where no pair is absent,
//     this moves the signs). swapsPerArc × M successful swaps are made, M
//     the number of non-zero off-diagonal entries, or as many as succeed
//     in 100 times that many attempts, giving up once at least 10·M
//     attempts have been made with fewer than 1% accepted (a dense matrix
//     of one sign admits no swap); swapsPerArc = 0 means
//     DefaultSwapsPerEdge.
//  2. Weights, for each sign separately: with r_i^out, r_j^in the
//     strengths still to be given out (initially W's), each arc i→j of
//     the null expects a weight proportional to r_i^out r_j^in. The arcs
//     without a weight and the weights not yet used are both ranked by
//     size; a random DefaultResortFraction of the arcs (at least one) take
//     the weight of their own rank, the residual strengths are reduced by
//     what they took, and the ranking is repeated until every arc has a
//     weight.
//
// Every weight of w is used exactly once, so the weight distribution of
// each sign is kept exactly. It consumes randomness from rnd (two IntN per
// swap attempt, then one permutation per ranking) and panics if rnd is
// nil; it returns an error for a non-square or non-finite w or
// swapsPerArc < 0.
func SignedStrengthNull(w mat.Matrix, swapsPerArc int, rnd *rand.Rand) (*mat.Dense, SignedNullStats, error) {
	if rnd == nil {
		panic("graphmetrics: SignedStrengthNull: nil *rand.Rand")
	}
	if swapsPerArc < 0 {
		return nil, SignedNullStats{}, &InputError{Field: "swapsPerArc", Detail: fmt.Sprint(swapsPerArc), Err: ErrConfig}
	}
	if swapsPerArc == 0 {
		swapsPerArc = DefaultSwapsPerEdge
	}
	n, err := checkWeights(w, 0)
	if err != nil {
		return nil, SignedNullStats{}, err
	}
	var sn signedNull
	sn.load(w, n)
	st := sn.rewire(swapsPerArc, rnd)
	out := mat.NewDense(max(n, 1), max(n, 1), nil)
	if n == 0 {
		return &mat.Dense{}, st, nil
	}
	for i := 0; i < n; i++ {
		out.Set(i, i, w.At(i, i))
	}
	for s := 0; s < 2; s++ {
		sn.assign(out, s, rnd)
	}
	sn.diagnose(w, out, &st)
	return out, st, nil
}

// signedNull holds the sign pattern being rewired: state[i*n+j] is +1, −1
// or 0, arcs[s] the arcs of sign s (0 positive, 1 negative) as i*n+j, and
// at[i*n+j] the index of the pair in its sign's list.
type signedNull struct {
	n       int
	state   []int8
	arcs    [2][]int32
	at      []int32
	weights [2][]float64 // |W| of each sign, off-diagonal
	sout    [2][]float64 // W's out-strength of each sign, off-diagonal
	sin     [2][]float64 // and in-strength
}

func (sn *signedNull) load(w mat.Matrix, n int) {
	sn.n = n
	sn.state = make([]int8, n*n)
	sn.at = make([]int32, n*n)
	for s := range sn.sout {
		sn.sout[s] = make([]float64, n)
		sn.sin[s] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			v := w.At(i, j)
			s := 0
			switch {
			case v > 0:
				sn.state[i*n+j] = 1
			case v < 0:
				sn.state[i*n+j] = -1
				s = 1
			default:
				continue
			}
			sn.at[i*n+j] = int32(len(sn.arcs[s]))
			sn.arcs[s] = append(sn.arcs[s], int32(i*n+j))
			sn.weights[s] = append(sn.weights[s], math.Abs(v))
			sn.sout[s][i] += math.Abs(v)
			sn.sin[s][j] += math.Abs(v)
		}
	}
}

func signIndex(x int8) int {
	if x < 0 {
		return 1
	}
	return 0
}

// rewire performs the sign-preserving swaps.
func (sn *signedNull) rewire(perArc int, rnd *rand.Rand) SignedNullStats {
	n := sn.n
	np, nn := len(sn.arcs[0]), len(sn.arcs[1])
	m := np + nn
	var st SignedNullStats
	if m < 2 {
		return st
	}
	target := perArc * m
	for st.Swaps < target && st.Attempts < 100*target {
		if st.Attempts >= 10*m && st.Swaps*100 < st.Attempts {
			break // under 1% accepted: a rigid sign pattern
		}
		st.Attempts++
		e := rnd.IntN(m)
		s := 0
		if e >= np {
			s, e = 1, e-np
		}
		list := sn.arcs[s]
		e2 := rnd.IntN(len(list))
		if e2 == e {
			continue
		}
		ab, cd := int(list[e]), int(list[e2])
		a, b, c, d := ab/n, ab%n, cd/n, cd%n
		if a == c || b == d || a == d || c == b {
			continue
		}
		ad, cb := a*n+d, c*n+b
		x := sn.state[ad]
		if x != sn.state[cb] || x == sn.state[ab] {
			continue
		}
		sig := sn.state[ab]
		// Signs σ move to a→d, c→b; state x moves to a→b, c→d.
		if x != 0 {
			other := sn.arcs[signIndex(x)]
			i1, i2 := sn.at[ad], sn.at[cb]
			other[i1], other[i2] = int32(ab), int32(cd)
			sn.at[ab], sn.at[cd] = i1, i2
		}
		list[e], list[e2] = int32(ad), int32(cb)
		sn.at[ad], sn.at[cb] = int32(e), int32(e2)
		sn.state[ab], sn.state[cd] = x, x
		sn.state[ad], sn.state[cb] = sig, sig
		st.Swaps++
	}
	return st
}

// assign gives the arcs of sign s the weights of that sign by repeated
// rank matching of expected and available weights.
func (sn *signedNull) assign(out *mat.Dense, s int, rnd *rand.Rand) {
	n := sn.n
	arcs := append([]int32(nil), sn.arcs[s]...)
	wts := append([]float64(nil), sn.weights[s]...)
	sort.Sort(sort.Reverse(sort.Float64Slice(wts)))
	// Residual strengths: W's, from the original arcs' weights.
	rout := append([]float64(nil), sn.sout[s]...)
	rin := append([]float64(nil), sn.sin[s]...)
	sign := 1.0
	if s == 1 {
		sign = -1
	}
	type ranked struct {
		e float64
		k int32
	}
	rk := make([]ranked, len(arcs))
	r := make([]int, len(arcs))
	for len(arcs) > 0 {
		rk = rk[:len(arcs)]
		for k, p := range arcs {
			rk[k] = ranked{rout[int(p)/n] * rin[int(p)%n], int32(k)}
		}
		slices.SortFunc(rk, func(x, y ranked) int { // descending; ties by arc
			if x.e > y.e {
				return -1
			}
			if x.e < y.e {
				return 1
			}
			return int(x.k - y.k)
		})
		r = r[:len(arcs)]
		for rho, x := range rk {
			r[rho] = int(x.k)
		}
		// r[ρ] is the arc of rank ρ; choose random ranks.
		batch := max(1, int(math.Ceil(DefaultResortFraction*float64(len(arcs)))))
		perm := rnd.Perm(len(arcs))[:batch]
		take := make([]bool, len(arcs))
		for _, rho := range perm {
			p := int(arcs[r[rho]])
			v := wts[rho]
			out.Set(p/n, p%n, sign*v)
			rout[p/n] -= v
			rin[p%n] -= v
			take[rho] = true
		}
		// Keep the arcs and weights not taken, weights still sorted.
		keepArcs := make([]bool, len(arcs))
		for rho := range r {
			keepArcs[r[rho]] = !take[rho]
		}
		na, nw := arcs[:0], wts[:0]
		for k := range arcs {
			if keepArcs[k] {
				na = append(na, arcs[k])
			}
		}
		for rho := range wts {
			if !take[rho] {
				nw = append(nw, wts[rho])
			}
		}
		arcs, wts = na, nw
	}
}

func (sn *signedNull) diagnose(w mat.Matrix, null *mat.Dense, st *SignedNullStats) {
	n := sn.n
	var same, total int
	strengths := func(m mat.Matrix) [4][]float64 {
		var s [4][]float64
		for k := range s {
			s[k] = make([]float64, n)
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i == j {
					continue
				}
				v := m.At(i, j)
				if v > 0 {
					s[0][i] += v
					s[1][j] += v
				} else if v < 0 {
					s[2][i] -= v
					s[3][j] -= v
				}
			}
		}
		return s
	}
	a, b := strengths(w), strengths(null)
	for k := range st.StrengthCorr {
		st.StrengthCorr[k] = pearson(a[k], b[k])
	}
	var x, y []float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			u, v := w.At(i, j), null.At(i, j)
			x, y = append(x, u), append(y, v)
			if u != 0 {
				total++
				if (u > 0) == (v > 0) && v != 0 {
					same++
				}
			}
		}
	}
	st.SignOverlap = float64(same) / float64(total)
	st.WeightCorr = pearson(x, y)
}

// pearson returns the Pearson correlation of x and y (NaN if either is
// constant).
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return nan()
	}
	return sxy / math.Sqrt(sxx*syy)
}
