//go:build unix

package paper

import (
	"os"
	"syscall"
)

// drainSignals ask paper run to finish the runs in flight and start no new
// one; the Slurm script of paper submit forwards SIGUSR1 (--signal=B:USR1@…).
var drainSignals = []os.Signal{syscall.SIGUSR1}
