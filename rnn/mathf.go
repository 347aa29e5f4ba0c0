package rnn

import "math"

//go:generate go run gen_float32.go

// wide is a float64 slice that crosses the engine interface; the float32
// generator leaves it alone.
type wide = []float64

// accum is the type of scalars that cross between the precision-specific
// engines and the rest of the package (losses, step sizes, norms). The
// float32 generator leaves it alone, so losses are summed in float64 in both
// precisions.
type accum = float64

func sqrtAccum(x float64) float64 { return math.Sqrt(x) }

// Scalar math for the float64 engine.

func exp64(x float64) float64  { return math.Exp(x) }
func log64(x float64) float64  { return math.Log(x) }
func sqrt64(x float64) float64 { return math.Sqrt(x) }
func tanh64(x float64) float64 { return math.Tanh(x) }

// softplus64 is log(1 + eˣ), computed without overflow.
func softplus64(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// sigmoid64 is 1/(1 + e⁻ˣ), the derivative of softplus.
func sigmoid64(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	ex := math.Exp(x)
	return ex / (1 + ex)
}

// Scalar math for the float32 engine: computed in float64 and rounded once.

func exp32(x float32) float32  { return float32(math.Exp(float64(x))) }
func log32(x float32) float32  { return float32(math.Log(float64(x))) }
func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
func tanh32(x float32) float32 { return float32(math.Tanh(float64(x))) }

func softplus32(x float32) float32 { return float32(softplus64(float64(x))) }
func sigmoid32(x float32) float32  { return float32(sigmoid64(float64(x))) }

type float interface{ ~float32 | ~float64 }

// argmax returns the index of the first largest element of l.
func argmax[F float](l []F) int {
	arg := 0
	for k, v := range l {
		if v > l[arg] {
			arg = k
		}
	}
	return arg
}

// widen copies src into dst, converting to float64.
func widen[F float](dst []float64, src []F) {
	if len(dst) != len(src) {
		panicShape("destination", len(dst), len(src))
	}
	for i, v := range src {
		dst[i] = float64(v)
	}
}

// narrow copies src into dst, rounding to F.
func narrow[F float](dst []F, src []float64) {
	if len(dst) != len(src) {
		panicShape("source", len(src), len(dst))
	}
	for i, v := range src {
		dst[i] = F(v)
	}
}

// narrowAdd adds src to dst, rounding to F.
func narrowAdd[F float](dst []F, src []float64) {
	if len(dst) != len(src) {
		panicShape("source", len(src), len(dst))
	}
	for i, v := range src {
		dst[i] += F(v)
	}
}
