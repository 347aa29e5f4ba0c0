package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	for _, content := range []string{"first\n", "second, longer\n", ""} {
		require.NoError(t, Write(path, []byte(content)))
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, content, string(got))
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), TempPrefix), "temporary file %s left behind", e.Name())
	}
}

func TestWriteMissingFolder(t *testing.T) {
	t.Parallel()
	err := Write(filepath.Join(t.TempDir(), "no", "such", "a.txt"), []byte("x"))
	assert.Error(t, err)
}
