package fastblas

import "gonum.org/v1/gonum/blas"

// trsmBlock is the order of the triangular blocks that Dtrsm leaves to
// gonum's unblocked solve; larger triangles are split in two and the
// off-diagonal block is applied with one Dgemm.
const trsmBlock = 64

// Dtrsm solves one of the matrix equations
//
//	op(A)·X = alpha·B  (side Left),  X·op(A) = alpha·B  (side Right),
//
// for X, overwriting B, where A is an upper or lower triangular matrix with
// unit or non-unit diagonal and op(A) = A or Aᵀ, with gonum's semantics and
// panics. For side Left and m > 64 it splits the triangle recursively,
//
//	[A11 0; A21 A22]·[X1; X2] = [B1; B2]:  X1 = A11⁻¹B1, B2 ← B2 − A21·X1, X2 = A22⁻¹B2
//
// (and the analogous orders for upper and transposed triangles), so that
// almost all of the m²·n multiply–adds are done by Dgemm; the triangles of
// order ≤ 64 and side Right use gonum's native Dtrsm. LAPACK's Dgetrs and
// Dgetrf (as in lapack64.Getrs and Getrf, which call blas64's Dtrsm) solve
// on side Left. Blocked substitution is backward stable like the unblocked
// one: the computed X satisfies (op(A) + ΔA)·X = alpha·B with
// |ΔA| ≤ γ_{cm}·|op(A)| for a small constant c (Higham, Accuracy and
// Stability of Numerical Algorithms, 2nd ed., §8.1 and §13.2,
// doi:10.1137/1.9780898718027); the results differ from gonum's in rounding
// only.
func (impl Implementation) Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	if s != blas.Left || m <= trsmBlock || n == 0 ||
		ul != blas.Lower && ul != blas.Upper ||
		tA != blas.NoTrans && tA != blas.Trans && tA != blas.ConjTrans ||
		d != blas.NonUnit && d != blas.Unit ||
		n < 0 || lda < m || ldb < max(1, n) ||
		len(a) < lda*(m-1)+m || len(b) < ldb*(m-1)+n {
		// Small, right-sided or invalid (gonum panics with its message).
		impl.Implementation.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	if alpha != 1 {
		for i := 0; i < m; i++ {
			row := b[i*ldb : i*ldb+n]
			if alpha == 0 {
				clear(row)
				continue
			}
			for j := range row {
				row[j] *= alpha
			}
		}
		if alpha == 0 {
			return
		}
	}
	impl.trsmLeft(ul == blas.Upper, tA != blas.NoTrans, d, m, n, a, lda, b, ldb)
}

// trsmLeft solves op(A)·X = B in place for side Left and alpha = 1.
func (impl Implementation) trsmLeft(upper, trans bool, d blas.Diag, m, n int, a []float64, lda int, b []float64, ldb int) {
	ul, tA := blas.Lower, blas.NoTrans
	if upper {
		ul = blas.Upper
	}
	if trans {
		tA = blas.Trans
	}
	if m <= trsmBlock {
		impl.Implementation.Dtrsm(blas.Left, ul, tA, d, m, n, 1, a, lda, b, ldb)
		return
	}
	// Split at a multiple of the float64 register tile height.
	m1 := max(trsmBlock, (m/2)/12*12)
	m2 := m - m1
	a11, a22 := a, a[m1*lda+m1:]
	a21, a12 := a[m1*lda:], a[m1:] // rows m1.. cols 0..m1; rows 0..m1 cols m1..
	b1, b2 := b, b[m1*ldb:]
	// op(A) is lower triangular for (lower, no transpose) and (upper,
	// transpose): solve the top block first and update the bottom one.
	if upper == trans {
		impl.trsmLeft(upper, trans, d, m1, n, a11, lda, b1, ldb)
		if upper { // op(A)21 = A12ᵀ
			impl.Dgemm(blas.Trans, blas.NoTrans, m2, n, m1, -1, a12, lda, b1, ldb, 1, b2, ldb)
		} else { // op(A)21 = A21
			impl.Dgemm(blas.NoTrans, blas.NoTrans, m2, n, m1, -1, a21, lda, b1, ldb, 1, b2, ldb)
		}
		impl.trsmLeft(upper, trans, d, m2, n, a22, lda, b2, ldb)
		return
	}
	// op(A) is upper triangular: bottom block first, then the top one.
	impl.trsmLeft(upper, trans, d, m2, n, a22, lda, b2, ldb)
	if upper { // op(A)12 = A12
		impl.Dgemm(blas.NoTrans, blas.NoTrans, m1, n, m2, -1, a12, lda, b2, ldb, 1, b1, ldb)
	} else { // op(A)12 = A21ᵀ
		impl.Dgemm(blas.Trans, blas.NoTrans, m1, n, m2, -1, a21, lda, b2, ldb, 1, b1, ldb)
	}
	impl.trsmLeft(upper, trans, d, m1, n, a11, lda, b1, ldb)
}
