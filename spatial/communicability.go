package spatial

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ReferenceEpsilon is the strength offset of the published notebook
// (docs/method.md §4): 1e-10 added to, or substituted for, the row sums.
const ReferenceEpsilon = 1e-10

// Normalisation selects how node strengths normalise the adjacency matrix in
// C = exp(S^-1/2 A S^-1/2), in particular for a node with zero out-strength.
type Normalisation int

const (
	// NormZero is the corrected default: d_i = s_i^-1/2 for s_i > 0 and
	// d_i = 0 for a node with zero strength, so its row and column of the
	// normalised matrix are zero.
	NormZero Normalisation = iota
	// NormAddEpsilon is the published C_art of the training penalty:
	// d_i = (s_i + 1e-10)^-1/2 for every node.
	NormAddEpsilon
	// NormReplaceZero is the published empirical C_emp: a zero strength is
	// replaced by 1e-10, d_i = (1e-10)^-1/2 = 1e5 (the defect that scales
	// synapses onto a neuron without outgoing synapses by about 1e5).
	NormReplaceZero
)

func (n Normalisation) String() string {
	switch n {
	case NormZero:
		return "zero"
	case NormAddEpsilon:
		return "add-epsilon"
	case NormReplaceZero:
		return "replace-zero"
	}
	return fmt.Sprintf("Normalisation(%d)", int(n))
}

func (n Normalisation) validate(fn string) error {
	if n < NormZero || n > NormReplaceZero {
		return fmt.Errorf("spatial: %s: unknown Normalisation %d: %w", fn, int(n), ErrConfig)
	}
	return nil
}

// CommunicabilityTo writes the communicability of the weighted directed graph
// W into dst (a zero-value dst is sized):
//
//	A = |W|, s_i = Σ_j A_ij (out-strength: row i is presynaptic),
//	C = exp(S^-1/2 A S^-1/2) with the diagonal set to 0,
//
// following Crofts & Higham (2009), "A weighted communicability measure
// applied to complex brain networks", J. R. Soc. Interface 6:411–414,
// doi:10.1098/rsif.2008.0484, in the orientation of docs/method.md §4. norm says
// how zero strengths are treated. W must be square (else a ShapeError panic);
// a non-finite entry or an overflowing exponential gives an error.
func CommunicabilityTo(dst *mat.Dense, w mat.Matrix, norm Normalisation) error {
	const fn = "CommunicabilityTo"
	n := squareSize(fn, "w", w)
	sizeDst(fn, "dst", dst, n)
	if err := norm.validate(fn); err != nil {
		return err
	}
	cw := commWorkspace{arith: Float64}
	cw.reset(n)
	if err := cw.load(fn, "w", w); err != nil {
		return err
	}
	if err := cw.communicability(fn, norm); err != nil {
		return err
	}
	store(dst, cw.c, n)
	return nil
}

// EmpiricalCommunicability returns the communicability (see
// CommunicabilityTo) of a connectome's N×N synapse-count matrix, row =
// presynaptic. The paper's C_emp uses NormReplaceZero; NormZero is the
// corrected choice. Negative or non-finite counts give an error naming the
// entry; a non-square matrix panics with a ShapeError.
func EmpiricalCommunicability(counts mat.Matrix, norm Normalisation) (*mat.Dense, error) {
	const fn = "EmpiricalCommunicability"
	n := squareSize(fn, "counts", counts)
	if err := norm.validate(fn); err != nil {
		return nil, err
	}
	cw := commWorkspace{arith: Float64}
	cw.reset(n)
	if err := cw.load(fn, "counts", counts); err != nil {
		return nil, err
	}
	for k, v := range cw.w {
		if v < 0 {
			return nil, entryError(fn, "counts", k/n, k%n, v, ErrNegative)
		}
	}
	if err := cw.communicability(fn, norm); err != nil {
		return nil, err
	}
	return mat.NewDense(n, n, append([]float64(nil), cw.c...)), nil
}

// commWorkspace holds the buffers of one communicability evaluation and of
// its reverse-mode derivative; reused between calls of the same size.
type commWorkspace struct {
	n   int
	exp ExpWorkspace
	w   []float64 // W, row-major
	abs []float64 // A = |W|
	d   []float64 // d_i, the normalisation S^-1/2
	dds []float64 // ∂d_i/∂s_i
	c   []float64 // C
	g   []float64 // ∂P/∂C (backprop zeroes its diagonal in the Fréchet direction)
	r   []float64 // ∂P/∂d

	// arith selects the exponential's arithmetic; with Float32, t32 holds
	// the Taylor workspace, x32/e32 the float32 X and E, h the derivative
	// read back, and used32 says whether the last exp ran in float32 (it
	// falls back to float64 for a matrix of large norm).
	arith    Arithmetic
	t32      taylor32
	x32, e32 []float32
	h        []float64
	used32   bool
}

func (cw *commWorkspace) reset(n int) {
	if cw.n == n && cw.w != nil {
		return
	}
	cw.n = n
	cw.w = make([]float64, n*n)
	cw.abs = make([]float64, n*n)
	cw.c = make([]float64, n*n)
	cw.g = make([]float64, n*n)
	cw.d = make([]float64, n)
	cw.dds = make([]float64, n)
	cw.r = make([]float64, n)
	cw.exp.reset(n)
	cw.x32, cw.e32, cw.h, cw.used32 = nil, nil, nil, false
}

