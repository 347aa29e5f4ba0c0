package connectome

import (
	"errors"
	"math"
	"strings"
	"testing"

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
	if err := validField().Check(); err != nil {
		t.Fatal(err)
	}
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
		f := validField()
		c.mod(f)
		err := f.Check()
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.part) {
			t.Errorf("%s: err %v, want %v naming %s", c.name, err, c.want, c.part)
		}
	}
}
