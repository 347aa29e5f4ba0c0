package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// SharedEnv names an environment variable that, when set, overrides the
// location of the shared MICrONS folder (the directory holding 6_6_2/, …).
const SharedEnv = "CORTEXRNN_MICRONS"

// Fields lists the five real MICrONS fields shipped in ../shared/microns with
// their neuron counts (INF.md).
var Fields = map[string]int{
	"4_7_2": 88,
	"5_3_8": 42,
	"6_6_2": 312,
	"6_6_8": 129,
	"9_3_2": 632,
}

// InCI reports whether the tests run under CI (CI=true), where missing shared
// data is a failure rather than a reason to skip.
func InCI() bool { return os.Getenv("CI") == "true" }

// MicronsDir returns the shared MICrONS folder: $CORTEXRNN_MICRONS if set,
// otherwise ../shared/microns beside the module root. Locally it skips t when
// the folder is missing; under CI=true it fails t.
func MicronsDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(SharedEnv)
	if dir == "" {
		root, err := ModuleRoot()
		if err != nil {
			missing(t, "module root: "+err.Error())
			return ""
		}
		dir = filepath.Join(root, "..", "shared", "microns")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		missing(t, "shared MICrONS data not found at "+dir)
		return ""
	}
	return dir
}

// MicronsField returns the folder of one shared field, e.g. "6_6_2", with the
// same skip/fail rule as MicronsDir.
func MicronsField(t testing.TB, field string) string {
	t.Helper()
	dir := filepath.Join(MicronsDir(t), field)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		missing(t, "shared MICrONS field not found at "+dir)
		return ""
	}
	return dir
}

// ModuleRoot walks up from the working directory to the folder holding go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

func missing(t testing.TB, msg string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s (CI=true: shared data must be present)", msg)
	}
	t.Skip(msg)
}
