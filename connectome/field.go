package connectome

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// VoxelNM is the size in nanometres of one MICrONS voxel along x, y and z:
// positions in the published fields and in CAVE tables are in these voxels.
var VoxelNM = [3]float64{4, 4, 40}

// Field is one recorded population: N neurons with their identities, soma
// positions, synaptic wiring and functional similarity.
//
// Orientation: every N×N matrix has one row per neuron i and one column per
// neuron j. Synapses[i][j] counts synapses from i (presynaptic, outgoing) onto
// j (postsynaptic), so row sums are out-degrees in synapses; this is how the
// published code treats connectome_<f>.csv and how CAVE synapse tables are
// read (row = pre_pt_root_id). Corr and Precision are symmetric. STTC is kept
// exactly as read: the published files store only its lower triangle
// (SymmetrizeSTTC copies it onto the upper one, as the notebook does).
// Corr, STTC and Precision are raw (not min-max scaled; see MinMaxScale).
//
// Positions are the true soma positions, row i = (x, y, z) of neuron i in
// nanometres (voxels × VoxelNM). The published notebook's coordinate defect
// (a reshape in place of a transpose, docs/method.md §3) is not applied here; it is
// available only as an explicit reference option of package spatial.
type Field struct {
	Name   string // e.g. "6_6_2", or "synthetic(N=312,seed=1)"
	Source string // provenance: folder path, "CAVE tables …", "synthetic …"
	N      int

	// RootIDs are EM segment ids, UnitIDs functional unit ids and TargetIDs
	// co-registration target ids, each of length N, or nil when unknown.
	RootIDs, UnitIDs, TargetIDs []int64

	Positions *mat.Dense // N×3 soma positions (x, y, z) in nm
	Synapses  *mat.Dense // N×N synapse counts, row = presynaptic

	// Corr (Pearson correlation of binned activity), STTC (spike time
	// tiling coefficient) and Precision (inverse covariance), N×N, raw;
	// nil when unknown (a field built from CAVE tables without activity:
	// compute them from spike times with BinnedCorrelation, STTC and
	// BinnedPrecision; Precision of a field folder without
	// precision_matrix.npy). CheckFunctional checks their meaning.
	Corr, STTC, Precision *mat.Dense

	// Spikes holds per-neuron sorted spike times in seconds; nil when unknown.
	Spikes [][]float64

	// Grid is the INF.md grid shape (gx, gy, gz) when known, zero otherwise.
	Grid [3]int
}

// Check verifies that every part of f agrees on N, that matrices are finite,
// that synapse counts are non-negative integers and that spike times are
// finite and sorted. It returns an error naming the field and the part.
func (f *Field) Check() error {
	bad := func(part string, sentinel error, format string, args ...any) error {
		return &ParseError{File: f.Name + ": " + part, Offset: -1, Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
	}
	if f.N <= 0 {
		return bad("N", ErrShape, "N = %d, want positive", f.N)
	}
	for _, ids := range []struct {
		name string
		v    []int64
	}{{"RootIDs", f.RootIDs}, {"UnitIDs", f.UnitIDs}, {"TargetIDs", f.TargetIDs}} {
		if ids.v != nil && len(ids.v) != f.N {
			return bad(ids.name, ErrMismatch, "%d ids for N = %d", len(ids.v), f.N)
		}
	}
	for _, m := range []struct {
		name string
		m    *mat.Dense
		cols int
	}{{"Positions", f.Positions, 3}, {"Synapses", f.Synapses, f.N}, {"Corr", f.Corr, f.N}, {"STTC", f.STTC, f.N}, {"Precision", f.Precision, f.N}} {
		if m.m == nil {
			if m.name == "Positions" || m.name == "Synapses" {
				return bad(m.name, ErrShape, "missing")
			}
			continue
		}
		r, c := m.m.Dims()
		if r != f.N || c != m.cols {
			return bad(m.name, ErrMismatch, "%d×%d, want %d×%d", r, c, f.N, m.cols)
		}
		for i := range r {
			for j := range c {
				v := m.m.At(i, j)
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return bad(m.name, ErrValue, "non-finite value %v at [%d,%d]", v, i, j)
				}
				if m.name == "Synapses" && (v < 0 || v != math.Trunc(v)) {
					return bad(m.name, ErrValue, "count %v at [%d,%d] is not a non-negative integer", v, i, j)
				}
			}
		}
	}
	if f.Spikes != nil {
		if len(f.Spikes) != f.N {
			return bad("Spikes", ErrMismatch, "%d spike trains for N = %d", len(f.Spikes), f.N)
		}
		for i, s := range f.Spikes {
			if err := checkTrain(s); err != nil {
				return bad("Spikes", ErrValue, "neuron %d: %v", i, err)
			}
		}
	}
	return nil
}

// checkTrain reports a non-finite or decreasing spike time.
func checkTrain(s []float64) error {
	for k, t := range s {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("spike %d is %v", k, t)
		}
		if k > 0 && t < s[k-1] {
			return fmt.Errorf("spike times not sorted at %d (%v after %v)", k, t, s[k-1])
		}
	}
	return nil
}
