package atomicfile

import (
	"os"
	"path/filepath"
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
		st, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file is left behind")
	assert.Equal(t, "a.txt", entries[0].Name())
}

func TestWriteMissingFolder(t *testing.T) {
	t.Parallel()
	err := Write(filepath.Join(t.TempDir(), "missing", "a.txt"), []byte("x"))
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrNotExist)
}
