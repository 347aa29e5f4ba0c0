package fastblas

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// TestDtrsm compares Implementation.Dtrsm with gonum's native Dtrsm on
// random triangular systems of every side, triangle, transpose and diagonal
// kind, with orders below and above the blocking threshold (ragged splits
// included), padded leading dimensions and alpha in {0, 1, −0.75}. Both
// results must meet the backward-error bound of triangular substitution
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Thm 8.5
// and §13.2, doi:10.1137/1.9780898718027): the residual
// R = op(A)·X − alpha·B (or X·op(A) − alpha·B), computed with compensated
// dot products, satisfies |R| ≤ γ_{3k+3}·(|op(A)|·|X| + |alpha·B|)
// elementwise, k the order of A (the solve's backward error with a small
// constant, plus the residual's own rounding). A's off-diagonal entries
// are N(0, 1/k) and its diagonal 2 ± U(0, 1), so the systems are well
// conditioned and the two solutions must also agree to 10⁻¹².
func TestDtrsm(t *testing.T) {
	t.Parallel()
	rnd := testutil.Rand(11)
	sides := []blas.Side{blas.Left, blas.Right}
	uls := []blas.Uplo{blas.Lower, blas.Upper}
	tas := []blas.Transpose{blas.NoTrans, blas.Trans}
	ds := []blas.Diag{blas.NonUnit, blas.Unit}
	shapes := [][2]int{{0, 3}, {5, 0}, {1, 1}, {7, 5}, {64, 9}, {65, 3}, {100, 37}, {150, 1}, {211, 80}, {312, 13}}
	for _, sh := range shapes {
		for _, s := range sides {
			for _, ul := range uls {
				for _, tA := range tas {
					for _, d := range ds {
						alpha := []float64{0, 1, -0.75}[rnd.IntN(3)]
						m, n := sh[0], sh[1]
						k := m
						if s == blas.Right {
							k = n
						}
						lda := max(1, k) + rnd.IntN(3)
						ldb := max(1, n) + rnd.IntN(3)
						a := make([]float64, lda*max(0, k-1)+k)
						for i := 0; i < k; i++ {
							for j := 0; j < k; j++ {
								v := rnd.NormFloat64() / math.Sqrt(float64(k))
								if i == j {
									v = 2 + rnd.Float64()
									if rnd.IntN(2) == 0 {
										v = -v
									}
								}
								a[i*lda+j] = v
							}
						}
						b0 := make([]float64, ldb*max(0, m-1)+n)
						for i := range b0 {
							b0[i] = rnd.NormFloat64()
						}
						got := append([]float64(nil), b0...)
						want := append([]float64(nil), b0...)
						Implementation{}.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, got, ldb)
						gonum.Implementation{}.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, want, ldb)
						label := fmt.Sprintf("side=%c ul=%c tA=%c d=%c m=%d n=%d lda=%d ldb=%d alpha=%g", s, ul, tA, d, m, n, lda, ldb, alpha)
						checkTrsmResidual(t, label, s, ul, tA, d, m, n, alpha, a, lda, b0, got, ldb)
						checkTrsmResidual(t, "gonum "+label, s, ul, tA, d, m, n, alpha, a, lda, b0, want, ldb)
						for i := 0; i < m; i++ {
							for j := 0; j < n; j++ {
								g, w := got[i*ldb+j], want[i*ldb+j]
								if !(math.Abs(g-w) <= 1e-12*math.Max(1, math.Abs(w))) { // NaN fails too
									require.Failf(t, "X differs from gonum's beyond 1e-12·max(1, |gonum|)", "%s: X[%d,%d] = %v, gonum %v", label, i, j, g, w)
								}
							}
							for j := n; j < ldb && i*ldb+j < len(got); j++ {
								require.Equal(t, b0[i*ldb+j], got[i*ldb+j], "%s: padding B[%d,%d] written", label, i, j)
							}
						}
					}
				}
			}
		}
	}
}

// checkTrsmResidual checks the backward-error bound of TestDtrsm.
func checkTrsmResidual(t *testing.T, label string, s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b0, x []float64, ldb int) {
	t.Helper()
	k := m
	if s == blas.Right {
		k = n
	}
	// opA returns op(A)[i,j] as the solve sees it (unit diagonal implied).
	opA := func(i, j int) float64 {
		if tA != blas.NoTrans {
			i, j = j, i
		}
		if i == j {
			if d == blas.Unit {
				return 1
			}
			return a[i*lda+j]
		}
		if (ul == blas.Lower) != (i > j) {
			return 0
		}
		return a[i*lda+j]
	}
	u := 0x1p-53
	gam := gamma(3*k+3, u)
	xs := make([]float64, k)
	ys := make([]float64, k)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var abs float64
			for p := 0; p < k; p++ {
				if s == blas.Left {
					xs[p], ys[p] = opA(i, p), x[p*ldb+j]
				} else {
					xs[p], ys[p] = x[i*ldb+p], opA(p, j)
				}
				abs += math.Abs(xs[p] * ys[p])
			}
			rhs := alpha * b0[i*ldb+j]
			r := dot2(xs, ys) - rhs
			tol := gam * (abs + math.Abs(rhs))
			if !(math.Abs(r) <= tol) { // NaN fails too
				require.Failf(t, "residual above the backward-error bound", "%s: residual[%d,%d] = %.3g > %.3g", label, i, j, r, tol)
			}
		}
	}
}
