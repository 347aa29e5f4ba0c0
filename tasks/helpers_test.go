package tasks

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sentinel fills every entry of a batch with a value no task writes, so tests
// can see which entries a trial write touched.
const sentinel = -7

func fillSentinel(b *Batch) {
	for i := range b.X {
		b.X[i] = sentinel
	}
	for i := range b.Y {
		b.Y[i] = sentinel
	}
	for i := range b.Mask {
		b.Mask[i] = sentinel
	}
	for i := range b.Labels {
		b.Labels[i] = sentinel
	}
}

// mustBatch allocates a batch for spec or fails t.
func mustBatch(t testing.TB, spec Spec, size int) *Batch {
	t.Helper()
	b, err := NewBatch(spec, size)
	require.NoError(t, err)
	return b
}

// trialInputs extracts trial b's inputs as a Steps×NIn row-major slice.
func trialInputs(bt *Batch, b int) []float32 {
	out := make([]float32, 0, bt.Steps*bt.NIn)
	for t := 0; t < bt.Steps; t++ {
		for i := 0; i < bt.NIn; i++ {
			out = append(out, bt.Input(t, b, i))
		}
	}
	return out
}

// trialTargets extracts trial b's per-step targets (Steps×NOut) and mask.
func trialTargets(bt *Batch, b int) (y, mask []float32) {
	for t := 0; t < bt.Steps; t++ {
		for k := 0; k < bt.NOut; k++ {
			y = append(y, bt.Target(t, b, k))
		}
		mask = append(mask, bt.Weight(t, b))
	}
	return y, mask
}

// assertExact fails t if any entry of got differs from want (both
// Steps×width row-major; NaN matches NaN), naming step and channel of the
// first few.
func assertExact(t testing.TB, got, want []float32, width int, what string) {
	t.Helper()
	require.Equal(t, len(want), len(got), "%s: length", what)
	var first []string
	bad := 0
	for i := range got {
		if got[i] != want[i] && !(math.IsNaN(float64(got[i])) && math.IsNaN(float64(want[i]))) {
			if bad < 5 {
				first = append(first, fmt.Sprintf("step %d channel %d: got %v, want %v", i/width, i%width, got[i], want[i]))
			}
			bad++
		}
	}
	assert.Zero(t, bad, "%s: entries differ; the first:\n%s", what, strings.Join(first, "\n"))
}

// assertOthersUntouched fails t if any entry of a trial other than b changed
// from the sentinel.
func assertOthersUntouched(t testing.TB, bt *Batch, b int) {
	t.Helper()
	for tr := 0; tr < bt.Size; tr++ {
		if tr == b {
			continue
		}
		x := trialInputs(bt, tr)
		require.Equal(t, sentinelsLike(x), x, "trial %d's input changed while writing trial %d", tr, b)
		if bt.Labels != nil {
			require.Equal(t, sentinel, bt.Labels[tr], "trial %d's label changed while writing trial %d", tr, b)
		}
		if bt.Y != nil {
			y, m := trialTargets(bt, tr)
			ym := append(y, m...)
			require.Equal(t, sentinelsLike(ym), ym, "trial %d's target/mask changed while writing trial %d", tr, b)
		}
	}
}

// sentinelsLike returns a slice of v's length (nil if v is nil) holding only
// the sentinel.
func sentinelsLike(v []float32) []float32 {
	s := slices.Clone(v)
	for i := range s {
		s[i] = sentinel
	}
	return s
}

func newPCG(s1, s2 uint64) *rand.Rand { return rand.New(rand.NewPCG(s1, s2)) }

// segment is a run of steps with constant inputs and target class, written
// straight from a task's description.
type segment struct {
	steps  int
	inputs []float32
	class  int
}

// refPerStep builds the expected inputs (Steps×NIn), one-hot targets
// (Steps×NOut) and mask of a per-step trial: pad zero steps (mask 0), then the
// segments (mask 1).
func refPerStep(pad, nIn, nOut int, segs []segment) (x, y, mask []float32) {
	for range pad {
		x = append(x, make([]float32, nIn)...)
		y = append(y, make([]float32, nOut)...)
		mask = append(mask, 0)
	}
	for _, s := range segs {
		for range s.steps {
			x = append(x, s.inputs...)
			oh := make([]float32, nOut)
			oh[s.class] = 1
			y = append(y, oh...)
			mask = append(mask, 1)
		}
	}
	return x, y, mask
}

// checkPerStepTrial compares trial b of bt with the reference.
func checkPerStepTrial(t testing.TB, bt *Batch, b, pad int, segs []segment) {
	t.Helper()
	x, y, mask := refPerStep(pad, bt.NIn, bt.NOut, segs)
	require.Equal(t, bt.Steps, len(mask), "steps of the reference vs the batch")
	gy, gm := trialTargets(bt, b)
	assertExact(t, trialInputs(bt, b), x, bt.NIn, "inputs")
	assertExact(t, gy, y, bt.NOut, "targets")
	assertExact(t, gm, mask, 1, "mask")
}

// shape is the part of a Spec that a task's layout fixes.
type shape struct {
	Steps, NIn, NOut int
	Target           TargetKind
}

func specShape(s Spec) shape { return shape{s.Steps, s.NIn(), s.NOut(), s.Target} }
