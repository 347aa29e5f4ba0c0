package spatial

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/cortexrnn/cortexrnn/internal/kernels"
)

// unitRoundoff32 is the unit roundoff of float32, 2⁻²⁴.
const unitRoundoff32 = 0x1p-24

// maxSquarings32 and maxProducts32 cap the float32 plans: each squaring can
// double the relative rounding error, so for ‖X‖₁ beyond about 2⁵·5 the
// penalties fall back to the float64 Padé algorithm (ExpWorkspace). The
// normalised matrices of trained networks have ‖X‖₁ between 1 and 3 (no
// squaring at all).
const (
	maxSquarings32 = 5
	maxProducts32  = 8 // Paterson–Stockmeyer products: degree ≤ 25
)

// taylor32 computes exp(X) and then, on request, the Fréchet derivative
// L(X, E) in float32 arithmetic, for the penalties' Float32 precision:
//
//	exp(X) ≈ (T_m(2^-s X))^(2^s),  T_m(Y) = Σ_{k≤m} Y^k/k!,
//
// with T_m evaluated by the Paterson–Stockmeyer scheme (Higham 2008,
// "Functions of Matrices", §4.2: powers Y², …, Y^p, then Horner in Y^p with
// blocks of degree < p), and L(X, E) by differentiating exactly that
// evaluation in forward mode (every product PQ becomes dP·Q + P·dQ, every
// squaring Y² becomes Y·dY + dY·Y), as Al-Mohy & Higham (2009,
// doi:10.1137/080716426, §3) do for Padé. The derivative of the computed
// approximation is therefore the Fréchet derivative of the approximation
// itself, and the truncation bound below covers it.
//
// Why Taylor and float32: the penalties exponentiate X = (S^-1/2 A S^-1/2)ᵀ
// with A = |W| ≥ 0, and differentiate in a direction E ≥ 0 (Communicability;
// EMD's direction has mixed signs). With X, E ≥ 0 every term of the series,
// of the Horner recurrence, of the squarings and of the forward-mode
// products is nonnegative: there is no cancellation, so each entry carries a
// relative rounding error of order (number of products)·n·u (u = 2⁻²⁴,
// Higham 2002, §3.5), while a Padé approximant needs a linear solve with
// cancellation. The products are float32 GEMMs (blas32, so fastblas or
// another installed BLAS is used), twice as fast as float64 ones.
//
// Degree and scaling: with θ = ‖2^-s X‖₁, the derivative's truncation error
// is at most θ^m/m!/(1 − θ/(m+1))·‖E‖₁ ≤ u‖E‖₁ ≤ u‖L(X, E)‖₁ (L ≥ E for
// X, E ≥ 0), and the value's is smaller. plan picks the (m, s) of least cost
// (p−1)+r+s products meeting that bound, preferring fewer squarings.
//
// The value pass keeps every intermediate (the powers, the Horner
// accumulators and the squarings) so that the derivative pass, which may
// come later with a direction that depends on the value (EMD), costs two
// products per product of the value pass. Not safe for concurrent use;
// buffers are reused between calls of the same size.
type taylor32 struct {
	n int
	// pow[k] = Y^k (k = 1..p, Y = 2^-s X; pow[0] unused), acc[j] the
	// Horner accumulator after block j (j = r..0), sq[k] = Y_k, the k-th
	// squaring (sq[0] = acc[0]).
	pow, acc, sq [][]float32
	// dpow, dacc, dsq: their derivatives in direction E (E itself in dpow[1]).
	dpow       [][]float32
	dacc, dsq  [2][]float32
	coef       []float32
	p, r, m, s int
	ready      bool
}

// taylorPlan returns the Paterson–Stockmeyer split (p powers, r Horner
// steps; degree m = p(r+1)) and the scaling s of least cost for ‖X‖₁ =
// norm; ok is false when that would need more than maxSquarings32
// squarings (or norm is not finite).
func taylorPlan(norm float64) (p, r, s int, ok bool) {
	if !(norm >= 0) || math.IsInf(norm, 0) {
		return 0, 0, 0, false
	}
	// The cost c = (p−1)+r of a product budget reaches the largest degree
	// p(c−p+2) at p = ⌊(c+2)/2⌋; the loop tries budgets in order.
	for total := 1; ; total++ {
		for s = 0; s < total && s <= maxSquarings32; s++ {
			c := total - s
			if c > maxProducts32 {
				continue
			}
			p = max(2, (c+2)/2)
			r = c - p + 1
			if r < 0 {
				continue
			}
			if taylorBound(math.Ldexp(norm, -s), p*(r+1)) <= unitRoundoff32 {
				return p, r, s, true
			}
		}
		if total >= maxProducts32+maxSquarings32 {
			return 0, 0, 0, false
		}
	}
}

// taylorBound is θ^m/m!/(1 − θ/(m+1)), the bound on Σ_{i≥m} θ^i/i! (+Inf
// when θ ≥ m+1).
func taylorBound(theta float64, m int) float64 {
	if theta >= float64(m+1) {
		return math.Inf(1)
	}
	t := 1.0
	for i := 1; i <= m; i++ {
		t *= theta / float64(i)
	}
	return t / (1 - theta/float64(m+1))
}

// grow returns buf with n·n elements, reusing it when it is large enough.
func grow32(buf []float32, nn int) []float32 {
	if cap(buf) >= nn {
		return buf[:nn]
	}
	return make([]float32, nn)
}

// growList makes (*list)[0..k] usable buffers of nn elements.
func growList32(list *[][]float32, k, nn int) {
	for len(*list) <= k {
		*list = append(*list, nil)
	}
	for i := 0; i <= k; i++ {
		(*list)[i] = grow32((*list)[i], nn)
	}
}

