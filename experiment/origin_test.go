package experiment

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/experiment/internal/buildinfo"
)

// reusingTrainer answers the runs of variant W as repeated from another
// sweep trained on kernel, and trains the others with fakeTrainer.
func reusingTrainer(kernel string) Trainer {
	return TrainerFunc(func(ctx context.Context, spec RunSpec) (RunResult, error) {
		res := fakeResult(spec)
		if spec.Key.Variant == "W" {
			res.Origin = &Origin{Sweep: "0123456789abcdef", Code: "v-base", Go: "go-base", Kernel: kernel}
		}
		return res, nil
	})
}

// TestOriginRecorded checks that a repeated run's record names the sweep
// and the code that trained it, that a trained run's record names this
// process, and that the stored numbers are the same either way.
func TestOriginRecorded(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W", "WD"}, 2
	trained, reused := t.TempDir(), t.TempDir()
	runAndFinish(t, cfg, trained, 1)
	_, err := (&Sweep{Config: cfg, Trainer: reusingTrainer(buildinfo.BLASKernel()), Dir: reused}).Run(context.Background())
	require.NoError(t, err)
	prov, _, err := LoadProvenance(reused)
	require.NoError(t, err)

	recs, err := LoadRecords(reused, &cfg, false)
	require.NoError(t, err)
	want, err := LoadRecords(trained, &cfg, false)
	require.NoError(t, err)
	require.Len(t, recs, 4)
	for i, r := range recs {
		if r.Key.Variant == "W" {
			assert.Equal(t, "0123456789abcdef", r.ReusedFrom, r.Key.String())
			assert.Equal(t, "v-base", r.Code, r.Key.String())
			assert.Equal(t, "go-base", r.Go, r.Key.String())
		} else {
			assert.Empty(t, r.ReusedFrom, r.Key.String())
			assert.Equal(t, prov.Code, r.Code, r.Key.String())
		}
		assert.Nil(t, r.Result.Origin, r.Key.String())
		assert.Equal(t, want[i].Result.Accuracy, r.Result.Accuracy, r.Key.String())
	}
	// A folder of repeated runs merges into one of trained runs without a
	// conflict: the numbers are the same.
	n, err := Merge(trained, []string{reused}, false)
	require.NoError(t, err)
	assert.Zero(t, n)
}

// TestOriginOtherKernel checks that a repeated run trained on another BLAS
// kernel is refused unless mixing kernels is allowed, and then keeps the
// kernel it was trained on.
func TestOriginOtherKernel(t *testing.T) {
	t.Parallel()
	cfg := smallConfig()
	cfg.Tasks, cfg.Variants, cfg.Simulations = []string{"onechoice"}, []string{"W"}, 1
	dir := filepath.Join(t.TempDir(), "a")
	_, err := (&Sweep{Config: cfg, Trainer: reusingTrainer("elsewhere"), Dir: dir}).Run(context.Background())
	require.ErrorIs(t, err, ErrMixedKernels)
	assert.Contains(t, err.Error(), "elsewhere")
	_, err = (&Sweep{Config: cfg, Trainer: reusingTrainer("elsewhere"), Dir: dir, AllowMixedKernels: true}).Run(context.Background())
	require.NoError(t, err)
	recs, err := LoadRecords(dir, &cfg, false)
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, "elsewhere", recs[0].Kernel)
}
