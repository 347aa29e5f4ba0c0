package graphmetrics

import (
	"sync"
	"sync/atomic"
)

// scratch holds N² float64 buffers for reuse. One Compute of a 312-node
// network used to allocate about 26 such temporaries (22 MB); each fresh
// one costs page faults and zeroing, and the allocation rate sets how often
// the garbage collector runs. Buffers come back with arbitrary contents:
// only code that writes every element it later reads takes them. A pooled
// buffer smaller than a request is dropped (it is left from a smaller
// network), so every taker asks for N² entries, cut to what it uses.
//
// The pool stores *[]float64, which fits in an interface without an
// allocation; headers keeps the emptied pointers for putFloats to reuse,
// so a get and a put allocate nothing once both pools are warm.
var (
	scratch sync.Pool // of *[]float64 holding a buffer
	headers sync.Pool // of *[]float64 holding nil
)

// scratchOut counts the buffers taken by getFloats and not yet handed
// back by putFloats; tests check that every path returns what it takes.
var scratchOut atomic.Int64

// getFloats returns a slice of length n with arbitrary contents.
func getFloats(n int) []float64 {
	scratchOut.Add(1)
	p, ok := scratch.Get().(*[]float64)
	if !ok {
		return make([]float64, n)
	}
	s := *p
	*p = nil
	headers.Put(p)
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// putFloats hands s back for reuse; the caller must not use it afterwards.
func putFloats(s []float64) {
	scratchOut.Add(-1)
	if cap(s) == 0 {
		return
	}
	p, ok := headers.Get().(*[]float64)
	if !ok {
		p = new([]float64)
	}
	*p = s
	scratch.Put(p)
}
