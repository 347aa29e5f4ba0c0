package experiment

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gonum.org/v1/gonum/mat"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/rnn"
	"github.com/cortexrnn/cortexrnn/spatial"
	"github.com/cortexrnn/cortexrnn/tasks"
)

var (
	_ Trainer     = (*PaperTrainer)(nil)
	_ rnn.Penalty = (*spatial.EMD)(nil)
)

// tinyTrainerConfig is a seconds-long sweep on a 60-neuron synthetic field.
func tinyTrainerConfig() Config {
	c := CorrectedConfig()
	c.FieldName = "tiny"
	c.Tasks = []string{"onechoice"}
	c.Simulations = 1
	c.Epochs = 2
	c.BatchSize = 32
	c.TrainTrials, c.ValidationTrials, c.TestTrials = 64, 32, 32
	c.SmallWorldNulls = 4
	return c
}

func tinyField(t *testing.T) *connectome.Field {
	t.Helper()
	sc := connectome.DefaultSyntheticConfig(60, 3)
	sc.Duration = 120
	f, err := connectome.Synthetic(sc)
	require.NoError(t, err)
	return f
}

// TestPaperTrainer trains every paper and extra variant for two epochs on a
// tiny field, in both presets, and checks that every result is finite, with
// one History entry per epoch, accuracies in [0, 1] and a positive entropy
// (determinism and the per-variant setup are TestPaperTrainerDeterministic's).
func TestPaperTrainer(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 40 small networks")
	}
	t.Parallel()
	field := tinyField(t)
	for _, preset := range []Preset{Reference, Corrected} {
		t.Run(preset.String(), func(t *testing.T) {
			cfg := tinyTrainerConfig()
			ref := presetConfig(preset)
			cfg.Preset, cfg.ReshapeCoordinates, cfg.ZeroStrengthEpsilon, cfg.UnscaledL1 = preset, ref.ReshapeCoordinates, ref.ZeroStrengthEpsilon, ref.UnscaledL1
			cfg.GridScaling, cfg.AccuracySource = ref.GridScaling, ref.AccuracySource
			cfg.Variants = append(paperVariantNames(), names(extraVariants)...)
			tr, err := NewPaperTrainer(&cfg, field)
			require.NoError(t, err)
			for _, k := range cfg.Plan() {
				spec, _ := tr.spec(k)
				res, err := tr.Run(context.Background(), spec)
				require.NoError(t, err, "%v", k)
				assert.NoError(t, res.validate(), "%v", k)
				assert.Len(t, res.History, cfg.Epochs, "%v: History", k)
				for _, a := range []struct {
					name string
					v    float64
				}{{"Accuracy", res.Accuracy}, {"TestAccuracy", res.TestAccuracy}} {
					assert.GreaterOrEqual(t, a.v, 0.0, "%v: %s", k, a.name)
					assert.LessOrEqual(t, a.v, 1.0, "%v: %s", k, a.name)
				}
				assert.Positive(t, res.Entropy, "%v: entropy", k)
			}
		})
	}
}

func TestPaperTrainerDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("trains small networks")
	}
	t.Parallel()
	cfg := tinyTrainerConfig()
	cfg.Variants = []string{"W*D*C*", "W!D*C", "WD"}
	cfg.Simulations = 2
	field := tinyField(t)
	tr, err := NewPaperTrainer(&cfg, field)
	require.NoError(t, err)
	d1, d2 := t.TempDir(), t.TempDir()
	for i, dir := range []string{d1, d2} {
		_, err := (&Sweep{Config: cfg, Trainer: tr, Dir: dir, Jobs: 1 + 2*i}).Run(context.Background())
		require.NoError(t, err, "-j %d", 1+2*i)
	}
	r1, err := LoadRecords(d1, &cfg, false)
	require.NoError(t, err)
	r2, err := LoadRecords(d2, &cfg, false)
	require.NoError(t, err)
	for i := range r1 {
		a, b := r1[i].Result, r2[i].Result
		ea, err := encodeRecord(&Record{Result: a})
		require.NoError(t, err)
		eb, err := encodeRecord(&Record{Result: b})
		require.NoError(t, err)
		assert.Equal(t, string(ea), string(eb), "%v: -j 1 and -j 3 differ", r1[i].Key)
	}
	// The permuted-bio variant differs between simulations; bio init and the
	// penalties are variant-specific.
	spec, _ := tr.spec(RunKey{1, "W!D*C", 0})
	w0, err := tr.initialRecurrent(spec)
	require.NoError(t, err, "W! init")
	require.NotNil(t, w0, "W! init")
	spec1, _ := tr.spec(RunKey{1, "W!D*C", 1})
	w1, _ := tr.initialRecurrent(spec1)
	assert.False(t, mat.Equal(w0, w1), "W! identical across simulations")
	w, _ := tr.initialRecurrent(RunSpec{Variant: Variant{Init: InitOrthogonal}, Config: &cfg})
	assert.Nil(t, w, "orthogonal init returned a matrix")
	p, err := tr.penalty(&cfg, Variant{Name: "W", Distance: DistanceNone})
	if assert.NoError(t, err, "corrected W penalty") && assert.IsType(t, (*spatial.L1)(nil), p, "corrected W penalty") {
		l1 := p.(*spatial.L1)
		assert.False(t, l1.IgnoreLambda, "corrected W penalty %#v", l1)
		assert.Equal(t, 0.3, l1.Lambda, "corrected W penalty %#v", l1)
	}
	_, err = tr.penalty(&cfg, Variant{Name: "bad", Distance: DistanceNone, Comm: CommDirect})
	assert.Error(t, err, "communicability without distance accepted")
}

// TestPaperTrainerTrain checks Train's hooks and extra outputs: one Epoch
// call per epoch with the History entries, W_rec before (the variant's
// initialisation) and after training, and a Result equal to Run's; and a
// task with per-step targets, which Run does not reach.
func TestPaperTrainerTrain(t *testing.T) {
	if testing.Short() {
		t.Skip("trains small networks")
	}
	t.Parallel()
	cfg := tinyTrainerConfig()
	cfg.Variants = []string{"W*D*C"}
	tr, err := NewPaperTrainer(&cfg, tinyField(t))
	require.NoError(t, err)
	spec, _ := tr.spec(RunKey{1, "W*D*C", 0})
	task, err := tasks.ByName("task1")
	require.NoError(t, err)
	var seen []rnn.EpochStats
	got, err := tr.Train(context.Background(), spec, task, func(st rnn.EpochStats, took time.Duration) {
		assert.Positive(t, took, "epoch %d: wall time", st.Epoch)
		seen = append(seen, st)
	})
	require.NoError(t, err)
	assert.Len(t, seen, cfg.Epochs, "Epoch hook calls")
	assert.Equal(t, got.History, seen, "Epoch hook vs History")
	w0, err := tr.initialRecurrent(spec)
	require.NoError(t, err)
	// The model holds float32 weights.
	assert.True(t, mat.EqualApprox(got.Initial, w0, 1e-6), "Initial is not the biological W_rec")
	assert.False(t, mat.EqualApprox(got.Final, got.Initial, 1e-6), "training left W_rec unchanged")
	want, err := tr.Run(context.Background(), spec)
	require.NoError(t, err)
	ea, err := encodeRecord(&Record{Result: got.Result})
	require.NoError(t, err)
	eb, err := encodeRecord(&Record{Result: want})
	require.NoError(t, err)
	assert.Equal(t, string(eb), string(ea), "Train's result differs from Run's")
	assert.Positive(t, got.GraphSeconds, "GraphSeconds")
	assert.Less(t, got.GraphSeconds, got.Result.Seconds, "GraphSeconds vs Result.Seconds")
	perStep, err := tasks.ByName("delaymatchsample")
	require.NoError(t, err)
	ps, err := tr.Train(context.Background(), spec, perStep, nil)
	require.NoError(t, err)
	assert.NoError(t, ps.Result.validate(), "per-step task")
	assert.Len(t, ps.History, cfg.Epochs, "per-step task: History")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = tr.Train(ctx, spec, task, nil)
	assert.ErrorIs(t, err, context.Canceled, "Train with a cancelled context")
}

