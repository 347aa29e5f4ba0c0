package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/cortexrnn/cortexrnn/connectome"
	"github.com/cortexrnn/cortexrnn/experiment/internal/buildinfo"
)

// Input is one input of a sweep: a file it read, named relative to the
// field folder, with the SHA-256 digest of its content, or, for the
// built-in synthetic field, the generator's parameters in place of a
// digest. Inputs enter every fingerprint, so a changed file is never mixed
// with results of the original one.
type Input struct {
	Name string `json:"name"`
	// SHA256 is the hexadecimal digest of the file; empty for a generated
	// input.
	SHA256 string `json:"sha256,omitempty"`
	// Generator holds the parameters of a generated input; empty for a
	// file.
	Generator string `json:"generator,omitempty"`
}

func (in Input) value() string {
	if in.Generator != "" {
		return "generated " + in.Generator
	}
	return "sha256 " + in.SHA256
}

// inputsText is the part of the canonical encoding that lists the inputs;
// nil (unknown, a folder written before digests) reads "unknown".
func inputsText(inputs []Input) string {
	if inputs == nil {
		return "Inputs: unknown\n"
	}
	var b strings.Builder
	for _, in := range inputs {
		fmt.Fprintf(&b, "Input %s: %s\n", in.Name, in.value())
	}
	return b.String()
}

// fieldInputs returns the inputs of cfg's field: for a field folder, the SHA-256
// digest of every file connectome.ReadFieldDir reads there (the optional
// ones when present), and the folder's name, from which the grid of D
// derives; for the synthetic field, its generator parameters. The files are
// read once more for the digests: they must not change while a sweep runs.
func fieldInputs(cfg *Config) ([]Input, error) {
	if cfg.FieldDir == "" {
		sc := connectome.DefaultSyntheticConfig(cfg.SyntheticN, cfg.SyntheticSeed)
		return []Input{{Name: "synthetic field", Generator: fmt.Sprintf("%+v", sc)}}, nil
	}
	dir, err := cfg.FieldFolder()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	name := filepath.Base(abs)
	out := []Input{{Name: "field folder name", Generator: name}}
	for _, f := range []struct {
		file     string
		optional bool
	}{
		{"connectome_" + name + ".csv", false}, {"corr_matrix.npy", false}, {"sttc_matrix.npy", false},
		{"precision_matrix.npy", false}, {"positions_" + name + ".npy", false},
		{"spikes_" + name + ".npy", true}, {"root_ids_" + name + ".npy", true},
		{"unit_ids_" + name + ".npy", true}, {"target_ids_" + name + ".npy", true},
	} {
		sum, err := fileDigest(filepath.Join(abs, f.file))
		if f.optional && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("experiment: digest of field input: %w", err)
		}
		out = append(out, Input{Name: f.file, SHA256: sum})
	}
	return out, nil
}

func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// diffInputs names what differs between two input lists ("" when equal);
// an unknown list (nil) differs from every known one.
func diffInputs(old, cur []Input) string {
	switch {
	case old == nil && cur == nil:
		return ""
	case old == nil:
		return "the stored runs have unknown inputs (written before input digests, folder format 1)"
	case cur == nil:
		return "the inputs of this sweep are unknown"
	}
	byName := map[string]Input{}
	for _, in := range old {
		byName[in.Name] = in
	}
	var diffs []string
	seen := map[string]bool{}
	for _, in := range cur {
		seen[in.Name] = true
		o, ok := byName[in.Name]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s is new (%s)", in.Name, in.value()))
		case o != in:
			diffs = append(diffs, fmt.Sprintf("%s changed (stored %s, now %s)", in.Name, o.value(), in.value()))
		}
	}
	for _, in := range old {
		if !seen[in.Name] {
			diffs = append(diffs, fmt.Sprintf("%s is gone (stored %s)", in.Name, in.value()))
		}
	}
	return strings.Join(diffs, "; ")
}

// Provenance says where a sweep's results come from: the input data, the
// code, the toolchain and the BLAS kernel that computed them.
type Provenance struct {
	// Inputs are the digests of the input data; nil means unknown
	// (a folder written before digests, folder format 1), which never
	// matches known inputs.
	Inputs []Input `json:"inputs"`
	// Code is the code version as far as the build knows it: the module
	// version, then "vcs <revision>" (with "+modified" for a dirty tree)
	// when the build recorded it, or "devel" when it knows neither (go run
	// and go test builds, or -buildvcs=false); CodeSource says which.
	Code       string `json:"code"`
	CodeSource string `json:"code_source"`
	// Go is the toolchain version (runtime.Version).
	Go string `json:"go"`
	// Kernel is the BLAS kernel that blas32's products run on: "avx512",
	// "avx2" or "generic" for fastblas's kernels, "gonum" for gonum's own
	// implementation, "openblas" for a cgo netlib binding. Kernels change
	// results in the last bits, so runs on different kernels are not
	// bit-identical replicates.
	Kernel string `json:"kernel"`
}

// known reports whether the provenance was recorded (not a folder written
// before provenance existed).
func (p *Provenance) known() bool { return p.Inputs != nil }

// CurrentProvenance returns the provenance of a sweep of cfg run by this
// process now: the digests of the files of cfg's field (for a field
// folder, the SHA-256 digest of every file connectome.ReadFieldDir reads
// there, the optional ones when present, and the folder's name, from which
// the grid of D derives; for the synthetic field, its generator
// parameters), the code version from the build information (the main
// module's version when it is a release, else the VCS revision with
// "+modified" for a dirty tree, else "devel"), runtime.Version and the
// BLAS kernel in use. The files are read once more for the digests: they
// must not change while a sweep runs.
func CurrentProvenance(cfg *Config) (Provenance, error) {
	in, err := fieldInputs(cfg)
	if err != nil {
		return Provenance{}, err
	}
	code, src := buildinfo.CodeVersion()
	return Provenance{Inputs: in, Code: code, CodeSource: src, Go: runtime.Version(), Kernel: buildinfo.BLASKernel()}, nil
}
