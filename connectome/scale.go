package connectome

import "gonum.org/v1/gonum/mat"

// MinMaxScale returns (x − min) / (max − min) computed over all entries of m
// at once (not per row or column), as the published notebook scales each
// functional matrix (docs/method.md §1). When max = min every entry becomes 1.
// m is not modified.
func MinMaxScale(m mat.Matrix) *mat.Dense {
	r, c := m.Dims()
	out := mat.DenseCopyOf(m)
	raw := out.RawMatrix()
	lo, hi := raw.Data[0], raw.Data[0]
	for i := range r {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+c] {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	span := hi - lo
	for i := range r {
		row := raw.Data[i*raw.Stride : i*raw.Stride+c]
		for j, v := range row {
			if span == 0 {
				row[j] = 1
			} else {
				row[j] = (v - lo) / span
			}
		}
	}
	return out
}

// SymmetrizeSTTC returns a copy of the square matrix m whose upper triangle is
// replaced by the transpose of its lower triangle: out[i][j] = m[j][i] for
// i < j, out[i][j] = m[i][j] for i ≥ j. The published STTC matrices store
// only the lower triangle (their upper triangle is zero) and the notebook
// symmetrises them this way before min-max scaling (docs/method.md §1).
// It panics with a DimensionError if m is not square.
func SymmetrizeSTTC(m mat.Matrix) *mat.Dense {
	r, c := m.Dims()
	if r != c {
		panicDim("SymmetrizeSTTC", "matrix is %d×%d, want square", r, c)
	}
	out := mat.DenseCopyOf(m)
	for i := range r {
		for j := i + 1; j < r; j++ {
			out.Set(i, j, out.At(j, i))
		}
	}
	return out
}
