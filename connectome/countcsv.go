package connectome

import (
	"bytes"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// DecodeCountMatrixCSV parses the synapse-count matrix of a published field
// (connectome_<f>.csv): a header row ",0,1,…,N−1", then N rows "i,c_i0,…,c_i(N−1)".
// Row i is neuron i's presynaptic (outgoing) side, as the published code
// treats it. Counts must be finite, non-negative integers (written as "3" or
// "3.0"); labels must be 0…N−1 in order. Errors name the file, line and
// column.
func DecodeCountMatrixCSV(data []byte, file string) (*mat.Dense, error) {
	lines := splitLines(data)
	if len(lines) == 0 {
		return nil, parseErr(file, 0, ErrFormat, "empty file")
	}
	header := lines[0]
	hcells := bytes.Split(header.text, []byte{','})
	n := len(hcells) - 1
	if n < 1 {
		return nil, parseErr(file, 0, ErrFormat, "line 1: header has no neuron labels")
	}
	for j, c := range hcells[1:] {
		if v, err := strconv.Atoi(string(bytes.TrimSpace(c))); err != nil || v != j {
			return nil, parseErr(file, header.off, ErrFormat, "line 1, column %d: label %q, want %d", j+2, c, j)
		}
	}
	if len(lines)-1 != n {
		return nil, parseErr(file, -1, ErrShape, "%d data rows for %d column labels (want a square matrix)", len(lines)-1, n)
	}
	// Every row holds n+1 non-empty cells, so at least 2n+1 bytes; checking
	// this first keeps a short file from allocating an n×n matrix.
	for i, ln := range lines[1:] {
		if len(ln.text) < 2*n+1 {
			return nil, parseErr(file, ln.off, ErrShape, "line %d is too short for %d values (ragged row)", i+2, n)
		}
	}
	m := mat.NewDense(n, n, nil)
	raw := m.RawMatrix().Data
	for i, ln := range lines[1:] {
		row := raw[i*n : (i+1)*n]
		t := ln.text
		col := 0
		for start := 0; ; col++ {
			end := bytes.IndexByte(t[start:], ',')
			if end < 0 {
				end = len(t)
			} else {
				end += start
			}
			cell := t[start:end]
			if col == 0 {
				if v, err := strconv.Atoi(string(bytes.TrimSpace(cell))); err != nil || v != i {
					return nil, parseErr(file, ln.off, ErrFormat, "line %d, column 1: row label %q, want %d", i+2, cell, i)
				}
			} else if col <= n {
				v, ok := parseCount(cell)
				if !ok {
					return nil, parseErr(file, ln.off+int64(start), ErrValue, "line %d, column %d: %q is not a non-negative integer synapse count", i+2, col+1, cell)
				}
				row[col-1] = v
			}
			if end == len(t) {
				break
			}
			start = end + 1
		}
		if col != n {
			return nil, parseErr(file, ln.off, ErrShape, "line %d has %d values, want %d (ragged row)", i+2, col, n)
		}
	}
	return m, nil
}

// parseCount parses a non-negative integer count, with a fast path for the
// single digits that make up nearly all of a sparse connectome.
func parseCount(b []byte) (float64, bool) {
	if len(b) == 1 && b[0] >= '0' && b[0] <= '9' {
		return float64(b[0] - '0'), true
	}
	v, err := strconv.ParseFloat(string(bytes.TrimSpace(b)), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v != math.Trunc(v) {
		return 0, false
	}
	return v, true
}

type csvLine struct {
	text []byte
	off  int64
}

// splitLines splits on '\n', drops a trailing '\r' and a final empty line.
func splitLines(data []byte) []csvLine {
	var out []csvLine
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		next := 0
		if end < 0 {
			end, next = len(data), len(data)
		} else {
			end += off
			next = end + 1
		}
		t := data[off:end]
		if len(t) > 0 && t[len(t)-1] == '\r' {
			t = t[:len(t)-1]
		}
		out = append(out, csvLine{text: t, off: int64(off)})
		off = next
	}
	return out
}
