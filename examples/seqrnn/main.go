package main

import (
	"os"

	"github.com/cortexrnn/cortexrnn/internal/cli/seqrnn"
)

func main() {
	os.Exit(seqrnn.Main(os.Args[1:], os.Stdout, os.Stderr))
}