// TestScaleMatchedSmallFields builds the scale-matched (Wr…) initialisation
// of a corrected sweep on small synthetic fields, where the biological
// matrix's ρ·N/‖·‖₁ is large (connectome.ScaleMatched used to fail there and
// abort the sweep).
func TestScaleMatchedSmallFields(t *testing.T) {
	t.Parallel()
	for _, n := range []int{16, 100} {
		t.Run(fmt.Sprintf("N=%d", n), func(t *testing.T) {
			cfg := tinyTrainerConfig()
			cfg.SyntheticN = n
			cfg.Simulations = 4
			cfg.Variants = scaleMatchedVariantNames()
			field, err := LoadField(&cfg)
			require.NoError(t, err)
			tr, err := NewPaperTrainer(&cfg, field)
			require.NoError(t, err)
			for _, k := range cfg.Plan() {
				spec, _ := tr.spec(k)
				w, err := tr.initialRecurrent(spec)
				if assert.NoError(t, err, "%v", k) {
					assert.NotNil(t, w, "%v", k)
				}
			}
		})
	}
}

// TestBioSharedWithinSimulation checks docs/method.md §2: one biological B per
// simulation, shared by its bio variants, and W! is that same B with rows
// and columns permuted (so its sorted entries equal B's) while the
// permutation differs between W!D*C and W!D*C*.
func TestBioSharedWithinSimulation(t *testing.T) {
	t.Parallel()
	cfg := tinyTrainerConfig()
	tr, err := NewPaperTrainer(&cfg, tinyField(t))
	require.NoError(t, err)
	init := func(variant string, sim int) *mat.Dense {
		t.Helper()
		spec, err := tr.spec(RunKey{1, variant, sim})
		require.NoError(t, err)
		w, err := tr.initialRecurrent(spec)
		require.NoError(t, err, "%s sim %d", variant, sim)
		require.NotNil(t, w, "%s sim %d", variant, sim)
		return w
	}
	b := init("W*D*C", 0)
	for _, v := range []string{"W*D*C*", "W*DC*"} {
		assert.True(t, mat.Equal(b, init(v, 0)), "%s and W*D*C got different B in the same simulation", v)
	}
	assert.False(t, mat.Equal(b, init("W*D*C", 1)), "B identical across simulations")
	sorted := func(m *mat.Dense) []float64 {
		s := slices.Clone(m.RawMatrix().Data)
		slices.Sort(s)
		return s
	}
	p1, p2 := init("W!D*C", 0), init("W!D*C*", 0)
	assert.False(t, mat.Equal(p1, b), "W!D*C is the simulation's B unpermuted")
	assert.False(t, mat.Equal(p1, p2), "W!D*C and W!D*C* share a permutation")
	for name, p := range map[string]*mat.Dense{"W!D*C": p1, "W!D*C*": p2} {
		assert.Equal(t, sorted(b), sorted(p), "%s is not a permutation of the simulation's B", name)
	}
}

// TestTrainerGridFallback checks that the trainer builds D on the fallback
// grid when a field's listed grid has another cell count than N.
func TestTrainerGridFallback(t *testing.T) {
	t.Parallel()
	f := tinyField(t)
	f.Grid = [3]int{5, 4, 2} // 40 cells for 60 neurons
	cfg := tinyTrainerConfig()
	tr, err := NewPaperTrainer(&cfg, f)
	require.NoError(t, err)
	require.Equal(t, connectome.FactorGrid(60), tr.grid)
}
