package paper

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAutoJobs(t *testing.T) {
	cpus := runtime.GOMAXPROCS(0)
	for _, c := range []struct {
		name          string
		jobs, planned int
		want          int
	}{
		{"explicit wins", 3, 1000, 3},
		{"explicit above the plan", 5, 2, 5},
		{"auto: one per CPU", 0, 1000, cpus},
		{"auto: no more than the plan", 0, 1, 1},
		{"auto: empty plan still one", 0, 0, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, autoJobs(c.jobs, c.planned))
		})
	}
}
