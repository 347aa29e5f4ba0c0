package spatial

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/mat"
)

// penalty is a local copy of rnn.Penalty (ARCHITECTURE.md), so that
// conformance is checked without importing rnn.
type penalty interface {
	Value(w mat.Matrix) (float64, error)
	ValueGradTo(dst *mat.Dense, w mat.Matrix) (float64, error)
}

var (
	_ penalty = (*L1)(nil)
	_ penalty = (*Wiring)(nil)
	_ penalty = (*Communicability)(nil)
	_ penalty = (*EMD)(nil)
)

// testW returns an n×n weight matrix with both signs, |w| ≥ 0.1 away from the
// kink of |w| at 0, row 1 zero (no outgoing weight), column 2 zero (no
// incoming weight), row and column 3 zero, and about 15% other zeros.
func testW(rnd *rand.Rand, n int) *mat.Dense {
	w := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == 1 || j == 2 || i == 3 || j == 3 || rnd.Float64() < 0.15 {
				continue
			}
			v := 0.1 + math.Abs(rnd.NormFloat64())
			if rnd.Float64() < 0.5 {
				v = -v
			}
			w.Set(i, j, v)
		}
	}
	return w
}

// testD returns the distance matrix of n uniform points in the unit cube.
func testD(rnd *rand.Rand, n int) *mat.Dense {
	x := mat.NewDense(n, 3, testutil.Uniform(rnd, 3*n, 0, 1))
	d, err := Distances(x, 1)
	if err != nil {
		panic(err)
	}
	return d
}

// testCounts returns a sparse non-negative integer count matrix with row 0
// and row and column 4 zero.
func testCounts(rnd *rand.Rand, n int) *mat.Dense {
	c := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == 0 || i == 4 || j == 4 || rnd.Float64() < 0.5 {
				continue
			}
			c.Set(i, j, float64(1+rnd.IntN(4)))
		}
	}
	return c
}

// checkPenaltyGradient compares ValueGradTo with central finite differences
// of Value (relative error < 1e-6) and checks that both return the same P.
func checkPenaltyGradient(t *testing.T, name string, p penalty, w *mat.Dense) {
	t.Helper()
	r, c := w.Dims()
	var grad mat.Dense
	v, err := p.ValueGradTo(&grad, w)
	if err != nil {
		t.Fatalf("%s: ValueGradTo: %v", name, err)
	}
	v2, err := p.Value(w)
	if err != nil {
		t.Fatalf("%s: Value: %v", name, err)
	}
	if v != v2 {
		t.Errorf("%s: ValueGradTo returned %.17g, Value %.17g", name, v, v2)
	}
	f := func(x []float64) float64 {
		val, err := p.Value(mat.NewDense(r, c, x))
		if err != nil {
			t.Fatalf("%s: Value at FD point: %v", name, err)
		}
		return val
	}
	x := append([]float64(nil), w.RawMatrix().Data...)
	e := testutil.CheckGradient(t, f, grad.RawMatrix().Data, x, 1e-6, name)
	t.Logf("%s: P = %.6g, FD gradient relative error %.2g", name, v, e)
}

func TestGradientsFD(t *testing.T) {
	t.Parallel()
	for _, n := range []int{5, 8, 12} {
		rnd := testutil.Rand(uint64(n))
		w, d := testW(rnd, n), testD(rnd, n)
		cEmp, err := EmpiricalCommunicability(testCounts(rnd, n), NormReplaceZero)
		if err != nil {
			t.Fatal(err)
		}
		cEmpZero, err := EmpiricalCommunicability(testCounts(rnd, n), NormZero)
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			p    penalty
		}{
			{"L1", &L1{Lambda: 0.3}},
			{"L1 reference", &L1{Lambda: 0.3, IgnoreLambda: true}},
			{"Wiring", NewWiring(0.3, d)},
			{"Communicability zero", NewCommunicability(0.3, d, NormZero)},
			{"Communicability add-epsilon", NewCommunicability(0.3, d, NormAddEpsilon)},
			{"Communicability replace-zero", NewCommunicability(0.3, d, NormReplaceZero)},
			{"EMD zero", NewEMD(0.3, 0.1, d, cEmpZero, NormZero)},
			{"EMD reference", NewEMD(0.3, 0.1, d, cEmp, NormAddEpsilon)},
		}
		for _, c := range cases {
			if ep, ok := c.p.(*EMD); ok {
				requireAwayFromSortKinks(t, ep, w)
			}
			checkPenaltyGradient(t, fmt.Sprintf("%s N=%d", c.name, n), c.p, w)
		}
	}
}

