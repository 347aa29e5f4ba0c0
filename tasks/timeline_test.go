package tasks

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestScheduleFixedLayout(t *testing.T) {
	t.Parallel()
	s, err := NewSchedule("S", 100, PeriodSpec{"a", Fixed(100)}, PeriodSpec{"b", Fixed(3000)}, PeriodSpec{"c", Fixed(1000)})
	require.NoError(t, err)
	require.Equal(t, 41, s.MaxSteps(), "MaxSteps")
	require.False(t, s.Random(), "Random")
	tl := s.Resolve(nil) // nothing random: no generator needed
	want := []Period{{"a", 0, 1}, {"b", 1, 30}, {"c", 31, 10}}
	require.Equal(t, 0, tl.Pad, "timeline %+v", tl)
	require.Len(t, tl.Periods, 3, "timeline %+v", tl)
	for i, p := range want {
		assert.Equal(t, p, tl.Periods[i], "period %d", i)
		got, ok := tl.Period(p.Name)
		assert.True(t, ok, "Period(%q) not found", p.Name)
		assert.Equal(t, p, got, "Period(%q)", p.Name)
	}
	_, ok := tl.Period("nope")
	assert.False(t, ok, "Period(nope) found")
	tr := tl.Trial()
	assert.Equal(t, 0, tr.Start, "Trial() = %+v", tr)
	assert.Equal(t, 41, tr.Steps, "Trial() = %+v", tr)
	// Decimal round-off: 0.3 s at dt 0.1 s is exactly 3 steps.
	s2, err := NewSchedule("S", 0.1, PeriodSpec{"a", Fixed(0.3)}, PeriodSpec{"b", Choice{0.7, 0.2}})
	require.NoError(t, err)
	assert.Equal(t, 10, s2.MaxSteps(), "MaxSteps at dt 0.1")
}

func TestScheduleRandomPaddingAndDraws(t *testing.T) {
	t.Parallel()
	s, err := NewSchedule("S", 10,
		PeriodSpec{"fix", Fixed(20)},
		PeriodSpec{"delay", Choice{10, 30, 50}},
		PeriodSpec{"u", Uniform{Min: 20, Max: 60}},
		PeriodSpec{"e", TruncExp{Mean: 30, Min: 10, Max: 100}},
		PeriodSpec{"dec", Fixed(10)})
	require.NoError(t, err)
	// Max: 2 + 5 + 5 (⌊d/10⌋, d < 60) + 9 (d < 100) + 1 = 22.
	require.Equal(t, 22, s.MaxSteps(), "MaxSteps")
	require.True(t, s.Random(), "Random")
	rnd, ref := testutil.Rand(11), testutil.Rand(11)
	seen := map[int]bool{}
	for range 2000 {
		tl := s.Resolve(rnd)
		// Documented draws, in period order.
		choice := []int{1, 3, 5}[ref.IntN(3)]
		u := int(math.Floor((20 + 40*ref.Float64()) / 10))
		e := int(math.Floor(TruncExp{30, 10, 100}.Quantile(ref.Float64()) / 10))
		want := []int{2, choice, u, e, 1}
		total := 0
		for i, p := range tl.Periods {
			require.Equal(t, want[i], p.Steps, "period %s: steps", p.Name)
			total += p.Steps
		}
		require.Equal(t, 22-total, tl.Pad, "padding wrong: %+v", tl)
		require.Equal(t, tl.Pad, tl.Periods[0].Start, "padding wrong: %+v", tl)
		require.Equal(t, 22, tl.Periods[4].End(), "padding wrong: %+v", tl)
		for i := 1; i < len(tl.Periods); i++ {
			require.Equal(t, tl.Periods[i-1].End(), tl.Periods[i].Start, "periods not contiguous: %+v", tl)
		}
		seen[u] = true
	}
	for k := 2; k <= 5; k++ {
		assert.True(t, seen[k], "uniform period never lasted %d steps", k)
	}
}

