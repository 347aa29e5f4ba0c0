package rnn

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEngine32UpToDate regenerates engine32.go from engine64.go into a
// temporary file and requires it to equal the committed one, so that the
// two precisions cannot drift apart.
func TestEngine32UpToDate(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not in PATH")
	}
	out := filepath.Join(t.TempDir(), "engine32.go")
	msg, err := exec.Command(goTool, "run", "gen_float32.go", "-o", out).CombinedOutput()
	require.NoError(t, err, "go run gen_float32.go: %s", msg)
	want, err := os.ReadFile(out)
	require.NoError(t, err)
	got, err := os.ReadFile("engine32.go")
	require.NoError(t, err)
	assert.True(t, string(got) == string(want), "engine32.go is stale: run go generate ./rnn")
}