// requireAwayFromSortKinks fails unless the EMD is smooth along every
// finite-difference line: at w ± h·e_k (h = testutil.DefaultFDStep) every
// entry p of C keeps the sign of sort(C)_rank(p) − sort(C_emp)_rank(p), so P
// stays the same linear function of C and the subgradient is the gradient.
// Zero entries of W are skipped: P is even in them.
func requireAwayFromSortKinks(t *testing.T, p *EMD, w *mat.Dense) {
	t.Helper()
	pattern := func(w *mat.Dense) []float64 {
		var g mat.Dense
		if _, err := p.ValueGradTo(&g, w); err != nil {
			t.Fatal(err)
		}
		out := append([]float64(nil), p.cw.g...)
		for i := 0; i < p.n; i++ {
			out[i*p.n+i] = 0 // the constant diagonal does not matter
		}
		return out
	}
	base := pattern(w)
	x := mat.DenseCopyOf(w)
	raw := x.RawMatrix().Data
	for k := range raw {
		orig := raw[k]
		if orig == 0 {
			continue // P depends on |w|: the central difference is exactly 0, as sign(0)
		}
		for _, h := range []float64{testutil.DefaultFDStep, -testutil.DefaultFDStep} {
			raw[k] = orig + h
			if !slices.Equal(base, pattern(x)) {
				t.Fatalf("EMD test point is within the FD step of a kink of the sort (entry %d, step %g); pick another seed", k, h)
			}
		}
		raw[k] = orig
	}
}

// The slow loops use a Taylor series with up to ~20 squarings for the
// reference normalisations (entries ~1e5), so they agree with the fast path to
// about 1e-11, not to rounding; 1e-10 is the same bar as against scipy.

// TestGradientsSlow compares the adjoint (one Fréchet derivative) gradient
// with the slow N²-Fréchet-derivative loop in slow_test.go.
func TestGradientsSlow(t *testing.T) {
	t.Parallel()
	const n = 6
	rnd := testutil.Rand(11)
	w, d := testW(rnd, n), testD(rnd, n)
	ws, ds := fromFlat(n, w.RawMatrix().Data), fromFlat(n, d.RawMatrix().Data)
	for _, norm := range []Normalisation{NormZero, NormAddEpsilon, NormReplaceZero} {
		p := NewCommunicability(0.3, d, norm)
		var grad mat.Dense
		v, err := p.ValueGradTo(&grad, w)
		if err != nil {
			t.Fatal(err)
		}
		testutil.AssertClose(t, v, slowCommPenalty(ws, ds, 0.3, norm), 1e-10, 0, "value, %v", norm)
		a, c := slowAbs(ws), slowComm(ws, norm)
		dPdC, explicit := newSq(n), newSq(n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				dPdC[i][j] = 0.3 * a[i][j] * ds[i][j]
				explicit[i][j] = 0.3 * c[i][j] * ds[i][j]
			}
		}
		want := slowGradThroughC(ws, norm, dPdC, explicit).flat()
		if e := testutil.MaxRelErr(grad.RawMatrix().Data, want); e > 1e-10 {
			t.Errorf("%v: gradient vs slow loop: relative error %.3g", norm, e)
		}
	}
}

