// Package cortexrnn builds recurrent neural networks whose wiring, geometry
// and initial weights come from real cortex (MICrONS functional connectomics),
// trains them on cognitive tasks, and measures the graph structure they learn.
//
// It reproduces Shakiba, Rokni, Mohammadi and Dehghani, "Harnessing cortical
// geometry, wiring, and function as inductive biases for recurrent neural
// networks", arXiv:2606.14975 (2026), exactly in a reference mode, and does the
// same computations without the published code's defects by default.
//
// The module is a set of small packages that compose through plain values and
// small interfaces:
//
//	connectome    Field (positions, synapse counts, Corr/STTC/Precision, spikes);
//	              readers for .npy, pickled numpy object arrays, the published
//	              field folders and MICrONS CAVE table exports; functional
//	              measures from spike times; a synthetic field; biological init.
//	spatial       coordinates, distances, communicability (expm and its Fréchet
//	              derivative), wiring-cost and communicability penalties with
//	              exact gradients.
//	rnn           leaky rate RNN, Dale's law, hand-derived BPTT, Adam (Keras
//	              semantics), the training loop and checkpoints.
//	tasks         a NeuroGym-style task API, the paper's three tasks and more.
//	graphmetrics  binarisation, modularity, clustering, efficiency,
//	              small-worldness, assortativity, weight entropy.
//	stats         intervals, Kruskal–Wallis, Mann–Whitney U, Holm.
//	fastblas      AVX-512/AVX2 GEMM kernels for gonum's blas32/blas64.
//	experiment    the paper's variants and presets, seeded parallel sweeps
//	              with resume and sharding, stored run by run.
//	report        what finished sweeps become: the published output layout,
//	              the paper's statistics, figures, and the claim-by-claim
//	              comparison of the reference and corrected presets.
//	examples/...  runnable programs: seqrnn (the main job), paper (the
//	              sweep and its report), graphstats.
//	bench         the training step side by side with PyTorch.
//
// Imports flow one way: connectome, spatial, tasks, graphmetrics, stats and
// fastblas import no other package of the module, rnn reaches only the
// kernels, experiment composes them and report reads experiment's sweeps
// (ARCHITECTURE.md has the map, which a test enforces). Library packages never print and never depend on
// terminal or progress-bar packages; the programs do the talking.
//
// Orientation convention, shared by every package: a weight or connectivity
// matrix W has one row per presynaptic (sending) unit and one column per
// postsynaptic (receiving) unit, so W[i][j] is the connection i → j, row sums
// are out-strengths, and the RNN computes h_t = f(x_t·W_in + h_{t−1}·W_rec + b)
// exactly as Keras' SimpleRNN does.
package cortexrnn
