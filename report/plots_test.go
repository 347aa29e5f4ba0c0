package report

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// decodePNG reads the PNG image at path.
func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err, "%s", path)
	return img
}

// checkPNG checks the PNG at path and the SVG written beside it.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	img := decodePNG(t, path)
	b := img.Bounds()
	assert.GreaterOrEqual(t, b.Dx(), 100, "%s: width", path)
	assert.GreaterOrEqual(t, b.Dy(), 100, "%s: height", path)
	svg, err := os.ReadFile(strings.TrimSuffix(path, ".png") + ".svg")
	require.NoError(t, err, "%s: the SVG beside it", path)
	assert.Contains(t, string(svg), "<svg", "%s: the SVG beside it is not an SVG", path)
}

func TestPlots(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice", "gonogo"}, []string{"W*D*C", "WD", "W"}, 3
	runAndFinish(t, cfg, dir, 2)
	for _, f := range []string{"Accuracy.png", "Modularity.png", "SmallWorldness.png", "Entropy.png",
		"Task1_learning_curves.png", "Task2_learning_curves.png"} {
		checkPNG(t, filepath.Join(dir, "figures", f))
	}
	w := mat.NewDense(4, 4, []float64{0, 1, -2, 0.5, 0.1, 0, 0, 3, -1, 0.2, 0, 0, 0.3, 0, 1, 0})
	pos := mat.NewDense(4, 3, []float64{0, 500e3, 0, 100e3, 520e3, 0, 50e3, 560e3, 10e3, 200e3, 540e3, 5e3})
	require.NoError(t, PlotMatrix(filepath.Join(dir, "w.png"), w, "W"))
	checkPNG(t, filepath.Join(dir, "w.png"))
	require.NoError(t, PlotSomata(filepath.Join(dir, "s.png"), pos, w, 0.25, "somata"))
	checkPNG(t, filepath.Join(dir, "s.png"))
	assert.Error(t, PlotSomata(filepath.Join(dir, "x.png"), pos, w, 0, "bad"), "PlotSomata with fraction 0 succeeded")
	assert.NoError(t, PlotMatrix(filepath.Join(dir, "x.png"), mat.NewDense(1, 1, []float64{1}), "ok"))
	assert.Error(t, PlotLearningCurves(filepath.Join(dir, "x.png"), &cfg, nil, 1), "learning curves without records succeeded")
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
		require.NoError(t, PlotMatrixWith(path, w, name, opt))
		return bluePixels(t, path)
	}
	plain := count("plain.png", MatrixPlotOptions{})
	noDiag := count("nodiag.png", MatrixPlotOptions{OmitDiagonal: true})
	clipped := count("clipped.png", MatrixPlotOptions{ClipPercentile: 80}) // |w| = 1 is the 52nd of 64
	// 24 of the 64 cells hold −1; a cell is ~(450/8)² pixels. The colour
	// bar's blue end (1,000–2,500 pixels, depending on the rasteriser) is
	// in every figure.
	assert.Less(t, 10*plain, noDiag, "strongly blue pixels on the plain scale against without the diagonal")
	assert.GreaterOrEqual(t, noDiag, 24*1000, "strongly blue pixels without the diagonal")
	assert.GreaterOrEqual(t, clipped, 24*1000, "strongly blue pixels on the clipped scale")
	for _, bad := range []MatrixPlotOptions{{ClipPercentile: 100}, {ClipPercentile: -1}} {
		assert.Error(t, PlotMatrixWith(filepath.Join(dir, "x.png"), w, "bad", bad), "%+v accepted", bad)
	}
	assert.Error(t, PlotMatrixWith(filepath.Join(dir, "x.png"), mat.NewDense(2, 3, nil), "bad", MatrixPlotOptions{OmitDiagonal: true}), "OmitDiagonal on a 2×3 matrix accepted")
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
			assert.Equal(t, 39.0, tk.Value, "row 0's y")
		case "30":
			found++
			assert.Equal(t, 9.0, tk.Value, "row 30's y")
		}
	}
	assert.Equal(t, 2, found, "rows 0 and 30 both labelled")
}
