package experiment

import (
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/cortexrnn/cortexrnn/tasks"
)

// paperTasks lists the paper's tasks by name (docs/method.md §7): one-choice
// inference, Go/NoGo and perceptual decision making. taskNumber maps them
// to the numbers 1, 2 and 3 of the published layout (Task1…Task3).
var paperTasks = []string{"onechoice", "gonogo", "perceptualdm"}

// taskNumber returns the number under which task name (a canonical name of
// package tasks) enters seeds (RunSpec.Seed, RunSpec.DataSeed), RunKey.Task and the
// published layout's "Task<n>" folders: 1, 2 and 3 for the paper's three
// tasks (paperTasks, in order); for any other task 100 plus the FNV-1a-32
// hash of its name modulo 10⁶, which never collides with 1–3 and does not
// change when tasks are added to package tasks. A name that package tasks
// does not know, or an alias ("task1"), is an error: Config.Tasks holds
// canonical names.
func taskNumber(name string) (int, error) {
	t, err := tasks.ByName(name)
	if err != nil {
		return 0, err
	}
	if canon := t.Spec().Name; canon != name {
		return 0, fmt.Errorf("experiment: task %q: use its canonical name %q", name, canon)
	}
	if i := slices.Index(paperTasks, name); i >= 0 {
		return i + 1, nil
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return 100 + int(h.Sum32()%1_000_000), nil
}

// paperTaskName returns the canonical task name of a paper task number (1, 2 or
// 3), or "" for another number.
func paperTaskName(number int) string {
	if number >= 1 && number <= len(paperTasks) {
		return paperTasks[number-1]
	}
	return ""
}

// TaskNumbers returns the number of every entry of c.Tasks (validated), in
// order: the number under which the task enters seeds, RunKey.Task and the
// published layout's "Task<n>" folders. It is 1, 2 and 3 for the paper's
// three tasks (onechoice, gonogo, perceptualdm); for any other task 100
// plus the FNV-1a-32 hash of its name modulo 10⁶, which never collides with
// 1–3 and does not change when tasks are added to package tasks.
func (c *Config) TaskNumbers() []int {
	out := make([]int, len(c.Tasks))
	for i, t := range c.Tasks {
		out[i], _ = taskNumber(t)
	}
	return out
}

// taskName returns the entry of c.Tasks whose number is n.
func (c *Config) taskName(n int) (string, error) {
	for _, t := range c.Tasks {
		if m, err := taskNumber(t); err == nil && m == n {
			return t, nil
		}
	}
	return "", fmt.Errorf("experiment: task number %d is not one of this sweep's tasks %v", n, c.Tasks)
}
