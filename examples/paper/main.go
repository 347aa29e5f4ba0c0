package main

import (
	"os"

	"github.com/cortexrnn/cortexrnn/internal/cli/paper"
)

func main() {
	os.Exit(paper.Main(os.Args[1:], os.Stdout, os.Stderr))
}
