package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDispatch: each command reaches its program (seen in the program's own
// usage text or errors), and a bare or unknown command is a usage error.
func TestDispatch(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		status int
		out    string // in stdout+stderr
	}{
		{nil, exitUsage, "usage: cortexrnn <command>"},
		{[]string{"nope"}, exitUsage, `unknown command "nope"`},
		{[]string{"help"}, 0, "graphstats   graph metrics"},
		{[]string{"version"}, 0, "cortexrnn "},
		{[]string{"train", "-epochs", "0"}, exitUsage, "-epochs"},
		{[]string{"run", "-sims", "0"}, exitUsage, "Simulations"},
		{[]string{"status"}, exitUsage, "paper status"},
		{[]string{"graphstats", "-h"}, 0, "graphstats"},
	} {
		var out, errOut strings.Builder
		status := dispatch(tc.args, &out, &errOut)
		all := out.String() + errOut.String()
		assert.Equal(t, tc.status, status, "%q: %s", tc.args, all)
		assert.Contains(t, all, tc.out, "%q", tc.args)
	}
}
