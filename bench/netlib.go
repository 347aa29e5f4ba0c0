//go:build netlib

package main

// OpenBLAS through gonum's cgo wrapper, so that the side-by-side tables can
// also measure the route the fastblas documentation describes for users who
// prefer a system BLAS:
//
//	OPENBLAS_NUM_THREADS=2 CGO_LDFLAGS=-lopenblas go run -tags netlib ./bench -blas openblas
//
// OpenBLAS reads its thread count when it is loaded, hence the variable.

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	netlib "gonum.org/v1/netlib/blas/netlib"
)

func init() {
	extraBLAS["openblas"] = func() {
		blas32.Use(netlib.Implementation{})
		blas64.Use(netlib.Implementation{})
	}
}
