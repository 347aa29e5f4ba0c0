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
//	fastblas      AVX-512/AVX2 GEMM kernels for gonum's blas32/blas64;
//	              fastblas/relu, the SIMD ReLU loops of rnn's BPTT.
//	experiment    the paper's variants and presets, seeded parallel sweeps
//	              with resume and sharding, stored run by run.
//	dynamics      fixed and slow points, linearisation and state space of
//	              trained networks.
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
//
// Kernels: cortexrnn's own matrix products (training, the penalties'
// matrix exponentials) use the BLAS a program installed with
// blas32.Use/blas64.Use, and fastblas while gonum's default implementation
// is still installed, so a program need not install anything to train at
// full speed, and an OpenBLAS installed through gonum.org/v1/netlib is never
// bypassed. gonum's default is recognised by its type: install gonum's own
// kernels under a type of your own (struct{ gonum.Implementation }) to use
// them. Same kernel, same seed, same results; another kernel (avx512, avx2,
// generic, another BLAS) may change the last bits.
package cortexrnn
