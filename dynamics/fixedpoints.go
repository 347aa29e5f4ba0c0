package dynamics

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// Kind says whether a point is a fixed point or a slow point.
type Kind int

const (
	// Fixed: q ≤ Config.FixedQ, F(h) = h to numerical precision.
	Fixed Kind = iota
	// Slow: FixedQ < q ≤ SlowQ, a local minimum of the speed that is not
	// zero: the state drifts slowly there (Sussillo & Barak 2013).
	Slow
)

// String returns "fixed" or "slow".
func (k Kind) String() string {
	switch k {
	case Fixed:
		return "fixed"
	case Slow:
		return "slow"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Point is one distinct fixed or slow point.
type Point struct {
	// Input indexes Result.Inputs: the constant input of the map.
	Input int
	// H is the state, length N.
	H []float64
	// Q is q(H).
	Q float64
	// Kind is Fixed or Slow.
	Kind Kind
	// Count is the number of initial states whose minimisation ended at
	// this point (within Config.UniqueTol).
	Count int
	// Lin is the linearisation of F at H.
	Lin Linearization
}

// InputResult summarises the search under one input.
type InputResult struct {
	Input Input
	// Starts is the number of initial states.
	Starts int
	// Fixed and Slow count the distinct points of each kind.
	Fixed, Slow int
	// MinQ is the smallest q reached from any initial state.
	MinQ float64
	// Discarded counts the initial states whose search ended with q >
	// SlowQ (or was not finite).
	Discarded int
	// FixedQ and SlowQ are the thresholds the search used.
	FixedQ, SlowQ float64
}

// Note returns a plain sentence on what was found under the input, saying
// so explicitly when there is no fixed point near the initial states.
func (r *InputResult) Note() string {
	switch {
	case r.Fixed > 0:
		return fmt.Sprintf("input %q: %d fixed and %d slow points from %d initial states", r.Input.Name, r.Fixed, r.Slow, r.Starts)
	case r.Slow > 0:
		return fmt.Sprintf("input %q: no fixed point near the %d initial states: the smallest q is %.3g > %.3g, "+
			"so the dynamics there have no equilibrium; %d slow points (q ≤ %.3g)", r.Input.Name, r.Starts, r.MinQ, r.FixedQ, r.Slow, r.SlowQ)
	default:
		return fmt.Sprintf("input %q: no fixed or slow point near the %d initial states: the smallest q is %.3g > %.3g",
			r.Input.Name, r.Starts, r.MinQ, r.SlowQ)
	}
}

// Result is the outcome of FindFixedPoints.
type Result struct {
	// Inputs has one entry per input, in the order given.
	Inputs []InputResult
	// Points are the distinct points, grouped by input in the order given,
	// then fixed before slow, then by decreasing Count, then by increasing Q.
	Points []Point
}

// FindFixedPoints searches for the fixed and slow points of net under each
// input, starting from every row of starts (typically SampleStates of the
// network's own trajectories):
//
//  1. from each initial state, L-BFGS (gonum optimize.LBFGS) minimises
//     q(h) = ½‖F(h) − h‖² with its exact gradient (see Speed) until
//     ‖∇q‖_∞ ≤ GradTol, q stops falling, or MaxIterations;
//  2. the ends with q ≤ SlowQ are grouped: in order of increasing q, each
//     joins the first group whose representative lies within UniqueTol,
//     or starts a new one;
//  3. each representative is polished by Newton's method on F(h) − h = 0
//     with the exact Jacobian (dense LU; a step is halved until q falls),
//     which for ReLU, where F is piecewise affine, lands exactly on the
//     fixed point once the active set is right; groups that now coincide
//     are merged;
//  4. each point is classified Fixed (q ≤ FixedQ) or Slow and linearised
//     (Linearize of the exact Jacobian).
//
// The result does not depend on Config.Workers. FindFixedPoints returns
// ctx's error if ctx is cancelled, and errors wrapping ErrNetwork,
// ErrConfig or ErrInput for an invalid network, configuration, input or
// initial state. It panics with a ShapeError if starts does not have N
// columns.
func FindFixedPoints(ctx context.Context, net *Network, inputs []Input, starts mat.Matrix, cfg Config) (*Result, error) {
	if err := net.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if cfg.Workers == 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	n := net.N()
	rows, cols := starts.Dims()
	if cols != n {
		panicShape("initial states", fmt.Sprintf("%d×%d", rows, cols), fmt.Sprintf("k×%d", n))
	}
	if len(inputs) == 0 || rows == 0 {
		return nil, fmt.Errorf("dynamics: FindFixedPoints: %d inputs and %d initial states, want at least one of each: %w", len(inputs), rows, ErrInput)
	}
	h0 := mat.DenseCopyOf(starts)
	if i, j, v, bad := firstNonFinite(h0); bad {
		return nil, fmt.Errorf("dynamics: initial state %d, unit %d is %g: %w", i, j, v, ErrInput)
	}
	res := &Result{}
	for k, in := range inputs {
		c, err := net.Drive(in.X)
		if err != nil {
			return nil, fmt.Errorf("dynamics: input %q: %w", in.Name, err)
		}
		ir, pts, err := findUnder(ctx, net, c, h0, cfg)
		if err != nil {
			return nil, err
		}
		ir.Input = in
		for i := range pts {
			pts[i].Input = k
		}
		res.Inputs = append(res.Inputs, ir)
		res.Points = append(res.Points, pts...)
	}
	return res, nil
}

// end is where one minimisation ended.
type end struct {
	h []float64
	q float64
}

// findUnder runs the search under one drive c.
func findUnder(ctx context.Context, net *Network, c []float64, h0 *mat.Dense, cfg Config) (InputResult, []Point, error) {
	rows, _ := h0.Dims()
	ends := make([]end, rows)
	err := parallel(ctx, rows, cfg.Workers, func() func(i int) error {
		m := newMinimiser(net, c, cfg)
		return func(i int) error {
			h := append([]float64(nil), h0.RawRowView(i)...)
			q, err := m.minimise(ctx, h)
			ends[i] = end{h, q}
			return err
		}
	})
	if err != nil {
		return InputResult{}, nil, err
	}
	ir := InputResult{Starts: rows, MinQ: math.Inf(1), FixedQ: cfg.FixedQ, SlowQ: cfg.SlowQ}
	var cand []int
	for i, e := range ends {
		if e.q < ir.MinQ {
			ir.MinQ = e.q
		}
		if e.q <= cfg.SlowQ {
			cand = append(cand, i)
		} else {
			ir.Discarded++
		}
	}
	// Group in order of increasing q (ties by start index: deterministic).
	slices.SortStableFunc(cand, func(a, b int) int { return cmp.Compare(ends[a].q, ends[b].q) })
	type group struct {
		rep   end
		count int
	}
	var groups []group
	for _, i := range cand {
		k := slices.IndexFunc(groups, func(g group) bool { return floats.Distance(g.rep.h, ends[i].h, 2) <= cfg.UniqueTol })
		if k < 0 {
			groups = append(groups, group{rep: end{append([]float64(nil), ends[i].h...), ends[i].q}})
			k = len(groups) - 1
		}
		groups[k].count++
	}
	// Polish and linearise each representative.
	lins := make([]Linearization, len(groups))
	err = parallel(ctx, len(groups), cfg.Workers, func() func(i int) error {
		p := newPolisher(net, c)
		return func(i int) error {
			g := &groups[i]
			if cfg.NewtonIterations > 0 && g.rep.q > 0 {
				g.rep.q = p.polish(g.rep.h, g.rep.q, cfg.NewtonIterations)
			}
			var err error
			lins[i], err = Linearize(p.s.JacobianTo(p.j, g.rep.h))
			return err
		}
	})
	if err != nil {
		return InputResult{}, nil, err
	}
	// Merge groups that polishing brought together (in group order).
	var pts []Point
	for i, g := range groups {
		if g.rep.q > cfg.SlowQ {
			ir.Discarded += g.count
			continue
		}
		k := slices.IndexFunc(pts, func(p Point) bool { return floats.Distance(p.H, g.rep.h, 2) <= cfg.UniqueTol })
		if k >= 0 {
			pts[k].Count += g.count
			if g.rep.q < pts[k].Q {
				pts[k].H, pts[k].Q, pts[k].Lin = g.rep.h, g.rep.q, lins[i]
			}
			continue
		}
		pts = append(pts, Point{H: g.rep.h, Q: g.rep.q, Count: g.count, Lin: lins[i]})
		if g.rep.q < ir.MinQ {
			ir.MinQ = g.rep.q
		}
	}
	for i := range pts {
		if pts[i].Q <= cfg.FixedQ {
			pts[i].Kind = Fixed
			ir.Fixed++
		} else {
			pts[i].Kind = Slow
			ir.Slow++
		}
		if pts[i].Q < ir.MinQ {
			ir.MinQ = pts[i].Q
		}
	}
	slices.SortStableFunc(pts, func(a, b Point) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(b.Count, a.Count), cmp.Compare(a.Q, b.Q))
	})
	return ir, pts, nil
}

