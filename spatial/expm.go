package spatial

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/internal/kernels"
)

// ExpWorkspace computes the matrix exponential exp(A) and its Fréchet
// derivative L(A, E) = d/dt exp(A + tE)|_{t=0} with the scaling–Padé–squaring
// algorithm of Al-Mohy & Higham (2009), "Computing the Fréchet derivative of
// the matrix exponential, with an application to condition number
// estimation", SIAM J. Matrix Anal. Appl. 30(4):1639–1657,
// doi:10.1137/080716426, as implemented by scipy.linalg.expm_frechet
// (method "SPS": same Padé degrees, same 1-norm thresholds ℓ_m, same scaling
// s = max(0, ⌈log₂(‖A‖₁/ℓ₁₃)⌉)).
//
// The matrix products go through the float64 BLAS installed with blas64.Use,
// or through fastblas while gonum's default is installed (package doc); the
// LU solves go through lapack64, so an implementation installed with
// lapack64.Use is picked up.
//
// The zero value is ready to use; buffers are reused between calls of the same
// size, so repeated calls allocate nothing. It holds about 10 n×n buffers
// for exp alone and 20 with the Fréchet derivative (64 MB at n = 632), plus
// one per squaring. A workspace is not safe for concurrent use.
type ExpWorkspace struct {
	n int
	// a and e hold the (scaled) inputs; the rest are n×n scratch buffers.
	a, e                   []float64
	a2, a4, a6, a8         []float64
	m2, m4, m6, m8         []float64
	u, v, lu, lv           []float64
	t1, t2, t3, t4, t5, t6 []float64
	ipiv                   []int
	// rs[k] = R_k, the Padé approximant squared k times (rs[0] aliases u).
	rs [][]float64
	// m, s: the Padé degree and scaling of the last exp; ready: frechet may
	// follow it.
	m, s  int
	ready bool
}

// ellTable holds ℓ_m of Al-Mohy & Higham (2009), Table 6.1 (scipy's
// ell_table_61): the largest ‖2^-s A‖₁ for which the degree-m Padé
// approximant and its Fréchet derivative meet the unit-roundoff bound.
var ellTable = [...]struct {
	m   int
	ell float64
}{{3, 1.08e-2}, {5, 2.00e-1}, {7, 7.83e-1}, {9, 1.78e0}, {13, 4.74e0}}

// padeCoef[m] are the coefficients b_0..b_m of the degree-m diagonal Padé
// approximant of exp (Higham 2005, doi:10.1137/04061101X).
var padeCoef = map[int][]float64{
	3: {120, 60, 12, 1},
	5: {30240, 15120, 3360, 420, 30, 1},
	7: {17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1},
	9: {17643225600, 8821612800, 2075673600, 302702400, 30270240,
		2162160, 110880, 3960, 90, 1},
	13: {64764752532480000, 32382376266240000, 7771770303897600,
		1187353796428800, 129060195264000, 10559470521600,
		670442572800, 33522128640, 1323241920, 40840800, 960960,
		16380, 182, 1},
}

// ExpTo writes exp(a) into dst (a zero-value dst is sized) and returns an
// error if a has a non-finite entry, the Padé denominator is singular, or the
// result overflows. a must be square (else a ShapeError panic); dst may be a.
func (w *ExpWorkspace) ExpTo(dst *mat.Dense, a mat.Matrix) error {
	const fn = "ExpWorkspace.ExpTo"
	n := squareSize(fn, "a", a)
	sizeDst(fn, "dst", dst, n)
	w.reset(n)
	if err := loadFinite(fn, "a", w.a, a); err != nil {
		return err
	}
	r, err := w.exp(fn)
	if err != nil {
		return err
	}
	store(dst, r, n)
	return nil
}

