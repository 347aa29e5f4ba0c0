package experiment

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cortexrnn/cortexrnn/internal/variantalias"
)

// Init is the recurrent weight initialisation factor of a variant (the "W"
// letter of its name).
type Init int

const (
	// InitOrthogonal is Keras' Orthogonal(gain = 1): QR of a Gaussian
	// matrix with columns multiplied by sign(diag R). Name letter "W".
	InitOrthogonal Init = iota
	// InitBio is the biological initialisation of docs/method.md §2, drawn afresh
	// for every simulation. Name letter "W*".
	InitBio
	// InitPermutedBio is InitBio with rows and columns permuted by one random
	// permutation (the published permutation control). Name letter "W!".
	InitPermutedBio
	// InitScaledRandom is the scale-matched random control the published
	// design lacks: non-negative random weights with the biological
	// initialisation's distribution and scale (log-normal entries, the same
	// mean and spectral radius 0.95) but no functional or connectomic
	// structure. Name letter "Wr".
	InitScaledRandom
	// InitResampledBio is the resampled-biological control: the entries of
	// the biological matrix B redrawn (with replacement) from B's own entries
	// and placed at random, keeping B's value distribution and spectral
	// scaling but destroying which pairs are strong. Name letter "Wb".
	InitResampledBio
	// InitLogNormal is the log-normal-only control: the biological pipeline
	// of docs/method.md §2 without the functional modulation (log-normal →
	// mean → floor → spectral radius; connectome.BioInit with
	// connectome.SourceNone), from the same log-normal draws as the
	// simulation's InitBio, so the pair differs only in the functional
	// matrices. Name letter "Wl".
	InitLogNormal
	// InitBioDiagonal is the simulation's InitBio matrix with every
	// coupling between units removed, its diagonal (the self-connections)
	// scaled back to spectral radius 0.95 (connectome.SelfConnections).
	// Name letter "Wd".
	InitBioDiagonal
	// InitBioCoupling is the simulation's InitBio matrix with its diagonal
	// removed, the coupling alone scaled back to spectral radius 0.95
	// (connectome.Coupling). Name letter "Wo" (off-diagonal).
	InitBioCoupling
)

var initNames = [...]string{"orthogonal", "bio", "permuted-bio", "scaled-random", "resampled-bio", "lognormal", "bio-diagonal", "bio-coupling"}

func (i Init) String() string {
	if i >= 0 && int(i) < len(initNames) {
		return initNames[i]
	}
	return fmt.Sprintf("Init(%d)", int(i))
}

// Distance is the distance factor of a variant's wiring penalty (the "D"
// letter of its name).
type Distance int

const (
	// DistanceNone: no distance term, the plain L1 penalty Σ|W| (variant W).
	DistanceNone Distance = iota
	// DistanceGrid: Euclidean distances on the field's regular grid (D),
	// raw or scaled to [0, 1] per axis according to Config.GridScaling.
	DistanceGrid
	// DistanceReal: Euclidean distances between soma positions scaled to
	// [0, 1] per axis (D*).
	DistanceReal
)

var distanceNames = [...]string{"none", "grid", "real"}

func (d Distance) String() string {
	if d >= 0 && int(d) < len(distanceNames) {
		return distanceNames[d]
	}
	return fmt.Sprintf("Distance(%d)", int(d))
}

// Communicability is the communicability factor of a variant's penalty (the
// "C" letter of its name).
type Communicability int

const (
	// CommNone: no communicability term.
	CommNone Communicability = iota
	// CommDirect: λ Σ |W| ⊙ C ⊙ D with C = expm(S^-1/2 |W| S^-1/2), zero
	// diagonal (C).
	CommDirect
	// CommEMD: λ Σ |W| ⊙ D plus λ_emd times the earth mover's distance
	// between the sorted empirical and artificial communicabilities (C*).
	CommEMD
)

var commNames = [...]string{"none", "direct", "emd"}

func (c Communicability) String() string {
	if c >= 0 && int(c) < len(commNames) {
		return commNames[c]
	}
	return fmt.Sprintf("Communicability(%d)", int(c))
}

// Variant is one network variant: its name as it appears in the published
// CSV columns and its three factors, plus Dale's law for the E/I extras.
type Variant struct {
	Name     string
	Init     Init
	Distance Distance
	Comm     Communicability
	// Dale constrains the recurrent matrix to excitatory and inhibitory
	// units (PsychRNN's |W ⊙ M| · diag(s)); the published variants have it
	// false.
	Dale bool
}

