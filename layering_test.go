package cortexrnn_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/cortexrnn/cortexrnn"

// layers lists, for every library package of the module (path relative to
// the module root), the other library packages it may import. Packages under
// internal/ may be imported by anyone and are not listed; programs (package
// main: examples/..., bench, generators) may import anything. A new library
// package must be added here, in its layer, before its tests pass. Keep this
// table and ARCHITECTURE.md's package map in step.
var layers = map[string][]string{
	// The foundations import no other package of the module.
	"connectome":    nil,
	"spatial":       nil,
	"tasks":         nil,
	"graphmetrics":  nil,
	"stats":         nil,
	"fastblas":      nil,
	"fastblas/relu": nil,
	// rnn reaches the kernels through its own small interfaces
	// (PackedBLAS32/64, declared by rnn; fastblas supplies the packed-operand
	// types) and the SIMD ReLU loops; it declares the interfaces it consumes
	// (Penalty) rather than importing their implementations.
	"rnn": {"fastblas", "fastblas/relu"},
	// The sweep composes the foundations and the model.
	"experiment": {"connectome", "spatial", "tasks", "graphmetrics", "stats", "fastblas", "rnn"},
	// Ablation planning reads configurations and wraps trainers of the sweep.
	"experiment/ablation": {"experiment", "connectome", "spatial", "tasks", "graphmetrics", "stats", "fastblas", "rnn"},
	// The dynamics of trained networks read a model through rnn's public
	// API; nothing but programs and reporting import it.
	"dynamics": {"rnn"},
	// Reporting reads sweeps.
	"report": {"experiment", "experiment/ablation", "connectome", "spatial", "tasks", "graphmetrics", "stats", "fastblas", "rnn", "dynamics"},
	// The root package holds the module's documentation only.
	"": nil,
}

// terminalPackages are module paths no library package may depend on, even
// indirectly: progress display and terminal handling live with the programs.
var terminalPackages = []string{
	"github.com/schollz/progressbar",
	"golang.org/x/term",
	"github.com/mitchellh/colorstring",
}

// listedPackage is what `go list` says about one package.
type listedPackage struct {
	path, name string // path relative to the module root
	imports    []string
	deps       []string
}

// listModule runs `go list` on every package of the module.
func listModule(t *testing.T) []listedPackage {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go command is needed: %v", err)
	}
	// One line per package: path, name, direct imports (non-test files),
	// transitive dependencies, separated by tabs.
	out, err := exec.Command(goCmd, "list", "-f",
		"{{.ImportPath}}\t{{.Name}}\t{{join .Imports \" \"}}\t{{join .Deps \" \"}}", module+"/...").Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("go list: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err, "go list")
	var pkgs []listedPackage
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		require.Len(t, f, 4, "go list line %q", line)
		pkgs = append(pkgs, listedPackage{
			path: relative(f[0]), name: f[1],
			imports: strings.Fields(f[2]), deps: strings.Fields(f[3]),
		})
	}
	require.NotEmpty(t, pkgs)
	return pkgs
}

// relative returns an import path of the module relative to the module root
// ("" for the root package); other paths come back unchanged.
func relative(p string) string {
	if p == module {
		return ""
	}
	return strings.TrimPrefix(p, module+"/")
}

func isInternal(rel string) bool {
	return rel == "internal" || strings.HasPrefix(rel, "internal/") || strings.Contains(rel, "/internal/")
}

func isModule(p string) bool { return p == module || strings.HasPrefix(p, module+"/") }

