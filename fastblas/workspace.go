package fastblas

import (
	"sync"
	"unsafe"
)

// workspace holds one goroutine's packing buffers. Workspaces are kept on a
// free list for the life of the process (unlike a sync.Pool, which the
// garbage collector empties), so that steady-state GEMM calls allocate
// nothing; there are never more of them than concurrent GEMM parts.
type workspace[T float] struct {
	a, b, tile []T
}

// cacheLine is the alignment of the packed buffers.
const cacheLine = 64

// alignedSlice returns a zeroed slice of n elements whose first element is
// aligned to a cache line.
func alignedSlice[T float](n int) []T {
	var z T
	size := int(unsafe.Sizeof(z))
	pad := cacheLine / size
	s := make([]T, n+pad)
	off := int(uintptr(unsafe.Pointer(unsafe.SliceData(s)))%cacheLine) / size
	if off != 0 {
		off = pad - off
	}
	return s[off : off+n : off+n]
}

// fit grows the buffers to what kernel ker needs for blocks of at most
// mc×kc of A and kc×nc of B.
func (ws *workspace[T]) fit(ker *kernel[T], mc, nc, kc int) {
	if n := roundUp(mc, ker.mr) * kc; len(ws.a) < n {
		ws.a = alignedSlice[T](n)
	}
	if n := roundUp(nc, ker.nr) * kc; len(ws.b) < n {
		ws.b = alignedSlice[T](n)
	}
	if n := ker.mr * ker.nr; len(ws.tile) < n {
		ws.tile = alignedSlice[T](n)
	}
}

// freeList is a stack of idle workspaces.
type freeList[T float] struct {
	sync.Mutex
	free []*workspace[T]
}

var (
	freeList32 freeList[float32]
	freeList64 freeList[float64]
)

func workspaces[T float]() *freeList[T] {
	if l, ok := any(&freeList32).(*freeList[T]); ok {
		return l
	}
	return any(&freeList64).(*freeList[T])
}

// getWorkspace returns an idle workspace, sized for blocks of at most mc×kc
// of A and kc×nc of B.
func getWorkspace[T float](ker *kernel[T], mc, nc, kc int) *workspace[T] {
	l := workspaces[T]()
	l.Lock()
	var ws *workspace[T]
	if n := len(l.free); n > 0 {
		ws = l.free[n-1]
		l.free = l.free[:n-1]
	}
	l.Unlock()
	if ws == nil {
		ws = new(workspace[T])
	}
	ws.fit(ker, mc, nc, kc)
	return ws
}

// putWorkspace returns ws to the free list.
func putWorkspace[T float](ws *workspace[T]) {
	l := workspaces[T]()
	l.Lock()
	l.free = append(l.free, ws)
	l.Unlock()
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

func ceilDiv(x, m int) int { return (x + m - 1) / m }
