package connectome

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// STTC returns the N×N spike time tiling coefficient matrix of N sorted spike
// trains recorded over [t0, t1], with coincidence window dt (Cutts & Eglen
// 2014, "Detecting pairwise correlations in spike trains: an objective
// comparison of methods and application to the study of retinal waves",
// J. Neurosci. 34(43):14288, doi:10.1523/JNEUROSCI.2767-14.2014):
//
//	STTC(A,B) = ½ [ (P_A − T_B)/(1 − P_A T_B) + (P_B − T_A)/(1 − P_B T_A) ]
//
// T_A is the fraction of [t0, t1] within ±dt of some spike of A (the union of
// the tiles [t−dt, t+dt] clipped to the interval); P_A is the fraction of A's
// spikes that lie within ±dt (inclusive) of some spike of B. The result is
// symmetric with a unit diagonal. Conventions for the cases the formula
// leaves open: a term whose denominator is 0 (P_A = T_B = 1) is 1, and a pair
// with an empty train has STTC 0 (the diagonal of an empty train is 1).
// It returns an error for a bad interval or window, or for an unsorted,
// non-finite or out-of-interval spike time.
func STTC(spikes [][]float64, dt, t0, t1 float64) (*mat.Dense, error) {
	if err := checkWindow("STTC", t0, t1, dt); err != nil {
		return nil, err
	}
	n := len(spikes)
	if n == 0 {
		return nil, fmt.Errorf("connectome: STTC: %w: no spike trains", ErrShape)
	}
	tiles := make([]float64, n)
	for i, s := range spikes {
		if err := checkTrain(s); err != nil {
			return nil, fmt.Errorf("connectome: STTC: %w: neuron %d: %v", ErrValue, i, err)
		}
		if len(s) > 0 && (s[0] < t0 || s[len(s)-1] > t1) {
			return nil, fmt.Errorf("connectome: STTC: %w: neuron %d has spikes outside [%v, %v]", ErrValue, i, t0, t1)
		}
		tiles[i] = tiledFraction(s, dt, t0, t1)
	}
	out := mat.NewDense(n, n, nil)
	for i := range n {
		out.Set(i, i, 1)
		for j := range i {
			v := sttcPair(spikes[i], spikes[j], tiles[i], tiles[j], dt)
			out.Set(i, j, v)
			out.Set(j, i, v)
		}
	}
	return out, nil
}

// tiledFraction returns T: the fraction of [t0, t1] covered by ±dt tiles.
func tiledFraction(s []float64, dt, t0, t1 float64) float64 {
	covered, end := 0.0, t0
	for _, t := range s {
		lo, hi := max(t-dt, end), min(t+dt, t1)
		if hi > lo {
			covered += hi - lo
			end = hi
		}
	}
	return covered / (t1 - t0)
}

// coincidentFraction returns P: the fraction of a's spikes within ±dt of b's.
func coincidentFraction(a, b []float64, dt float64) float64 {
	hits, j := 0, 0
	for _, t := range a {
		for j < len(b) && b[j] < t-dt {
			j++
		}
		if j < len(b) && b[j] <= t+dt {
			hits++
		}
	}
	return float64(hits) / float64(len(a))
}

func sttcPair(a, b []float64, ta, tb, dt float64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	pa, pb := coincidentFraction(a, b, dt), coincidentFraction(b, a, dt)
	return 0.5 * (sttcTerm(pa, tb) + sttcTerm(pb, ta))
}

func sttcTerm(p, t float64) float64 {
	d := 1 - p*t
	if d == 0 {
		return 1
	}
	return (p - t) / d
}
