package configflags

import (
	"fmt"
	"strings"

	"github.com/cortexrnn/cortexrnn/experiment"
)

// variantGroups are the names ParseVariants expands: the eleven published
// variants, every extra one, and the two groups of extras the Corrected
// preset adds (the scale-matched random and the log-normal-only controls,
// without Dale's law).
var variantGroups = map[string]func() []experiment.Variant{
	"paper": experiment.PaperVariants,
	"extra": experiment.ExtraVariants,
	"scale-matched": func() []experiment.Variant {
		return extrasWith(experiment.InitScaledRandom)
	},
	"lognormal": func() []experiment.Variant {
		return extrasWith(experiment.InitLogNormal)
	},
}

// extrasWith returns the extra variants of initialisation init without
// Dale's law, in order.
func extrasWith(init experiment.Init) []experiment.Variant {
	var out []experiment.Variant
	for _, v := range experiment.ExtraVariants() {
		if v.Init == init && !v.Dale {
			out = append(out, v)
		}
	}
	return out
}

// ParseVariants parses a comma-separated list of variant names or aliases
// (WsDsC for W*D*C: experiment.VariantByName) into canonical names;
// "paper" stands for the eleven published variants, "extra" for all extra
// ones, "scale-matched" for the scale-matched random controls and
// "lognormal" for the log-normal-only controls (the extra variants the
// Corrected preset adds). Duplicates are an error.
func ParseVariants(list string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(n string) error {
		if seen[n] {
			return fmt.Errorf("variant %q listed twice", n)
		}
		seen[n] = true
		out = append(out, n)
		return nil
	}
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if group, ok := variantGroups[f]; ok {
			for _, v := range group() {
				if err := add(v.Name); err != nil {
					return nil, err
				}
			}
			continue
		}
		v, err := experiment.VariantByName(f)
		if err != nil {
			return nil, err
		}
		if err := add(v.Name); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty variant list %q", list)
	}
	return out, nil
}
