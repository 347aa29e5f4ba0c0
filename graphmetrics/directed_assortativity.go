package graphmetrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// DirectedAssortativity holds the four assortativity coefficients of a
// directed graph (Foster, Foster, Grassberger & Paczuski 2010,
// doi:10.1073/pnas.0912671107). Each is the Pearson correlation, over the
// arcs i→j, of a node value of the source i (the first word) with a node
// value of the target j (the second word):
//
//	r(α, β) = Σ_{i→j} (α_i − ᾱ)(β_j − β̄) / √(Σ_{i→j} (α_i − ᾱ)² · Σ_{i→j} (β_j − β̄)²),
//
// ᾱ the mean of α over the arcs' sources and β̄ of β over their targets. NaN
// where the graph has no arcs or one of the two values is constant over the
// arcs.
type DirectedAssortativity struct {
	OutIn  float64 // source out-, target in-value: r(out, in)
	InOut  float64 // r(in, out)
	OutOut float64 // r(out, out)
	InIn   float64 // r(in, in)
}

// DegreeAssortativities returns the four degree assortativities of g, with
// α, β the out- or in-degrees, as networkx degree_assortativity_coefficient(G,
// x, y) computes them for a DiGraph G (x the source's degree type, y the
// target's).
func DegreeAssortativities(g *Digraph) DirectedAssortativity {
	out := make([]float64, g.n)
	in := make([]float64, g.n)
	for i := 0; i < g.n; i++ {
		out[i] = float64(popcount(g.outRow(i)))
		in[i] = float64(popcount(g.inRow(i)))
	}
	return arcCorrelations(g, out, in)
}

// StrengthAssortativities returns the four strength assortativities of the
// arcs of g weighted by |W|: the node values are the out-strengths
// s_i^out = Σ_{j: i→j} |W_ij| and in-strengths s_j^in = Σ_{i: i→j} |W_ij|
// over g's arcs only, and each arc counts once (networkx
// degree_assortativity_coefficient(G, x, y, weight="weight") on the DiGraph
// of g's arcs with weights |W_ij|). w must be N×N with g's N; it returns an
// error for a non-finite w or a shape mismatch.
func StrengthAssortativities(g *Digraph, w mat.Matrix) (DirectedAssortativity, error) {
	n, err := checkWeights(w, 0)
	if err != nil {
		return DirectedAssortativity{}, err
	}
	if n != g.n {
		return DirectedAssortativity{}, &InputError{Field: "w", Detail: fmt.Sprintf("%d×%d for a graph of %d nodes", n, n, g.n), Err: ErrNotSquare}
	}
	out := make([]float64, n)
	in := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := range eachBit(g.outRow(i)) {
			v := math.Abs(w.At(i, j))
			out[i] += v
			in[j] += v
		}
	}
	return arcCorrelations(g, out, in), nil
}

func arcCorrelations(g *Digraph, out, in []float64) DirectedAssortativity {
	return DirectedAssortativity{
		OutIn:  arcPearson(g, out, in),
		InOut:  arcPearson(g, in, out),
		OutOut: arcPearson(g, out, out),
		InIn:   arcPearson(g, in, in),
	}
}

// arcPearson returns the correlation over the arcs i→j of x_i and y_j.
func arcPearson(g *Digraph, x, y []float64) float64 {
	var m, sx, sy float64
	for i := 0; i < g.n; i++ {
		k := float64(popcount(g.outRow(i)))
		m += k
		sx += k * x[i]
	}
	if m == 0 {
		return nan()
	}
	for j := 0; j < g.n; j++ {
		sy += float64(popcount(g.inRow(j))) * y[j]
	}
	if constantOver(g, x, true) || constantOver(g, y, false) {
		return nan() // exactly, not through rounding in the variances
	}
	mx, my := sx/m, sy/m
	var sxy, sxx, syy float64
	for i := 0; i < g.n; i++ {
		dx := x[i] - mx
		sxx += float64(popcount(g.outRow(i))) * dx * dx
		for j := range eachBit(g.outRow(i)) {
			sxy += dx * (y[j] - my)
		}
	}
	for j := 0; j < g.n; j++ {
		dy := y[j] - my
		syy += float64(popcount(g.inRow(j))) * dy * dy
	}
	if sxx == 0 || syy == 0 {
		return nan()
	}
	r := sxy / math.Sqrt(sxx*syy)
	if math.Abs(r) > 1 {
		r = math.Copysign(1, r)
	}
	return r
}

// constantOver reports whether x takes one value over the arcs' sources
// (src) or targets.
func constantOver(g *Digraph, x []float64, src bool) bool {
	first, seen := 0.0, false
	for i := 0; i < g.n; i++ {
		row := g.inRow(i)
		if src {
			row = g.outRow(i)
		}
		if popcount(row) == 0 {
			continue
		}
		if !seen {
			first, seen = x[i], true
		} else if x[i] != first {
			return false
		}
	}
	return true
}