// paperVariants is docs/method.md §5, in canonical (CSV column) order.
var paperVariants = []Variant{
	{Name: "W*D*C", Init: InitBio, Distance: DistanceReal, Comm: CommDirect},
	{Name: "WD*C", Init: InitOrthogonal, Distance: DistanceReal, Comm: CommDirect},
	{Name: "WDC", Init: InitOrthogonal, Distance: DistanceGrid, Comm: CommDirect},
	{Name: "WD*", Init: InitOrthogonal, Distance: DistanceReal, Comm: CommNone},
	{Name: "WD", Init: InitOrthogonal, Distance: DistanceGrid, Comm: CommNone},
	{Name: "W", Init: InitOrthogonal, Distance: DistanceNone, Comm: CommNone},
	{Name: "W*D*C*", Init: InitBio, Distance: DistanceReal, Comm: CommEMD},
	{Name: "WD*C*", Init: InitOrthogonal, Distance: DistanceReal, Comm: CommEMD},
	{Name: "W*DC*", Init: InitBio, Distance: DistanceGrid, Comm: CommEMD},
	{Name: "W!D*C", Init: InitPermutedBio, Distance: DistanceReal, Comm: CommDirect},
	{Name: "W!D*C*", Init: InitPermutedBio, Distance: DistanceReal, Comm: CommEMD},
}

// extraVariants are the controls and extensions the published design lacks.
var extraVariants = []Variant{
	// Scale-matched random initialisation, paired with the bio variants.
	{Name: "WrD*C", Init: InitScaledRandom, Distance: DistanceReal, Comm: CommDirect},
	{Name: "WrD*C*", Init: InitScaledRandom, Distance: DistanceReal, Comm: CommEMD},
	{Name: "WrDC*", Init: InitScaledRandom, Distance: DistanceGrid, Comm: CommEMD},
	// Log-normal-only control (no functional modulation).
	{Name: "WlD*C", Init: InitLogNormal, Distance: DistanceReal, Comm: CommDirect},
	{Name: "WlD*C*", Init: InitLogNormal, Distance: DistanceReal, Comm: CommEMD},
	{Name: "WlDC*", Init: InitLogNormal, Distance: DistanceGrid, Comm: CommEMD},
	// Resampled-biological control.
	{Name: "WbD*C", Init: InitResampledBio, Distance: DistanceReal, Comm: CommDirect},
	{Name: "WbD*C*", Init: InitResampledBio, Distance: DistanceReal, Comm: CommEMD},
	// Dale's-law E/I networks.
	{Name: "W*D*C-EI", Init: InitBio, Distance: DistanceReal, Comm: CommDirect, Dale: true},
	{Name: "W*D*C*-EI", Init: InitBio, Distance: DistanceReal, Comm: CommEMD, Dale: true},
	{Name: "WD*C-EI", Init: InitOrthogonal, Distance: DistanceReal, Comm: CommDirect, Dale: true},
	{Name: "W-EI", Init: InitOrthogonal, Distance: DistanceNone, Comm: CommNone, Dale: true},
	// The biological matrix split at its diagonal: self-connections only,
	// coupling only.
	{Name: "WdD*C", Init: InitBioDiagonal, Distance: DistanceReal, Comm: CommDirect},
	{Name: "WoD*C", Init: InitBioCoupling, Distance: DistanceReal, Comm: CommDirect},
}

// PaperVariants returns the eleven variants of docs/method.md §5 in canonical
// order, the column order of the published CSV files. The slice is a copy.
func PaperVariants() []Variant { return append([]Variant(nil), paperVariants...) }

// ExtraVariants returns the additional variants: the scale-matched random
// controls (Wr…), the log-normal-only controls (Wl…), the
// resampled-biological controls (Wb…), Dale's-law
// E/I networks (…-EI) and the biological matrix's self-connections
// (Wd…) and coupling (Wo…) alone. The slice is a copy.
func ExtraVariants() []Variant { return append([]Variant(nil), extraVariants...) }

// paperVariantNames returns the names of PaperVariants, in order.
func paperVariantNames() []string { return names(paperVariants) }

// scaleMatchedVariantNames returns the names of the scale-matched random
// controls that the Corrected preset adds to the published eleven.
func scaleMatchedVariantNames() []string { return names(extraVariants[:3]) }

// logNormalVariantNames returns the names of the log-normal-only controls
// (InitLogNormal), paired with the scale-matched ones, which the Corrected
// preset adds after them.
func logNormalVariantNames() []string { return names(extraVariants[3:6]) }

func names(vs []Variant) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Name
	}
	return out
}

// errUnknownVariant is wrapped by the error VariantByName returns for a name
// it does not know.
var errUnknownVariant = errors.New("unknown variant")

// VariantByName returns the paper or extra variant called name (exact,
// case-sensitive: "W*D*C" and "WD*C" differ only in one character) or
// whose alias is name: the name with '*' spelled 's' (star) and '!' 'p'
// (permuted), "WsDsC" for "W*D*C", "WpDsC" for "W!D*C", which can be typed
// without quoting and names the sweep folder's run files. An unknown name gives an error
// that lists every valid name.
func VariantByName(name string) (Variant, error) {
	for _, list := range [][]Variant{paperVariants, extraVariants} {
		for _, v := range list {
			if v.Name == name || variantalias.Of(v.Name) == name {
				return v, nil
			}
		}
	}
	return Variant{}, fmt.Errorf("experiment: %w %q; valid: %s (paper), %s (extra), or the same with s for * and p for ! (WsDsC)",
		errUnknownVariant, name, strings.Join(names(paperVariants), " "), strings.Join(names(extraVariants), " "))
}
