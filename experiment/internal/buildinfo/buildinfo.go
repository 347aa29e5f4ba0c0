// Package buildinfo says which code and which BLAS kernel compute a
// sweep's results: what experiment.CurrentProvenance records, and what
// experiment/ablation compares a stored record's kernel with.
package buildinfo

import (
	"reflect"
	"runtime/debug"
	"strings"

	"gonum.org/v1/gonum/blas/blas32"

	"github.com/cortexrnn/cortexrnn/fastblas"
)

// Code version sources (experiment.Provenance.CodeSource, CodeVersion).
const (
	codeFromModule = "module" // the main module's version (go install …@v1.2.3)
	codeFromVCS    = "vcs"    // the VCS revision the build recorded
	codeDevel      = "devel"  // neither is known
)

// CodeVersion returns the code version from the build information
// (runtime/debug.ReadBuildInfo) and where it came from: the main module's
// version when it is a release (source "module"), else the VCS revision
// (source "vcs", "+modified" for a dirty tree), else "devel" (source
// "devel").
func CodeVersion() (version, source string) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel", codeDevel
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v, codeFromModule
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		}
	}
	if rev != "" {
		return rev + modified, codeFromVCS
	}
	return "devel", codeDevel
}

// BLASKernel names the kernel that blas32's products run on now:
// fastblas.KernelName ("avx512", "avx2", "generic") when fastblas is
// installed, "gonum" for gonum's own implementation, "openblas" for a cgo
// netlib binding, otherwise the implementation's type name. Kernels change
// results in the last bits, so runs on different kernels are not
// bit-identical replicates.
func BLASKernel() string {
	impl := blas32.Implementation()
	switch impl.(type) {
	case fastblas.Implementation, *fastblas.Implementation:
		return fastblas.KernelName()
	}
	t := reflect.TypeOf(impl)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch p := t.PkgPath(); {
	case p == "gonum.org/v1/gonum/blas/gonum":
		return "gonum"
	case strings.Contains(p, "netlib"):
		return "openblas"
	}
	return t.String()
}
