package main

import "gonum.org/v1/gonum/blas/gonum"

// gonumBLAS is gonum's native BLAS installed on purpose (-blas gonum):
// cortexrnn replaces gonum's default, recognised by its type, with fastblas,
// so the pure-Go kernels have to be installed under a type of their own.
type gonumBLAS struct{ gonum.Implementation }

// extraBLAS holds the BLAS implementations that need a build tag, by their
// -blas name; netlib.go adds "openblas" under the netlib tag. The default
// build is pure Go and has none.
var extraBLAS = map[string]func(){}
