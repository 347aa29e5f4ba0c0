// Command seqrnn trains one biologically constrained recurrent network, the
// main job of cortexrnn: by default the paper's fully constrained network
// W*D*C (Shakiba et al., arXiv 2606.14975, docs/method.md §5) — recurrent weights
// initialised from the field's correlations and STTC (biological init,
// docs/method.md §2), a wiring penalty with real soma distances and the
// communicability term λ Σ|W|⊙C(W)⊙D, λ = 0.3 (docs/method.md §3–4) — on
// one-choice inference (Task 1; Achterberg et al. 2023,
// doi:10.1038/s42256-023-00748-9), on the built-in synthetic field of 312
// neurons.
//
// Usage:
//
//	go run ./examples/seqrnn [flags]
//
// It prints, per epoch, the training loss and accuracy (Keras History:
// means over the epoch's batches, with input noise, the penalty included in
// the loss) and the held-out loss and accuracy after the epoch; then the
// held-out and test accuracy and the paper's four graph metrics of the
// trained W_rec (modularity, small-worldness, assortativity, weight entropy;
// docs/method.md §8). Into the output folder it writes, each file atomically:
//
//	learning_curve.png   loss and accuracy per epoch, training and held-out
//	wrec_before.png      W_rec at initialisation (row = presynaptic unit)
//	wrec_after.png       W_rec after training
//	somata.png           soma positions and the strongest 1% of learned connections
//	history.csv          epoch, loss, accuracy, heldout_loss, heldout_accuracy
//	summary.txt          the printed report
//	weights.npz          the trained network and its initial W_rec (float32,
//	                     rnn.WriteWeights; docs/weights.md)
//	W_rec.npy            the trained effective W_rec, float32, row = presynaptic
//
// Flags:
//
//	-task NAME      onechoice (default; alias task1), gonogo (task2),
//	                perceptualdm (task3), or another task of package tasks
//	-variant NAME   W*D*C (default) or any of WD*C, WDC, WD*, WD, W, W*D*C*,
//	                WD*C*, W*DC*, W!D*C, W!D*C*, and the extra controls of
//	                package experiment (e.g. WrD*C, the scale-matched random
//	                initialisation); WsDsC, WpDsC, … name them without shell
//	                quoting (s for *, p for !)
//	-preset NAME    corrected (default: true coordinates, zero-strength nodes
//	                handled, λ on every penalty, unit-scaled grid) or
//	                reference (the published code exactly, defects included; docs/method.md)
//	-field DIR      a MICrONS field folder, e.g. $CORTEXRNN_MICRONS/6_6_2;
//	                default: the built-in synthetic field
//	-synthetic-n N  neurons of the synthetic field (default 312, like 6_6_2;
//	                alias -n)
//	-epochs E       training epochs (default 10, the paper's)
//	-clip C         clip the gradient's global norm at C before each update
//	                (default 1; 0 trains unclipped as the paper does, which
//	                sometimes collapses late in training, see README.md)
//	-seed S         base seed of the network, its initialisation, the input
//	                noise and the trials (default 1); the synthetic field
//	                itself is fixed
//	-out DIR        output folder (default out/seqrnn)
//	-train-trials, -val-trials, -test-trials T   trials (defaults 5120,
//	                2560, 2560, the paper's; aliases -train, -heldout, -test),
//	                each a multiple of -batch (default 128)
//	-nperm K        null graphs of the small-worldness (default 1000)
//	-lambda λ       penalty strength (default 0.3)
//	-expm P         float32 (default: Taylor in float32 GEMMs) or float64
//	                (Padé, as scipy): the communicability's matrix exponential
//	-blas NAME      fast (default: package fastblas) or gonum
//	-dynamics       also write fixedpoints.csv, dynamics_pcs.png and
//	                dynamics_eigenvalues.png: the trained network's fixed and
//	                slow points under each input of the task, their stability,
//	                and its trajectories on the principal components (package
//	                dynamics; docs/dynamics.md); paper tasks only
//
// Every setting flag but -task, -variant, -preset, -out and -blas is the
// shared mapping of the sweep's configuration (package
// internal/configflags, the same flags as paper run: -noise, -lr, -sign,
// -shuffle, -bio, -grid, -accuracy, -lambda-emd too); seqrnn's own departures from the
// preset's defaults (one run, -clip 1 in the corrected preset) are stated
// in seqrnnDefaults. summary.txt records the run's provenance: its
// fingerprint, the SHA-256 of every input file (or the synthetic field's
// parameters), the code and Go versions and the BLAS kernel.
//
// The run is experiment.PaperTrainer.Train, the function behind the sweep's
// runs, with a hook that prints each epoch: for the paper's tasks it is the
// sweep's run of (task, variant, simulation 0) under the chosen preset,
// number for number (the same seeds, data, model and penalty), so a seqrnn
// result can be found again in a sweep's runs. Every flag and input (names, numbers, the output
// folder's writability, the field folder) is checked before training starts;
// a bad one gives a message on standard error and exit status 2 (flags) or 1
// (data, output folder, a failed run).
//
// Timing: the default run (N = 312, 10 epochs of 40 batches of 128 trials
// of 50 steps, with the communicability penalty's matrix exponential and its
// Fréchet derivative at every batch) is measured in README.md.
package main
