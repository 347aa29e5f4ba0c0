package graphmetrics

import "sync"

// scratch holds N² float64 buffers for reuse. One Compute of a 312-node
// network used to allocate about 26 such temporaries (22 MB); each fresh
// one costs page faults and zeroing, and the allocation rate sets how often
// the garbage collector runs. Buffers come back with arbitrary contents:
// only code that writes every element it later reads takes them.
var scratch sync.Pool // of *[]float64

// getFloats returns a slice of length n with arbitrary contents.
func getFloats(n int) []float64 {
	if p, ok := scratch.Get().(*[]float64); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]float64, n)
}

// putFloats hands s back for reuse; the caller must not use it afterwards.
func putFloats(s []float64) {
	if cap(s) > 0 {
		scratch.Put(&s)
	}
}
