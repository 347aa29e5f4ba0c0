//go:build race

package graphmetrics

// raceEnabled: under the race detector sync.Pool drops a random share of
// what is put, so tests of reuse do not apply.
const raceEnabled = true
