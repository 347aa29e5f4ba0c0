package experiment

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

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
			if err != nil {
				t.Fatalf("%v %v: %v", preset, k, err)
			}
			if err := res.validate(); err != nil {
				t.Errorf("%v %v: %v", preset, k, err)
			}
			if len(res.History) != cfg.Epochs || res.Accuracy < 0 || res.Accuracy > 1 || res.TestAccuracy < 0 || res.TestAccuracy > 1 {
				t.Errorf("%v %v: %+v", preset, k, res)
			}
			if math.IsNaN(res.Entropy) || res.Entropy <= 0 {
				t.Errorf("%v %v: entropy %v", preset, k, res.Entropy)
			}
		}
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
		if _, err := (&Sweep{Config: cfg, Trainer: tr, Dir: dir, Jobs: 1 + 2*i}).Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	r1, err := LoadRecords(d1, &cfg, false)
	require.NoError(t, err)
	r2, _ := LoadRecords(d2, &cfg, false)
	for i := range r1 {
		a, b := r1[i].Result, r2[i].Result
		ea, _ := encodeRecord(&Record{Result: a})
		eb, _ := encodeRecord(&Record{Result: b})
		if string(ea) != string(eb) {
			t.Errorf("%v: -j 1 and -j 3 differ", r1[i].Key)
		}
	}
	// The permuted-bio variant differs between simulations; bio init and the
	// penalties are variant-specific.
	spec, _ := tr.spec(RunKey{1, "W!D*C", 0})
	w0, err := tr.initialRecurrent(spec)
	if err != nil || w0 == nil {
		t.Fatalf("W! init: %v", err)
	}
	spec1, _ := tr.spec(RunKey{1, "W!D*C", 1})
	w1, _ := tr.initialRecurrent(spec1)
	if mat.Equal(w0, w1) {
		t.Error("W! identical across simulations")
	}
	if w, _ := tr.initialRecurrent(RunSpec{Variant: Variant{Init: InitOrthogonal}, Config: &cfg}); w != nil {
		t.Error("orthogonal init returned a matrix")
	}
	p, err := tr.penalty(&cfg, Variant{Name: "W", Distance: DistanceNone})
	if l1, ok := p.(*spatial.L1); err != nil || !ok || l1.IgnoreLambda || l1.Lambda != 0.3 {
		t.Errorf("corrected W penalty = %#v, %v", p, err)
	}
	if _, err := tr.penalty(&cfg, Variant{Name: "bad", Distance: DistanceNone, Comm: CommDirect}); err == nil {
		t.Error("communicability without distance accepted")
	}
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
		if took <= 0 {
			t.Errorf("epoch %d took %v", st.Epoch, took)
		}
		seen = append(seen, st)
	})
	require.NoError(t, err)
	if len(seen) != cfg.Epochs || !slices.Equal(seen, got.History) {
		t.Errorf("Epoch hook saw %+v, History %+v", seen, got.History)
	}
	w0, err := tr.initialRecurrent(spec)
	require.NoError(t, err)
	// The model holds float32 weights.
	if !mat.EqualApprox(got.Initial, w0, 1e-6) || mat.EqualApprox(got.Final, got.Initial, 1e-6) {
		t.Error("Initial is not the biological W_rec, or training left W_rec unchanged")
	}
	want, err := tr.Run(context.Background(), spec)
	require.NoError(t, err)
	ea, _ := encodeRecord(&Record{Result: got.Result})
	eb, _ := encodeRecord(&Record{Result: want})
	if string(ea) != string(eb) {
		t.Errorf("Train's result differs from Run's:\n%s\n%s", ea, eb)
	}
	if !(got.GraphSeconds > 0 && got.GraphSeconds < got.Result.Seconds) {
		t.Errorf("GraphSeconds %v of %v", got.GraphSeconds, got.Result.Seconds)
	}
	perStep, err := tasks.ByName("delaymatchsample")
	require.NoError(t, err)
	ps, err := tr.Train(context.Background(), spec, perStep, nil)
	require.NoError(t, err)
	if err := ps.Result.validate(); err != nil || len(ps.History) != cfg.Epochs {
		t.Errorf("per-step task: %v, %d epochs", err, len(ps.History))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tr.Train(ctx, spec, task, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

// TestScaleMatchedSmallFields builds the scale-matched (Wr…) initialisation
// of a corrected sweep on small synthetic fields, where the biological
// matrix's ρ·N/‖·‖₁ is large (connectome.ScaleMatched used to fail there and
// abort the sweep).
func TestScaleMatchedSmallFields(t *testing.T) {
	t.Parallel()
	for _, n := range []int{16, 100} {
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
			if err != nil || w == nil {
				t.Errorf("N = %d, %v: %v", n, k, err)
			}
		}
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
		if err != nil || w == nil {
			t.Fatalf("%s sim %d: %v", variant, sim, err)
		}
		return w
	}
	b := init("W*D*C", 0)
	for _, v := range []string{"W*D*C*", "W*DC*"} {
		if !mat.Equal(b, init(v, 0)) {
			t.Errorf("%s and W*D*C got different B in the same simulation", v)
		}
	}
	if mat.Equal(b, init("W*D*C", 1)) {
		t.Error("B identical across simulations")
	}
	sorted := func(m *mat.Dense) []float64 {
		s := slices.Clone(m.RawMatrix().Data)
		slices.Sort(s)
		return s
	}
	p1, p2 := init("W!D*C", 0), init("W!D*C*", 0)
	if mat.Equal(p1, b) || mat.Equal(p1, p2) {
		t.Error("W! is not a fresh permutation per model")
	}
	for _, p := range []*mat.Dense{p1, p2} {
		if !slices.Equal(sorted(p), sorted(b)) {
			t.Error("W! is not a permutation of the simulation's B")
		}
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
