// Package ablation switches the corrections of experiment's Corrected preset one at a time,
// starting from the Reference preset (or any configuration), so that a
// report can attribute each change of a claim to one correction. A
// correction is a setting in which the two presets differ (other than the
// preset's name and its variant list); the list is derived from the
// presets themselves, so a new correction is an ablation as soon as the
// presets differ in it.
//
// Which runs an ablation retrains is derived from the fingerprint scopes of
// the canonical encoding (experiment.Config.RunFingerprint): a run whose fingerprint the
// switch leaves unchanged reads nothing the switch changes, and its record
// in the base sweep is reused. On the published variants this gives
//
//	ReshapeCoordinates   the D* variants
//	ZeroStrengthEpsilon  every variant with a communicability term (C, C*)
//	UnscaledL1           W only
//	GridScaling          the D variants
//	AccuracySource       none (each record holds both accuracies)
//	DataSharing          every variant
//
// Ablate and the plans are pure functions of the configuration; ReuseTrainer
// wraps the Trainer of an ablation's sweep so that it trains only the runs
// the correction changes.
package ablation
