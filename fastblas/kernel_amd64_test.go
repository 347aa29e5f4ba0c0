//go:build amd64 && !purego

package fastblas

import (
	"testing"

	"golang.org/x/sys/cpu"
)

// TestKernelSelection checks that the fastest kernel the CPU supports is
// chosen.
func TestKernelSelection(t *testing.T) {
	want := "generic"
	switch {
	case cpu.X86.HasAVX512F && cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		want = "avx512"
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		want = "avx2"
	}
	if got := KernelName(); got != want || kernel64.name != want {
		t.Errorf("kernels %q (float32), %q (float64), want %q", got, kernel64.name, want)
	}
	t.Logf("kernel: %s", want)
}
