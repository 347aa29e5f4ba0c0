// Command paper runs the experiment of Shakiba et al., "Harnessing cortical
// geometry, wiring, and function as inductive biases for recurrent neural
// networks" (arXiv 2606.14975): the eleven network variants (docs/method.md §5)
// on the three tasks, many simulations each, with resume and sharding
// (package experiment), the published output layout, the statistics of the
// paper's notebooks, figures, and a report that compares the reference and
// corrected presets claim by claim with the published numbers (package
// report).
//
// Usage:
//
//	paper [run] [flags]                     train a sweep (the default subcommand)
//	paper merge -out DIR SHARD_DIR...       assemble the published layout from shards
//	paper summary [flags] DIR               Table-2 summary and factor tests of a sweep
//	paper report [-ref DIR] [-cor DIR] [-out report.md] [flags]
//	paper evidence [-out evidence.md] [flags] DIR...
//	paper ablate [-preset reference] [sweep flags] [-out ROOT]
//	paper ablate -base DIR -correction NAME [-out ROOT] [-j n]
//	paper submit [flags] [-submit]          Slurm array and merge jobs for a sweep
//	paper status [-shards n] DIR            runs done and missing per shard
//	paper analyze [-dynamics] DIR           recompute the graph metrics (and -dynamics summaries) from the stored weights
//	paper initial [sweep flags] [-csv FILE] statistics of the variants' initial W_rec, without training
//
// # paper run
//
// Trains every (task, variant, simulation) of a preset and writes, under
// -out, the sweep folder <field>_sttc-corr[_sign+] (docs/method.md §8; _sttc-precision
// or _sttc for the other -bio arms):
//
//	config.txt, metrics.csv, metrics_SD.csv, Task<n>/<Metric>_raw.csv   the published layout
//	runs.csv, learning_curves.csv                                      one row per run / per epoch
//	timings.csv                                                        each run's wall time
//	summary.txt, figures/*.png                                         statistics and figures
//	sweep-config.json, runs/<run>.json, runs/<run>.time                the sweep's state
//	runs/<run>.npz                                                     each run's network (docs/weights.md)
//
// Flags (every flag left out keeps the preset's value):
//
//	-preset reference|corrected  reference = the published code exactly, defects included (docs/method.md);
//	                             corrected (default) fixes them and adds the Wr controls
//	-field DIR                   a MICrONS field folder, e.g. $CORTEXRNN_MICRONS/6_6_2;
//	                             default: the built-in synthetic field (-synthetic-n neurons, 312)
//	-tasks 1,2,3                 tasks by name (onechoice, gonogo, perceptualdm, …) or the
//	                             paper's numbers (1 one-choice inference, 2 Go/NoGo, 3 perceptual decision)
//	-variants LIST               variant names, "paper" (the eleven) or "extra", comma-separated;
//	                             WsDsC, WpDsC, … need no shell quoting (s for *, p for !)
//	-sims 20 -epochs 10 -seed 1  simulations per cell, epochs, base seed
//	-lambda 0.3 -lambda-emd 0.1  penalty strengths λ and λ_emd
//	-noise 0.05 -activation relu -lr 0.001 -batch 128 -shuffle
//	-sign                        positive-only arm (W ≥ 0 after every update)
//	-bio corr|precision|sttc     functional matrices of the biological initialisation
//	-expm float32|float64        arithmetic of the communicability's exp (default float32)
//	-grid raw|unit -accuracy training|heldout   override single preset choices
//	-train-trials 5120 -val-trials 2560 -test-trials 2560 -nperm 1000 -clip 0
//	-allow-mixed-kernels         resume a sweep whose runs were trained on another BLAS kernel
//	-retrain-diverged            retrain runs stored as diverged (a resume keeps them by default)
//	-allow-out-of-spec           accept functional matrices that fail the meaning checks, with
//	                             a warning per violation (also for report and submit)
//	-j N                         runs trained at once (results do not depend on it); 0 (default): one per CPU
//	-shard i/n                   run every n-th run of the plan, starting at i (0-based);
//	                             default SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of
//	                             SLURM_ARRAY_TASK_COUNT when set
//	-out DIR                     output root (default results)
//	-weights=false               keep no weights files runs/<key>.npz (kept by default,
//	                             about 0.8 MB per run at N = 312; no fingerprint changes)
//
// Every flag and input is checked before training starts: unknown
// variant, task, preset, activation or bio names, a field folder that
// cannot be read as a field, an output folder that cannot be written, bad
// shard syntax or Slurm variables, and every Config constraint and bound
// (experiment.Config.Validate; -sims at most 10 000, …),
// before the output folder is touched. A folder that holds a sweep of other
// settings or other input data (the SHA-256 of every field file is
// recorded, docs/sweep-format.md) is refused with a message naming what
// differs, as is one written before folder format 2 (read-only: summary
// and report still read it). The flags are the shared mapping of package
// internal/configflags, the same as seqrnn's. Progress goes to stderr: a progress bar
// with ETA on a terminal, one line per finished run otherwise. Each run is
// stored the moment it finishes; rerunning the same command skips finished
// runs (Ctrl-C or kill -9 lose only the runs in flight) and gives the same
// files, byte for byte. Without a shard, the run ends by writing the
// published layout, summary.txt and figures/ and printing the summary.
//
// Examples:
//
//	paper -tasks 1 -sims 5                                   # corrected, synthetic field
//	paper -preset reference -field $CORTEXRNN_MICRONS/6_6_2 -j 2 -out results
//	paper -preset reference -field $CORTEXRNN_MICRONS/6_6_2 -sign -bio precision
//
// On a Slurm cluster, paper submit writes and submits the array and merge
// jobs (below); by hand, one array task per shard (see experiment/SWEEPS.md):
//
//	#SBATCH --array=0-15
//	paper -preset reference -field $CORTEXRNN_MICRONS/6_6_2 -j "$SLURM_CPUS_PER_TASK" -out "shards/$SLURM_ARRAY_TASK_ID"
//
// then, once every task has finished:
//
//	paper merge -out results shards/*
//
// Cluster flags of paper run: -events appends a line per run started,
// finished, stopped or failed to <folder>/events/<host>-<pid>.log; SIGUSR1
// makes it finish the runs in flight, start no new one and exit with status
// 1 (SIGINT and SIGTERM stop at once). Both keep every stored run.
//
// # paper merge
//
// Copies the runs of the shard folders (sweep folders, or output roots that
// hold exactly one) into DIR/<folder>, checks that every run is there, and
// writes the published layout, summary.txt and figures/. Shards of one
// sweep give byte for byte the same files as the unsharded sweep, except
// the runs' wall times (timings.csv and runs/<key>.time).
//
// # paper submit and paper status
//
// paper submit takes the sweep flags of paper run plus the scheduler's
// (-array or -runs-per-task, -cpus-per-task, -j, -time, -merge-time,
// -partition, -account, -mem, -sbatch, -stop-before, -requeue, -paper,
// -job-name) and writes <out>/<folder>/slurm/array.sbatch, an array job
// whose task i runs paper run -shard i/n -events into the shared sweep
// folder with GOMAXPROCS = SLURM_CPUS_PER_TASK, and merge.sbatch, which runs
// paper merge once every task has succeeded. With -submit it submits both
// (the merge with --dependency=afterok:<array job>) and prints the job ids.
// Rerunning it submits only the shards with runs missing. paper status DIR
// prints per shard how many runs are done and missing. docs/clusters.md
// has the details: the scripts, time limits (--signal), requeueing,
// resubmission and measured throughput.
//
// # paper summary
//
// Prints the Table-2 summary of a finished sweep — per variant and task the
// mean, the 95% t-interval and the percentile-bootstrap interval — and the
// factor tests: Kruskal–Wallis across all variants and across each factor's
// levels, two-sided Mann–Whitney U between variants that differ in one
// factor, Holm-corrected. Flags: -metrics (default
// Accuracy,Modularity,SmallWorldness,Entropy), -level, -alpha, -resamples,
// -boot-seed.
//
// # paper report
//
// Writes one Markdown file, with its figures in <name>_figures/, that puts
// a reference sweep (-ref) and a corrected sweep (-cor) next to the numbers
// docs/method.md §9 publishes (embedded in published.go): what the presets
// change; Task accuracy and the ordering of the variants; the W, D and C
// factor tests with Holm-corrected p-values and a verdict per comparison
// (replicated, not significant, reversed) in each preset; modularity,
// small-worldness and weight entropy; how much of the change is the
// accuracy metric and how much the training; learning curves; methods and
// caveats (field, simulations, epochs). A preset whose folder is not given
// is trained first into -runs/<preset> (default report-runs beside the
// report), with the sweep flags of paper run and small defaults: Task 1 and
// 5 simulations. For example:
//
//	paper report -ref results/ref/6_6_2_sttc-corr -cor results/cor/6_6_2_sttc-corr -out report.md
//	paper report -field $CORTEXRNN_MICRONS/6_6_2 -j 2 -out report.md
//
// Both presets name their folder after the field alone (the published
// layout), so give each its own -out root.
//
// # paper evidence
//
// Writes one Markdown report, with figures in <name>_figures/, over any set
// of sweep folders (the reference reproduction, ablations, the corrected
// preset on several fields, the positive-only arm; report.Evidence). Each
// folder is classified by the corrections it applies: none (reference),
// one (an ablation of that correction), all (corrected), or other. For each
// of the paper's claims the report states the published number
// (docs/method.md §9), each arm's result, each correction's effect against
// the reference on the same field (difference in means with its bootstrap
// interval, Cliff's δ, Holm-adjusted Mann–Whitney p; a variant whose runs
// the correction does not change is marked as reused), the corrected result
// per field and pooled over fields (van Elteren's stratified test), and the
// agreement of the variant rankings across fields (Kendall's W). Fields
// whose grid control is degenerate (an axis of length 1, or a fallback grid
// because the listed grid's cell count differs from N) are flagged. A
// sentence states a direction only where its Holm-adjusted p is below
// -alpha. Folders of format 1 (docs/reproduction) are read with their
// stored configuration: the committed reference reproduction was drawn
// with one trial set per simulation, so it shows as the reference with the
// DataSharing correction. A folder with runs missing is refused; with
// -skip-unfinished it is left out and the report names it with the runs it
// has, so that a report written while a sweep still runs says what it does
// not cover.
//
//	paper evidence -out evidence.md results/ref/6_6_2_sttc-corr results/abl/reshape/6_6_2_sttc-corr results/cor/*/*_sttc-corr
//
// # paper ablate
//
// Plans the one-correction-at-a-time ablations from a preset (default
// reference) with the sweep flags applied: for each correction the flag
// that switches it, the variants whose runs it changes (retrained) and
// those it leaves with the base sweep's run fingerprint (reused), derived
// from the fingerprint scopes (ablation.PlanAll), and the paper run
// command of each ablation; with -base DIR -correction NAME it runs that
// ablation of a finished sweep into -out/<flag>, training only the changed
// variants and taking the other runs' results from DIR
// (ablation.ReuseTrainer). The corrections and their flags: -data
// (one trial set per task for the whole sweep, or per simulation),
// -reshape, -epsilon, -unscaled-l1, -grid and -accuracy. A run taken
// from the base names the base sweep and the code that trained it there
// ("reused_from" in its record).
//
// # paper initial
//
// Describes, without training, the initial recurrent matrices W_rec the
// sweep of the given flags would start from (PaperTrainer.InitialRecurrent):
// one column per initialisation among the variants, one row per statistic
// of connectome.Summarize, mean ± sd over every task and simulation; -csv
// FILE writes every draw. The controls of the biological initialisation
// are scaled to its spectral radius; the table shows what else each keeps,
// e.g. the share of weight on self-connections and the spectral radius of
// the coupling alone:
//
//	paper initial -field $CORTEXRNN_MICRONS/6_6_2 -variants paper,scale-matched,lognormal,WbDsC
//
// # Exit status
//
// 0 on success, 2 for bad flags or inputs (nothing was trained), 1 when
// training, reading or writing fails later (finished runs are kept).
//
// # Cost
//
// On the canonical field (N = 312) one run of 10 epochs takes minutes on one
// core: the full reference sweep (3 tasks × 11 variants × 20 simulations =
// 660 runs) is a cluster job, which is what -shard and merge are for.
package main