// TestLayering enforces the import layers of the module's library packages.
func TestLayering(t *testing.T) {
	pkgs := listModule(t)
	seen := map[string]bool{}
	for _, p := range pkgs {
		if p.name == "main" || isInternal(p.path) {
			continue
		}
		seen[p.path] = true
		allowed, ok := layers[p.path]
		if !assert.True(t, ok, "library package %q is in no layer: add it to layers (layering_test.go) and to ARCHITECTURE.md", p.path) {
			continue
		}
		for _, imp := range p.imports {
			if !isModule(imp) {
				continue
			}
			rel := relative(imp)
			if isInternal(rel) {
				continue
			}
			assert.True(t, slices.Contains(allowed, rel), "%s imports %s, outside its layer (allowed: %v)", p.path, rel, allowed)
		}
	}
	for name := range layers {
		assert.True(t, seen[name], "layers lists %q, which is no library package of the module", name)
	}
}

// internalAbove lists the internal/ packages that may import library
// packages, and which: each sits above what it imports, and programOnly
// marks those that only programs (package main) may import.
var internalAbove = map[string]struct {
	imports     []string
	anything    bool // a program's code: may import every library package
	programOnly bool
}{
	// The kernel choice of rnn and spatial (fastblas unless the program
	// installed a BLAS of its own); fastblas imports nothing of the module.
	"internal/kernels": {imports: []string{"fastblas"}},
	// The code version and BLAS kernel a sweep records (experiment's
	// Provenance; experiment/ablation reuses runs of this kernel only).
	"experiment/internal/buildinfo": {imports: []string{"fastblas"}},
	// The pieces of experiment.PaperTrainer that the benchmark program
	// times against PyTorch, handed over by experiment without exporting
	// them.
	"internal/trainerparts": {imports: []string{"rnn", "spatial"}},
	// The grid of a field's D control: one rule for the trainer
	// (experiment) and the report that flags degenerate grids (report).
	"internal/fieldgrid": {imports: []string{"connectome"}},
	// The one mapping between command-line flags and experiment.Config,
	// shared by the programs.
	"internal/configflags": {imports: []string{"experiment", "connectome", "rnn", "spatial", "tasks"}, programOnly: true},
	// The programs themselves (examples/... and cmd/cortexrnn are thin
	// mains around them): anything.
	"internal/cli/paper":      {anything: true, programOnly: true},
	"internal/cli/seqrnn":     {anything: true, programOnly: true},
	"internal/cli/graphstats": {anything: true, programOnly: true},
}

// TestInternalImportsNoLibrary checks that internal/ packages stay below
// every layer (they import no library package of the module) except the few
// listed in internalAbove, which import only what they list.
func TestInternalImportsNoLibrary(t *testing.T) {
	pkgs := listModule(t)
	for _, p := range pkgs {
		if p.name == "main" || !isInternal(p.path) {
			continue
		}
		above := internalAbove[p.path]
		for _, imp := range p.imports {
			if isModule(imp) && !isInternal(relative(imp)) && !above.anything {
				assert.True(t, slices.Contains(above.imports, relative(imp)), "internal package %s imports library package %s", p.path, imp)
			}
		}
	}
	for _, p := range pkgs {
		for _, imp := range p.imports {
			if above, ok := internalAbove[relative(imp)]; ok && isModule(imp) && above.programOnly && !internalAbove[p.path].anything {
				assert.Equal(t, "main", p.name, "%s imports %s, which only programs may import", p.path, relative(imp))
			}
		}
	}
}

// TestNoTerminalPackagesInLibraries checks that no library package depends,
// directly or not, on a progress-bar or terminal package.
func TestNoTerminalPackagesInLibraries(t *testing.T) {
	found := false
	for _, p := range listModule(t) {
		if p.name == "main" || internalAbove[p.path].anything { // a program's code
			if slices.ContainsFunc(p.deps, isTerminal) {
				found = true
			}
			continue
		}
		for _, d := range p.deps {
			assert.False(t, isTerminal(d), "library package %q depends on %s", p.path, d)
		}
	}
	// The check is live: a program (examples/paper) does use them.
	assert.True(t, found, "no program depends on a terminal package; is terminalPackages stale?")
}

func isTerminal(dep string) bool {
	return slices.ContainsFunc(terminalPackages, func(t string) bool { return dep == t || strings.HasPrefix(dep, t+"/") })
}
