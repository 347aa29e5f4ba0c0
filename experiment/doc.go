// Package experiment is the paper's experiment as a reusable sweep: the
// eleven network variants of Shakiba et al. (arXiv 2606.14975; docs/method.md
// §5) and extra controls as data, the Reference and Corrected presets as
// typed configuration, per-run seed derivation, and a parallel, resumable,
// shardable sweep runner over an abstract Trainer that stores every run as
// it finishes. Package report turns finished sweeps into the published
// output layout, statistics, figures and reports.
//
// # Variants and presets
//
// PaperVariants lists W*D*C, WD*C, WDC, WD*, WD, W, W*D*C*, WD*C*, W*DC*,
// W!D*C, W!D*C* in canonical (CSV column) order, each with its factors:
// initialisation (W orthogonal, W* biological, W! permuted biological),
// distance (none, D grid, D* real) and communicability (none, C direct,
// C* EMD). ExtraVariants adds the scale-matched random controls (Wr…), the
// log-normal-only controls (Wl…), the resampled-biological controls (Wb…),
// Dale's-law E/I networks (…-EI) and the biological matrix's
// self-connections alone (WdD*C) and coupling alone (WoD*C). ReferenceConfig reproduces the
// published method with its defects and its design (one trial set per task
// for the whole sweep, DataShared); CorrectedConfig (the default) fixes
// them, draws one trial set per simulation, measures Accuracy on a held-out
// test set, scales the grid to [0, 1] and adds the scale-matched and
// log-normal-only controls.
//
// # Ablations
//
// Package experiment/ablation lists the settings in which the presets
// differ (Corrections), switches one of them from a base configuration
// (Ablate) and says which variants the switch retrains and which keep the
// base sweep's runs (PlanOne, PlanAll), derived from the run fingerprints
// (the fingerprint scopes of the canonical encoding). Package report says
// whether a field's grid control (the grid of the D variants) is degenerate
// (report.GridControl).
//
// # Configuration
//
// Config holds every setting in five embedded sections (FieldConfig,
// ExtentConfig, TrainingConfig, PenaltyConfig, CompatConfig). One canonical
// encoding (ConfigText) gives config.txt and the fingerprints: the sweep's
// (Config.Fingerprint) and each run's (Config.RunFingerprint, only the
// settings that run reads), both including the SHA-256 digests of the input
// files (Provenance.Inputs; for the synthetic field its generator
// parameters). Tasks are named by name (Config.TaskNumbers keeps the
// paper's numbers 1–3 for seeds and the layout); variants by name or
// shell-safe alias (WsDsC for W*D*C: VariantByName). Validate bounds every
// setting before anything is written.
//
// # Provenance
//
// A sweep folder records its Provenance (input digests, code version,
// Go version, BLAS kernel) and each record its kernel and code. Resume and
// Merge refuse other settings or data, naming what differs, and runs of
// another kernel unless allowed (ErrMixedKernels). The folder format is
// versioned (docs/sweep-format.md); folders of format 1 are read with an
// unknown provenance and never resumed (ErrForeignRun).
//
// # Determinism, resume and sharding
//
// A run is identified by (task, variant, simulation); its seeds derive from
// that tuple and Config.Seed alone (RunSpec.Seed, RunSpec.DataSeed; see Seeds below), and a Trainer must be
// a deterministic function of its RunSpec. Sweep.Run trains runs in parallel
// (Jobs) and stores each as runs/<key>.json atomically (temporary file,
// fsync, rename) the moment it finishes; rerunning skips stored runs, so a
// kill -9 loses at most the runs in flight. A record holds the run's results
// alone; the run's wall time (RunResult.Seconds), the one value that depends
// on the machine and its load, is stored beside it in runs/<key>.time. Every
// other file of a sweep folder is a function of the configuration alone, so
// it is byte-identical whatever Jobs, the sharding (one folder or merged
// ones), the order and the resumptions (tested with a fake trainer whose
// Seconds differ on every call). Shards (Shard; examples/paper reads them
// from -shard i/n or a Slurm array) take every n-th run of the canonical
// plan; Merge collects shard folders. LoadConfig, LoadProvenance and
// LoadRecords read a sweep folder back.
//
// # Trained networks
//
// Unless Sweep.SkipWeights, each run also keeps its network: the Trainer
// returns the weights file (RunResult.Weights, rnn.WriteWeights of the
// initial and final model, asked for by RunSpec.KeepWeights), which the
// sweep writes as runs/<key>.npz (StoredRun.WeightsFile) before the record; the
// record holds its SHA-256 (Record.Weights), which OpenRun and Merge check.
// About 0.8 MB per run at N = 312. OpenRun reads a stored run (StoredRun:
// configuration, provenance, record, rnn.Weights); LoadRecords lists the
// finished runs. Package report's analyses (report.RunAnalysis) recompute
// metrics from the stored weights alone: report.GraphAnalysis reproduces
// the graph metrics of training bit for bit, report.DynamicsAnalysis
// summarises the state space (package dynamics); report.Reanalyze applies
// them to a whole sweep (paper analyze).
//
// # Seeds
//
// Every run's seeds derive from (base seed, task, variant, simulation) alone,
// so any subset of runs, in any order, sharded or in parallel, draws exactly
// the same numbers:
//
//	h₀ = mix(base ⊕ domain)
//	h₁ = mix(h₀ ⊕ task)
//	h₂ = mix(h₁ ⊕ FNV-1a-64(variant name))   (run seed only)
//	h₃ = mix(h₂ ⊕ simulation)                (not the shared data seed)
//
// where mix is SplitMix64's output function applied to x + 0x9e3779b97f4a7c15
// (Steele, Lea & Flood 2014, doi:10.1145/2714064.2660195) and domain
// separates the run seed (RunSpec.Seed), the data seed (RunSpec.DataSeed)
// and the shared data seed of DataShared. The generator of one stream of a
// seed is rand.New(rand.NewPCG(seed, mix(stream))), so the streams of a
// run are independent of each other and of other runs (a Trainer of its
// own draws from RunSpec.Seed and RunSpec.DataSeed as it likes). Hashing the variant by name keeps a run's seed when
// variants are added to or removed from a sweep.
//
// # Progress
//
// Sweep.Progress, when set, receives the sweep's progress through the
// Reporter interface (start, each stored run, stop); programs render it
// (examples/paper draws a progress bar on a terminal and log lines
// otherwise). Nothing in this package prints.
package experiment
