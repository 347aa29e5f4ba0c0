package experiment

import "testing"

func TestRunSeeds(t *testing.T) {
	t.Parallel()
	seen := map[uint64]RunKey{}
	for _, task := range PaperTasks {
		for _, v := range append(PaperVariantNames(), "WrD*C") {
			for s := range 50 {
				k := RunKey{task, v, s}
				seed := RunSeed(7, task, v, s)
				if prev, ok := seen[seed]; ok {
					t.Fatalf("seed collision %v and %v", prev, k)
				}
				seen[seed] = k
			}
		}
	}
	if RunSeed(1, 1, "W", 0) == RunSeed(2, 1, "W", 0) {
		t.Error("base seed ignored")
	}
	if DataSeed(1, 1, 3) == DataSeed(1, 2, 3) || DataSeed(1, 1, 3) == DataSeed(1, 1, 4) {
		t.Error("DataSeed ignores task or simulation")
	}
	// Specs of the same (task, simulation) share DataSeed; streams differ.
	cfg := smallConfig()
	a, _ := cfg.Spec(RunKey{1, "W", 2})
	b, _ := cfg.Spec(RunKey{1, "W*D*C", 2})
	if a.DataSeed != b.DataSeed || a.Seed == b.Seed {
		t.Errorf("specs: %+v %+v", a, b)
	}
	if a.Rand(StreamInit).Uint64() == a.Rand(StreamNoise).Uint64() {
		t.Error("streams coincide")
	}
	if a.Rand(StreamInit).Uint64() != a.Rand(StreamInit).Uint64() {
		t.Error("stream not reproducible")
	}
	if _, err := cfg.Spec(RunKey{1, "nope", 0}); err == nil {
		t.Error("Spec of an unknown variant succeeded")
	}
}