// exp takes X in x (n×n row-major, overwritten with 2^-s X; it becomes
// pow[1]) with ‖X‖₁ = norm, and returns exp(X) (a workspace slice). ok is
// false when the plan needs too many squarings; the caller falls back to
// float64.
func (t *taylor32) exp(x []float32, n int, norm float64) (out []float32, ok bool) {
	p, r, s, ok := taylorPlan(norm)
	if !ok {
		return nil, false
	}
	nn := n * n
	t.n, t.p, t.r, t.s, t.m, t.ready = n, p, r, s, p*(r+1), false
	growList32(&t.pow, p, nn)
	growList32(&t.acc, r, nn)
	for len(t.sq) <= s {
		t.sq = append(t.sq, nil)
	}
	copy(t.pow[1], x)
	if s > 0 {
		f := float32(math.Ldexp(1, -s))
		for i := range t.pow[1] {
			t.pow[1][i] *= f
		}
	}
	if len(t.coef) < t.m+1 {
		t.coef = make([]float32, t.m+1)
	}
	f := 1.0
	for k := 0; k <= t.m; k++ {
		if k > 0 {
			f /= float64(k)
		}
		t.coef[k] = float32(f)
	}

	// Powers Y^k = Y^{k−1}·Y.
	for k := 2; k <= p; k++ {
		gemm32(t.pow[k-1], t.pow[1], 0, t.pow[k], n)
	}
	// Horner: acc[r] = B_r, acc[j] = B_j + Y^p·acc[j+1].
	t.block(t.acc[r], r, false)
	for j := r - 1; j >= 0; j-- {
		t.block(t.acc[j], j, false)
		gemm32(t.pow[p], t.acc[j+1], 1, t.acc[j], n)
	}
	// Squarings Y_{k+1} = Y_k².
	t.sq[0] = t.acc[0]
	for k := 1; k <= s; k++ {
		t.sq[k] = grow32(t.sq[k], nn) // only ever its own buffer for k ≥ 1
		gemm32(t.sq[k-1], t.sq[k-1], 0, t.sq[k], n)
	}
	t.ready = true
	return t.sq[s], true
}

// block writes B_j = Σ_i c_{jp+i} Y^i into dst (i = 0..p−1, and up to p for
// the top block j = r), or with deriv its derivative Σ_{i≥1} c_{jp+i} dY^i.
func (t *taylor32) block(dst []float32, j int, deriv bool) {
	n, p, c := t.n, t.p, t.coef
	top := p - 1
	if j == t.r {
		top = p
	}
	pw := t.pow
	if deriv {
		pw = t.dpow
	}
	clear(dst)
	for i := 1; i <= top; i++ {
		// blas32.Axpy: gonum's SIMD loop (the element-wise passes run on
		// one goroutine between the GEMMs, so their speed matters).
		blas32.Axpy(c[j*p+i], blas32.Vector{N: len(dst), Inc: 1, Data: pw[i]}, blas32.Vector{N: len(dst), Inc: 1, Data: dst})
	}
	if !deriv {
		c0 := c[j*p]
		for i := 0; i < n; i++ {
			dst[i*n+i] += c0
		}
	}
}

// frechet returns L(X, E) for the X of the last exp, with E in e (n×n,
// overwritten; it becomes dpow[1]), as a workspace slice.
func (t *taylor32) frechet(e []float32) []float32 {
	if !t.ready {
		panic("spatial: internal error: frechet before exp")
	}
	n, p, r, s := t.n, t.p, t.r, t.s
	nn := n * n
	growList32(&t.dpow, p, nn)
	for i := range t.dacc {
		t.dacc[i] = grow32(t.dacc[i], nn)
		t.dsq[i] = grow32(t.dsq[i], nn)
	}
	copy(t.dpow[1], e)
	if s > 0 {
		f := float32(math.Ldexp(1, -s))
		for i := range t.dpow[1] {
			t.dpow[1][i] *= f
		}
	}
	// d(Y^k) = d(Y^{k−1})·Y + Y^{k−1}·dY.
	for k := 2; k <= p; k++ {
		gemm32(t.dpow[k-1], t.pow[1], 0, t.dpow[k], n)
		gemm32(t.pow[k-1], t.dpow[1], 1, t.dpow[k], n)
	}
	// d(acc[j]) = dB_j + d(Y^p)·acc[j+1] + Y^p·d(acc[j+1]).
	cur, next := t.dacc[0], t.dacc[1]
	t.block(cur, r, true)
	for j := r - 1; j >= 0; j-- {
		t.block(next, j, true)
		gemm32(t.dpow[p], t.acc[j+1], 1, next, n)
		gemm32(t.pow[p], cur, 1, next, n)
		cur, next = next, cur
	}
	// d(Y_{k+1}) = Y_k·dY_k + dY_k·Y_k.
	for k := 0; k < s; k++ {
		out := t.dsq[k%2]
		gemm32(t.sq[k], cur, 0, out, n)
		gemm32(cur, t.sq[k], 1, out, n)
		cur = out
	}
	return cur
}

// gemm32 sets c = a·b + beta·c for contiguous n×n float32 matrices through
// kernels.Gemm32; c must not alias a or b.
func gemm32(a, b []float32, beta float32, c []float32, n int) {
	g := func(d []float32) blas32.General { return blas32.General{Rows: n, Cols: n, Stride: n, Data: d} }
	kernels.Gemm32(blas.NoTrans, blas.NoTrans, 1, g(a), g(b), beta, g(c))
}
