package rnn

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
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
	cmd := exec.Command(goTool, "run", "gen_float32.go", "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_float32.go: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("engine32.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("engine32.go is stale: run go generate ./rnn")
	}
}
