package report

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestPairAgreement(t *testing.T) {
	a := map[string]float64{"A": 3, "B": 2, "C": 1, "D": 1, "E": math.NaN()}
	b := map[string]float64{"A": 1, "B": 2, "C": 3, "D": 0, "E": 5}
	// Pairs among A–D with a difference in both: A-B (disagree), A-C
	// (disagree), A-D (agree), B-C (disagree), B-D (agree); C-D is tied in
	// a; E is NaN in a.
	agree, total := pairAgreement(a, b, []string{"A", "B", "C", "D", "E", "missing"})
	assert.Equal(t, 2, agree, "pairs agreeing")
	assert.Equal(t, 5, total, "pairs compared")
}

func TestMinExactMWU(t *testing.T) {
	// Two-sided exact p of completely separated samples of n each:
	// 2 / C(2n, n).
	for _, c := range []struct {
		n    int
		want float64
	}{{1, 1}, {2, 2.0 / 6}, {3, 2.0 / 20}, {4, 2.0 / 70}, {5, 2.0 / 252}} {
		assert.InDelta(t, c.want, minExactMWU(c.n), 1e-15, "minExactMWU(%d)", c.n)
	}
}

func TestVerdict(t *testing.T) {
	sig := PairTest{Reject: true}
	for _, c := range []struct {
		p        PairTest
		ok       bool
		d, pubD  float64
		expected string
	}{
		{sig, false, 1, 1, "not run"},
		{PairTest{}, true, 1, 1, "n.s."},
		{sig, true, 0.2, 0.3, "**replicated**"},
		{sig, true, -0.2, 0.3, "**reversed**"},
		{sig, true, -0.2, math.NaN(), "significant, A < B"},
	} {
		assert.Equal(t, c.expected, verdict(c.p, c.ok, c.d, c.pubD), "verdict(%v, %v, %v, %v)", c.p.Reject, c.ok, c.d, c.pubD)
	}
}

func TestPublishedTable(t *testing.T) {
	names := experiment.ReferenceConfig().Variants
	task1 := publishedMeans(1, Accuracy)
	require.Len(t, task1, len(names), "one published Task 1 accuracy per paper variant")
	for _, v := range names {
		assert.Contains(t, task1, v, "published Task 1 accuracy")
	}
	for _, p := range published {
		_, err := experiment.VariantByName(p.Variant)
		assert.NoError(t, err, "published variant %q", p.Variant)
		if p.hasCI() {
			assert.True(t, p.Low < p.Mean && p.Mean < p.High, "%s %s: interval (%v, %v) does not contain %v", p.Metric, p.Variant, p.Low, p.High, p.Mean)
		}
	}
}

// TestPublishedTableMatchesPaper checks every embedded number against the
// text of docs/method.md §9, when the shared folder is present.
func TestPublishedTableMatchesPaper(t *testing.T) {
	root, err := testutil.ModuleRoot()
	if err != nil {
		t.Skip(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "..", "shared", "docs/method.md"))
	if err != nil {
		t.Skipf("docs/method.md not available: %v", err)
	}
	_, sec9, ok := strings.Cut(string(b), "## 9.")
	require.True(t, ok, "docs/method.md has a section 9")
	for _, p := range published {
		mean := fmt.Sprintf("%.3f", p.Mean)
		if p.Metric == Entropy {
			mean = fmt.Sprintf("%.2f", p.Mean)
		}
		want := mean
		if p.hasCI() {
			want += fmt.Sprintf(" (%.3f, %.3f)", p.Low, p.High)
		}
		if p.Metric == Accuracy {
			want = p.Variant + " " + want
		}
		assert.Contains(t, sec9, want, "docs/method.md §9 (%s of %s)", p.Metric, p.Variant)
	}
}