// parallel runs do(i) for i in [0, count) on workers goroutines, each with
// its own closure from mk (its own workspace). Each i is handled once, by
// whichever worker takes it; results must go to per-i slots. It stops at the
// first error or when ctx is done.
func parallel(ctx context.Context, count, workers int, mk func() func(i int) error) error {
	if workers > count {
		workers = count
	}
	var (
		mu   sync.Mutex
		next int
		errs = make([]error, workers)
		wg   sync.WaitGroup
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= count || ctx.Err() != nil {
			return 0, false
		}
		next++
		return next - 1, true
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do := mk()
			for i, ok := take(); ok; i, ok = take() {
				if err := do(i); err != nil {
					errs[w] = err
					mu.Lock()
					next = count // stop the others
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// minimiser runs L-BFGS on q from one initial state at a time, reusing its
// Speed.
type minimiser struct {
	s     *Speed
	last  []float64 // the state of the last forward pass
	lastQ float64   // q there
	have  bool
	cfg   Config
}

func newMinimiser(net *Network, c []float64, cfg Config) *minimiser {
	return &minimiser{s: newSpeed(net, c), last: make([]float64, len(c)), cfg: cfg}
}

// eval runs the forward pass at x unless it was the last one evaluated:
// gonum's optimize asks for q and ∇q at the same point in two calls.
func (m *minimiser) eval(x []float64) float64 {
	if !m.have || !slices.Equal(x, m.last) {
		m.lastQ = m.s.forward(x)
		copy(m.last, x)
		m.have = true
	}
	return m.lastQ
}

// minimise overwrites h with the end of the search from h and returns q
// there (+Inf when q was not finite at the start).
func (m *minimiser) minimise(ctx context.Context, h []float64) (float64, error) {
	m.have = false
	q0 := m.s.forward(h)
	if math.IsNaN(q0) || math.IsInf(q0, 0) {
		return math.Inf(1), nil
	}
	prob := optimize.Problem{
		Func: func(x []float64) float64 { return m.eval(x) },
		Grad: func(g, x []float64) {
			if !m.have || !slices.Equal(x, m.last) {
				m.eval(x)
			}
			m.s.gradFromForward(g)
		},
	}
	set := &optimize.Settings{
		GradientThreshold: m.cfg.GradTol,
		MajorIterations:   m.cfg.MaxIterations,
		Converger:         &converger{fixedQ: m.cfg.FixedQ, fc: optimize.FunctionConverge{Relative: 1e-3, Iterations: 20}},
		Recorder:          ctxRecorder{ctx},
	}
	r, err := optimize.Minimize(prob, h, set, &optimize.LBFGS{})
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	if r == nil {
		return q0, nil // kept h: no progress was possible
	}
	_ = err // a failed line search ends the search where it stands
	if r.F < q0 && !math.IsNaN(r.F) {
		copy(h, r.X)
		return r.F, nil
	}
	return q0, nil
}

// converger stops L-BFGS once q is well below FixedQ (Newton's method
// finishes the job) or has stopped falling by 0.1 % in 20 iterations.
type converger struct {
	fixedQ float64
	fc     optimize.FunctionConverge
}

func (c *converger) Init(dim int) { c.fc.Init(dim) }

func (c *converger) Converged(l *optimize.Location) optimize.Status {
	if l.F <= c.fixedQ*1e-4 {
		return optimize.FunctionThreshold
	}
	return c.fc.Converged(l)
}

// ctxRecorder ends the optimisation when its context is done.
type ctxRecorder struct{ ctx context.Context }

func (r ctxRecorder) Init() error { return nil }

func (r ctxRecorder) Record(*optimize.Location, optimize.Operation, *optimize.Stats) error {
	return r.ctx.Err()
}

// polisher runs Newton's method on F(h) − h = 0.
type polisher struct {
	s       *Speed
	j       *mat.Dense
	lu      mat.LU
	d, r, t []float64
}

func newPolisher(net *Network, c []float64) *polisher {
	n := len(c)
	return &polisher{s: newSpeed(net, c), j: mat.NewDense(n, n, nil),
		d: make([]float64, n), r: make([]float64, n), t: make([]float64, n)}
}

// polish improves h in place from q(h) = q and returns the new q. Each step
// solves (J − I) d = −(F(h) − h) and halves d until q falls (at most 30
// times); it stops when no step lowers q or after iters steps.
func (p *polisher) polish(h []float64, q float64, iters int) float64 {
	n := len(h)
	for it := 0; it < iters && q > 0; it++ {
		p.s.JacobianTo(p.j, h)
		copy(p.r, p.s.r)
		for i := 0; i < n; i++ {
			p.j.Set(i, i, p.j.At(i, i)-1)
			p.r[i] = -p.r[i]
		}
		p.lu.Factorize(p.j)
		dv := mat.NewVecDense(n, p.d)
		if err := p.lu.SolveVecTo(dv, false, mat.NewVecDense(n, p.r)); err != nil {
			var c mat.Condition
			if !errors.As(err, &c) || math.IsInf(float64(c), 0) {
				return q
			}
		}
		step, improved := 1.0, false
		for k := 0; k < 30; k++ {
			for i := range p.t {
				p.t[i] = h[i] + step*p.d[i]
			}
			if qt := p.s.forward(p.t); qt < q {
				copy(h, p.t)
				q, improved = qt, true
				break
			}
			step /= 2
		}
		if !improved {
			return q
		}
	}
	return q
}

// SampleStates returns k initial states drawn from the rows of states
// (e.g. hidden states of trials, Model.States), uniformly with replacement,
// plus independent Gaussian noise of standard deviation sd on every unit
// (Golub & Sussillo 2018 add such noise to explore around trajectories).
// Draws: k rnd.IntN(rows), then, when sd > 0, k·N rnd.NormFloat64, row by
// row. It panics if rnd is nil, k < 1, sd < 0 or states is empty.
func SampleStates(states mat.Matrix, k int, sd float64, rnd *rand.Rand) *mat.Dense {
	if rnd == nil {
		panic("dynamics: SampleStates: nil random generator")
	}
	rows, n := states.Dims()
	if rows == 0 || k < 1 || !(sd >= 0) {
		panic(fmt.Sprintf("dynamics: SampleStates: %d rows, k = %d, sd = %g", rows, k, sd))
	}
	out := mat.NewDense(k, n, nil)
	for i := 0; i < k; i++ {
		out.SetRow(i, mat.Row(nil, rnd.IntN(rows), states))
	}
	if sd > 0 {
		for i := 0; i < k; i++ {
			row := out.RawRowView(i)
			for j := range row {
				row[j] += sd * rnd.NormFloat64()
			}
		}
	}
	return out
}
