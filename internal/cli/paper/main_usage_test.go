package paper

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShortUsage(t *testing.T) {
	var b strings.Builder
	printShortUsage(&b)
	out := b.String()
	for _, want := range []string{"paper run -tasks 1", "paper run -preset reference", "usage: paper"} {
		assert.Contains(t, out, want, "short usage")
	}
	assert.LessOrEqual(t, strings.Count(out, "\n"), 20, "short usage lines, want a short one")
}
