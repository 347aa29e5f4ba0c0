package paper

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/cortexrnn/cortexrnn/experiment"
)

const mergeUsage = `usage: paper merge -out DIR SHARD_DIR...

Collects the finished runs of the shard folders (each a sweep folder, or an
output root holding exactly one) into DIR/<folder> and writes the published
layout, summary.txt and figures/ there. Every shard must hold the same sweep
(settings and input data: a difference is refused, naming it), trained on
one BLAS kernel unless -allow-mixed-kernels, and together they must hold
every run. Folders written before input digests (format 1) cannot be merged.
Flags:
`

// runMerge is "paper merge".
func runMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", mergeUsage, stderr)
	out := fs.String("out", "", "output root `DIR` (required); the merged sweep goes to DIR/<folder>")
	mixed := fs.Bool("allow-mixed-kernels", false, "merge runs trained on different BLAS kernels (avx512, avx2, generic, gonum, openblas), which differ in the last bits")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("-out DIR is required")
	}
	if fs.NArg() == 0 {
		return usagef("no shard folders given")
	}
	srcs := make([]string, fs.NArg())
	for i, a := range fs.Args() {
		d, err := resolveSweepDir(a)
		if err != nil {
			return err
		}
		srcs[i] = d
	}
	cfg, err := experiment.LoadConfig(srcs[0])
	if err != nil {
		return usageError{err}
	}
	dst := filepath.Join(*out, cfg.FolderName())
	if err := checkWritable(dst); err != nil {
		return usageError{err}
	}
	n, err := experiment.Merge(dst, srcs, *mixed)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "paper merge: %d run files copied from %d folders into %s\n", n, len(srcs), dst)
	if _, err := experiment.LoadRecords(dst, &cfg, false); err != nil {
		return describeMissing(dst, err)
	}
	return finishAndPrint(dst, stdout)
}
