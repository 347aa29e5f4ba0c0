package spatial

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Scaling selects how coordinates are scaled before distances are taken.
type Scaling int

const (
	// ScaleMinMax maps every axis to [0, 1] by (x − min)/(max − min), as the
	// paper does for the real soma positions (D*). An axis on which all
	// points share one value maps to 0 (numpy would give NaN).
	ScaleMinMax Scaling = iota
	// ScaleNone keeps the input units: nanometres for soma positions, raw
	// grid steps for the grid control (the paper's D).
	ScaleNone
)

func (s Scaling) String() string {
	switch s {
	case ScaleMinMax:
		return "min-max"
	case ScaleNone:
		return "none"
	}
	return fmt.Sprintf("Scaling(%d)", int(s))
}

// Layout selects how the N×3 positions are turned into per-axis coordinate
// lists.
type Layout int

const (
	// LayoutTranspose is the corrected layout: neuron i keeps its own
	// (x, y, z).
	LayoutTranspose Layout = iota
	// LayoutReferenceReshape reproduces the published notebook's defect
	// (docs/method.md §3): np.array(positions.tolist()).reshape(3, -1), i.e. the
	// row-major N×3 buffer of voxel coordinates reinterpreted as a 3×N array
	// whose rows are then treated as the x, y and z axes. "Neuron" j gets
	// (buf[j], buf[N+j], buf[2N+j]), which mixes components of different
	// neurons. Only valid with ScaleMinMax, as in the notebook.
	LayoutReferenceReshape
)

func (l Layout) String() string {
	switch l {
	case LayoutTranspose:
		return "transpose"
	case LayoutReferenceReshape:
		return "reference-reshape"
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}

// DefaultVoxelSizeNM is the MICrONS voxel size (x, y, z) in nanometres. The
// published notebook reshaped positions in voxel units, so the reference
// layout divides nanometre positions by it first to reproduce the notebook's
// numbers exactly.
var DefaultVoxelSizeNM = [3]float64{4, 4, 40}

// CoordinateConfig configures Coordinates. The zero value is the corrected
// paper setting: transposed layout, each axis min-max scaled to [0, 1].
type CoordinateConfig struct {
	Scaling Scaling
	Layout  Layout
	// VoxelSizeNM converts nanometre positions back to voxel units before
	// the reference reshape (LayoutReferenceReshape only; the other layout
	// is invariant to it under min-max scaling and ignores it). The zero
	// value means DefaultVoxelSizeNM; use {1, 1, 1} if the positions are
	// already in voxels.
	VoxelSizeNM [3]float64
}

// Validate reports an unknown Scaling or Layout, a reference layout without
// min-max scaling, or a non-positive voxel size.
func (c CoordinateConfig) Validate() error {
	const fn = "CoordinateConfig"
	if c.Scaling != ScaleMinMax && c.Scaling != ScaleNone {
		return fmt.Errorf("spatial: %s: unknown Scaling %d: %w", fn, int(c.Scaling), ErrConfig)
	}
	switch c.Layout {
	case LayoutTranspose:
	case LayoutReferenceReshape:
		if c.Scaling != ScaleMinMax {
			return fmt.Errorf("spatial: %s: Layout %v needs Scaling %v (as in the notebook): %w",
				fn, c.Layout, ScaleMinMax, ErrConfig)
		}
	default:
		return fmt.Errorf("spatial: %s: unknown Layout %d: %w", fn, int(c.Layout), ErrConfig)
	}
	if c.VoxelSizeNM != ([3]float64{}) {
		for k, v := range c.VoxelSizeNM {
			if !(v > 0) || math.IsInf(v, 0) {
				return fmt.Errorf("spatial: %s: VoxelSizeNM[%d] = %v, want finite > 0: %w", fn, k, v, ErrConfig)
			}
		}
	}
	return nil
}

// Coordinates returns the N×3 coordinates (one row per neuron) used for the
// real-distance factor D* from N×3 soma positions in nanometres (row i =
// neuron i's x, y, z, as connectome.Field.Positions).
//
// With the zero config every axis k is min-max scaled,
// x'_ik = (x_ik − min_i x_ik) / (max_i x_ik − min_i x_ik), as in
// docs/method.md §3. LayoutReferenceReshape reproduces the published defect
// instead (see Layout). Non-finite positions or an invalid config give an
// error; positions that are not N×3 (N ≥ 1) panic with a ShapeError.
func Coordinates(positions mat.Matrix, cfg CoordinateConfig) (*mat.Dense, error) {
	const fn = "Coordinates"
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n, c := positions.Dims()
	if c != 3 || n < 1 {
		panicShape(fn, "positions", n, c, "N×3 with N ≥ 1")
	}
	// buf is the row-major N×3 buffer.
	buf := make([]float64, 3*n)
	for i := 0; i < n; i++ {
		for k := 0; k < 3; k++ {
			v := positions.At(i, k)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, entryError(fn, "positions", i, k, v, ErrNonFinite)
			}
			buf[3*i+k] = v
		}
	}
	out := mat.NewDense(n, 3, nil)
	switch cfg.Layout {
	case LayoutTranspose:
		for i := 0; i < n; i++ {
			out.SetRow(i, buf[3*i:3*i+3])
		}
	case LayoutReferenceReshape:
		vox := cfg.VoxelSizeNM
		if vox == ([3]float64{}) {
			vox = DefaultVoxelSizeNM
		}
		for i := 0; i < n; i++ {
			for k := 0; k < 3; k++ {
				buf[3*i+k] /= vox[k]
			}
		}
		// The 3×N reinterpretation: "axis" a, "neuron" j is buf[a*n+j].
		for a := 0; a < 3; a++ {
			for j := 0; j < n; j++ {
				out.Set(j, a, buf[a*n+j])
			}
		}
	}
	if cfg.Scaling == ScaleMinMax {
		minMaxColumns(out)
	}
	return out, nil
}

