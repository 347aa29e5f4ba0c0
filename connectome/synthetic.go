package connectome

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Defaults of SyntheticConfig (set by DefaultSyntheticConfig). The
// connectivity and functional defaults are calibrated on five real MICrONS
// fields (synthetic.md).
const (
	DefaultSyntheticN        = 312           // neurons, as the canonical field 6_6_2
	DefaultSlabWidthX        = 0.85e6        // nm, lateral extent along x (uniform)
	DefaultSlabWidthZ        = 0.4e6         // nm, lateral extent along z (uniform)
	DefaultDepth             = 0.55e6        // nm, mean cortical depth (y) of the imaging plane
	DefaultDepthSD           = 23e3          // nm, s.d. of soma depth around it
	DefaultDensity           = 0.0033        // connection probability over ordered pairs
	DefaultLengthScale       = 2.0e6         // nm, λ of p(d) ∝ exp(−d/λ)
	DefaultExtraSynapse      = 0.1           // q: P(count = k) = (1−q) q^(k−1), k ≥ 1
	DefaultDuration          = 600.0         // s of simulated recording
	DefaultFrameRate         = 6.3           // Hz, two-photon frame rate; spikes sit on frames
	DefaultMedianRate        = 0.4           // Hz, median firing rate
	DefaultRateSigma         = 0.5           // σ of log firing rates
	DefaultTimeConstant      = 2.0           // s, correlation time of the latent drives
	DefaultSharedMean        = 0.35          // mean loading on the shared (global) drive
	DefaultSharedSD          = 0.35          // s.d. of the loadings on the shared drive
	DefaultCoupling          = 0.5           // weight of each presynaptic partner's private drive
	DefaultSTTCWindow        = 0.08          // s, Δt of the STTC
	DefaultPrecisionShrink   = 0.1           // λ of Precision's shrinkage
	syntheticDepthClipFactor = 2.5           // somata deeper than ±2.5 s.d. are redrawn
	syntheticOriginX         = 0.45e6        // nm, x of the slab's corner (MICrONS-like coordinates)
	syntheticOriginZ         = 0.6e6         // nm, z of the slab's corner
	syntheticMinPairDistance = 5e3           // nm, somata closer than this are redrawn
	syntheticMaxSynapses     = 1 << 10       // cap on one pair's synapse count
	syntheticVersion         = "synthetic-1" // bumped when the generator's output changes
)

// MaxSyntheticN bounds SyntheticConfig.N: the generator holds several dense
// N×N float64 matrices and computes O(N²) spike-train comparisons, so 4096
// neurons already need about 1 GB and minutes.
const MaxSyntheticN = 4096

// SyntheticConfig configures Synthetic. Start from DefaultSyntheticConfig,
// which holds the defaults (the DefaultSlabWidthX … DefaultPrecisionShrink
// constants), and change what you need. Unlike BioConfig, a zero field does
// not mean its default: Density, ExtraSynapse, DepthSD, RateSigma,
// SharedMean, SharedSD and Coupling have meaningful zeros, so every field is
// taken as given, and the zero value is invalid (Validate names the first
// field out of range). Lengths are in nm, times in s, rates in Hz.
type SyntheticConfig struct {
	N    int    // neurons; DefaultSyntheticConfig takes it as an argument (DefaultSyntheticN is the canonical 312)
	Seed uint64 // the field is rand.New(rand.NewPCG(Seed, Seed))'s deterministic function

	SlabWidthX, SlabWidthZ float64 // lateral extents
	Depth, DepthSD         float64 // soma depth (y) distribution

	Density      float64 // mean connection probability over ordered pairs i ≠ j
	LengthScale  float64 // λ of the distance dependence p(d) ∝ exp(−d/λ)
	ExtraSynapse float64 // q of the geometric synapse-count distribution

	Duration, FrameRate   float64 // recording length and frame rate
	MedianRate, RateSigma float64 // log-normal firing rates
	TimeConstant          float64 // AR(1) correlation time of the drives
	SharedMean, SharedSD  float64 // loadings on the shared drive
	Coupling              float64 // presynaptic drive weight per synapse
	STTCWindow            float64 // Δt of STTC
	CorrBin               float64 // bin of the Pearson correlation; 0 means one frame
	PrecisionShrinkage    float64 // λ of Precision
}

