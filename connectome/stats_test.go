package connectome

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// fieldStats are the statistics on which the synthetic field is held to the
// real ones (synthetic.md).
type fieldStats struct {
	Density   float64    // fraction of ordered pairs i ≠ j with ≥ 1 synapse
	SingleSyn float64    // fraction of connected pairs with exactly one synapse
	MeanCount float64    // mean synapse count of connected pairs
	NearFar   float64    // p(connect | d < median d) / p(connect | d ≥ median d)
	Corr      [3]float64 // 5 %, 50 %, 95 % quantiles of off-diagonal Corr
	STTC      [3]float64 // the same for STTC (symmetrised, off-diagonal)
	ExtentX   float64    // s.d. of soma x (nm)
	ExtentY   float64    // s.d. of soma y (nm)
	ExtentZ   float64    // s.d. of soma z (nm)
}

func quantile(sorted []float64, q float64) float64 {
	// numpy's default linear interpolation
	h := q * float64(len(sorted)-1)
	lo := math.Floor(h)
	if int(lo)+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[int(lo)] + (h-lo)*(sorted[int(lo)+1]-sorted[int(lo)])
}

func offDiagQuantiles(m *mat.Dense) [3]float64 {
	n, _ := m.Dims()
	var v []float64
	for i := range n {
		for j := range n {
			if i != j {
				v = append(v, m.At(i, j))
			}
		}
	}
	sort.Float64s(v)
	return [3]float64{quantile(v, 0.05), quantile(v, 0.5), quantile(v, 0.95)}
}

func computeStats(f *Field) fieldStats {
	var s fieldStats
	n := f.N
	var d []float64
	for i := range n {
		for j := range n {
			if i != j {
				d = append(d, dist(f.Positions, i, j))
			}
		}
	}
	ds := append([]float64(nil), d...)
	sort.Float64s(ds)
	med := quantile(ds, 0.5)
	conn, single, total := 0, 0, 0.0
	var near, nearC, far, farC float64
	k := 0
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			c := f.Synapses.At(i, j)
			if d[k] < med {
				near++
				if c > 0 {
					nearC++
				}
			} else {
				far++
				if c > 0 {
					farC++
				}
			}
			k++
			if c > 0 {
				conn++
				total += c
				if c == 1 {
					single++
				}
			}
		}
	}
	s.Density = float64(conn) / float64(n*(n-1))
	s.SingleSyn = float64(single) / float64(conn)
	s.MeanCount = total / float64(conn)
	s.NearFar = (nearC / near) / (farC / far)
	s.Corr = offDiagQuantiles(f.Corr)
	s.STTC = offDiagQuantiles(SymmetrizeSTTC(f.STTC))
	sd := func(c int) float64 {
		m, v := 0.0, 0.0
		for i := range n {
			m += f.Positions.At(i, c)
		}
		m /= float64(n)
		for i := range n {
			v += (f.Positions.At(i, c) - m) * (f.Positions.At(i, c) - m)
		}
		return math.Sqrt(v / float64(n))
	}
	s.ExtentX, s.ExtentY, s.ExtentZ = sd(0), sd(1), sd(2)
	return s
}

func dist(p *mat.Dense, i, j int) float64 {
	a, b, c := p.At(i, 0)-p.At(j, 0), p.At(i, 1)-p.At(j, 1), p.At(i, 2)-p.At(j, 2)
	return math.Sqrt(a*a + b*b + c*c)
}
