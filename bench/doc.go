// Command bench times cortexrnn's training step side by side with PyTorch on
// the same machine and the same number of threads (issue 8, bench/README.md).
//
// Usage:
//
//	go run ./bench [flags]          # Go only
//	go run ./bench -torch [flags]   # Go and PyTorch (/usr/bin/python3, torch on CPU)
//	bash bench/run.sh               # the documented default: -torch
//
// For each N in -n (default 160, 312, 632) and each variant in -variants
// (default W, WD*, W*D*C, W*D*C*) it builds the model exactly as
// experiment.PaperTrainer.Run composes it — rnn.PaperConfig at Task 1's shapes
// (50 steps, 8 inputs, 4 classes), batch 128, input noise 0.05, the variant's
// initial W and spatial penalty from a PaperTrainer on a synthetic field of N
// neurons (or the MICrONS field of -field), Keras' Adam at lr 1e-3 — and times
// rnn.Trainer.TrainStep (forward, BPTT, penalty value and gradient, Adam
// update) on one batch of real Task 1 trials. With -torch the same weights,
// inputs, labels, distances and empirical communicability are written to a
// temporary folder and the embedded torch_bench.py trains the same model in
// PyTorch (float32, autograd, torch.matrix_exp) with torch.set_num_threads(T),
// OMP_NUM_THREADS=T, OPENBLAS_NUM_THREADS=T (Debian's torch.mm calls
// OpenBLAS, whose pool set_num_threads does not govern) and
// OMP_WAIT_POLICY=PASSIVE. Every timing is the median of -reps single
// steps after -warmup untimed ones.
//
// It also measures the float32 GEMM peak (1024³ Sgemm of the installed BLAS,
// gonum's, and PyTorch's torch.mm), the communicability penalty alone (value
// and exact gradient, Go float64 against PyTorch autodiff in float32 and
// float64), the Go time per step over the -scaling sizes, and one whole
// training pipeline per penalty kind (experiment.PaperTrainer.Run: data,
// training, validation, held-out test, graph metrics with 1,000 nulls),
// extrapolated to 10 epochs and to the paper's 11 variants × 3 tasks × 20
// simulations.
//
// The BLAS is chosen with -blas: "fast" installs fastblas.Implementation for
// blas32 and blas64 (the default), "gonum" keeps gonum's pure-Go one. With
// -flush (the default) both sides flush subnormals to zero
// (fastblas.Implementation.FlushSubnormals, torch.set_flush_denormal), as
// TensorFlow does on CPUs.
package main
