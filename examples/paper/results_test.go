package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if agree != 2 || total != 5 {
		t.Errorf("pairAgreement = %d of %d, want 2 of 5", agree, total)
	}
}

func TestMinExactMWU(t *testing.T) {
	// Two-sided exact p of completely separated samples of n each:
	// 2 / C(2n, n).
	for _, c := range []struct {
		n    int
		want float64
	}{{1, 1}, {2, 2.0 / 6}, {3, 2.0 / 20}, {4, 2.0 / 70}, {5, 2.0 / 252}} {
		if got := minExactMWU(c.n); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("minExactMWU(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}

func TestVerdict(t *testing.T) {
	sig := experiment.PairTest{Reject: true}
	for _, c := range []struct {
		p        experiment.PairTest
		ok       bool
		d, pubD  float64
		expected string
	}{
		{sig, false, 1, 1, "not run"},
		{experiment.PairTest{}, true, 1, 1, "n.s."},
		{sig, true, 0.2, 0.3, "**replicated**"},
		{sig, true, -0.2, 0.3, "**reversed**"},
		{sig, true, -0.2, math.NaN(), "significant, A < B"},
	} {
		if got := verdict(c.p, c.ok, c.d, c.pubD); got != c.expected {
			t.Errorf("verdict(%v, %v, %v, %v) = %q, want %q", c.p.Reject, c.ok, c.d, c.pubD, got, c.expected)
		}
	}
}

func TestPublishedTable(t *testing.T) {
	names := experiment.PaperVariantNames()
	task1 := publishedMeans(1, experiment.Accuracy)
	if len(task1) != len(names) {
		t.Fatalf("%d published Task 1 accuracies, want one per paper variant (%d)", len(task1), len(names))
	}
	for _, v := range names {
		if _, ok := task1[v]; !ok {
			t.Errorf("no published Task 1 accuracy for %s", v)
		}
	}
	for _, p := range published {
		if _, err := experiment.VariantByName(p.Variant); err != nil {
			t.Errorf("published variant %q: %v", p.Variant, err)
		}
		if p.hasCI() && !(p.Low < p.Mean && p.Mean < p.High) {
			t.Errorf("%s %s: interval (%v, %v) does not contain %v", p.Metric, p.Variant, p.Low, p.High, p.Mean)
		}
	}
}

// TestPublishedTableMatchesPaper checks every embedded number against the
// text of PAPER.md §9, when the shared folder is present.
func TestPublishedTableMatchesPaper(t *testing.T) {
	root, err := testutil.ModuleRoot()
	if err != nil {
		t.Skip(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "..", "shared", "PAPER.md"))
	if err != nil {
		t.Skipf("PAPER.md not available: %v", err)
	}
	_, sec9, ok := strings.Cut(string(b), "## 9.")
	if !ok {
		t.Fatal("PAPER.md has no section 9")
	}
	for _, p := range published {
		mean := fmt.Sprintf("%.3f", p.Mean)
		if p.Metric == experiment.Entropy {
			mean = fmt.Sprintf("%.2f", p.Mean)
		}
		want := mean
		if p.hasCI() {
			want += fmt.Sprintf(" (%.3f, %.3f)", p.Low, p.High)
		}
		if p.Metric == experiment.Accuracy {
			want = p.Variant + " " + want
		}
		if !strings.Contains(sec9, want) {
			t.Errorf("PAPER.md §9 does not contain %q (%s of %s)", want, p.Metric, p.Variant)
		}
	}
}
