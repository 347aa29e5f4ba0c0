package spatial

import (
	"fmt"

	"github.com/cortexrnn/cortexrnn/internal/arith"
)

// Arithmetic selects the arithmetic of the matrix exponential and its
// Fréchet derivative inside the Communicability and EMD penalties.
// Everything else in the penalties (strengths, normalisation, sums, the
// gradient's assembly) is float64 either way. It is the same type as
// rnn.Arithmetic, so one value configures both packages.
type Arithmetic = arith.Arithmetic

const (
	// Float32, the zero value, evaluates a truncated Taylor series with
	// scaling and squaring and its forward-mode derivative in float32 GEMMs
	// (taylor32.go), about twice as fast as Float64. The penalties'
	// exponentiated matrix and Fréchet direction are nonnegative, so nothing
	// cancels and every entry is accurate to a few float32 rounding errors
	// per product — the precision of a float32 training step (TensorFlow,
	// which the published code used, computes expm in float32 too). A matrix
	// whose 1-norm would need more than a few squarings is done in float64
	// instead.
	Float32 = arith.Float32
	// Float64 is the scaling–Padé–squaring algorithm of ExpWorkspace
	// (Al-Mohy & Higham 2009), as scipy.linalg.expm_frechet, accurate to
	// float64 rounding.
	Float64 = arith.Float64
)

func checkArithmetic(fn string, a Arithmetic) error {
	if !a.Valid() {
		return fmt.Errorf("spatial: %s: unknown Arithmetic %d: %w", fn, int(a), ErrConfig)
	}
	return nil
}
