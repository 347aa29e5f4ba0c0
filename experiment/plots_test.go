package experiment

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("%s: %v pixels", path, b)
	}
}

func TestPlots(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []int{1, 2}, []string{"W*D*C", "WD", "W"}, 3
	runAndFinish(t, cfg, dir, 2)
	for _, f := range []string{"Accuracy.png", "Modularity.png", "SmallWorldness.png", "Entropy.png",
		"Task1_learning_curves.png", "Task2_learning_curves.png"} {
		checkPNG(t, filepath.Join(dir, "figures", f))
	}
	w := mat.NewDense(4, 4, []float64{0, 1, -2, 0.5, 0.1, 0, 0, 3, -1, 0.2, 0, 0, 0.3, 0, 1, 0})
	pos := mat.NewDense(4, 3, []float64{0, 500e3, 0, 100e3, 520e3, 0, 50e3, 560e3, 10e3, 200e3, 540e3, 5e3})
	if err := PlotMatrix(filepath.Join(dir, "w.png"), w, "W"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, filepath.Join(dir, "w.png"))
	if err := PlotSomata(filepath.Join(dir, "s.png"), pos, w, 0.25, "somata"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, filepath.Join(dir, "s.png"))
	if err := PlotSomata(filepath.Join(dir, "x.png"), pos, w, 0, "bad"); err == nil {
		t.Error("PlotSomata with fraction 0 succeeded")
	}
	if err := PlotMatrix(filepath.Join(dir, "x.png"), mat.NewDense(1, 1, []float64{1}), "ok"); err != nil {
		t.Error(err)
	}
	if err := PlotLearningCurves(filepath.Join(dir, "x.png"), &cfg, nil, 1); err == nil {
		t.Error("learning curves without records succeeded")
	}
}
