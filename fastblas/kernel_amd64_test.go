//go:build amd64 && !purego

package fastblas

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
	assert.Equal(t, want, KernelName(), "float32 kernel")
	assert.Equal(t, want, kernel64.name, "float64 kernel")
	t.Logf("kernel: %s", want)
}