// DefaultSyntheticConfig returns the defaults with n neurons and the seed.
func DefaultSyntheticConfig(n int, seed uint64) SyntheticConfig {
	return SyntheticConfig{
		N: n, Seed: seed,
		SlabWidthX: DefaultSlabWidthX, SlabWidthZ: DefaultSlabWidthZ,
		Depth: DefaultDepth, DepthSD: DefaultDepthSD,
		Density: DefaultDensity, LengthScale: DefaultLengthScale, ExtraSynapse: DefaultExtraSynapse,
		Duration: DefaultDuration, FrameRate: DefaultFrameRate,
		MedianRate: DefaultMedianRate, RateSigma: DefaultRateSigma,
		TimeConstant: DefaultTimeConstant, SharedMean: DefaultSharedMean, SharedSD: DefaultSharedSD,
		Coupling: DefaultCoupling, STTCWindow: DefaultSTTCWindow,
		PrecisionShrinkage: DefaultPrecisionShrink,
	}
}

// Validate reports an out-of-range setting.
func (c SyntheticConfig) Validate() error {
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	type check struct {
		name string
		v    float64
		ok   bool
		want string
	}
	for _, k := range []check{
		{"SlabWidthX", c.SlabWidthX, fin(c.SlabWidthX) && c.SlabWidthX > 0, "> 0"},
		{"SlabWidthZ", c.SlabWidthZ, fin(c.SlabWidthZ) && c.SlabWidthZ > 0, "> 0"},
		{"Depth", c.Depth, fin(c.Depth), "finite"},
		{"DepthSD", c.DepthSD, fin(c.DepthSD) && c.DepthSD >= 0, "≥ 0"},
		{"Density", c.Density, c.Density >= 0 && c.Density <= 1, "in [0, 1]"},
		{"LengthScale", c.LengthScale, fin(c.LengthScale) && c.LengthScale > 0, "> 0"},
		{"ExtraSynapse", c.ExtraSynapse, c.ExtraSynapse >= 0 && c.ExtraSynapse < 1, "in [0, 1)"},
		{"FrameRate", c.FrameRate, fin(c.FrameRate) && c.FrameRate > 0, "> 0"},
		{"MedianRate", c.MedianRate, fin(c.MedianRate) && c.MedianRate > 0, "> 0"},
		{"RateSigma", c.RateSigma, fin(c.RateSigma) && c.RateSigma >= 0, "≥ 0"},
		{"TimeConstant", c.TimeConstant, fin(c.TimeConstant) && c.TimeConstant > 0, "> 0"},
		{"SharedMean", c.SharedMean, fin(c.SharedMean), "finite"},
		{"SharedSD", c.SharedSD, fin(c.SharedSD) && c.SharedSD >= 0, "≥ 0"},
		{"Coupling", c.Coupling, fin(c.Coupling), "finite"},
		{"STTCWindow", c.STTCWindow, fin(c.STTCWindow) && c.STTCWindow > 0, "> 0"},
		{"CorrBin", c.CorrBin, fin(c.CorrBin) && c.CorrBin >= 0, "≥ 0 (0: one frame)"},
		{"PrecisionShrinkage", c.PrecisionShrinkage, c.PrecisionShrinkage > 0 && c.PrecisionShrinkage <= 1, "in (0, 1]"},
	} {
		if !k.ok {
			return fmt.Errorf("connectome: SyntheticConfig.%s = %v: %w: want %s", k.name, k.v, ErrConfig, k.want)
		}
	}
	if c.N < 2 || c.N > MaxSyntheticN {
		return fmt.Errorf("connectome: SyntheticConfig.N = %d: %w: want 2 … %d", c.N, ErrConfig, MaxSyntheticN)
	}
	if !fin(c.Duration) || c.Duration*c.FrameRate < 10 || c.Duration*c.FrameRate > 1e7 {
		return fmt.Errorf("connectome: SyntheticConfig.Duration = %v: %w: want 10 … 1e7 frames at FrameRate %v", c.Duration, ErrConfig, c.FrameRate)
	}
	return nil
}

