package seqrnn

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDynamicsOutputs runs a tiny Go/NoGo training with -dynamics and
// checks fixedpoints.csv (header, one row per point with valid fields) and
// the two figures.
func TestDynamicsOutputs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runProgram(tiny(out, "-task", "gonogo", "-epochs", "2", "-dynamics")...)
	if code != exitOK {
		t.Fatalf("exit %d\nstderr: %s", code, stderr)
	}
	for _, want := range []string{"participation ratio", `input "cue go"`, fileFixedPoints, figDynamicsPCs, figDynamicsEig} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	f, err := os.Open(filepath.Join(out, fileFixedPoints))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 1 || strings.Join(rows[0], ",") != strings.Join(fixedPointsHeader, ",") {
		t.Fatalf("fixedpoints.csv header = %q, want %q", rows[0], fixedPointsHeader)
	}
	inputs := map[string]bool{"fixation": true, "cue nogo": true, "cue go": true, "none": true}
	for i, r := range rows[1:] {
		if !inputs[r[0]] {
			t.Errorf("row %d: input %q is not a Go/NoGo input", i+1, r[0])
		}
		if r[2] != "fixed" && r[2] != "slow" {
			t.Errorf("row %d: kind %q", i+1, r[2])
		}
		for _, col := range []int{5, 7, 10, 11, 12} {
			if _, err := strconv.ParseFloat(r[col], 64); err != nil {
				t.Errorf("row %d, %s: %v", i+1, fixedPointsHeader[col], err)
			}
		}
		if r[9] != "" {
			t.Errorf("row %d: tau_ms %q for a step-defined task", i+1, r[9])
		}
	}
	for _, name := range []string{figDynamicsPCs, figDynamicsEig} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, pngMagic) || len(b) < 1000 {
			t.Errorf("%s: not a PNG image (%d bytes)", name, len(b))
		}
	}
}

// TestDynamicsPerceptualDM: the perceptual decision task has a time step in
// ms, so fixedpoints.csv gives time constants in ms too.
func TestDynamicsPerceptualDM(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runProgram(tiny(out, "-task", "perceptualdm", "-dynamics")...)
	if code != exitOK {
		t.Fatalf("exit %d\nstderr: %s", code, stderr)
	}
	rows, err := readCSV(filepath.Join(out, fileFixedPoints))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 {
		t.Fatalf("fixedpoints.csv has no point: %q", rows)
	}
	for i, r := range rows[1:] {
		steps, err1 := strconv.ParseFloat(r[8], 64)
		ms, err2 := strconv.ParseFloat(r[9], 64)
		if err1 != nil || err2 != nil {
			t.Errorf("row %d: tau %q steps, %q ms", i+1, r[8], r[9])
			continue
		}
		if d := ms - 100*steps; d > 1e-3*max(1, ms) || d < -1e-3*max(1, ms) {
			t.Errorf("row %d: tau %g ms ≠ 100 ms × %g steps", i+1, ms, steps)
		}
	}
}

func TestDynamicsUnknownTask(t *testing.T) {
	code, _, stderr := runProgram(tiny(t.TempDir(), "-task", "contextdm", "-dynamics")...)
	if code != exitUsage || !strings.Contains(stderr, "-dynamics") {
		t.Errorf("exit %d, stderr %q; want a usage error naming -dynamics", code, stderr)
	}
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(f).ReadAll()
}
