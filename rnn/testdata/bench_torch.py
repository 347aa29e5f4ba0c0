"""PyTorch timing of the step BenchmarkTrainStep measures, for comparison.

OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 testdata/bench_torch.py [threads]

One training step: input Gaussian noise (σ 0.05), a relu SimpleRNN (h0 = 0,
α = 1) over 50 steps, a dense readout of the last state, softmax
cross-entropy from logits, an L1 penalty on W_rec, backward, Adam (ε 1e-7),
float32, batch 128, 8 inputs, 4 classes, N = 312, 160, 70.
"""
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)
T, B, NIN, NOUT = 50, 128, 8, 4
for N in (312, 160, 70):
    rnn = torch.nn.RNN(NIN, N, nonlinearity="relu", batch_first=False)
    out = torch.nn.Linear(N, NOUT)
    params = list(rnn.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=1e-3, eps=1e-7)
    x = torch.randn(T, B, NIN)
    y = torch.randint(0, NOUT, (B,))

    def step():
        opt.zero_grad(set_to_none=True)
        h, _ = rnn(x + 0.05 * torch.randn_like(x))
        loss = torch.nn.functional.cross_entropy(out(h[-1]), y) + 1e-4 * rnn.weight_hh_l0.abs().sum()
        loss.backward()
        opt.step()

    for _ in range(3):
        step()
    reps = 20 if N > 100 else 50
    t0 = time.perf_counter()
    for _ in range(reps):
        step()
    dt = (time.perf_counter() - t0) / reps
    flops = 2 * 2 * T * B * NIN * N + 3 * 2 * (T - 1) * B * N * N + 3 * 2 * B * N * NOUT
    print(f"torch {torch.__version__} threads={threads} N={N}: {dt * 1e3:.1f} ms/step, {flops / dt / 1e9:.1f} GFLOP/s")

a, b = torch.randn(128, 312), torch.randn(312, 312)
c = torch.zeros(128, 312)
for _ in range(10):
    torch.mm(a, b, out=c)
t0 = time.perf_counter()
for _ in range(500):
    torch.mm(a, b, out=c)
dt = (time.perf_counter() - t0) / 500
print(f"torch sgemm 128x312x312: {dt * 1e6:.0f} us, {2 * 128 * 312 * 312 / dt / 1e9:.1f} GFLOP/s")
