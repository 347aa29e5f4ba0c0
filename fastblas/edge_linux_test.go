//go:build linux

package fastblas

import (
	"fmt"
	"runtime/debug"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

// TestEdgeKernelPageBounds places edge tiles of C against inaccessible
// pages, ending at the last element before one and starting at the first
// element after one, so that any access of the edge kernels outside the
// tile (a load or store not masked off) faults; with
// debug.SetPanicOnFault the fault is a panic that the test catches.
func TestEdgeKernelPageBounds(t *testing.T) {
	t.Run("float32", func(t *testing.T) { edgePageBounds(t, edgeKernels(t, testKernels32())) })
	t.Run("float64", func(t *testing.T) { edgePageBounds(t, edgeKernels(t, kernels64())) })
}

func edgePageBounds[T float](t *testing.T, kernels []kernel[T]) {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 3*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	require.NoError(t, err)
	defer func() { require.NoError(t, syscall.Munmap(mem)) }()
	require.NoError(t, syscall.Mprotect(mem[:page], syscall.PROT_NONE))
	require.NoError(t, syscall.Mprotect(mem[2*page:], syscall.PROT_NONE))
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var z T
	es := int(unsafe.Sizeof(z))
	c := unsafe.Slice((*T)(unsafe.Pointer(&mem[page])), page/es)
	for i := range c {
		c[i] = 1
	}
	rnd := testutil.Rand(15)
	for _, ker := range kernels {
		mr, nr, k := ker.mr, ker.nr, 5
		a := edgeValues[T](rnd, k*mr)
		b := edgeValues[T](rnd, k*nr)
		ldc := nr + 1
		for rows := 1; rows <= mr; rows++ {
			for cols := 1; cols <= nr; cols++ {
				if rows == mr && cols == nr {
					continue
				}
				span := (rows-1)*ldc + cols
				for _, at := range []int{0, len(c) - span} {
					for _, mode := range []int{modeSet, modeAdd, modeScale, modeAdd | modeFlush, modeScale | modeFlush} {
						label := fmt.Sprintf("%s rows=%d cols=%d at=%d mode=%d", ker.name, rows, cols, at, mode)
						require.NotPanics(t, func() {
							ker.edge(k, mode, &a[0], &b[0], &c[at], ldc, 1, 1, rows, cols)
						}, label)
					}
				}
			}
		}
	}
}
