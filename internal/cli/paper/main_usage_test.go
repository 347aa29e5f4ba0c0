package paper

import (
	"strings"
	"testing"
)

func TestShortUsage(t *testing.T) {
	var b strings.Builder
	printShortUsage(&b)
	out := b.String()
	for _, want := range []string{"paper run -tasks 1", "paper run -preset reference", "usage: paper"} {
		if !strings.Contains(out, want) {
			t.Errorf("short usage lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n > 20 {
		t.Errorf("short usage has %d lines, want a short one", n)
	}
}