func TestCommunicabilitySlow(t *testing.T) {
	t.Parallel()
	const n = 9
	rnd := testutil.Rand(5)
	w := testW(rnd, n)
	ws := fromFlat(n, w.RawMatrix().Data)
	for _, norm := range []Normalisation{NormZero, NormAddEpsilon, NormReplaceZero} {
		var c mat.Dense
		if err := CommunicabilityTo(&c, w, norm); err != nil {
			t.Fatal(err)
		}
		want := slowComm(ws, norm).flat()
		if e := testutil.MaxRelErr(c.RawMatrix().Data, want); e > 1e-10 {
			t.Errorf("%v: communicability vs slow loop: relative error %.3g", norm, e)
		}
		// Zero diagonal; with NormZero a node with zero strength (rows 1, 3)
		// has zero communicability with everyone.
		for i := 0; i < n; i++ {
			if c.At(i, i) != 0 {
				t.Errorf("%v: C[%d,%d] = %g, want 0", norm, i, i, c.At(i, i))
			}
			if norm == NormZero && (c.At(1, i) != 0 || c.At(i, 1) != 0 || c.At(3, i) != 0) {
				t.Errorf("zero-strength node has non-zero communicability at %d", i)
			}
		}
	}
}

func TestEMDSlow(t *testing.T) {
	t.Parallel()
	const n = 7
	rnd := testutil.Rand(8)
	w, d := testW(rnd, n), testD(rnd, n)
	emp, err := EmpiricalCommunicability(testCounts(rnd, n), NormReplaceZero)
	if err != nil {
		t.Fatal(err)
	}
	for _, norm := range []Normalisation{NormZero, NormAddEpsilon} {
		p := NewEMD(0.3, 0.1, d, emp, norm)
		v, err := p.Value(w)
		if err != nil {
			t.Fatal(err)
		}
		want := slowEMDPenalty(fromFlat(n, w.RawMatrix().Data), fromFlat(n, d.RawMatrix().Data),
			fromFlat(n, emp.RawMatrix().Data), 0.3, 0.1, norm)
		testutil.AssertClose(t, v, want, 1e-10, 0, "EMD value, %v", norm)
	}
}

type commGolden struct {
	N           int       `json:"n"`
	W           []float64 `json:"w"`
	Counts      []float64 `json:"counts"`
	D           []float64 `json:"d"`
	CommZero    []float64 `json:"comm_zero"`
	CommAdd     []float64 `json:"comm_add"`
	CommReplace []float64 `json:"comm_replace"`
	EmpZero     []float64 `json:"emp_zero"`
	EmpAdd      []float64 `json:"emp_add"`
	EmpReplace  []float64 `json:"emp_replace"`
	PenCommZero float64   `json:"pen_comm_zero"`
	PenCommAdd  float64   `json:"pen_comm_add"`
	PenEMDZero  float64   `json:"pen_emd_zero"`
	PenEMDAdd   float64   `json:"pen_emd_add"`
	PenWiring   float64   `json:"pen_wiring"`
	PenL1       float64   `json:"pen_l1"`
}

