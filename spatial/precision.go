package spatial

import "fmt"

// Precision selects the arithmetic of the matrix exponential and its
// Fréchet derivative inside Communicability and EMD. Everything else in the
// penalties (strengths, normalisation, sums, the gradient's assembly) is
// float64 either way.
type Precision int

const (
	// Float64 is the default: the scaling–Padé–squaring algorithm of
	// ExpWorkspace (Al-Mohy & Higham 2009), as scipy.linalg.expm_frechet,
	// accurate to float64 rounding.
	Float64 Precision = iota
	// Float32 evaluates a truncated Taylor series with scaling and squaring
	// and its forward-mode derivative in float32 GEMMs (taylor32.go), about
	// twice as fast. The penalties' exponentiated matrix and Fréchet
	// direction are nonnegative, so nothing cancels and every entry is
	// accurate to a few float32 rounding errors per product — the
	// precision of a float32 training step (TensorFlow, which the paper
	// used, computes expm in float32 too). A matrix whose 1-norm would need
	// more than a few squarings is done in float64 instead.
	Float32
)

func (p Precision) String() string {
	switch p {
	case Float64:
		return "float64"
	case Float32:
		return "float32"
	}
	return fmt.Sprintf("Precision(%d)", int(p))
}

func (p Precision) validate(fn string) error {
	if p < Float64 || p > Float32 {
		return fmt.Errorf("spatial: %s: unknown Precision %d: %w", fn, int(p), ErrConfig)
	}
	return nil
}

// ParsePrecision parses "float64" or "float32" (the names String gives).
func ParsePrecision(s string) (Precision, error) {
	for _, p := range []Precision{Float64, Float32} {
		if s == p.String() {
			return p, nil
		}
	}
	return 0, fmt.Errorf("spatial: unknown precision %q (want float64 or float32): %w", s, ErrConfig)
}
