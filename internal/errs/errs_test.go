package errs

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShapeErrorMessage(t *testing.T) {
	e := ShapeError{Func: "spatial.NewWiring", Arg: "d", Got: "3×4", Want: "square"}
	assert.Equal(t, "spatial.NewWiring: d is 3×4, want square", e.Error())
}
