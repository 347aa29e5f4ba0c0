package experiment

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestFormatFloatPythonRepr compares FormatFloat with Python 3's repr(float)
// (testdata/repr_golden.json, written by testdata/layout_golden.py with
// Debian's /usr/bin/python3).
func TestFormatFloatPythonRepr(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/repr_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		X    float64 `json:"x"`
		Repr string  `json:"repr"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if got := FormatFloat(c.X); got != c.Repr {
			t.Errorf("FormatFloat(%v) = %q, want Python repr %q", c.X, got, c.Repr)
		}
	}
	for x, want := range map[float64]string{math.NaN(): "", math.Inf(1): "inf", math.Inf(-1): "-inf"} {
		if got := FormatFloat(x); got != want {
			t.Errorf("FormatFloat(%v) = %q, want %q", x, got, want)
		}
	}
}

// TestLayoutMatchesPandas writes the published layout for the values in
// testdata/layout_golden/values.json and compares metrics.csv,
// metrics_SD.csv and every Task<n>/<Metric>_raw.csv byte for byte with the
// files pandas 1.5.3 wrote from the same values (testdata/layout_golden.py:
// DataFrame.mean(), .std() (ddof 1), .to_csv(index=False)).
func TestLayoutMatchesPandas(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/layout_golden/values.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Tasks       []int    `json:"tasks"`
		Variants    []string `json:"variants"`
		Metrics     []string `json:"metrics"`
		Simulations int      `json:"simulations"`
		Values      [][]any  `json:"values"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	cfg := ReferenceConfig()
	cfg.Variants, cfg.Simulations = g.Variants, g.Simulations
	cfg.Tasks = nil
	for _, n := range g.Tasks {
		cfg.Tasks = append(cfg.Tasks, TaskName(n))
	}
	recs := map[RunKey]*Record{}
	var order []RunKey
	for _, row := range g.Values {
		k := RunKey{Task: int(row[0].(float64)), Variant: row[1].(string), Simulation: int(row[3].(float64))}
		r, ok := recs[k]
		if !ok {
			r = &Record{Key: k}
			recs[k] = r
			order = append(order, k)
		}
		v := math.NaN()
		if row[4] != nil {
			v = row[4].(float64)
		}
		m, err := ParseMetric(row[2].(string))
		if err != nil {
			t.Fatal(err)
		}
		x := &r.Result
		switch m {
		case Accuracy:
			x.Accuracy = v
		case Loss:
			x.Loss = v
		case ValidationAccuracy:
			x.ValidationAccuracy = v
		case ValidationLoss:
			x.ValidationLoss = v
		case Modularity:
			x.Modularity = v
		case SmallWorldness:
			x.SmallWorldness = v
		case Assortativity:
			x.Assortativity = v
		case Entropy:
			x.Entropy = v
		}
	}
	list := make([]Record, len(order))
	for i, k := range order {
		list[i] = *recs[k]
	}
	dir := t.TempDir()
	if err := WriteLayout(dir, &cfg, list); err != nil {
		t.Fatal(err)
	}
	files := []string{"metrics.csv", "metrics_SD.csv"}
	for _, task := range g.Tasks {
		for _, m := range g.Metrics {
			files = append(files, filepath.Join("Task"+string(rune('0'+task)), m+"_raw.csv"))
		}
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata/layout_golden", f))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from pandas':\n got %q\nwant %q", f, got, want)
		}
	}
	// An incomplete set of runs cannot be laid out.
	if err := WriteLayout(t.TempDir(), &cfg, list[1:]); err == nil {
		t.Error("WriteLayout with a missing run succeeded")
	}
}

func TestFolderName(t *testing.T) {
	t.Parallel()
	c := ReferenceConfig()
	c.FieldDir = "/data/microns/6_6_2/"
	cases := []struct {
		bio  BioSource
		pos  bool
		want string
	}{
		{BioCorrSTTC, false, "6_6_2_sttc-corr"},
		{BioCorrSTTC, true, "6_6_2_sttc-corr_sign+"},
		{BioPrecisionSTTC, false, "6_6_2_sttc-precision"},
		{BioSTTC, true, "6_6_2_sttc_sign+"},
	}
	for _, tc := range cases {
		c.BioSource, c.PositiveOnly = tc.bio, tc.pos
		if got := c.FolderName(); got != tc.want {
			t.Errorf("FolderName(%v, sign+=%v) = %q, want %q", tc.bio, tc.pos, got, tc.want)
		}
	}
	s := ReferenceConfig()
	if got := s.Field(); got != SyntheticField {
		t.Errorf("Field of a config without FieldDir = %q", got)
	}
}
