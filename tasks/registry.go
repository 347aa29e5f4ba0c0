package tasks

import (
	"fmt"
	"slices"
	"strings"
)

type entry struct {
	name    string
	aliases []string
	make    func() (Task, error)
}

// registry lists the tasks ByName knows, with their default configurations.
var registry = []entry{
	{"onechoice", []string{"task1", "one-choice"}, func() (Task, error) { return NewOneChoice(), nil }},
	{"gonogo", []string{"task2", "go-nogo"}, func() (Task, error) { return NewGoNoGo(), nil }},
	{"perceptualdm", []string{"task3", "pdm", "perceptual-dm"}, func() (Task, error) {
		return NewPerceptualDM(DefaultPerceptualDMConfig())
	}},
	{"delaymatchsample", []string{"dms", "delay-match-sample"}, func() (Task, error) {
		return NewDelayMatchSample(DefaultDelayMatchSampleConfig())
	}},
	{"contextdm", []string{"mante", "context-dm", "contextdecisionmaking"}, func() (Task, error) {
		return NewContextDM(DefaultContextDMConfig())
	}},
	{"workingmemory", []string{"romo", "delaycomparison", "parametricwm"}, func() (Task, error) {
		return NewWorkingMemory(DefaultWorkingMemoryConfig())
	}},
	{"vardelaygonogo", []string{"gonogo-vardelay", "vgng"}, func() (Task, error) {
		return NewVarDelayGoNoGo(DefaultVarDelayGoNoGoConfig())
	}},
}

// Names returns the canonical task names ByName accepts, sorted.
func Names() []string {
	names := make([]string, len(registry))
	for i, e := range registry {
		names[i] = e.name
	}
	slices.Sort(names)
	return names
}

// ByName returns the task called name with its default configuration:
// "onechoice", "gonogo", "perceptualdm" (the paper's tasks),
// "delaymatchsample", "contextdm", "workingmemory", "vardelaygonogo". Names
// are case-insensitive; the paper's "Task1", "Task2" and "Task3" are aliases
// of "onechoice", "gonogo" and "perceptualdm". An unknown name gives an error
// wrapping ErrUnknownTask that lists the valid names.
func ByName(name string) (Task, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	for _, e := range registry {
		if key == e.name || slices.Contains(e.aliases, key) {
			return e.make()
		}
	}
	var valid []string
	for _, e := range registry {
		valid = append(valid, e.name+" ("+strings.Join(e.aliases, ", ")+")")
	}
	return nil, fmt.Errorf("tasks: %w %q; valid names (aliases): %s", ErrUnknownTask, name, strings.Join(valid, "; "))
}
