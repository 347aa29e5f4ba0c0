package connectome

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func validField() *Field {
	return &Field{Name: "t", N: 2,
		Positions: mat.NewDense(2, 3, []float64{0, 0, 0, 1, 1, 1}),
		Synapses:  mat.NewDense(2, 2, []float64{0, 2, 1, 0}),
		Corr:      mat.NewDense(2, 2, []float64{1, 0.1, 0.1, 1}),
		Spikes:    [][]float64{{0.1, 0.2}, {}},
		RootIDs:   []int64{1, 2},
	}
}

func TestFieldCheck(t *testing.T) {
	t.Parallel()
	require.NoError(t, validField().Check())
	cases := []struct {
		name string
		mod  func(*Field)
		want error
		part string
	}{
		{"no neurons", func(f *Field) { f.N = 0 }, ErrShape, "N"},
		{"ids", func(f *Field) { f.RootIDs = []int64{1} }, ErrMismatch, "RootIDs"},
		{"no positions", func(f *Field) { f.Positions = nil }, ErrShape, "Positions"},
		{"positions shape", func(f *Field) { f.Positions = mat.NewDense(3, 3, nil) }, ErrMismatch, "Positions"},
		{"NaN position", func(f *Field) { f.Positions.Set(1, 2, math.NaN()) }, ErrValue, "Positions"},
		{"negative count", func(f *Field) { f.Synapses.Set(0, 1, -1) }, ErrValue, "Synapses"},
		{"fractional count", func(f *Field) { f.Synapses.Set(0, 1, 0.5) }, ErrValue, "Synapses"},
		{"Inf corr", func(f *Field) { f.Corr.Set(0, 1, math.Inf(1)) }, ErrValue, "Corr"},
		{"STTC shape", func(f *Field) { f.STTC = mat.NewDense(1, 1, nil) }, ErrMismatch, "STTC"},
		{"spike trains", func(f *Field) { f.Spikes = f.Spikes[:1] }, ErrMismatch, "Spikes"},
		{"unsorted spikes", func(f *Field) { f.Spikes[0] = []float64{0.2, 0.1} }, ErrValue, "Spikes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := validField()
			c.mod(f)
			err := f.Check()
			require.ErrorIs(t, err, c.want)
			assert.Contains(t, err.Error(), c.part)
		})
	}
}

// spec3 returns a valid 3×3 field for CheckFunctional.
func spec3() *Field {
	return &Field{Name: "s", N: 3,
		Corr:      mat.NewDense(3, 3, []float64{1, 0.2, -0.1, 0.2, 1, 0.3, -0.1, 0.3, 1}),
		STTC:      mat.NewDense(3, 3, []float64{1, 0, 0, 0.4, 1, 0, -0.2, 0.1, 1}),
		Precision: mat.NewDense(3, 3, []float64{20, -1, 0.5, -1, 30, 2, 0.5, 2, 25}),
	}
}

func TestCheckFunctional(t *testing.T) {
	t.Parallel()
	assert.Empty(t, spec3().CheckFunctional())
	cases := []struct {
		name string
		mod  func(*Field)
		want error // nil: no violation
		msgs []string
	}{
		// The real fields' rounding (9_3_2: Corr diagonal 1 − 2.2e-16,
		// asymmetry 2.8e-17) is within SpecTol.
		{"rounding", func(f *Field) {
			f.Corr.Set(1, 1, 1-2.2e-16)
			f.Corr.Set(0, 1, 0.2+2.8e-17)
			f.Corr.Set(2, 2, 1+2.2e-16)
		}, nil, nil},
		{"symmetric STTC", func(f *Field) { f.STTC = mat.DenseCopyOf(SymmetrizeSTTC(f.STTC)) }, nil, nil},
		{"no Precision", func(f *Field) { f.Precision = nil }, nil, nil},
		{"Corr out of range", func(f *Field) {
			f.Corr.Set(0, 2, 49.5)
			f.Corr.Set(2, 0, 49.5)
			f.Corr.Set(1, 2, -1.5)
			f.Corr.Set(2, 1, -1.5)
		},
			ErrOutOfSpec, []string{"s: Corr", "4 entries outside [−1, 1]", "worst [0,2] = 49.5"}},
		{"Corr asymmetric", func(f *Field) { f.Corr.Set(2, 1, 0.9) }, ErrOutOfSpec, []string{"not symmetric", "[1,2] = 0.3 but [2,1] = 0.9"}},
		{"Corr diagonal", func(f *Field) { f.Corr.Set(1, 1, 0.5) }, ErrOutOfSpec, []string{"diagonal entry [1,1] = 0.5, want 1"}},
		{"Corr just past tolerance", func(f *Field) { f.Corr.Set(1, 0, 0.2+1e-11) }, ErrOutOfSpec, []string{"not symmetric"}},
		{"Corr all zero", func(f *Field) { f.Corr = mat.NewDense(3, 3, nil) }, ErrValue, []string{"s: Corr", "all entries are zero"}},
		{"STTC out of range", func(f *Field) { f.STTC.Set(2, 1, -3) }, ErrOutOfSpec, []string{"s: STTC", "worst [2,1] = -3"}},
		{"STTC diagonal", func(f *Field) { f.STTC.Set(0, 0, 0) }, ErrOutOfSpec, []string{"diagonal entry [0,0] = 0"}},
		{"STTC upper disagrees", func(f *Field) { f.STTC.Set(0, 1, 0.9) }, ErrOutOfSpec, []string{"upper triangle", "[0,1] = 0.9 but [1,0] = 0.4"}},
		{"STTC all zero", func(f *Field) { f.STTC = mat.NewDense(3, 3, nil) }, ErrValue, []string{"s: STTC", "all entries are zero"}},
		{"Precision asymmetric", func(f *Field) { f.Precision.Set(0, 2, 0.6) }, ErrOutOfSpec, []string{"s: Precision", "not symmetric", "[0,2] = 0.6 but [2,0] = 0.5"}},
		{"Precision relative tolerance", func(f *Field) { f.Precision.Set(0, 2, 0.5+1e-12) }, nil, nil},
		{"Precision diagonal", func(f *Field) { f.Precision.Set(1, 1, -2) }, ErrOutOfSpec, []string{"diagonal entry [1,1] = -2, want > 0"}},
		{"Precision all zero", func(f *Field) { f.Precision = mat.NewDense(3, 3, nil) }, ErrValue, []string{"all entries are zero"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := spec3()
			c.mod(f)
			got := f.CheckFunctional()
			if c.want == nil {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1, "%v", got)
			require.ErrorIs(t, got[0], c.want)
			var pe *ParseError
			require.ErrorAs(t, got[0], &pe)
			for _, m := range c.msgs {
				assert.Contains(t, got[0].Error(), m)
			}
		})
	}
}
