package report

import (
	"fmt"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// Factor names one of the three factors of the published design.
type Factor int

const (
	FactorInit     Factor = iota // W: orthogonal / bio / permuted bio / …
	FactorDistance               // D: none / grid / real
	FactorComm                   // C: none / direct / EMD
)

func (f Factor) String() string {
	switch f {
	case FactorInit:
		return "W"
	case FactorDistance:
		return "D"
	case FactorComm:
		return "C"
	}
	return fmt.Sprintf("Factor(%d)", int(f))
}

// Factors lists the three factors in the order W, D, C.
var Factors = []Factor{FactorInit, FactorDistance, FactorComm}

// LevelName returns the name of variant v's level of factor f, e.g.
// "bio" for FactorInit of W*D*C.
func LevelName(v experiment.Variant, f Factor) string {
	switch f {
	case FactorInit:
		return v.Init.String()
	case FactorDistance:
		return v.Distance.String()
	default:
		return v.Comm.String()
	}
}
