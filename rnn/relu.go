package rnn

import "github.com/cortexrnn/cortexrnn/fastblas/relu"

// The BPTT loops' ReLU and its derivative, from fastblas/relu (branch-free
// scalar forms, AVX2 slice forms). The names end in 64 and 32 so that
// gen_float32.go turns engine64's calls into engine32's; they inline.

func relu64(x float64) float64                       { return relu.Of64(x) }
func reluGrad64(z, a, g float64) float64             { return relu.Grad64(z, a, g) }
func reluSlice64(dst, src []float64)                 { relu.Slice64(dst, src) }
func reluGradSlice64(dst, z, g []float64, a float64) { relu.GradSlice64(dst, z, g, a) }

func relu32(x float32) float32                       { return relu.Of32(x) }
func reluGrad32(z, a, g float32) float32             { return relu.Grad32(z, a, g) }
func reluSlice32(dst, src []float32)                 { relu.Slice32(dst, src) }
func reluGradSlice32(dst, z, g []float32, a float32) { relu.GradSlice32(dst, z, g, a) }
