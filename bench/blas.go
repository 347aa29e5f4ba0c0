package main

// extraBLAS holds the BLAS implementations that need a build tag, by their
// -blas name; netlib.go adds "openblas" under the netlib tag. The default
// build is pure Go and has none.
var extraBLAS = map[string]func(){}
