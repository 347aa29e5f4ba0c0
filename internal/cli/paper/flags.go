package paper

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/cortexrnn/cortexrnn/experiment"
	"github.com/cortexrnn/cortexrnn/internal/configflags"
)

var (
	errHelp      = errors.New("help requested")
	errFlagParse = errors.New("bad flags")
)

// parseFlags parses args with fs, which reports problems on its output.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		return errHelp
	}
	return errFlagParse
}

// newFlagSet returns a FlagSet that reports on stderr and does not exit.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("paper "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}

// sweepFlags are the flags that define a sweep's Config (shared by run and
// report): -preset and the shared mapping of internal/configflags. Every
// flag left unset keeps the preset's value; paper has no default overrides
// of its own.
type sweepFlags struct {
	preset string
	flags  *configflags.Flags
}

// register adds the sweep flags to fs; withPreset adds -preset (report
// runs both presets and leaves it out).
func (f *sweepFlags) register(fs *flag.FlagSet, withPreset bool) {
	if withPreset {
		fs.StringVar(&f.preset, "preset", "corrected", "configuration family: reference (the published code, defects included) or corrected")
	}
	f.flags = configflags.Register(fs)
}

// given reports whether the configuration flag name (canonical) was given
// on the command line.
func (f *sweepFlags) given(name string) bool { return f.flags.Given(name) }

// givenNames returns the canonical names of the configuration flags given
// on the command line, in the mapping's order.
func (f *sweepFlags) givenNames() []string {
	var names []string
	for _, nv := range f.flags.GivenValues() {
		names = append(names, nv[0])
	}
	return names
}

// parseTasks parses a -tasks value (configflags.ParseTasks).
func parseTasks(s string) ([]string, error) {
	t, err := configflags.ParseTasks(s)
	if err != nil {
		return nil, usagef("-tasks: %v", err)
	}
	return t, nil
}

// parsePreset returns the -preset flag's value.
func (f *sweepFlags) parsePreset() (experiment.Preset, error) {
	var p experiment.Preset
	if err := p.UnmarshalText([]byte(f.preset)); err != nil {
		return 0, usagef("-preset: %v", err)
	}
	return p, nil
}

// config returns the preset's Config with every flag given on the command
// line applied, validated (with its bounds: nothing has been written yet).
func (f *sweepFlags) config(p experiment.Preset) (experiment.Config, error) {
	cfg, err := configflags.PresetConfig(p)
	if err != nil {
		return cfg, usagef("%v", err)
	}
	if err := f.flags.Apply(&cfg); err != nil {
		return cfg, usageError{err}
	}
	if err := configflags.Validate(&cfg); err != nil {
		return cfg, usageError{err}
	}
	return cfg, nil
}
