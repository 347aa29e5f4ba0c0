package connectome

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Source selects the functional matrices that modulate the log-normal draws
// of the biological initialisation (docs/method.md §2, step 2).
type Source int

const (
	// SourceCorr: B = L ⊙ Corr ⊙ STTC (the paper's "sttc-corr" arm).
	SourceCorr Source = iota
	// SourcePrecision: B = L ⊙ Precision ⊙ STTC (the "sttc-precision" arm).
	SourcePrecision
	// SourceSTTC: B = L ⊙ STTC (STTC only).
	SourceSTTC
	// SourceNone: B = L, the log-normal-only control (no functional
	// modulation); not in the paper.
	SourceNone
)

func (s Source) String() string {
	switch s {
	case SourceCorr:
		return "sttc-corr"
	case SourcePrecision:
		return "sttc-precision"
	case SourceSTTC:
		return "sttc"
	case SourceNone:
		return "lognormal-only"
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// Defaults of BioConfig, the constants of docs/method.md §2.
const (
	DefaultLogMu          = -0.5 // μ of the log-normal draws
	DefaultLogSigma       = 0.5  // σ of the log-normal draws
	DefaultTargetMean     = 0.1  // mean after step 3
	DefaultFloor          = 0.01 // non-zero entries below this are raised to it
	DefaultSpectralRadius = 0.95 // ρ after step 5
)

// BioConfig configures the biological initialisation. The zero value of
// every field means its default, so BioConfig{} is the published
// configuration with SourceCorr, and BioConfig{Source: s} equals
// DefaultBioConfig(s).
type BioConfig struct {
	// Source is the functional modulation; the zero value is SourceCorr.
	Source Source
	// Mu is μ of the log-normal draws; 0 means DefaultLogMu (−0.5). μ only
	// scales L, which step 3 rescales to TargetMean, so it does not change
	// BioInit's result (it changes DrawLogNormal's draws and ScaleMatched's
	// input); μ = 0 exactly is therefore never needed.
	Mu float64
	// Sigma is σ of the log-normal draws; 0 means DefaultLogSigma (0.5); it
	// must not be negative. For no spread (σ = 0), pass a matrix of ones to
	// BioFromDraws.
	Sigma float64
	// TargetMean is the mean of B after step 3; 0 means DefaultTargetMean
	// (0.1); it must not be negative.
	TargetMean float64
	// Floor raises non-zero entries below it after step 3; 0 means
	// DefaultFloor (0.01) and a negative value disables the floor.
	Floor float64
	// Radius is the final spectral radius; 0 means DefaultSpectralRadius
	// (0.95); it must not be negative.
	Radius float64
}

// DefaultBioConfig returns the published configuration with the given source,
// every default spelled out.
func DefaultBioConfig(src Source) BioConfig {
	return BioConfig{Source: src, Mu: DefaultLogMu, Sigma: DefaultLogSigma,
		TargetMean: DefaultTargetMean, Floor: DefaultFloor, Radius: DefaultSpectralRadius}
}

// WithDefaults returns c with every zero field replaced by its default.
func (c BioConfig) WithDefaults() BioConfig {
	d := DefaultBioConfig(c.Source)
	for _, f := range []struct{ v, def *float64 }{
		{&c.Mu, &d.Mu}, {&c.Sigma, &d.Sigma}, {&c.TargetMean, &d.TargetMean}, {&c.Floor, &d.Floor}, {&c.Radius, &d.Radius},
	} {
		if *f.v == 0 {
			*f.v = *f.def
		}
	}
	return c
}

// Validate reports an out-of-range setting (after defaults).
func (c BioConfig) Validate() error {
	c = c.WithDefaults()
	bad := func(name string, v float64, want string) error {
		return fmt.Errorf("connectome: BioConfig.%s = %v: %w: want %s", name, v, ErrConfig, want)
	}
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case c.Source < SourceCorr || c.Source > SourceNone:
		return fmt.Errorf("connectome: BioConfig.Source = %d: %w", int(c.Source), ErrConfig)
	case !fin(c.Mu):
		return bad("Mu", c.Mu, "finite")
	case !fin(c.Sigma) || c.Sigma < 0:
		return bad("Sigma", c.Sigma, "finite and ≥ 0 (0: the default)")
	case !fin(c.TargetMean) || c.TargetMean <= 0:
		return bad("TargetMean", c.TargetMean, "finite and ≥ 0 (0: the default)")
	case !fin(c.Floor):
		return bad("Floor", c.Floor, "finite (0: the default; negative: no floor)")
	case !fin(c.Radius) || c.Radius <= 0:
		return bad("Radius", c.Radius, "finite and ≥ 0 (0: the default)")
	}
	return nil
}

// Modulation returns the functional factor M of step 2 for a field:
// MinMaxScale(Corr) ⊙ MinMaxScale(SymmetrizeSTTC(STTC)) for SourceCorr,
// the same with Precision for SourcePrecision, MinMaxScale(SymmetrizeSTTC(STTC))
// for SourceSTTC, and all ones for SourceNone. It returns an error when a
// needed matrix is missing or does not match f.N.
func Modulation(f *Field, src Source) (*mat.Dense, error) {
	n := f.N
	need := func(name string, m *mat.Dense) error {
		if m == nil {
			hint := ""
			if name == "Precision" {
				hint = " (a published field folder without precision_matrix.npy has none; SourcePrecision needs it)"
			}
			return fmt.Errorf("connectome: field %s: %w: %s is missing%s", f.Name, ErrMissing, name, hint)
		}
		if r, c := m.Dims(); r != n || c != n {
			return fmt.Errorf("connectome: field %s: %w: %s is %d×%d, want %d×%d", f.Name, ErrMismatch, name, r, c, n, n)
		}
		return nil
	}
	if n <= 0 {
		return nil, fmt.Errorf("connectome: field %s: %w: N = %d", f.Name, ErrShape, n)
	}
	if src == SourceNone {
		m := mat.NewDense(n, n, nil)
		for i := range n {
			for j := range n {
				m.Set(i, j, 1)
			}
		}
		return m, nil
	}
	if err := need("STTC", f.STTC); err != nil {
		return nil, err
	}
	m := MinMaxScale(SymmetrizeSTTC(f.STTC))
	var other *mat.Dense
	switch src {
	case SourceCorr:
		if err := need("Corr", f.Corr); err != nil {
			return nil, err
		}
		other = f.Corr
	case SourcePrecision:
		if err := need("Precision", f.Precision); err != nil {
			return nil, err
		}
		other = f.Precision
	case SourceSTTC:
	default:
		return nil, fmt.Errorf("connectome: %w: unknown source %d", ErrConfig, int(src))
	}
	if other != nil {
		m.MulElem(MinMaxScale(other), m)
	}
	return m, nil
}

// DrawLogNormal returns an n×n matrix of independent LogNormal(μ, σ) entries,
// L_ij = exp(μ + σ z_ij). It consumes exactly n² rnd.NormFloat64 draws, in
// row-major order (z_00, z_01, …, z_0(n−1), z_10, …). It panics if rnd is nil.
func DrawLogNormal(n int, mu, sigma float64, rnd *rand.Rand) *mat.Dense {
	if rnd == nil {
		panic("connectome: DrawLogNormal: nil *rand.Rand")
	}
	l := mat.NewDense(n, n, nil)
	d := l.RawMatrix().Data
	for k := range d {
		d[k] = math.Exp(mu + sigma*rnd.NormFloat64())
	}
	return l
}

// BioFromDraws applies steps 2–5 of docs/method.md §2 to given log-normal draws l
// and functional factor m (see Modulation):
//
//	B = l ⊙ m
//	B ← B · (TargetMean / mean(B))      (skipped when mean(B) ≤ 0)
//	B_ij ← Floor  where 0 < B_ij < Floor (exact zeros stay zero; no floor when Floor < 0)
//	B ← B · (Radius / ρ(B))             (ρ = SpectralRadius, float64)
//
// It consumes no randomness. It returns an error when B is non-finite or
// ρ(B) = 0, and panics with a DimensionError when l and m differ in shape or
// are not square.
func BioFromDraws(l, m mat.Matrix, cfg BioConfig) (*mat.Dense, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	n, c := l.Dims()
	if mr, mc := m.Dims(); n != c || mr != n || mc != n {
		panicDim("BioFromDraws", "draws %d×%d and modulation %d×%d, want equal square shapes", n, c, mr, mc)
	}
	b := mat.NewDense(n, n, nil)
	b.MulElem(l, m)
	d := b.RawMatrix().Data
	sum := 0.0
	for _, v := range d {
		sum += v
	}
	if mean := sum / float64(len(d)); mean > 0 {
		b.Scale(cfg.TargetMean/mean, b)
	}
	for k, v := range d {
		if v != 0 && v < cfg.Floor {
			d[k] = cfg.Floor
		}
	}
	rho, err := SpectralRadius(b)
	if err != nil {
		return nil, err
	}
	if rho == 0 || math.IsInf(rho, 0) || math.IsNaN(rho) {
		return nil, fmt.Errorf("connectome: BioFromDraws: %w: spectral radius %v cannot be scaled to %v", ErrValue, rho, cfg.Radius)
	}
	b.Scale(cfg.Radius/rho, b)
	return b, nil
}

// BioInit draws the biological initial recurrent matrix W* of a field
// (docs/method.md §2): N×N, row = presynaptic. It is
// BioFromDraws(DrawLogNormal(N, Mu, Sigma, rnd), Modulation(f, Source), cfg)
// and consumes exactly N² rnd.NormFloat64 draws in row-major order. It panics
// if rnd is nil.
func BioInit(f *Field, cfg BioConfig, rnd *rand.Rand) (*mat.Dense, error) {
	if rnd == nil {
		panic("connectome: BioInit: nil *rand.Rand")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	m, err := Modulation(f, cfg.Source)
	if err != nil {
		return nil, err
	}
	return BioFromDraws(DrawLogNormal(f.N, cfg.Mu, cfg.Sigma, rnd), m, cfg)
}

// Permute returns the permutation control W! of docs/method.md §2:
// out[i][j] = w[p[i]][p[j]] for one permutation p = rnd.Perm(n) (exactly one
// rnd.Perm call), so rows and columns move together and the spectrum, the
// weight distribution and the L1 norm are kept while the neuron identities
// are scrambled. It panics if w is not square or rnd is nil.
func Permute(w mat.Matrix, rnd *rand.Rand) *mat.Dense {
	if rnd == nil {
		panic("connectome: Permute: nil *rand.Rand")
	}
	n, c := w.Dims()
	if n != c {
		panicDim("Permute", "matrix is %d×%d, want square", n, c)
	}
	p := rnd.Perm(n)
	out := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			out.Set(i, j, w.At(p[i], p[j]))
		}
	}
	return out
}