// load copies w into cw.w (reporting a non-finite entry) and sets A = |W|.
func (cw *commWorkspace) load(fn, name string, w mat.Matrix) error {
	if err := loadFinite(fn, name, cw.w, w); err != nil {
		return err
	}
	for i, v := range cw.w {
		cw.abs[i] = math.Abs(v)
	}
	return nil
}

// communicability computes d, ∂d/∂s and C from cw.abs. It hands
// X = Mᵀ = (D A D)ᵀ to the exponential, so that the later Fréchet
// derivative L(X, G) = L(Mᵀ, G) is the adjoint the gradient needs, and reads
// C back transposed: exp(Mᵀ) = exp(M)ᵀ.
func (cw *commWorkspace) communicability(fn string, norm Normalisation) error {
	n, a, d, dds := cw.n, cw.abs, cw.d, cw.dds
	for i := 0; i < n; i++ {
		var s float64
		for _, v := range a[i*n : (i+1)*n] {
			s += v
		}
		switch {
		case norm == NormAddEpsilon:
			d[i] = 1 / math.Sqrt(s+ReferenceEpsilon)
			dds[i] = -0.5 * d[i] * d[i] * d[i]
		case s > 0:
			d[i] = 1 / math.Sqrt(s)
			dds[i] = -0.5 * d[i] * d[i] * d[i]
		case norm == NormReplaceZero:
			d[i], dds[i] = 1/math.Sqrt(ReferenceEpsilon), 0
		default: // NormZero, s = 0
			d[i], dds[i] = 0, 0
		}
	}
	cw.used32 = false
	if cw.arith == Float32 {
		if ok, err := cw.communicability32(fn); ok || err != nil {
			return err
		}
	}
	x := cw.exp.a
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			x[j*n+i] = d[i] * a[i*n+j] * d[j]
		}
	}
	r, err := cw.exp.exp(fn)
	if err != nil {
		return err
	}
	c := cw.c
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			c[i*n+j] = r[j*n+i]
		}
		c[i*n+i] = 0
	}
	return nil
}

// communicability32 is the Float32 path of communicability (after d and
// ∂d/∂s are set): X = Mᵀ in float32, exp by taylor32, C read back
// transposed. ok is false, and nothing is computed, when ‖X‖₁ is too large
// for the float32 path; the caller then runs the float64 one.
func (cw *commWorkspace) communicability32(fn string) (ok bool, err error) {
	n, a, d := cw.n, cw.abs, cw.d
	if cw.x32 == nil {
		cw.x32, cw.e32, cw.h = make([]float32, n*n), make([]float32, n*n), make([]float64, n*n)
	}
	// Row i of M = D A D is column i of X; its sum in float64 gives ‖X‖₁.
	x := cw.x32
	var norm float64
	for i := 0; i < n; i++ {
		var col float64
		for j := 0; j < n; j++ {
			v := d[i] * a[i*n+j] * d[j]
			col += v
			x[j*n+i] = float32(v)
		}
		norm = math.Max(norm, col)
	}
	r, ok := cw.t32.exp(x, n, norm)
	if !ok {
		return false, nil
	}
	c := cw.c
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			c[i*n+j] = float64(r[j*n+i])
		}
		c[i*n+i] = 0
	}
	if !allFinite(c) {
		return true, &expError{fn: fn, err: ErrNonFinite}
	}
	cw.used32 = true
	return true, nil
}

// frechet returns H = L(Mᵀ, G) for G in cw.g with its diagonal zeroed, in
// the precision the last communicability ran in.
func (cw *commWorkspace) frechet(fn string) ([]float64, error) {
	n := cw.n
	if cw.used32 {
		e := cw.e32
		for k, v := range cw.g {
			e[k] = float32(v)
		}
		for i := 0; i < n; i++ {
			e[i*n+i] = 0
		}
		l := cw.t32.frechet(e)
		h := cw.h
		for k, v := range l {
			h[k] = float64(v)
		}
		if !allFinite(h) {
			return nil, &expError{fn: fn, err: ErrNonFinite}
		}
		return h, nil
	}
	cw.exp.ensureDerivative()
	e := cw.exp.e
	copy(e, cw.g)
	for i := 0; i < n; i++ {
		e[i*n+i] = 0
	}
	return cw.exp.frechet(fn)
}

// backprop adds to gradA the derivative of P with respect to A through C,
// given ∂P/∂C in cw.g (its diagonal is ignored: C's diagonal is constant 0).
// With M = D A D, H = ∂P/∂M = L(Mᵀ, G) (one Fréchet derivative), and
//
//	∂P/∂A_ij += d_i H_ij d_j + (∂d_i/∂s_i)·r_i,
//	r_k = Σ_j H_kj A_kj d_j + Σ_i H_ik d_i A_ik.
func (cw *commWorkspace) backprop(fn string, gradA []float64) error {
	n, a, d, dds, r := cw.n, cw.abs, cw.d, cw.dds, cw.r
	h, err := cw.frechet(fn)
	if err != nil {
		return err
	}
	clear(r)
	for i := 0; i < n; i++ {
		hi, ai := h[i*n:(i+1)*n], a[i*n:(i+1)*n]
		di := d[i]
		var ri float64
		for j, hij := range hi {
			t := hij * ai[j]
			ri += t * d[j]
			r[j] += t * di
		}
		r[i] += ri
	}
	for i := 0; i < n; i++ {
		hi, gi := h[i*n:(i+1)*n], gradA[i*n:(i+1)*n]
		di, gs := d[i], dds[i]*r[i]
		for j, hij := range hi {
			gi[j] += di*hij*d[j] + gs
		}
	}
	return nil
}