func TestScheduleBadTimings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		dt   float64
		p    []PeriodSpec
		want error
	}{
		{"zero dt", 0, []PeriodSpec{{"a", Fixed(1)}}, ErrTiming},
		{"negative dt", -1, []PeriodSpec{{"a", Fixed(1)}}, ErrTiming},
		{"inf dt", math.Inf(1), []PeriodSpec{{"a", Fixed(1)}}, ErrTiming},
		{"no periods", 1, nil, ErrTiming},
		{"zero duration", 1, []PeriodSpec{{"a", Fixed(0)}}, ErrTiming},
		{"negative duration", 1, []PeriodSpec{{"a", Fixed(-3)}}, ErrTiming},
		{"NaN duration", 1, []PeriodSpec{{"a", Fixed(math.NaN())}}, ErrTiming},
		{"off grid", 100, []PeriodSpec{{"a", Fixed(150)}}, ErrOffGrid},
		{"below one step", 100, []PeriodSpec{{"a", Fixed(50)}}, ErrOffGrid},
		{"choice off grid", 100, []PeriodSpec{{"a", Choice{100, 250}}}, ErrOffGrid},
		{"choice zero", 100, []PeriodSpec{{"a", Choice{100, 0}}}, ErrTiming},
		{"empty choice", 100, []PeriodSpec{{"a", Choice{}}}, ErrTiming},
		{"uniform min ≥ max", 10, []PeriodSpec{{"a", Uniform{50, 50}}}, ErrTiming},
		{"uniform below one step", 10, []PeriodSpec{{"a", Uniform{5, 50}}}, ErrTiming},
		{"uniform negative", 10, []PeriodSpec{{"a", Uniform{-20, 50}}}, ErrTiming},
		{"truncexp mean 0", 10, []PeriodSpec{{"a", TruncExp{0, 10, 50}}}, ErrTiming},
		{"truncexp inf max", 10, []PeriodSpec{{"a", TruncExp{10, 10, math.Inf(1)}}}, ErrTiming},
		{"nil duration", 10, []PeriodSpec{{"a", nil}}, ErrTiming},
		{"duplicate name", 10, []PeriodSpec{{"a", Fixed(10)}, {"a", Fixed(10)}}, ErrConfig},
		{"empty name", 10, []PeriodSpec{{"", Fixed(10)}}, ErrConfig},
	}
	for _, c := range cases {
		_, err := NewSchedule("Cfg", c.dt, c.p...)
		if !assert.ErrorIs(t, err, c.want, c.name) {
			continue
		}
		var fe *FieldError
		if assert.ErrorAs(t, err, &fe, "%s: error %v does not name a field", c.name, err) {
			assert.NotEmpty(t, fe.Field, "%s: error %v does not name a field", c.name, err)
		}
	}
}

func TestTruncExpSamplesDistribution(t *testing.T) {
	t.Parallel()
	// Mean of an exponential (scale m) truncated to [a, b):
	// m + (a·e^{−a/m} − b·e^{−b/m}) / (e^{−a/m} − e^{−b/m}).
	e := TruncExp{Mean: 600, Min: 300, Max: 3000}
	ea, eb := math.Exp(-e.Min/e.Mean), math.Exp(-e.Max/e.Mean)
	wantMean := e.Mean + (e.Min*ea-e.Max*eb)/(ea-eb)
	rnd := testutil.Rand(2)
	const n = 200000
	var sum, sumSq float64
	for range n {
		d := e.Quantile(rnd.Float64())
		require.True(t, d >= e.Min && d < e.Max, "draw %g outside [%g, %g)", d, e.Min, e.Max)
		sum += d
		sumSq += d * d
	}
	mean := sum / n
	sd := math.Sqrt(sumSq/n - mean*mean)
	assert.InDelta(t, wantMean, mean, 5*sd/math.Sqrt(n), "sample mean")
	testutil.AssertClose(t, e.Quantile(0), e.Min, 1e-14, 0, "Quantile(0)")
}

func TestScheduleCopiesChoice(t *testing.T) {
	t.Parallel()
	c := Choice{10, 20}
	s, err := NewSchedule("S", 10, PeriodSpec{"a", c})
	require.NoError(t, err)
	c[0], c[1] = 70, 70 // must not affect the validated schedule
	rnd := testutil.Rand(1)
	for range 50 {
		n := s.Resolve(rnd).Periods[0].Steps
		require.Contains(t, []int{1, 2}, n, "period lasted %d steps after the caller edited its Choice", n)
	}
}