// Synthetic generates a deterministic synthetic cortical field from cfg, the
// built-in default that runs without downloads. All randomness comes from
// rand.New(rand.NewPCG(cfg.Seed, cfg.Seed)), in this order:
//
//  1. Somata: for each neuron x ~ U(0, SlabWidthX), z ~ U(0, SlabWidthZ)
//     (offset to MICrONS-like coordinates) and depth y ~ N(Depth, DepthSD²)
//     truncated at ±2.5 s.d.; a soma closer than 5 µm to an earlier one is
//     redrawn.
//  2. Wiring: each ordered pair i ≠ j is connected with probability
//     p_ij = Density · exp(−d_ij/λ) / mean_{k≠l} exp(−d_kl/λ), so the mean
//     density is Density and p falls with distance; a connected pair gets
//     1 + Geometric(ExtraSynapse) synapses (P(k) = (1−q) q^(k−1)).
//  3. Activity, on frames of 1/FrameRate s for Duration s: a shared drive
//     G(t) and private drives ξ_i(t), each a unit-variance AR(1) process with
//     correlation time TimeConstant; neuron i's log-rate is
//     log r_i + a_i G(t) + ξ_i(t) + Coupling · Σ_j S_ji ξ_j(t), normalised so
//     its mean rate is r_i, with r_i log-normal (MedianRate, RateSigma) and
//     loadings a_i ~ N(SharedMean, SharedSD²). So neurons sharing
//     presynaptic partners, and connected pairs, are more correlated. A
//     neuron spikes in a frame with probability 1 − exp(−rate·frame); spike
//     times are frame times, as in the two-photon data.
//  4. Corr = BinnedCorrelation (bin CorrBin, default one frame), STTC =
//     STTC (window STTCWindow, full lower and upper triangles) and Precision =
//     BinnedPrecision (bin as Corr, shrinkage PrecisionShrinkage).
//
// Grid is the most cube-like factorisation gx·gy·gz = N with gx ≥ gy ≥ gz
// (see FactorGrid). The result passes Field.Check.
func Synthetic(cfg SyntheticConfig) (*Field, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rnd := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed))
	n := cfg.N
	f := &Field{
		Name:   fmt.Sprintf("synthetic(N=%d,seed=%d)", n, cfg.Seed),
		Source: fmt.Sprintf("synthetic cortical field (%s), connectome.Synthetic with %+v", syntheticVersion, cfg),
		N:      n,
		Grid:   FactorGrid(n),
	}
	f.Positions = syntheticSomata(cfg, rnd)
	f.Synapses = syntheticWiring(cfg, f.Positions, rnd)
	f.Spikes = syntheticSpikes(cfg, f.Synapses, rnd)

	frame := 1 / cfg.FrameRate
	bin := cfg.CorrBin
	if bin == 0 {
		bin = frame
	}
	t1 := float64(int(math.Round(cfg.Duration*cfg.FrameRate))) * frame
	var err error
	counts, err := BinCounts(f.Spikes, 0, t1, bin)
	if err != nil {
		return nil, fmt.Errorf("connectome: Synthetic: %w", err)
	}
	cov, err := countCovariance(counts, "Synthetic")
	if err != nil {
		return nil, err
	}
	if f.Precision, err = precisionFromCov(mat.DenseCopyOf(cov), cfg.PrecisionShrinkage); err != nil {
		return nil, fmt.Errorf("connectome: Synthetic: %w", err)
	}
	if f.Corr, err = corrFromCov(cov); err != nil {
		return nil, fmt.Errorf("connectome: Synthetic (try a longer Duration or higher MedianRate): %w", err)
	}
	if f.STTC, err = STTC(f.Spikes, cfg.STTCWindow, 0, t1); err != nil {
		return nil, fmt.Errorf("connectome: Synthetic: %w", err)
	}
	return f, nil
}

func syntheticSomata(cfg SyntheticConfig, rnd *rand.Rand) *mat.Dense {
	n := cfg.N
	pos := mat.NewDense(n, 3, nil)
	minD2 := syntheticMinPairDistance * syntheticMinPairDistance
	for i := 0; i < n; i++ {
		for attempt := 0; ; attempt++ {
			x := syntheticOriginX + cfg.SlabWidthX*rnd.Float64()
			z := syntheticOriginZ + cfg.SlabWidthZ*rnd.Float64()
			var dy float64
			for {
				dy = rnd.NormFloat64()
				if math.Abs(dy) <= syntheticDepthClipFactor {
					break
				}
			}
			y := cfg.Depth + cfg.DepthSD*dy
			ok := true
			for k := 0; k < i && attempt < 100; k++ {
				ex, ey, ez := x-pos.At(k, 0), y-pos.At(k, 1), z-pos.At(k, 2)
				if ex*ex+ey*ey+ez*ez < minD2 {
					ok = false
					break
				}
			}
			if ok {
				pos.Set(i, 0, x)
				pos.Set(i, 1, y)
				pos.Set(i, 2, z)
				break
			}
		}
	}
	return pos
}

