package cortexrnn

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// forbiddenRefs are the developers' private reference files. User-facing
// text (non-test Go code, with its doc comments, flag help, errors and
// generated reports, and every Markdown document) must not point at them: a
// user of the module has neither. The method is described in docs/method.md.
var forbiddenRefs = []string{"PAPER.md", "../shared"}

// TestSelfContained fails listing every line of non-test Go code or Markdown
// that names a file outside the repository. Tests may still reach the shared
// data through internal/testutil, so _test.go files are not checked.
func TestSelfContained(t *testing.T) {
	var hits []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != "." && (strings.HasPrefix(name, ".") || name == "out") {
				return filepath.SkipDir
			}
			return nil
		}
		if !userFacing(path) {
			return nil
		}
		found, err := grepFile(path, forbiddenRefs)
		hits = append(hits, found...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) > 0 {
		t.Errorf("%d lines of user-facing files cite files a user does not have; cite docs/method.md §N instead:\n%s",
			len(hits), strings.Join(hits, "\n"))
	}
}

// userFacing reports whether path is non-test Go code or Markdown.
// internal/testutil is test support (only tests import it) and the one
// place that knows where the shared data lie.
func userFacing(path string) bool {
	switch {
	case strings.HasSuffix(path, "_test.go"), strings.HasPrefix(filepath.ToSlash(path), "internal/testutil/"):
		return false
	case strings.HasSuffix(path, ".go"), strings.HasSuffix(path, ".md"):
		return true
	}
	return false
}

// grepFile returns "path:line: text" for each line of path holding one of
// the needles.
func grepFile(path string, needles []string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var hits []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		for _, s := range needles {
			if strings.Contains(line, s) {
				hits = append(hits, fmt.Sprintf("%s:%d: %s", path, n, strings.TrimSpace(line)))
				break
			}
		}
	}
	return hits, sc.Err()
}

func TestGrepFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	if err := os.WriteFile(p, []byte("fine\nsee PAPER.md §3\nand ../shared/microns\nfine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	hits, err := grepFile(p, forbiddenRefs)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{p + ":2: see PAPER.md §3", p + ":3: and ../shared/microns"}; !slices.Equal(hits, want) {
		t.Errorf("grepFile = %q, want %q", hits, want)
	}

	for path, want := range map[string]bool{
		"a.go": true, "x/b.md": true, "a_test.go": false, "t/data.py": false, "c.txt": false,
	} {
		if got := userFacing(path); got != want {
			t.Errorf("userFacing(%q) = %v, want %v", path, got, want)
		}
	}
}