// ExpFrechetTo writes exp(a) into dstExp (skipped when dstExp is nil) and the
// Fréchet derivative L(a, e) into dstL, both sized if zero-valued. Errors as
// for ExpTo, also for a non-finite e. a and e must be square of one size, and
// non-nil destinations of that size, else a ShapeError panic.
//
// By the adjoint identity ⟨G, L(A, E)⟩ = ⟨L(Aᵀ, G), E⟩ (Frobenius inner
// product), the gradient of any scalar f(exp(A)) with ∂f/∂exp(A) = G is
// L(Aᵀ, G): one call, not one per entry of A. See derivation.md.
func (w *ExpWorkspace) ExpFrechetTo(dstExp, dstL *mat.Dense, a, e mat.Matrix) error {
	const fn = "ExpWorkspace.ExpFrechetTo"
	n := squareSize(fn, "a", a)
	if r, c := e.Dims(); r != n || c != n {
		panicShape(fn, "e", r, c, shapeOf(n, "the size of a"))
	}
	if dstExp != nil {
		sizeDst(fn, "dstExp", dstExp, n)
	}
	sizeDst(fn, "dstL", dstL, n)
	w.reset(n)
	w.ensureDerivative()
	if err := loadFinite(fn, "a", w.a, a); err != nil {
		return err
	}
	if err := loadFinite(fn, "e", w.e, e); err != nil {
		return err
	}
	r, err := w.exp(fn)
	if err != nil {
		return err
	}
	if dstExp != nil {
		store(dstExp, r, n)
	}
	l, err := w.frechet(fn)
	if err != nil {
		return err
	}
	store(dstL, l, n)
	return nil
}

// ExpTo is ExpWorkspace.ExpTo with a fresh workspace.
func ExpTo(dst *mat.Dense, a mat.Matrix) error {
	var w ExpWorkspace
	return w.ExpTo(dst, a)
}

// ExpFrechetTo is ExpWorkspace.ExpFrechetTo with a fresh workspace.
func ExpFrechetTo(dstExp, dstL *mat.Dense, a, e mat.Matrix) error {
	var w ExpWorkspace
	return w.ExpFrechetTo(dstExp, dstL, a, e)
}

// reset sizes the buffers for n×n matrices, keeping them when n is unchanged.
func (w *ExpWorkspace) reset(n int) {
	if w.n == n && w.a != nil {
		return
	}
	w.n = n
	for _, p := range []*[]float64{&w.a, &w.a2, &w.a4, &w.a6, &w.a8, &w.u, &w.v, &w.t1, &w.t2, &w.t3} {
		*p = make([]float64, n*n)
	}
	for _, p := range []*[]float64{&w.e, &w.m2, &w.m4, &w.m6, &w.m8, &w.lu, &w.lv, &w.t4, &w.t5, &w.t6} {
		*p = nil
	}
	w.ipiv = make([]int, n)
	w.rs = nil
	w.ready = false
}

// ensureDerivative allocates the buffers of the derivative phase (the value
// phase alone needs only half of the workspace).
func (w *ExpWorkspace) ensureDerivative() {
	if w.e != nil {
		return
	}
	for _, p := range []*[]float64{&w.e, &w.m2, &w.m4, &w.m6, &w.m8, &w.lu, &w.lv, &w.t4, &w.t5, &w.t6} {
		*p = make([]float64, w.n*w.n)
	}
}