func syntheticWiring(cfg SyntheticConfig, pos *mat.Dense, rnd *rand.Rand) *mat.Dense {
	n := cfg.N
	w := make([]float64, n*n)
	sum := 0.0
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			ex, ey, ez := pos.At(i, 0)-pos.At(j, 0), pos.At(i, 1)-pos.At(j, 1), pos.At(i, 2)-pos.At(j, 2)
			w[i*n+j] = math.Exp(-math.Sqrt(ex*ex+ey*ey+ez*ez) / cfg.LengthScale)
			sum += w[i*n+j]
		}
	}
	scale := cfg.Density * float64(n*(n-1)) / sum
	s := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			if i == j || rnd.Float64() >= min(1, scale*w[i*n+j]) {
				continue
			}
			k := 1
			for k < syntheticMaxSynapses && rnd.Float64() < cfg.ExtraSynapse {
				k++
			}
			s.Set(i, j, float64(k))
		}
	}
	return s
}

func syntheticSpikes(cfg SyntheticConfig, syn *mat.Dense, rnd *rand.Rand) [][]float64 {
	n := cfg.N
	frames := int(math.Round(cfg.Duration * cfg.FrameRate))
	frame := 1 / cfg.FrameRate
	rate := make([]float64, n)
	load := make([]float64, n)
	for i := range n {
		rate[i] = cfg.MedianRate * math.Exp(cfg.RateSigma*rnd.NormFloat64())
	}
	for i := range n {
		load[i] = cfg.SharedMean + cfg.SharedSD*rnd.NormFloat64()
	}
	// Presynaptic partners of each neuron: column i of the synapse matrix.
	type edge struct {
		pre int
		w   float64
	}
	in := make([][]edge, n)
	variance := make([]float64, n) // variance of the log-rate drive
	for i := range n {
		v := load[i]*load[i] + 1
		for j := range n {
			if c := syn.At(j, i); c != 0 {
				in[i] = append(in[i], edge{j, cfg.Coupling * c})
				v += cfg.Coupling * c * cfg.Coupling * c
			}
		}
		variance[i] = v
	}
	phi := math.Exp(-frame / cfg.TimeConstant)
	innov := math.Sqrt(1 - phi*phi)
	xi := make([]float64, n)
	for i := range xi {
		xi[i] = rnd.NormFloat64()
	}
	g := rnd.NormFloat64()
	spikes := make([][]float64, n)
	for t := range frames {
		if t > 0 {
			g = phi*g + innov*rnd.NormFloat64()
			for i := range xi {
				xi[i] = phi*xi[i] + innov*rnd.NormFloat64()
			}
		}
		tt := float64(t) * frame
		for i := range n {
			u := load[i]*g + xi[i]
			for _, e := range in[i] {
				u += e.w * xi[e.pre]
			}
			lam := rate[i] * math.Exp(u-variance[i]/2)
			if rnd.Float64() < -math.Expm1(-lam*frame) {
				spikes[i] = append(spikes[i], tt)
			}
		}
	}
	return spikes
}

// FactorGrid returns the factorisation gx·gy·gz = n with gx ≥ gy ≥ gz that
// is closest to a cube (smallest gx, then smallest gy), a grid shape for
// fields not listed in INF.md; e.g. FactorGrid(312) = (13, 6, 4). It panics if
// n < 1.
func FactorGrid(n int) [3]int {
	if n < 1 {
		panic(fmt.Sprintf("connectome: FactorGrid(%d): want n ≥ 1", n))
	}
	best := [3]int{n, 1, 1}
	for gz := 1; gz*gz*gz <= n; gz++ {
		if n%gz != 0 {
			continue
		}
		m := n / gz
		for gy := gz; gy*gy <= m; gy++ {
			if m%gy != 0 {
				continue
			}
			gx := m / gy
			if gx < best[0] || (gx == best[0] && gy < best[1]) {
				best = [3]int{gx, gy, gz}
			}
		}
	}
	return best
}
