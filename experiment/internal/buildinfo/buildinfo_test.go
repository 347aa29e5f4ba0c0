package buildinfo

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/gonum"
)

func TestCodeVersion(t *testing.T) {
	v, src := CodeVersion()
	assert.NotEmpty(t, v)
	assert.Contains(t, []string{codeFromModule, codeFromVCS, codeDevel}, src)
	if src == codeDevel {
		assert.Equal(t, "devel", v)
	}
}

func TestBLASKernel(t *testing.T) {
	// Not parallel: it installs gonum's implementation and restores the
	// one in use.
	old := blas32.Implementation()
	defer blas32.Use(old)
	blas32.Use(gonum.Implementation{})
	assert.Equal(t, "gonum", BLASKernel())
}