// exp runs the value phase on w.a: it chooses the Padé degree m and the
// scaling s, forms the even powers of A = 2^-s·a, U, V, the LU factors of
// Q = V − U, R_0 = Q⁻¹(U + V) and the squarings R_k = R_{k−1}², keeping
// everything frechet needs. It returns exp(a) = R_s (a workspace slice).
func (w *ExpWorkspace) exp(fn string) ([]float64, error) {
	n := w.n
	norm := norm1(w.a, n)
	m, s := 13, 0
	for _, t := range ellTable[:4] {
		if norm <= t.ell {
			m = t.m
			break
		}
	}
	if m == 13 {
		s = max(0, int(math.Ceil(math.Log2(norm/ellTable[4].ell))))
		if s > 0 {
			scale(math.Ldexp(1, -s), w.a)
		}
	}
	w.m, w.s, w.ready = m, s, false
	a := w.a
	b := padeCoef[m]
	u, v := w.u, w.v

	gemm(a, a, 0, w.a2, n)
	if m >= 5 {
		gemm(w.a2, w.a2, 0, w.a4, n)
	}
	if m >= 7 {
		gemm(w.a2, w.a4, 0, w.a6, n)
	}
	if m == 9 {
		gemm(w.a4, w.a4, 0, w.a8, n)
	}
	pow := [...][]float64{nil, w.a2, w.a4, w.a6, w.a8}
	if m < 13 {
		// odd = Σ_j b_{2j+1} A^{2j} (kept in t1), U = A·odd, V = Σ_j b_{2j} A^{2j}.
		h := (m - 1) / 2
		combine(w.t1, n, b[1], b, 1, pow, h)
		combine(v, n, b[0], b, 0, pow, h)
		gemm(a, w.t1, 0, u, n)
	} else {
		// W1 (t1), Z1 (t2), W = A6·W1 + W2 (t3) are kept for frechet.
		a2, a4, a6 := w.a2, w.a4, w.a6
		w1, z1, ww := w.t1, w.t2, w.t3
		for i := range w1 {
			w1[i] = b[13]*a6[i] + b[11]*a4[i] + b[9]*a2[i]
			z1[i] = b[12]*a6[i] + b[10]*a4[i] + b[8]*a2[i]
			ww[i] = b[7]*a6[i] + b[5]*a4[i] + b[3]*a2[i]
			v[i] = b[6]*a6[i] + b[4]*a4[i] + b[2]*a2[i]
		}
		for i := 0; i < n; i++ {
			ww[i*n+i] += b[1]
			v[i*n+i] += b[0]
		}
		gemm(a6, w1, 1, ww, n) // W = A6·W1 + W2
		gemm(a, ww, 0, u, n)   // U = A·W
		gemm(a6, z1, 1, v, n)  // V = A6·Z1 + Z2
	}

	// r_m = (V − U)⁻¹(U + V); u ← P = U + V, v ← Q = V − U (then its LU).
	for i := range u {
		uu, vv := u[i], v[i]
		u[i] = uu + vv
		v[i] = vv - uu
	}
	q := general(v, n)
	if !lapack64.Getrf(q, w.ipiv) {
		return nil, &expError{fn: fn, err: ErrSingular}
	}
	lapack64.Getrs(blas.NoTrans, q, general(u, n), w.ipiv)

	// Squaring, keeping every R_k: rs[0] = u, rs[k] = rs[k−1]².
	for len(w.rs) < s+1 {
		w.rs = append(w.rs, nil)
	}
	w.rs[0] = u
	for k := 1; k <= s; k++ {
		if len(w.rs[k]) != n*n || sameSlice(w.rs[k], u) {
			w.rs[k] = make([]float64, n*n)
		}
		gemm(w.rs[k-1], w.rs[k-1], 0, w.rs[k], n)
	}
	r := w.rs[s]
	if !allFinite(r) {
		return nil, &expError{fn: fn, err: ErrNonFinite}
	}
	w.ready = true
	return r, nil
}

// frechet runs the derivative phase on w.e after exp on the same w.a and
// returns L(a, e) (a workspace slice); w.e is overwritten. Following
// Al-Mohy & Higham (2009) as scipy does: M_{2k} by eqs. (6.11)–(6.13), then
// L = Q⁻¹(Lu + Lv + (Lu − Lv)R_0) and L ← R_k L + L R_k for k < s.
func (w *ExpWorkspace) frechet(fn string) ([]float64, error) {
	if !w.ready {
		panic("spatial: internal error: frechet before exp")
	}
	n, m, s := w.n, w.m, w.s
	if s > 0 {
		scale(math.Ldexp(1, -s), w.e)
	}
	a, e := w.a, w.e
	b := padeCoef[m]
	lu, lv := w.lu, w.lv

	// M2 = AE + EA, M_{2k} = A^{2j} M_{2k−2j} + M_{2j} A^{2k−2j}.
	gemm(a, e, 0, w.m2, n)
	gemm(e, a, 1, w.m2, n)
	if m >= 5 {
		gemm(w.a2, w.m2, 0, w.m4, n)
		gemm(w.m2, w.a2, 1, w.m4, n)
	}
	if m >= 7 {
		gemm(w.a4, w.m2, 0, w.m6, n)
		gemm(w.m4, w.a2, 1, w.m6, n)
	}
	if m == 9 {
		gemm(w.a4, w.m4, 0, w.m8, n)
		gemm(w.m4, w.a4, 1, w.m8, n)
	}
	der := [...][]float64{nil, w.m2, w.m4, w.m6, w.m8}
	if m < 13 {
		// Lu = A·Σ_{j≥1} b_{2j+1} M_{2j} + E·odd, Lv = Σ_{j≥1} b_{2j} M_{2j}.
		h := (m - 1) / 2
		oddM := w.t4
		combine(oddM, n, 0, b, 1, der, h)
		combine(lv, n, 0, b, 0, der, h)
		gemm(a, oddM, 0, lu, n)
		gemm(e, w.t1, 1, lu, n)
	} else {
		m2, m4, m6 := w.m2, w.m4, w.m6
		w1, z1, ww := w.t1, w.t2, w.t3
		lw1, lw := w.t4, w.t5
		for i := range lw1 {
			lw1[i] = b[13]*m6[i] + b[11]*m4[i] + b[9]*m2[i]
			lw[i] = b[7]*m6[i] + b[5]*m4[i] + b[3]*m2[i]
			lv[i] = b[6]*m6[i] + b[4]*m4[i] + b[2]*m2[i]
		}
		gemm(w.a6, lw1, 1, lw, n) // Lw = A6·Lw1 + M6·W1 + Lw2
		gemm(m6, w1, 1, lw, n)
		gemm(a, lw, 0, lu, n) // Lu = A·Lw + E·W
		gemm(e, ww, 1, lu, n)
		lz1 := w.t4
		for i := range lz1 {
			lz1[i] = b[12]*m6[i] + b[10]*m4[i] + b[8]*m2[i]
		}
		gemm(w.a6, lz1, 1, lv, n) // Lv = A6·Lz1 + M6·Z1 + Lz2
		gemm(m6, z1, 1, lv, n)
	}

	// L = Q⁻¹(Lu + Lv + (Lu − Lv)·R_0).
	diff := w.t6
	for i := range lu {
		diff[i] = lu[i] - lv[i]
		lu[i] += lv[i]
	}
	gemm(diff, w.rs[0], 1, lu, n)
	lapack64.Getrs(blas.NoTrans, general(w.v, n), general(lu, n), w.ipiv)

	// Squaring: L ← R_k·L + L·R_k.
	l, spare := lu, w.t6
	for k := 0; k < s; k++ {
		gemm(w.rs[k], l, 0, spare, n)
		gemm(l, w.rs[k], 1, spare, n)
		l, spare = spare, l
	}
	if !allFinite(l) {
		return nil, &expError{fn: fn, err: ErrNonFinite}
	}
	return l, nil
}