// TestCommunicabilityScipy checks C, C_emp and the penalty values against
// numpy/scipy (testdata/gen_golden.py, numpy 1.24.2, scipy 1.10.1), for all
// three normalisations, on a matrix with zero rows and columns.
func TestCommunicabilityScipy(t *testing.T) {
	t.Parallel()
	var g commGolden
	loadJSON(t, "comm_golden.json", &g)
	n := g.N
	w, counts, d := square(n, g.W), square(n, g.Counts), square(n, g.D)
	for _, c := range []struct {
		norm      Normalisation
		comm, emp []float64
	}{
		{NormZero, g.CommZero, g.EmpZero},
		{NormAddEpsilon, g.CommAdd, g.EmpAdd},
		{NormReplaceZero, g.CommReplace, g.EmpReplace},
	} {
		var cm mat.Dense
		if err := CommunicabilityTo(&cm, w, c.norm); err != nil {
			t.Fatal(err)
		}
		if e := testutil.MaxRelErr(cm.RawMatrix().Data, c.comm); e > 1e-10 {
			t.Errorf("%v: C vs scipy: relative error %.3g", c.norm, e)
		}
		em, err := EmpiricalCommunicability(counts, c.norm)
		if err != nil {
			t.Fatal(err)
		}
		if e := testutil.MaxRelErr(em.RawMatrix().Data, c.emp); e > 1e-10 {
			t.Errorf("%v: C_emp vs scipy: relative error %.3g", c.norm, e)
		}
	}
	empZero, _ := EmpiricalCommunicability(counts, NormZero)
	empRef, _ := EmpiricalCommunicability(counts, NormReplaceZero)
	for _, c := range []struct {
		name string
		p    penalty
		want float64
	}{
		{"L1", &L1{Lambda: 0.3}, g.PenL1},
		{"Wiring", NewWiring(0.3, d), g.PenWiring},
		{"Communicability zero", NewCommunicability(0.3, d, NormZero), g.PenCommZero},
		{"Communicability reference", NewCommunicability(0.3, d, NormAddEpsilon), g.PenCommAdd},
		{"EMD zero", NewEMD(0.3, 0.1, d, empZero, NormZero), g.PenEMDZero},
		{"EMD reference", NewEMD(0.3, 0.1, d, empRef, NormAddEpsilon), g.PenEMDAdd},
	} {
		v, err := c.p.Value(w)
		if err != nil {
			t.Fatal(err)
		}
		testutil.AssertClose(t, v, c.want, 1e-10, 0, "%s vs numpy", c.name)
	}
}

func TestPenaltyBadInput(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(2)
	const n = 4
	w, d := testW(rnd, n), testD(rnd, n)
	nan := mat.DenseCopyOf(w)
	nan.Set(2, 1, math.NaN())
	inf := mat.DenseCopyOf(d)
	inf.Set(0, 3, math.Inf(1))
	neg := mat.DenseCopyOf(d)
	neg.Set(1, 2, -1)
	emp := mat.NewDense(n, n, nil)
	empNaN := mat.DenseCopyOf(emp)
	empNaN.Set(3, 3, math.NaN())
	good := []penalty{&L1{Lambda: 0.3}, NewWiring(0.3, d), NewCommunicability(0.3, d, NormZero), NewEMD(0.3, 0.1, d, emp, NormZero)}
	for _, p := range good {
		var g mat.Dense
		if _, err := p.Value(nan); !errors.Is(err, ErrNonFinite) {
			t.Errorf("%T.Value(NaN W): err = %v, want ErrNonFinite", p, err)
		}
		if _, err := p.ValueGradTo(&g, nan); !errors.Is(err, ErrNonFinite) {
			t.Errorf("%T.ValueGradTo(NaN W): err = %v, want ErrNonFinite", p, err)
		}
	}
	bad := []struct {
		name string
		p    penalty
		want error
	}{
		{"L1 NaN λ", &L1{Lambda: math.NaN()}, ErrNonFinite},
		{"L1 negative λ", &L1{Lambda: -1}, ErrNegative},
		{"Wiring Inf D", NewWiring(0.3, inf), ErrNonFinite},
		{"Wiring negative D", NewWiring(0.3, neg), ErrNegative},
		{"Wiring Inf λ", NewWiring(math.Inf(1), d), ErrNonFinite},
		{"Communicability Inf D", NewCommunicability(0.3, inf, NormZero), ErrNonFinite},
		{"Communicability bad norm", NewCommunicability(0.3, d, Normalisation(9)), ErrConfig},
		{"EMD Inf D", NewEMD(0.3, 0.1, inf, emp, NormZero), ErrNonFinite},
		{"EMD NaN C_emp", NewEMD(0.3, 0.1, d, empNaN, NormZero), ErrNonFinite},
		{"EMD negative λ_emd", NewEMD(0.3, -0.1, d, emp, NormZero), ErrNegative},
	}
	for _, c := range bad {
		var g mat.Dense
		if _, err := c.p.Value(w); !errors.Is(err, c.want) {
			t.Errorf("%s: Value err = %v, want %v", c.name, err, c.want)
		}
		if _, err := c.p.ValueGradTo(&g, w); !errors.Is(err, c.want) {
			t.Errorf("%s: ValueGradTo err = %v, want %v", c.name, err, c.want)
		}
	}
	small := mat.NewDense(n-1, n-1, nil)
	for _, p := range good[1:] {
		assertShapePanic(t, fmt.Sprintf("%T.Value(wrong size)", p), func() { _, _ = p.Value(small) })
		assertShapePanic(t, fmt.Sprintf("%T.ValueGradTo(wrong dst)", p), func() { _, _ = p.ValueGradTo(small, w) })
	}
	assertShapePanic(t, "L1 dst", func() { _, _ = (&L1{}).ValueGradTo(small, w) })
	assertShapePanic(t, "NewWiring non-square", func() { NewWiring(0.3, mat.NewDense(2, 3, nil)) })
	assertShapePanic(t, "NewEMD sizes", func() { NewEMD(0.3, 0.1, d, small, NormZero) })
	negCounts := mat.NewDense(2, 2, []float64{0, -1, 1, 0})
	if _, err := EmpiricalCommunicability(negCounts, NormZero); !errors.Is(err, ErrNegative) {
		t.Errorf("negative counts: err = %v, want ErrNegative", err)
	}
}

