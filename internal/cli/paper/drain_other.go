//go:build !unix

package paper

import "os"

// drainSignals is empty where there is no SIGUSR1: paper run then stops
// only at once (SIGINT, SIGTERM).
var drainSignals []os.Signal
