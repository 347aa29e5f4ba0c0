package tasks

import (
	"math"
	"math/rand/v2"
)

// gridTol is the relative tolerance within which a duration counts as an
// exact multiple of dt (it absorbs decimal round-off such as 0.3/0.1).
const gridTol = 1e-9

// Duration is the length of one period, in the same unit as the schedule's
// time step dt (milliseconds for the NeuroGym-style tasks, steps for the
// paper's step-defined tasks, where dt = 1). It is fixed or drawn once per
// trial from a typed distribution. The set of distributions is closed: Fixed,
// Choice, Uniform and TruncExp.
//
// Fixed and Choice values must be exact multiples of dt (ErrOffGrid
// otherwise). Continuous draws (Uniform, TruncExp) are floored onto the grid,
// steps = ⌊d/dt⌋, as NeuroGym's TrialEnv.sample_time does, and must last at
// least one step (Min ≥ dt). No period may be zero or negative: leave a period
// out of the schedule instead.
type Duration interface {
	// Random reports whether the duration is drawn per trial.
	Random() bool
	// steps validates the duration against dt and returns its shortest and
	// longest length in steps.
	steps(dt float64, field string) (lo, hi int, err error)
	// sample draws a length in steps (only called when Random).
	sample(dt float64, lo, hi int, rnd *rand.Rand) int
}

// Fixed is a duration that is the same on every trial. It consumes no draws.
type Fixed float64

// Choice is a duration drawn uniformly from a finite set of values. With
// more than one value it consumes one rnd.IntN(len) draw per trial; with one
// it is Fixed.
type Choice []float64

// Uniform is a duration drawn uniformly from [Min, Max) and floored onto the
// dt grid. It consumes one rnd.Float64 draw per trial.
type Uniform struct{ Min, Max float64 }

// TruncExp is an exponential duration with scale Mean, truncated to
// [Min, Max) and floored onto the dt grid: NeuroGym's TruncExp. NeuroGym draws
// by rejection; this draws the same distribution by inverting its CDF,
//
//	d = −Mean·ln(e^{−Min/Mean} − u·(e^{−Min/Mean} − e^{−Max/Mean})),  u ~ U[0, 1),
//
// so it consumes exactly one rnd.Float64 draw per trial.
type TruncExp struct{ Mean, Min, Max float64 }

// Random reports false.
func (Fixed) Random() bool { return false }

// Random reports whether c has more than one value.
func (c Choice) Random() bool { return len(c) > 1 }

// Random reports true.
func (Uniform) Random() bool { return true }

// Random reports true.
func (TruncExp) Random() bool { return true }

// onGrid converts d to a whole number of steps, or errors.
func onGrid(d, dt float64, field string) (int, error) {
	if math.IsNaN(d) || math.IsInf(d, 0) || d <= 0 {
		return 0, fieldErr(field, ErrTiming, "duration %g, want finite and > 0", d)
	}
	k := d / dt
	r := math.Round(k)
	if r < 1 || math.Abs(k-r) > gridTol*math.Max(1, r) {
		return 0, fieldErr(field, ErrOffGrid, "duration %g is not a positive multiple of dt = %g", d, dt)
	}
	if r > math.MaxInt32 {
		return 0, fieldErr(field, ErrTiming, "duration %g is %g steps, too long", d, r)
	}
	return int(r), nil
}

// floorSteps is ⌊d/dt⌋ with a tolerance for decimal round-off.
func floorSteps(d, dt float64) int {
	return int(math.Floor(d/dt + gridTol))
}

// continuousRange validates a continuous [lo, hi) range and returns the step
// range ⌊lo/dt⌋ … largest ⌊d/dt⌋ with d < hi.
func continuousRange(lo, hi, dt float64, field string) (int, int, error) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return 0, 0, fieldErr(field, ErrTiming, "bounds [%g, %g) must be finite", lo, hi)
	}
	if !(lo < hi) {
		return 0, 0, fieldErr(field, ErrTiming, "Min %g must be < Max %g", lo, hi)
	}
	if floorSteps(lo, dt) < 1 {
		return 0, 0, fieldErr(field, ErrTiming, "Min %g is shorter than one step (dt = %g)", lo, dt)
	}
	if hi/dt > math.MaxInt32 {
		return 0, 0, fieldErr(field, ErrTiming, "Max %g is too many steps", hi)
	}
	k := hi / dt
	maxSteps := int(math.Floor(k))
	if r := math.Round(k); math.Abs(k-r) <= gridTol*math.Max(1, r) {
		maxSteps = int(r) - 1 // d < hi never reaches hi/dt steps
	}
	return floorSteps(lo, dt), maxSteps, nil
}

func (f Fixed) steps(dt float64, field string) (int, int, error) {
	n, err := onGrid(float64(f), dt, field)
	return n, n, err
}

func (Fixed) sample(_ float64, lo, _ int, _ *rand.Rand) int { return lo }

func (c Choice) steps(dt float64, field string) (int, int, error) {
	if len(c) == 0 {
		return 0, 0, fieldErr(field, ErrTiming, "empty Choice")
	}
	lo, hi := math.MaxInt, 0
	for i, d := range c {
		n, err := onGrid(d, dt, field)
		if err != nil {
			return 0, 0, fieldErr(field, err.(*FieldError).Err, "value %d: %s", i, err.(*FieldError).Detail)
		}
		lo, hi = min(lo, n), max(hi, n)
	}
	return lo, hi, nil
}

func (c Choice) sample(dt float64, _, _ int, rnd *rand.Rand) int {
	return int(math.Round(c[rnd.IntN(len(c))] / dt))
}

func (u Uniform) steps(dt float64, field string) (int, int, error) {
	return continuousRange(u.Min, u.Max, dt, field)
}

func (u Uniform) sample(dt float64, lo, hi int, rnd *rand.Rand) int {
	d := u.Min + (u.Max-u.Min)*rnd.Float64()
	return min(max(floorSteps(d, dt), lo), hi)
}

func (e TruncExp) steps(dt float64, field string) (int, int, error) {
	if math.IsNaN(e.Mean) || math.IsInf(e.Mean, 0) || e.Mean <= 0 {
		return 0, 0, fieldErr(field, ErrTiming, "TruncExp Mean %g, want finite and > 0", e.Mean)
	}
	return continuousRange(e.Min, e.Max, dt, field)
}

// Quantile returns the duration at cumulative probability u ∈ [0, 1) of the
// truncated exponential (the inverse CDF used by sampling).
func (e TruncExp) Quantile(u float64) float64 {
	a := math.Exp(-e.Min / e.Mean)
	b := math.Exp(-e.Max / e.Mean)
	return -e.Mean * math.Log(a-u*(a-b))
}

func (e TruncExp) sample(dt float64, lo, hi int, rnd *rand.Rand) int {
	d := e.Quantile(rnd.Float64())
	return min(max(floorSteps(d, dt), lo), hi)
}