// TestGradientsTorch compares values and gradients with PyTorch float64
// autodiff through torch.matrix_exp and torch.sort (testdata/torch_penalty.py,
// torch 1.13.0a0) on the N = 8 matrix of comm_golden.json, which has zero
// rows and columns.
func TestGradientsTorch(t *testing.T) {
	t.Parallel()
	var g commGolden
	loadJSON(t, "comm_golden.json", &g)
	var tg map[string]any
	loadJSON(t, "torch_golden.json", &tg)
	n := g.N
	w, counts, d := square(n, g.W), square(n, g.Counts), square(n, g.D)
	empZero, _ := EmpiricalCommunicability(counts, NormZero)
	empRef, _ := EmpiricalCommunicability(counts, NormReplaceZero)
	for _, c := range []struct {
		key string
		p   penalty
	}{
		{"comm_zero", NewCommunicability(0.3, d, NormZero)},
		{"comm_add", NewCommunicability(0.3, d, NormAddEpsilon)},
		{"comm_replace", NewCommunicability(0.3, d, NormReplaceZero)},
		{"emd_zero", NewEMD(0.3, 0.1, d, empZero, NormZero)},
		{"emd_add", NewEMD(0.3, 0.1, d, empRef, NormAddEpsilon)},
	} {
		var grad mat.Dense
		v, err := c.p.ValueGradTo(&grad, w)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(c.key, "_zero") {
			// With the reference 1e-10 normalisations (entries ~1e5)
			// torch.matrix_exp's value is 1.1e-10 (relative) away from
			// scipy's; ours is 1.6e-12 away. Those values are checked
			// against scipy in TestCommunicabilityScipy.
			testutil.AssertClose(t, v, tg[c.key+"_value"].(float64), 1e-12, 0, "%s value vs torch", c.key)
		}
		raw := tg[c.key+"_grad"].([]any)
		want := make([]float64, len(raw))
		for i, x := range raw {
			want[i] = x.(float64)
		}
		if e := testutil.MaxRelErr(grad.RawMatrix().Data, want); e > 1e-10 {
			t.Errorf("%s: gradient vs torch autodiff: relative error %.3g", c.key, e)
		}
	}
}
