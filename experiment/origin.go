package experiment

// Origin says where a result was trained when the Trainer that returns it
// did not train it but repeated a stored run (ablation.Reuse answers the
// runs an ablation leaves unchanged from its base sweep's records). The
// sweep stores Origin's code, toolchain and kernel in the run's record in
// place of its own, and Sweep as the record's ReusedFrom, so that a record
// always names the code that computed its numbers.
type Origin struct {
	// Sweep is the fingerprint of the sweep that trained the run
	// (Config.Fingerprint of its configuration and inputs, the
	// "fingerprint" of its sweep-config.json).
	Sweep string
	// Code, Go and Kernel are the stored run's Record.Code, Record.Go and
	// Record.Kernel.
	Code, Go, Kernel string
}
