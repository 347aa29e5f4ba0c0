//go:build !race

package graphmetrics

const raceEnabled = false
