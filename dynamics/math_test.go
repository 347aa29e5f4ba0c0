package dynamics_test

import "math"

func tanh(x float64) float64 { return math.Tanh(x) }
func abs(x float64) float64  { return math.Abs(x) }
func nan() float64           { return math.NaN() }

func softplus(x float64) float64 { return math.Log(1 + math.Exp(x)) }
