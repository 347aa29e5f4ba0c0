package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// table is one printed result table: a title, a header, rows of cells and
// notes printed under it. The first Left columns (at least one) are
// left-aligned, the others right-aligned.
type table struct {
	Title  string
	Header []string
	Rows   [][]string
	Notes  []string
	Left   int
}

// add appends a row.
func (t *table) add(cells ...string) { t.Rows = append(t.Rows, cells) }

// write renders t as aligned plain text (columns two spaces apart) or,
// with markdown, as a GitHub markdown table. Rows shorter than the header are
// padded with blanks.
func (t *table) write(w io.Writer, markdown bool) error {
	left := max(t.Left, 1)
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	cell := func(r []string, j int) string {
		if j < len(r) {
			return r[j]
		}
		return ""
	}
	width := make([]int, ncol)
	for _, r := range append([][]string{t.Header}, t.Rows...) {
		for j := range ncol {
			width[j] = max(width[j], utf8.RuneCountInString(cell(r, j)))
		}
	}
	var b strings.Builder
	if markdown {
		fmt.Fprintf(&b, "**%s**\n\n", t.Title)
	} else {
		fmt.Fprintf(&b, "%s\n", t.Title)
	}
	line := func(r []string) {
		for j := range ncol {
			c := cell(r, j)
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(c))
			if j < left {
				c += pad
			} else {
				c = pad + c
			}
			switch {
			case markdown && j == 0:
				b.WriteString("| " + c + " |")
			case markdown:
				b.WriteString(" " + c + " |")
			case j == 0:
				b.WriteString(c)
			default:
				b.WriteString("  " + c)
			}
		}
		b.WriteString("\n")
	}
	line(t.Header)
	if markdown {
		for j := range ncol {
			dash := strings.Repeat("-", width[j])
			if j == 0 {
				b.WriteString("|")
			}
			if j < left {
				b.WriteString(dash + "--|")
			} else {
				b.WriteString(dash + "-:|")
			}
		}
		b.WriteString("\n")
	} else {
		total := 0
		for j, wd := range width {
			total += wd
			if j > 0 {
				total += 2
			}
		}
		b.WriteString(strings.Repeat("-", total) + "\n")
	}
	for _, r := range t.Rows {
		line(r)
	}
	if len(t.Notes) > 0 {
		if markdown {
			b.WriteString("\n")
		}
		for _, n := range t.Notes {
			fmt.Fprintf(&b, "%s\n", n)
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// fmtMS formats a duration in milliseconds with three significant figures
// (at least one decimal below 100 ms); NaN is "–".
func fmtMS(ms float64) string {
	switch {
	case math.IsNaN(ms):
		return "–"
	case ms < 10:
		return fmt.Sprintf("%.2f", ms)
	case ms < 100:
		return fmt.Sprintf("%.1f", ms)
	}
	return fmt.Sprintf("%.0f", ms)
}

// fmtRatio formats a ratio as "0.62×"; NaN or infinite is "–".
func fmtRatio(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", r)
}

// fmtPercent formats a fraction as a whole percentage; NaN is "–".
func fmtPercent(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*f)
}

// fmtGF formats GFLOP/s with no decimals from 100, one below; NaN is "–".
func fmtGF(g float64) string {
	switch {
	case math.IsNaN(g) || math.IsInf(g, 0):
		return "–"
	case g >= 100:
		return fmt.Sprintf("%.0f", g)
	}
	return fmt.Sprintf("%.1f", g)
}
