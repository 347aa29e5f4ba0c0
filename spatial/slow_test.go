package spatial

import (
	"math"
	"sort"
)

// Slow, loop-based reference implementations: obviously correct, used only to
// check the fast paths at small N.

type sq [][]float64

func newSq(n int) sq {
	m := make(sq, n)
	for i := range m {
		m[i] = make([]float64, n)
	}
	return m
}

func fromFlat(n int, d []float64) sq {
	m := newSq(n)
	for i := range m {
		copy(m[i], d[i*n:(i+1)*n])
	}
	return m
}

func (m sq) flat() []float64 {
	var out []float64
	for _, r := range m {
		out = append(out, r...)
	}
	return out
}

func slowMul(a, b sq) sq {
	n := len(a)
	c := newSq(n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for k := 0; k < n; k++ {
				s += a[i][k] * b[k][j]
			}
			c[i][j] = s
		}
	}
	return c
}

// slowExp is exp(a) by its Taylor series after scaling a to 1-norm ≤ 1/2,
// followed by repeated squaring.
func slowExp(a sq) sq {
	n := len(a)
	var norm float64
	for j := 0; j < n; j++ {
		var s float64
		for i := 0; i < n; i++ {
			s += math.Abs(a[i][j])
		}
		norm = math.Max(norm, s)
	}
	s := 0
	for norm > 0.5 {
		norm /= 2
		s++
	}
	x := newSq(n)
	for i := range x {
		for j := range x {
			x[i][j] = a[i][j] / math.Pow(2, float64(s))
		}
	}
	sum, term := newSq(n), newSq(n)
	for i := 0; i < n; i++ {
		sum[i][i], term[i][i] = 1, 1
	}
	for k := 1; k <= 30; k++ {
		term = slowMul(term, x)
		for i := range term {
			for j := range term {
				term[i][j] /= float64(k)
				sum[i][j] += term[i][j]
			}
		}
	}
	for ; s > 0; s-- {
		sum = slowMul(sum, sum)
	}
	return sum
}

// slowFrechet is L(a, e) from the block identity
// exp([[A, E], [0, A]]) = [[exp(A), L(A, E)], [0, exp(A)]].
func slowFrechet(a, e sq) sq {
	n := len(a)
	big := newSq(2 * n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			big[i][j], big[i][n+j], big[n+i][n+j] = a[i][j], e[i][j], a[i][j]
		}
	}
	eb := slowExp(big)
	l := newSq(n)
	for i := 0; i < n; i++ {
		copy(l[i], eb[i][n:])
	}
	return l
}

// slowNorm returns d_i and ∂d_i/∂s_i of the normalisation.
func slowNorm(a sq, norm Normalisation) (d, dds []float64) {
	n := len(a)
	d, dds = make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		var s float64
		for j := 0; j < n; j++ {
			s += a[i][j]
		}
		switch {
		case norm == NormAddEpsilon:
			d[i] = math.Pow(s+1e-10, -0.5)
			dds[i] = -0.5 * math.Pow(s+1e-10, -1.5)
		case s > 0:
			d[i] = math.Pow(s, -0.5)
			dds[i] = -0.5 * math.Pow(s, -1.5)
		case norm == NormReplaceZero:
			d[i] = math.Pow(1e-10, -0.5)
		}
	}
	return d, dds
}

func slowAbs(w sq) sq {
	a := newSq(len(w))
	for i := range w {
		for j := range w {
			a[i][j] = math.Abs(w[i][j])
		}
	}
	return a
}

func slowM(a sq, d []float64) sq {
	m := newSq(len(a))
	for i := range a {
		for j := range a {
			m[i][j] = d[i] * a[i][j] * d[j]
		}
	}
	return m
}

func slowComm(w sq, norm Normalisation) sq {
	a := slowAbs(w)
	d, _ := slowNorm(a, norm)
	c := slowExp(slowM(a, d))
	for i := range c {
		c[i][i] = 0
	}
	return c
}

func slowCommPenalty(w, dist sq, lambda float64, norm Normalisation) float64 {
	a, c := slowAbs(w), slowComm(w, norm)
	var s float64
	for i := range a {
		for j := range a {
			s += a[i][j] * c[i][j] * dist[i][j]
		}
	}
	return lambda * s
}

func slowEMDPenalty(w, dist, emp sq, lambda, lambdaEMD float64, norm Normalisation) float64 {
	a, c := slowAbs(w), slowComm(w, norm)
	var wire float64
	for i := range a {
		for j := range a {
			wire += a[i][j] * dist[i][j]
		}
	}
	x, y := c.flat(), emp.flat()
	sort.Float64s(x)
	sort.Float64s(y)
	var e float64
	for k := range x {
		e += math.Abs(x[k] - y[k])
	}
	return lambda*wire + lambdaEMD*e/float64(len(x))
}

// slowCommGrad returns ∂P/∂W of slowCommPenalty entry by entry: for every
// (k, l) one forward Fréchet derivative L(M, ∂M/∂A_kl), no adjoint trick.
// dPdC is ∂P/∂C (the caller's outer derivative), explicit is the direct
// ∂P/∂A.
func slowGradThroughC(w sq, norm Normalisation, dPdC, explicit sq) sq {
	n := len(w)
	a := slowAbs(w)
	d, dds := slowNorm(a, norm)
	m := slowM(a, d)
	g := newSq(n)
	for k := 0; k < n; k++ {
		for l := 0; l < n; l++ {
			// ∂M_ij/∂A_kl = δ_ik δ_jl d_i d_j + δ_ik dds_i A_ij d_j + δ_jk d_i A_ij dds_j.
			dm := newSq(n)
			dm[k][l] += d[k] * d[l]
			for j := 0; j < n; j++ {
				dm[k][j] += dds[k] * a[k][j] * d[j]
			}
			for i := 0; i < n; i++ {
				dm[i][k] += d[i] * a[i][k] * dds[k]
			}
			lkl := slowFrechet(m, dm)
			s := explicit[k][l]
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					if i != j {
						s += dPdC[i][j] * lkl[i][j]
					}
				}
			}
			switch {
			case w[k][l] > 0:
				g[k][l] = s
			case w[k][l] < 0:
				g[k][l] = -s
			}
		}
	}
	return g
}
