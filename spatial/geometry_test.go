package spatial

import (
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

type geometryGolden struct {
	N                 int       `json:"n"`
	PositionsNM       []float64 `json:"positions_nm"`
	Corrected         []float64 `json:"corrected"`
	Reference         []float64 `json:"reference"`
	DistCorrected     []float64 `json:"dist_corrected"`
	DistCorrectedPow2 []float64 `json:"dist_corrected_pow2"`
	GridShape         []int     `json:"grid_shape"`
	Grid              []float64 `json:"grid"`
	GridScaled        []float64 `json:"grid_scaled"`
}

// TestGeometryNumpy checks coordinates, the notebook's reshape defect, the
// meshgrid order and distances against numpy/scipy (testdata/gen_golden.py:
// numpy 1.24.2 meshgrid/reshape, scipy 1.10.1 cdist).
func TestGeometryNumpy(t *testing.T) {
	t.Parallel()
	var g geometryGolden
	loadJSON(t, "geometry_golden.json", &g)
	pos := mat.NewDense(g.N, 3, g.PositionsNM)

	corr, err := Coordinates(pos, CoordinateConfig{})
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, corr.RawMatrix().Data, g.Corrected, 1e-14, 1e-15, "corrected coordinates")
	ref, err := Coordinates(pos, CoordinateConfig{Layout: LayoutReferenceReshape})
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, ref.RawMatrix().Data, g.Reference, 1e-14, 1e-15, "reference reshape coordinates")
	phys, err := Coordinates(pos, CoordinateConfig{Scaling: ScaleNone})
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, phys.RawMatrix().Data, g.PositionsNM, 0, 0, "physical coordinates")

	d, err := Distances(corr, 1)
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, d.RawMatrix().Data, g.DistCorrected, 1e-14, 1e-15, "distances")
	d2, err := Distances(corr, 2)
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, d2.RawMatrix().Data, g.DistCorrectedPow2, 1e-13, 1e-15, "squared distances")

	gx, gy, gz := g.GridShape[0], g.GridShape[1], g.GridShape[2]
	grid, err := GridCoordinates(gx, gy, gz, ScaleNone)
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, grid.RawMatrix().Data, g.Grid, 0, 0, "grid (meshgrid 'xy', C order)")
	gs, err := GridCoordinates(gx, gy, gz, ScaleMinMax)
	require.NoError(t, err)
	testutil.AssertSlicesClose(t, gs.RawMatrix().Data, g.GridScaled, 1e-15, 0, "scaled grid")
}

// TestGridSixSixTwo checks the canonical grid (12, 13, 2): 312 points, mean
// grid distance 6.55 over all N² pairs (numpy, docs/method.md §3 quotes 6.6).
func TestGridSixSixTwo(t *testing.T) {
	t.Parallel()
	grid, err := GridCoordinates(12, 13, 2, ScaleNone)
	require.NoError(t, err)
	r, _ := grid.Dims()
	require.Equal(t, 312, r, "%d points, want 312", r)
	d, err := Distances(grid, 1)
	require.NoError(t, err)
	// numpy: cdist(G, G).mean() for the meshgrid of gen_golden.py's recipe.
	testutil.AssertClose(t, mat.Sum(d)/(312*312), 6.553527965760373, 1e-12, 0, "mean grid distance")
	// Single-point axis: scaled to 0, not NaN.
	flat, err := GridCoordinates(3, 2, 1, ScaleMinMax)
	require.NoError(t, err)
	for i := 0; i < 6; i++ {
		require.Zero(t, flat.At(i, 2), "z of a single-layer grid")
	}
}

func TestGeometryBadInput(t *testing.T) {
	t.Parallel()
	pos := mat.NewDense(2, 3, []float64{1, 2, 3, 4, math.NaN(), 6})
	_, err := Coordinates(pos, CoordinateConfig{})
	assert.ErrorIs(t, err, ErrNonFinite, "NaN position")
	ok := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	for _, cfg := range []CoordinateConfig{
		{Scaling: 7},
		{Layout: 7},
		{Layout: LayoutReferenceReshape, Scaling: ScaleNone},
		{Layout: LayoutReferenceReshape, VoxelSizeNM: [3]float64{4, 0, 40}},
	} {
		_, err := Coordinates(ok, cfg)
		assert.ErrorIs(t, err, ErrConfig, "config %+v", cfg)
	}
	assertShapePanic(t, "N×2 positions", func() { _, _ = Coordinates(mat.NewDense(3, 2, nil), CoordinateConfig{}) })
	_, err = GridCoordinates(0, 2, 2, ScaleNone)
	assert.ErrorIs(t, err, ErrConfig, "empty grid")
	for _, p := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		_, err := Distances(ok, p)
		assert.ErrorIs(t, err, ErrConfig, "power %g", p)
	}
	_, err = Distances(mat.NewDense(2, 1, []float64{0, math.Inf(1)}), 1)
	assert.ErrorIs(t, err, ErrNonFinite, "Inf coordinate")
}
