package configflags

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPortableFieldDir(t *testing.T) {
	root := t.TempDir()
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == micronsEnv {
				return v
			}
			return ""
		}
	}
	for _, c := range []struct {
		name, dir, root, want string
	}{
		{"inside", filepath.Join(root, "6_6_2"), root, "$CORTEXRNN_MICRONS/6_6_2"},
		{"inside, trailing separator", filepath.Join(root, "6_6_2") + string(filepath.Separator), root, "$CORTEXRNN_MICRONS/6_6_2"},
		{"nested", filepath.Join(root, "v2", "6_6_2"), root, "$CORTEXRNN_MICRONS/v2/6_6_2"},
		{"root given with a trailing separator", filepath.Join(root, "6_6_2"), root + string(filepath.Separator), "$CORTEXRNN_MICRONS/6_6_2"},
		{"variable unset", filepath.Join(root, "6_6_2"), "", filepath.Join(root, "6_6_2")},
		{"outside", filepath.Join(filepath.Dir(root), "elsewhere", "6_6_2"), root, filepath.Join(filepath.Dir(root), "elsewhere", "6_6_2")},
		{"a sibling sharing the prefix", root + "-other/6_6_2", root, root + "-other/6_6_2"},
		{"the root itself", root, root, root},
		{"already portable", "$CORTEXRNN_MICRONS/6_6_2", root, "$CORTEXRNN_MICRONS/6_6_2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, portableFieldDir(c.dir, env(c.root)))
		})
	}
}
