package tasks

import (
	"errors"
	"math"
	"testing"

	"github.com/cortexrnn/cortexrnn/internal/testutil"
)

func TestScheduleFixedLayout(t *testing.T) {
	t.Parallel()
	s, err := NewSchedule("S", 100, PeriodSpec{"a", Fixed(100)}, PeriodSpec{"b", Fixed(3000)}, PeriodSpec{"c", Fixed(1000)})
	if err != nil {
		t.Fatal(err)
	}
	if s.MaxSteps() != 41 || s.Random() {
		t.Fatalf("MaxSteps %d, Random %v; want 41, false", s.MaxSteps(), s.Random())
	}
	tl := s.Resolve(nil) // nothing random: no generator needed
	want := []Period{{"a", 0, 1}, {"b", 1, 30}, {"c", 31, 10}}
	if tl.Pad != 0 || len(tl.Periods) != 3 {
		t.Fatalf("timeline %+v", tl)
	}
	for i, p := range want {
		if tl.Periods[i] != p {
			t.Errorf("period %d = %+v, want %+v", i, tl.Periods[i], p)
		}
		if got, ok := tl.Period(p.Name); !ok || got != p {
			t.Errorf("Period(%q) = %+v, %v", p.Name, got, ok)
		}
	}
	if _, ok := tl.Period("nope"); ok {
		t.Error("Period(nope) found")
	}
	if tr := tl.Trial(); tr.Start != 0 || tr.Steps != 41 {
		t.Errorf("Trial() = %+v", tr)
	}
	// Decimal round-off: 0.3 s at dt 0.1 s is exactly 3 steps.
	s2, err := NewSchedule("S", 0.1, PeriodSpec{"a", Fixed(0.3)}, PeriodSpec{"b", Choice{0.7, 0.2}})
	if err != nil {
		t.Fatal(err)
	}
	if s2.MaxSteps() != 10 {
		t.Errorf("MaxSteps %d, want 10", s2.MaxSteps())
	}
}

func TestScheduleRandomPaddingAndDraws(t *testing.T) {
	t.Parallel()
	s, err := NewSchedule("S", 10,
		PeriodSpec{"fix", Fixed(20)},
		PeriodSpec{"delay", Choice{10, 30, 50}},
		PeriodSpec{"u", Uniform{Min: 20, Max: 60}},
		PeriodSpec{"e", TruncExp{Mean: 30, Min: 10, Max: 100}},
		PeriodSpec{"dec", Fixed(10)})
	if err != nil {
		t.Fatal(err)
	}
	// Max: 2 + 5 + 5 (⌊d/10⌋, d < 60) + 9 (d < 100) + 1 = 22.
	if s.MaxSteps() != 22 || !s.Random() {
		t.Fatalf("MaxSteps %d, want 22", s.MaxSteps())
	}
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
			if p.Steps != want[i] {
				t.Fatalf("period %s: %d steps, want %d", p.Name, p.Steps, want[i])
			}
			total += p.Steps
		}
		if tl.Pad != 22-total || tl.Periods[0].Start != tl.Pad || tl.Periods[4].End() != 22 {
			t.Fatalf("padding wrong: %+v", tl)
		}
		for i := 1; i < len(tl.Periods); i++ {
			if tl.Periods[i].Start != tl.Periods[i-1].End() {
				t.Fatalf("periods not contiguous: %+v", tl)
			}
		}
		seen[u] = true
	}
	for k := 2; k <= 5; k++ {
		if !seen[k] {
			t.Errorf("uniform period never lasted %d steps", k)
		}
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
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
			continue
		}
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field == "" {
			t.Errorf("%s: error %v does not name a field", c.name, err)
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
		if d < e.Min || d >= e.Max {
			t.Fatalf("draw %g outside [%g, %g)", d, e.Min, e.Max)
		}
		sum += d
		sumSq += d * d
	}
	mean := sum / n
	sd := math.Sqrt(sumSq/n - mean*mean)
	if math.Abs(mean-wantMean) > 5*sd/math.Sqrt(n) {
		t.Errorf("sample mean %g, want %g", mean, wantMean)
	}
	testutil.AssertClose(t, e.Quantile(0), e.Min, 1e-14, 0, "Quantile(0)")
}

func TestScheduleCopiesChoice(t *testing.T) {
	t.Parallel()
	c := Choice{10, 20}
	s, err := NewSchedule("S", 10, PeriodSpec{"a", c})
	if err != nil {
		t.Fatal(err)
	}
	c[0], c[1] = 70, 70 // must not affect the validated schedule
	rnd := testutil.Rand(1)
	for range 50 {
		if n := s.Resolve(rnd).Periods[0].Steps; n != 1 && n != 2 {
			t.Fatalf("period lasted %d steps after the caller edited its Choice", n)
		}
	}
}
