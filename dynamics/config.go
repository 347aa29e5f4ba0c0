package dynamics

import (
	"fmt"
	"math"
)

// Defaults of Config.
const (
	// DefaultFixedQ: a minimum with q ≤ 1e-16 (‖F(h) − h‖ ≤ 1.4e-8) is a
	// fixed point; Newton's method takes a fixed point of a float64 network
	// to q ≈ 1e-30, so this is numerical zero with a wide margin.
	DefaultFixedQ = 1e-16
	// DefaultSlowQ: a minimum with DefaultFixedQ < q ≤ 1e-4 (a step
	// ‖F(h) − h‖ ≤ 0.014) is a slow point; larger minima are discarded.
	DefaultSlowQ = 1e-4
	// DefaultUniqueTol is the Euclidean distance within which two points are
	// the same (FixedPointFinder's tol_unique, Golub & Sussillo 2018).
	DefaultUniqueTol = 1e-3
	// DefaultMaxIterations bounds the quasi-Newton iterations per initial
	// state.
	DefaultMaxIterations = 500
	// DefaultGradTol stops the quasi-Newton search when ‖∇q‖_∞ falls below
	// it. L-BFGS need not go further: Newton's method finishes each distinct
	// candidate, and stopping here halves the search's time on the paper's
	// networks.
	DefaultGradTol = 1e-6
	// DefaultNewtonIterations bounds the Newton steps that polish each
	// distinct candidate.
	DefaultNewtonIterations = 20
)

// Config tunes FindFixedPoints. The zero value means every default.
type Config struct {
	// FixedQ is the q at or below which a minimum is a fixed point; 0 means
	// DefaultFixedQ.
	FixedQ float64
	// SlowQ is the q at or below which a minimum that is not a fixed point is
	// kept as a slow point; 0 means DefaultSlowQ. Must be ≥ FixedQ.
	SlowQ float64
	// UniqueTol is the distance ‖h_a − h_b‖ within which two points are
	// merged; 0 means DefaultUniqueTol.
	UniqueTol float64
	// MaxIterations bounds the L-BFGS iterations from each initial state; 0
	// means DefaultMaxIterations. The search also stops when q has not
	// fallen by 0.1 % in 20 iterations, or is below FixedQ/10⁴.
	MaxIterations int
	// GradTol stops L-BFGS when ‖∇q‖_∞ ≤ GradTol; 0 means DefaultGradTol.
	GradTol float64
	// NewtonIterations bounds the Newton steps on F(h) − h = 0 that polish
	// each distinct candidate; 0 means DefaultNewtonIterations, −1 disables
	// polishing.
	NewtonIterations int
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	// The results do not depend on it.
	Workers int
}

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.FixedQ, DefaultFixedQ)
	def(&c.SlowQ, DefaultSlowQ)
	def(&c.UniqueTol, DefaultUniqueTol)
	def(&c.GradTol, DefaultGradTol)
	if c.MaxIterations == 0 {
		c.MaxIterations = DefaultMaxIterations
	}
	if c.NewtonIterations == 0 {
		c.NewtonIterations = DefaultNewtonIterations
	}
	return c
}

// Validate reports the first invalid field of c, naming it.
func (c Config) Validate() error {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("dynamics: Config.%s: %s: %w", field, fmt.Sprintf(format, args...), ErrConfig)
	}
	pos := func(v float64) bool { return v >= 0 && !math.IsInf(v, 0) }
	switch d := c.withDefaults(); {
	case !pos(c.FixedQ):
		return bad("FixedQ", "%g, want finite ≥ 0", c.FixedQ)
	case !pos(c.SlowQ):
		return bad("SlowQ", "%g, want finite ≥ 0", c.SlowQ)
	case d.SlowQ < d.FixedQ:
		return bad("SlowQ", "%g is below FixedQ %g", d.SlowQ, d.FixedQ)
	case !pos(c.UniqueTol):
		return bad("UniqueTol", "%g, want finite ≥ 0", c.UniqueTol)
	case !pos(c.GradTol):
		return bad("GradTol", "%g, want finite ≥ 0", c.GradTol)
	case c.MaxIterations < 0:
		return bad("MaxIterations", "%d, want ≥ 0", c.MaxIterations)
	case c.NewtonIterations < -1:
		return bad("NewtonIterations", "%d, want ≥ −1", c.NewtonIterations)
	case c.Workers < 0:
		return bad("Workers", "%d, want ≥ 0", c.Workers)
	}
	return nil
}
