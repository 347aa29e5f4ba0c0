// Package tasks generates the cognitive tasks cortexrnn trains on: the three
// tasks of Shakiba et al. (arXiv:2606.14975) exactly as published, and
// NeuroGym-style classics with per-step targets.
//
// # Trials
//
// A trial is a timeline of named periods on a dt grid (NeuroGym's TrialEnv,
// Molano-Mazón et al. 2022,
// doi:10.31234/osf.io/aqc9n). A Schedule lists the periods
// and their Durations — Fixed, Choice, Uniform or TruncExp — and Resolve
// draws one trial's lengths. Fixed and Choice values must lie exactly on the
// grid; continuous draws are floored onto it, as NeuroGym does. Inputs,
// targets and masks are written by period and channel with the Batch methods
// SetInput, SetInputs, SetNoisyInputs, SetTarget and SetMask.
//
// Each task declares a Spec (time step, steps, named input channels and
// output classes, and whether its target is a class at the last step or a
// per-step one-hot target with a loss mask) and implements Task. Every task
// also implements Conditioned[C] for its own condition type C, so a caller can
// force a condition (a coherence, a maze problem) with WriteCondition.
//
// # Layout
//
// Batches are time-major, X[(t*B+b)*NIn+i], exactly as the rnn package
// consumes them: rnn.Batch(*b) converts one batch and
// Convert[rnn.Batch](ds.Train) a whole split, sharing the arrays. A last-step task
// fills Labels; a per-step task fills Y and Mask. When a task's timing varies
// between trials, Steps is the longest possible trial and shorter trials are
// left-padded with steps that carry zero input, zero target and zero mask, so
// every trial ends on the last step.
//
// # The paper's tasks (docs/method.md §7)
//
//	OneChoice     Task 1, one-choice inference, 50 steps, 8 inputs, 4 classes
//	GoNoGo        Task 2, Go/NoGo, 40 steps, 3 inputs, 2 classes
//	PerceptualDM  Task 3, perceptual decision making, 41 steps at dt = 100 ms,
//	              3 inputs, 2 classes, coherences 0–51.2 %, per-step noise SD 0.1
//
// ByName finds them by name ("onechoice", "gonogo", "perceptualdm", or the
// paper's "Task1", "Task2", "Task3").
//
// # Datasets
//
// NewDataset draws a training, a held-out and a test split. By default
// (DefaultDatasetConfig) they hold 5,120, 2,560 and 2,560 trials in batches
// of 128: the paper's training and held-out (Keras validation) sets, and a
// test set, used for neither, on which accuracy is reported without bias.
//
// # Scoring
//
// ScoreBatch scores a network's readout two ways (see Score). Trial accuracy
// is one verdict per trial, the choice at the end of the decision period:
// what NeuroGym users call a task's performance. Step accuracy counts every
// masked step, fixation steps included: what rnn.Model.Evaluate and the
// training history report for per-step losses. For the paper's last-step
// tasks the two are equal; for per-step tasks report trial accuracy.
//
// # Randomness
//
// Every call that draws takes an explicit *rand.Rand (math/rand/v2); a nil
// generator panics. Each task documents which draws a trial consumes and in
// what order; NewDataset documents how it splits one generator into
// independent per-split streams, so the same seed always gives identical
// arrays.
//
// # Errors
//
// Invalid timings, configurations, conditions, trial counts and batch sizes
// give errors (*FieldError wrapping ErrTiming, ErrOffGrid, ErrConfig,
// ErrCondition, ErrTrials, ErrBatchSize or ErrUnknownTask) that name the
// field. Handing WriteTrial a batch of the wrong shape is a caller bug and
// panics with a ShapeError.
package tasks