func sameSlice(a, b []float64) bool {
	return len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
}

// expError reports a numerical failure of the matrix exponential.
type expError struct {
	fn  string
	err error
}

func (e *expError) Error() string {
	if e.err == ErrNonFinite {
		return "spatial: " + e.fn + ": matrix exponential overflows: " + e.err.Error()
	}
	return "spatial: " + e.fn + ": " + e.err.Error()
}

func (e *expError) Unwrap() error { return e.err }

// combine sets dst = c0·I + Σ_{k=1..h} b[off+2k]·p[k], the even or odd part
// of a Padé polynomial (off = 0 for b_{2k}, 1 for b_{2k+1}).
func combine(dst []float64, n int, c0 float64, b []float64, off int, p [5][]float64, h int) {
	c := func(k int) float64 { return b[off+2*k] }
	switch h {
	case 1:
		for i := range dst {
			dst[i] = c(1) * p[1][i]
		}
	case 2:
		for i := range dst {
			dst[i] = c(1)*p[1][i] + c(2)*p[2][i]
		}
	case 3:
		for i := range dst {
			dst[i] = c(1)*p[1][i] + c(2)*p[2][i] + c(3)*p[3][i]
		}
	case 4:
		for i := range dst {
			dst[i] = c(1)*p[1][i] + c(2)*p[2][i] + c(3)*p[3][i] + c(4)*p[4][i]
		}
	}
	if c0 != 0 {
		for i := 0; i < n; i++ {
			dst[i*n+i] += c0
		}
	}
}

// general wraps a contiguous row-major n×n slice.
func general(d []float64, n int) blas64.General {
	return blas64.General{Rows: n, Cols: n, Stride: n, Data: d}
}

// gemm sets c = a·b + beta·c for contiguous n×n matrices through
// kernels.Gemm64 (the installed BLAS, or fastblas instead of gonum's
// default); c must not alias a or b.
func gemm(a, b []float64, beta float64, c []float64, n int) {
	kernels.Gemm64(blas.NoTrans, blas.NoTrans, 1, general(a, n), general(b, n), beta, general(c, n))
}

// norm1 is the matrix 1-norm (largest absolute column sum).
func norm1(a []float64, n int) float64 {
	var best float64
	for j := 0; j < n; j++ {
		var s float64
		for i := 0; i < n; i++ {
			s += math.Abs(a[i*n+j])
		}
		best = math.Max(best, s)
	}
	return best
}

func scale(f float64, x []float64) {
	for i := range x {
		x[i] *= f
	}
}

func allFinite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