// minMaxColumns scales every column of m to [0, 1] in place; a constant
// column becomes 0.
func minMaxColumns(m *mat.Dense) {
	r, c := m.Dims()
	for k := 0; k < c; k++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 0; i < r; i++ {
			v := m.At(i, k)
			lo = math.Min(lo, v)
			hi = math.Max(hi, v)
		}
		span := hi - lo
		for i := 0; i < r; i++ {
			if span == 0 {
				m.Set(i, k, 0)
				continue
			}
			m.Set(i, k, (m.At(i, k)-lo)/span)
		}
	}
}

// GridCoordinates returns the gx·gy·gz × 3 coordinates of the regular-grid
// control D of docs/method.md §3, in exactly the notebook's order:
// numpy.meshgrid(arange(gx), arange(gy), arange(gz)) with the default 'xy'
// indexing (arrays of shape gy×gx×gz), each raveled in C order. Point
// p = (j·gx + i)·gz + k has coordinates (i, j, k). With ScaleNone the units are
// raw grid steps, as published; ScaleMinMax maps each axis to [0, 1] (the
// fair control: the same scale as the min-max scaled real coordinates; an
// axis of length 1 maps to 0). Non-positive sizes give an error.
func GridCoordinates(gx, gy, gz int, scaling Scaling) (*mat.Dense, error) {
	const fn = "GridCoordinates"
	if gx < 1 || gy < 1 || gz < 1 {
		return nil, fmt.Errorf("spatial: %s: grid (%d, %d, %d) has a non-positive size: %w", fn, gx, gy, gz, ErrConfig)
	}
	if scaling != ScaleMinMax && scaling != ScaleNone {
		return nil, fmt.Errorf("spatial: %s: unknown Scaling %d: %w", fn, int(scaling), ErrConfig)
	}
	out := mat.NewDense(gx*gy*gz, 3, nil)
	p := 0
	for j := 0; j < gy; j++ {
		for i := 0; i < gx; i++ {
			for k := 0; k < gz; k++ {
				out.Set(p, 0, float64(i))
				out.Set(p, 1, float64(j))
				out.Set(p, 2, float64(k))
				p++
			}
		}
	}
	if scaling == ScaleMinMax {
		minMaxColumns(out)
	}
	return out, nil
}
