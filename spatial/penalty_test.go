package spatial

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// The constructors of the tests: the float64 arithmetic (the reference the
// goldens and finite differences are held to) unless a test says otherwise,
// and a failure of the constructor stops the test.

func newWiring(t testing.TB, d mat.Matrix) *Wiring {
	t.Helper()
	p, err := NewWiring(d, 0.3)
	require.NoError(t, err)
	return p
}

func newComm(t testing.TB, d mat.Matrix, norm Normalisation) *Communicability {
	t.Helper()
	p, err := NewCommunicability(d, CommunicabilityConfig{Lambda: 0.3, Norm: norm, Arithmetic: Float64})
	require.NoError(t, err)
	return p
}

func newEMD(t testing.TB, d, cEmp mat.Matrix, norm Normalisation) *EMD {
	t.Helper()
	p, err := NewEMD(d, cEmp, EMDConfig{Lambda: 0.3, LambdaEMD: 0.1, Norm: norm, Arithmetic: Float64})
	require.NoError(t, err)
	return p
}

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
	require.NoError(t, err, "%s: ValueGradTo", name)
	v2, err := p.Value(w)
	require.NoError(t, err, "%s: Value", name)
	assert.Equal(t, v2, v, "%s: ValueGradTo and Value", name)
	f := func(x []float64) float64 {
		val, err := p.Value(mat.NewDense(r, c, x))
		require.NoError(t, err, "%s: Value at FD point", name)
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
		require.NoError(t, err)
		cEmpZero, err := EmpiricalCommunicability(testCounts(rnd, n), NormZero)
		require.NoError(t, err)
		cases := []struct {
			name string
			p    penalty
		}{
			{"L1", &L1{Lambda: 0.3}},
			{"L1 reference", &L1{Lambda: 0.3, IgnoreLambda: true}},
			{"Wiring", newWiring(t, d)},
			{"Communicability zero", newComm(t, d, NormZero)},
			{"Communicability add-epsilon", newComm(t, d, NormAddEpsilon)},
			{"Communicability replace-zero", newComm(t, d, NormReplaceZero)},
			{"EMD zero", newEMD(t, d, cEmpZero, NormZero)},
			{"EMD reference", newEMD(t, d, cEmp, NormAddEpsilon)},
		}
		for _, c := range cases {
			name := fmt.Sprintf("%s N=%d", c.name, n)
			t.Run(name, func(t *testing.T) {
				if ep, ok := c.p.(*EMD); ok {
					requireAwayFromSortKinks(t, ep, w)
				}
				checkPenaltyGradient(t, name, c.p, w)
			})
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
		_, err := p.ValueGradTo(&g, w)
		require.NoError(t, err)
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
			require.Equal(t, base, pattern(x),
				"EMD test point is within the FD step of a kink of the sort (entry %d, step %g); pick another seed", k, h)
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
		p := newComm(t, d, norm)
		var grad mat.Dense
		v, err := p.ValueGradTo(&grad, w)
		require.NoError(t, err)
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
		assert.LessOrEqual(t, testutil.MaxRelErr(grad.RawMatrix().Data, want), 1e-10, "%v: gradient vs slow loop", norm)
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
		require.NoError(t, CommunicabilityTo(&c, w, norm))
		want := slowComm(ws, norm).flat()
		assert.LessOrEqual(t, testutil.MaxRelErr(c.RawMatrix().Data, want), 1e-10, "%v: communicability vs slow loop", norm)
		// Zero diagonal; with NormZero a node with zero strength (rows 1, 3)
		// has zero communicability with everyone.
		for i := 0; i < n; i++ {
			assert.Zero(t, c.At(i, i), "%v: C[%d,%d]", norm, i, i)
			if norm == NormZero {
				assert.Zero(t, c.At(1, i), "zero-strength node 1 → %d", i)
				assert.Zero(t, c.At(i, 1), "%d → zero-strength node 1", i)
				assert.Zero(t, c.At(3, i), "zero-strength node 3 → %d", i)
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
	require.NoError(t, err)
	for _, norm := range []Normalisation{NormZero, NormAddEpsilon} {
		p := newEMD(t, d, emp, norm)
		v, err := p.Value(w)
		require.NoError(t, err)
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
		require.NoError(t, CommunicabilityTo(&cm, w, c.norm))
		assert.LessOrEqual(t, testutil.MaxRelErr(cm.RawMatrix().Data, c.comm), 1e-10, "%v: C vs scipy", c.norm)
		em, err := EmpiricalCommunicability(counts, c.norm)
		require.NoError(t, err)
		assert.LessOrEqual(t, testutil.MaxRelErr(em.RawMatrix().Data, c.emp), 1e-10, "%v: C_emp vs scipy", c.norm)
	}
	empZero, err := EmpiricalCommunicability(counts, NormZero)
	require.NoError(t, err)
	empRef, err := EmpiricalCommunicability(counts, NormReplaceZero)
	require.NoError(t, err)
	for _, c := range []struct {
		name string
		p    penalty
		want float64
	}{
		{"L1", &L1{Lambda: 0.3}, g.PenL1},
		{"Wiring", newWiring(t, d), g.PenWiring},
		{"Communicability zero", newComm(t, d, NormZero), g.PenCommZero},
		{"Communicability reference", newComm(t, d, NormAddEpsilon), g.PenCommAdd},
		{"EMD zero", newEMD(t, d, empZero, NormZero), g.PenEMDZero},
		{"EMD reference", newEMD(t, d, empRef, NormAddEpsilon), g.PenEMDAdd},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, err := c.p.Value(w)
			require.NoError(t, err)
			testutil.AssertClose(t, v, c.want, 1e-10, 0, "%s vs numpy", c.name)
		})
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
	good := []penalty{&L1{Lambda: 0.3}, newWiring(t, d), newComm(t, d, NormZero), newEMD(t, d, emp, NormZero)}
	for _, p := range good {
		var g mat.Dense
		_, err := p.Value(nan)
		assert.ErrorIs(t, err, ErrNonFinite, "%T.Value(NaN W)", p)
		_, err = p.ValueGradTo(&g, nan)
		assert.ErrorIs(t, err, ErrNonFinite, "%T.ValueGradTo(NaN W)", p)
	}
	for _, c := range []struct {
		name string
		p    *L1
		want error
	}{
		{"NaN λ", &L1{Lambda: math.NaN()}, ErrNonFinite},
		{"negative λ", &L1{Lambda: -1}, ErrNegative},
	} {
		t.Run("L1 "+c.name, func(t *testing.T) {
			var g mat.Dense
			assert.ErrorIs(t, c.p.Validate(), c.want)
			_, err := c.p.Value(w)
			assert.ErrorIs(t, err, c.want)
			_, err = c.p.ValueGradTo(&g, w)
			assert.ErrorIs(t, err, c.want)
		})
	}
	comm := func(d mat.Matrix, cfg CommunicabilityConfig) error { _, err := NewCommunicability(d, cfg); return err }
	emd := func(d, e mat.Matrix, cfg EMDConfig) error { _, err := NewEMD(d, e, cfg); return err }
	wiring := func(d mat.Matrix, l float64) error { _, err := NewWiring(d, l); return err }
	for _, c := range []struct {
		name string
		err  error
		want error
	}{
		{"Wiring Inf D", wiring(inf, 0.3), ErrNonFinite},
		{"Wiring negative D", wiring(neg, 0.3), ErrNegative},
		{"Wiring Inf λ", wiring(d, math.Inf(1)), ErrNonFinite},
		{"Communicability Inf D", comm(inf, CommunicabilityConfig{Lambda: 0.3}), ErrNonFinite},
		{"Communicability negative λ", comm(d, CommunicabilityConfig{Lambda: -0.3}), ErrNegative},
		{"Communicability bad norm", comm(d, CommunicabilityConfig{Lambda: 0.3, Norm: Normalisation(9)}), ErrConfig},
		{"Communicability bad arithmetic", comm(d, CommunicabilityConfig{Lambda: 0.3, Arithmetic: Arithmetic(7)}), ErrConfig},
		{"EMD Inf D", emd(inf, emp, EMDConfig{Lambda: 0.3, LambdaEMD: 0.1}), ErrNonFinite},
		{"EMD NaN C_emp", emd(d, empNaN, EMDConfig{Lambda: 0.3, LambdaEMD: 0.1}), ErrNonFinite},
		{"EMD negative λ_emd", emd(d, emp, EMDConfig{Lambda: 0.3, LambdaEMD: -0.1}), ErrNegative},
		{"EMD bad arithmetic", emd(d, emp, EMDConfig{Arithmetic: Arithmetic(-1)}), ErrConfig},
		{"CommunicabilityConfig NaN λ", CommunicabilityConfig{Lambda: math.NaN()}.Validate(), ErrNonFinite},
		{"CommunicabilityConfig bad norm", CommunicabilityConfig{Norm: Normalisation(-1)}.Validate(), ErrConfig},
		{"EMDConfig negative λ_emd", EMDConfig{LambdaEMD: -1}.Validate(), ErrNegative},
		{"EMDConfig bad arithmetic", EMDConfig{Arithmetic: Arithmetic(3)}.Validate(), ErrConfig},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.ErrorIs(t, c.err, c.want)
		})
	}
	require.NoError(t, CommunicabilityConfig{Lambda: DefaultLambda, Norm: NormAddEpsilon}.Validate())
	require.NoError(t, EMDConfig{Lambda: DefaultLambda, LambdaEMD: DefaultLambdaEMD, Arithmetic: Float64}.Validate())
	small := mat.NewDense(n-1, n-1, nil)
	for _, p := range good[1:] {
		assertShapePanic(t, fmt.Sprintf("%T.Value(wrong size)", p), func() { _, _ = p.Value(small) })
		assertShapePanic(t, fmt.Sprintf("%T.ValueGradTo(wrong dst)", p), func() { _, _ = p.ValueGradTo(small, w) })
	}
	assertShapePanic(t, "L1 dst", func() { _, _ = (&L1{}).ValueGradTo(small, w) })
	assertShapePanic(t, "NewWiring non-square", func() { _, _ = NewWiring(mat.NewDense(2, 3, nil), 0.3) })
	assertShapePanic(t, "NewEMD sizes", func() { _, _ = NewEMD(d, small, EMDConfig{}) })
	negCounts := mat.NewDense(2, 2, []float64{0, -1, 1, 0})
	_, err := EmpiricalCommunicability(negCounts, NormZero)
	assert.ErrorIs(t, err, ErrNegative, "negative counts")
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
	empZero, err := EmpiricalCommunicability(counts, NormZero)
	require.NoError(t, err)
	empRef, err := EmpiricalCommunicability(counts, NormReplaceZero)
	require.NoError(t, err)
	for _, c := range []struct {
		key string
		p   penalty
	}{
		{"comm_zero", newComm(t, d, NormZero)},
		{"comm_add", newComm(t, d, NormAddEpsilon)},
		{"comm_replace", newComm(t, d, NormReplaceZero)},
		{"emd_zero", newEMD(t, d, empZero, NormZero)},
		{"emd_add", newEMD(t, d, empRef, NormAddEpsilon)},
	} {
		var grad mat.Dense
		v, err := c.p.ValueGradTo(&grad, w)
		require.NoError(t, err)
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
		assert.LessOrEqual(t, testutil.MaxRelErr(grad.RawMatrix().Data, want), 1e-10, "%s: gradient vs torch autodiff", c.key)
	}
}
