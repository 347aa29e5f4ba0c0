package experiment

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// decodePNG reads the PNG image at path.
func decodePNG(t *testing.T, path string) image.Image {
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
	return img
}

// checkPNG checks the PNG at path and the SVG written beside it.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	img := decodePNG(t, path)
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("%s: %v pixels", path, b)
	}
	svg, err := os.ReadFile(strings.TrimSuffix(path, ".png") + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("%s: the SVG beside it is not an SVG", path)
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

// bluePixels counts the strongly blue pixels of the PNG at path: the
// colour of weights near the negative end of the scale.
func bluePixels(t *testing.T, path string) int {
	t.Helper()
	img := decodePNG(t, path)
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, _, bl, _ := img.At(x, y).RGBA()
			if int(bl>>8)-int(r>>8) > 100 {
				n++
			}
		}
	}
	return n
}

// TestPlotMatrixDominantDiagonal draws a matrix whose diagonal (100) dwarfs
// its off-diagonal weights (±1): on the plain scale the negative weights are
// nearly white, without the diagonal or with a clipped scale they reach the
// scale's blue end.
func TestPlotMatrixDominantDiagonal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const n = 8
	w := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			switch {
			case i == j:
				w.Set(i, j, 100)
			case (i+j)%2 == 0:
				w.Set(i, j, -1)
			default:
				w.Set(i, j, 0.5)
			}
		}
	}
	count := func(name string, opt MatrixPlotOptions) int {
		path := filepath.Join(dir, name)
		if err := PlotMatrixWith(path, w, name, opt); err != nil {
			t.Fatal(err)
		}
		return bluePixels(t, path)
	}
	plain := count("plain.png", MatrixPlotOptions{})
	noDiag := count("nodiag.png", MatrixPlotOptions{OmitDiagonal: true})
	clipped := count("clipped.png", MatrixPlotOptions{ClipPercentile: 80}) // |w| = 1 is the 52nd of 64
	// 24 of the 64 cells hold −1; a cell is ~(450/8)² pixels. The colour
	// bar's blue end (1,000–2,500 pixels, depending on the rasteriser) is
	// in every figure.
	if 10*plain > noDiag || noDiag < 24*1000 || clipped < 24*1000 {
		t.Errorf("strongly blue pixels: plain %d, without diagonal %d, clipped %d", plain, noDiag, clipped)
	}
	for _, bad := range []MatrixPlotOptions{{ClipPercentile: 100}, {ClipPercentile: -1}} {
		if err := PlotMatrixWith(filepath.Join(dir, "x.png"), w, "bad", bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if err := PlotMatrixWith(filepath.Join(dir, "x.png"), mat.NewDense(2, 3, nil), "bad", MatrixPlotOptions{OmitDiagonal: true}); err == nil {
		t.Error("OmitDiagonal on a 2×3 matrix accepted")
	}
}

// TestRowTicks checks the heat map's row labels: row 0 is drawn at the
// top, at grid coordinate rows−1.
func TestRowTicks(t *testing.T) {
	t.Parallel()
	found := 0
	for _, tk := range (rowTicks{rows: 40}).Ticks(-0.5, 39.5) {
		switch tk.Label {
		case "0":
			found++
			if tk.Value != 39 {
				t.Errorf("row 0 at y = %v, want 39", tk.Value)
			}
		case "30":
			found++
			if tk.Value != 9 {
				t.Errorf("row 30 at y = %v, want 9", tk.Value)
			}
		}
	}
	if found != 2 {
		t.Errorf("rows 0 and 30 not both labelled")
	}
}
