package graphstats

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/graphmetrics"
	"github.com/cortexrnn/cortexrnn/internal/npyio"
	"github.com/cortexrnn/cortexrnn/rnn"
)

// jsonReport runs graphstats -json on args and returns the report.
func jsonReport(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errs := runProgram(append(args, "-nperm", "10", "-seed", "3", "-json")...)
	require.Equal(t, exitOK, code, errs)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	return got
}

// libraryMetrics are graphmetrics' numbers for w under the flags of
// jsonReport.
func libraryMetrics(t *testing.T, w *mat.Dense) map[string]float64 {
	t.Helper()
	m, err := graphmetrics.Compute(w, graphmetrics.Options{NullCount: 10}, rand.New(rand.NewPCG(3, 3)))
	require.NoError(t, err)
	return map[string]float64{"modularity": m.Modularity, "small_worldness": m.SmallWorld.Sigma,
		"assortativity": m.Assortativity, "entropy_bits": m.Entropy}
}

func assertMetrics(t *testing.T, got map[string]any, want map[string]float64) {
	t.Helper()
	for k, v := range want {
		assert.Equal(t, v, got[k], k)
	}
}

// TestReadsNPZ: graphstats reads the effective recurrent matrix of an rnn
// weights file by default, any array with -key, the W_rec of a checkpoint,
// and the only square matrix of another archive, with the numbers
// graphmetrics gives for that matrix.
func TestReadsNPZ(t *testing.T) {
	dir := t.TempDir()
	cfg := rnn.PaperConfig(2, 20, 2)
	cfg.Dale = true
	m, err := rnn.New(cfg, rand.New(rand.NewPCG(1, 1)))
	require.NoError(t, err)
	weights := filepath.Join(dir, "weights.npz")
	require.NoError(t, rnn.WriteWeightsFile(weights, m, m))
	f32 := func(w *mat.Dense) *mat.Dense { // the float32 rounding the file stores
		out := mat.DenseCopyOf(w)
		out.Apply(func(_, _ int, v float64) float64 { return float64(float32(v)) }, out)
		return out
	}
	eff, raw := f32(m.EffectiveRecurrentTo(nil)), f32(m.WeightsTo(nil, rnn.RecurrentKernel))
	require.False(t, mat.Equal(eff, raw), "Dale's law makes the raw and effective matrices differ")

	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{}, rand.New(rand.NewPCG(2, 2)))
	require.NoError(t, err)
	checkpoint := filepath.Join(dir, "checkpoint.npz")
	require.NoError(t, tr.SaveFile(checkpoint))

	single := filepath.Join(dir, "single.npz")
	require.NoError(t, npyio.WriteNPZFile(single, npyio.Stored,
		npyio.Named{Name: "labels", Array: &npyio.Array{Shape: []int{20}, Data: make([]int64, 20)}},
		npyio.Named{Name: "A", Array: &npyio.Array{Shape: []int{20, 20}, Data: eff.RawMatrix().Data}}))

	cases := []struct {
		name, file, key string
		want            *mat.Dense
		label           string
	}{
		{"weights file default", weights, "", eff, weights + " (W_rec_eff)"},
		{"weights file raw", weights, "W_rec_raw", raw, weights + " (W_rec_raw)"},
		{"weights file initial", weights, "W_rec_eff_initial", eff, weights + " (W_rec_eff_initial)"},
		{"checkpoint default", checkpoint, "", raw, checkpoint + " (W_rec)"},
		{"only square matrix", single, "", eff, single + " (A)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"-w", tc.file}
			if tc.key != "" {
				args = append(args, "-key", tc.key)
			}
			got := jsonReport(t, args...)
			assert.Equal(t, tc.label, got["file"])
			assertMetrics(t, got, libraryMetrics(t, tc.want))
		})
	}
}

// TestNPZErrors: an archive graphstats cannot pick a matrix from, or a
// -key it does not hold, is an input error naming the arrays; -key on a
// file that is not an archive is a usage error.
func TestNPZErrors(t *testing.T) {
	dir := t.TempDir()
	two := filepath.Join(dir, "two.npz")
	sq := &npyio.Array{Shape: []int{4, 4}, Data: make([]float64, 16)}
	require.NoError(t, npyio.WriteNPZFile(two, npyio.Stored, npyio.Named{Name: "A", Array: sq}, npyio.Named{Name: "B", Array: sq},
		npyio.Named{Name: "v", Array: &npyio.Array{Shape: []int{4}, Data: make([]float64, 4)}},
		npyio.Named{Name: "nan", Array: &npyio.Array{Shape: []int{2, 2}, Data: []float32{0, 1, float32(math.NaN()), 0}}}))
	csv := writeFile(t, "w.csv", csvOf(6, testMatrix(6), false))
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ambiguous", []string{"-w", two}, exitInput, "choose an array with -key: A [4 4], B [4 4], v [4], nan [2 2]"},
		{"absent key", []string{"-w", two, "-key", "W"}, exitInput, `no array "W"; it holds A [4 4]`},
		{"vector", []string{"-w", two, "-key", "v"}, exitInput, "v: shape [4], want a non-empty 2-D matrix"},
		{"non-finite", []string{"-w", two, "-key", "nan"}, exitInput, "nan: non-finite value NaN at [1,0]"},
		{"not a zip", []string{"-w", writeFile(t, "bad.npz", "PK no zip")}, exitInput, "bad.npz"},
		{"key on csv", []string{"-w", csv, "-key", "A"}, exitUsage, "-key chooses an array of an .npz file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runProgram(tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, errs, tc.want)
		})
	}
}
