package report

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// md collects Markdown, keeping the first write error.
type md struct {
	w   io.Writer
	err error
}

func (m *md) f(format string, a ...any) {
	if m.err == nil {
		_, m.err = fmt.Fprintf(m.w, format, a...)
	}
}

// row writes one table row.
func (m *md) row(cells ...string) { m.f("| %s |\n", strings.Join(cells, " | ")) }

// header writes a table header.
func (m *md) header(cells ...string) {
	m.row(cells...)
	seps := make([]string, len(cells))
	for i := range seps {
		seps[i] = "---"
	}
	m.row(seps...)
}

// code formats a variant name as a code span (names hold * and !).
func code(v string) string { return "`" + v + "`" }

func num(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.3f", x)
}

func signedNum(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%+.3f", x)
}

// est formats a mean with its interval.
func est(e estimate) string {
	if math.IsNaN(e.mean) {
		return "—"
	}
	if math.IsNaN(e.low) {
		return num(e.mean)
	}
	return fmt.Sprintf("%.3f (%.3f, %.3f)", e.mean, e.low, e.high)
}

// pval formats a p-value; Holm rejections are bold.
func pval(p float64, reject bool) string {
	if math.IsNaN(p) {
		return "—"
	}
	s := fmt.Sprintf("%.3f", p)
	if p < 0.001 {
		s = fmt.Sprintf("%.1e", p)
	}
	if reject {
		s = "**" + s + "**"
	}
	return s
}
