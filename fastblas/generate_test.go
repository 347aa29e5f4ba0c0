package fastblas

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKernelAsmUpToDate regenerates kernel_amd64.s with internal/asmgen
// into a temporary file and requires it to equal the committed one, so that
// the generator and the assembly cannot drift apart.
func TestKernelAsmUpToDate(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not in PATH")
	}
	out := filepath.Join(t.TempDir(), "kernel_amd64.s")
	msg, err := exec.Command(goTool, "run", "./internal/asmgen", "-out", out).CombinedOutput()
	require.NoError(t, err, "go run ./internal/asmgen: %s", msg)
	want, err := os.ReadFile(out)
	require.NoError(t, err)
	got, err := os.ReadFile("kernel_amd64.s")
	require.NoError(t, err)
	assert.True(t, string(got) == string(want), "kernel_amd64.s is stale: run go generate ./fastblas")
}
