package graphmetrics

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// nonNegative checks that w is N×N (N ≥ minN) with finite, non-negative
// entries and returns N and w as a row-major slice with a zero diagonal.
func nonNegative(w mat.Matrix, minN int) ([]float64, int, error) {
	n, err := checkWeights(w, minN)
	if err != nil {
		return nil, 0, err
	}
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := w.At(i, j)
			if v < 0 {
				return nil, 0, &InputError{Field: fmt.Sprintf("w[%d,%d]", i, j), Detail: fmt.Sprintf("negative weight %v (take |W| first)", v), Err: ErrConfig}
			}
			if i != j {
				a[i*n+j] = v
			}
		}
	}
	return a, n, nil
}

// WeightedClustering returns the weighted clustering coefficient of every
// node of an undirected weighted graph (Onnela, Saramäki, Kertész & Kaski
// 2005, doi:10.1103/PhysRevE.71.065103), as networkx clustering(G,
// weight="weight") computes it: with ŵ = w / max(w),
//
//	C_i = Σ_{j,k} (ŵ_ij ŵ_jk ŵ_ki)^{1/3} / (k_i (k_i − 1)),
//
// k_i the number of non-zero weights of i; C_i = 0 when k_i < 2. w must be
// symmetric with finite, non-negative entries (the diagonal is ignored);
// otherwise it returns an error.
func WeightedClustering(w mat.Matrix) ([]float64, error) {
	a, n, err := nonNegative(w, 0)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if a[i*n+j] != a[j*n+i] {
				return nil, &InputError{Field: fmt.Sprintf("w[%d,%d]", i, j), Detail: "matrix is not symmetric (use DirectedWeightedClustering)", Err: ErrConfig}
			}
		}
	}
	return cubeRootClustering(a, n, false), nil
}

// DirectedWeightedClustering returns the weighted clustering coefficient of
// every node of a directed weighted graph (Fagiolo 2007,
// doi:10.1103/PhysRevE.76.026107), as networkx clustering(G, weight="weight")
// computes it for a DiGraph: with Ŵ = W / max(W) and Ŵ^[1/3] its elementwise
// cube root,
//
//	C_i = [(Ŵ^[1/3] + (Ŵᵀ)^[1/3])³]_ii / (2 [d_i^tot (d_i^tot − 1) − 2 d_i^↔]),
//
// d_i^tot the number of non-zero weights into and out of i and d_i^↔ the
// reciprocated pairs (as DirectedClustering). w (row = source) must have
// finite, non-negative entries (the diagonal is ignored); otherwise it
// returns an error.
func DirectedWeightedClustering(w mat.Matrix) ([]float64, error) {
	a, n, err := nonNegative(w, 0)
	if err != nil {
		return nil, err
	}
	return cubeRootClustering(a, n, true), nil
}

// cubeRootClustering computes Onnela's (directed = false, a symmetric) or
// Fagiolo's (directed = true) coefficient from M = Ŵ^[1/3] (+ its
// transpose).
func cubeRootClustering(a []float64, n int, directed bool) []float64 {
	if n == 0 {
		return []float64{}
	}
	mx := slices.Max(a)
	if mx == 0 {
		return make([]float64, n)
	}
	m := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := math.Cbrt(a[i*n+j] / mx)
			if directed {
				v += math.Cbrt(a[j*n+i] / mx)
			}
			m.Set(i, j, v)
		}
	}
	return clusteringFromRoots(m, a, n, directed)
}

// weightedClusterings returns WeightedClustering(und) and, with directed,
// DirectedWeightedClustering(dir), for dir = Ŵ with a zero diagonal and
// und = max(Ŵ, Ŵᵀ), both with largest entry 1 (normalisedAbs). They share
// the cube roots: Onnela's M_ij = ∛und_ij is whichever of ∛Ŵ_ij and ∛Ŵ_ji
// belongs to the larger weight, Fagiolo's M_ij = ∛Ŵ_ij + ∛Ŵ_ji, each the
// same floating-point value the separate calls compute (they divide by the
// largest entry, 1).
func weightedClusterings(dir, und *mat.Dense, n int, directed bool) (onnela, fagiolo []float64) {
	a := dir.RawMatrix().Data
	u := und.RawMatrix().Data
	// Scratch buffers: every entry of root, mo and mf is written below.
	root := getFloats(n * n)
	defer putFloats(root)
	for k, v := range a {
		root[k] = math.Cbrt(v)
	}
	mo := mat.NewDense(n, n, getFloats(n*n))
	defer putFloats(mo.RawMatrix().Data)
	var mf *mat.Dense
	if directed {
		mf = mat.NewDense(n, n, getFloats(n*n))
		defer putFloats(mf.RawMatrix().Data)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			ij, ji := i*n+j, j*n+i
			if a[ij] >= a[ji] {
				mo.Set(i, j, root[ij])
			} else {
				mo.Set(i, j, root[ji])
			}
			if directed {
				mf.Set(i, j, root[ij]+root[ji])
			}
		}
	}
	onnela = clusteringFromRoots(mo, u, n, false)
	if directed {
		fagiolo = clusteringFromRoots(mf, a, n, true)
	}
	return onnela, fagiolo
}

// squareBlock is the row block of upperSquare.
const squareBlock = 64

// upperSquare returns M² for a symmetric M, computed through BLAS at and
// above the diagonal blocks only (60% of the products for N = 312): M² is
// symmetric, and gonum's Dgemm sums (M²)_ij = Σ_k M_ik M_kj and (M²)_ji =
// Σ_k M_jk M_ki over the same products in the same order of k, so the upper
// triangle holds every value of the full product, bit for bit. Only entries
// (i, j) with j ≥ the start of i's block are set.
func upperSquare(m *mat.Dense, n int) *mat.Dense {
	m2 := mat.NewDense(n, n, getFloats(n*n)) // unset entries are never read
	for r := 0; r < n; r += squareBlock {
		e := min(r+squareBlock, n)
		m2.Slice(r, e, r, n).(*mat.Dense).Mul(m.Slice(r, e, 0, n), m.Slice(0, n, r, n))
	}
	return m2
}

// clusteringFromRoots returns the coefficients from the symmetric cube-root
// matrix m and the weights a (whose non-zero pattern gives the degrees):
// [M³]_ii = Σ_j (M²)_ij M_ji, M² through BLAS (upperSquare).
func clusteringFromRoots(m *mat.Dense, a []float64, n int, directed bool) []float64 {
	c := make([]float64, n)
	m2 := upperSquare(m, n)
	sq, mr := m2.RawMatrix().Data, m.RawMatrix().Data
	defer putFloats(sq)
	for i := 0; i < n; i++ {
		var t float64
		var kin, kout, kbi int
		lo := i - i%squareBlock // (M²)_ij is stored for j ≥ lo
		for j := 0; j < n; j++ {
			x := sq[j*n+i]
			if j >= lo {
				x = sq[i*n+j]
			}
			t += x * mr[i*n+j] // M_ji = M_ij
			out, in := a[i*n+j] != 0, a[j*n+i] != 0
			if out {
				kout++
			}
			if in {
				kin++
			}
			if out && in {
				kbi++
			}
		}
		var den float64
		if directed {
			dt := kin + kout
			den = 2 * float64(dt*(dt-1)-2*kbi)
		} else {
			den = float64(kout * (kout - 1))
		}
		if den > 0 && t > 0 {
			c[i] = t / den
		}
	}
	return c
}
