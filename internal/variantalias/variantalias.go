// Package variantalias spells a variant's name without the characters a
// shell treats specially, for file names and unquoted command lines:
// experiment.VariantByName accepts the alias, the sweep folder names its
// run files by it (docs/sweep-format.md) and package report its per-pair
// figures.
package variantalias

import "strings"

var replacer = strings.NewReplacer("*", "s", "!", "p")

// Of returns name with '*' spelled 's' (star) and '!' spelled 'p'
// (permuted): "WsDsC" for "W*D*C", "WpDsC" for "W!D*C".
func Of(name string) string { return replacer.Replace(name) }
