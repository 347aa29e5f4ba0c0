#!/usr/bin/python3
"""PyTorch side of the cortexrnn side-by-side benchmark (bench/README.md).

Run by the Go program (go run ./bench -torch) as a worker, never on its own
in CI:

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 torch_bench.py FOLDER THREADS

It prints one JSON line describing itself, then answers one JSON request per
stdin line with one JSON line on stdout: {"op": "setup", "job": {...}} builds
a model and returns its id, the penalty at the initial W and the noise-free
data loss at the initial weights; {"op": "run",
"id": k, "reps": r} times r training steps; {"op": "free", "id": k};
{"op": "comm", "job": {...}} times the communicability penalty alone;
{"op": "gemm", "job": {...}} times an n^3 torch.mm. Being a worker lets the Go
program alternate Go and PyTorch steps, so that the load of a shared machine
hits both alike. The arrays a job names are raw little-endian files in FOLDER
(float32 model weights and inputs, int32 labels, float64 distances and
communicabilities, row = presynaptic).

The model is the paper's (PAPER.md §5), exactly as package rnn builds it with
the Go program's weights: a ReLU SimpleRNN on row vectors
h_t = relu(x_t K + h_{t-1} W + b), h_0 = 0, Gaussian input noise (sigma 0.05),
logits = h_T W_out + b_out, softmax cross-entropy from logits averaged over the
batch, plus the variant's penalty on W exactly as package spatial defines it:

    l1      lambda * sum |W|
    wiring  lambda * sum |W| * D
    comm    lambda * sum |W| * C * D,  C = expm(S^-1/2 |W| S^-1/2), zero diagonal
    emd     lambda * sum |W| * D + lambda_emd * mean |sort(C_emp) - sort(C)|

(S = diag of the row sums of |W|, the out-strengths), trained by torch.optim.Adam
(lr 1e-3, eps 1e-7). Gradients come from autograd, through torch.matrix_exp for
C. Everything is float32 (as a PyTorch user trains) unless a job asks for
float64.

Two implementations of the recurrence are timed: "loop" (a Python loop of
torch.addmm + relu, input projection batched over all steps) and "nnrnn"
(torch.nn.RNN(nonlinearity="relu"), ATen's C++ loop); the Go program reports
the faster one.
"""

import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load(folder, name, dtype, shape):
    return np.fromfile(os.path.join(folder, name), dtype=dtype).reshape(shape)


def communicability(w, norm):
    """C = expm(S^-1/2 |W| S^-1/2) with a zero diagonal (spatial.CommunicabilityTo)."""
    a = w.abs()
    s = a.sum(dim=1)
    if norm == "add-epsilon":
        d = (s + 1e-10).rsqrt()
    elif norm == "zero":
        pos = s > 0
        d = torch.where(pos, s, torch.ones_like(s)).rsqrt() * pos
    else:
        raise ValueError("unknown normalisation %r" % norm)
    c = torch.matrix_exp(d[:, None] * a * d[None, :])
    eye = torch.eye(c.shape[0], dtype=c.dtype)
    return a, c * (1 - eye)


def make_penalty(job, folder, dtype):
    kind = job["penalty"]
    n = job["n"]
    lam = job["lambda"]
    if kind == "l1":
        return lambda w: lam * w.abs().sum()
    d = torch.from_numpy(load(folder, job["d"], "<f8", (n, n))).to(dtype)
    if kind == "wiring":
        return lambda w: lam * (w.abs() * d).sum()
    norm = job["norm"]
    if kind == "comm":
        def comm(w):
            a, c = communicability(w, norm)
            return lam * (a * c * d).sum()
        return comm
    if kind == "emd":
        emp = torch.from_numpy(np.sort(load(folder, job["cemp"], "<f8", (n * n,)))).to(dtype)
        lam_emd = job["lambda_emd"]

        def emd(w):
            a, c = communicability(w, norm)
            return lam * (a * d).sum() + lam_emd * (torch.sort(c.reshape(-1))[0] - emp).abs().mean()
        return emd
    raise ValueError("unknown penalty %r" % kind)


def timed(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    return ms


def make_step(job, folder):
    """Builds one variant's model.

    Returns the step function, the penalty at the initial W and the data loss
    at the initial weights without noise.
    """
    T, B, nin, nout, n = job["steps"], job["batch"], job["nin"], job["nout"], job["n"]
    x = torch.from_numpy(load(folder, job["x"], "<f4", (T, B, nin)).copy())
    labels = torch.from_numpy(load(folder, job["labels"], "<i4", (B,)).astype(np.int64))
    win = torch.from_numpy(load(folder, job["win"], "<f4", (nin, n)).copy())
    wrec = torch.from_numpy(load(folder, job["wrec"], "<f4", (n, n)).copy())
    wout = torch.from_numpy(load(folder, job["wout"], "<f4", (n, nout)).copy())
    penalty = make_penalty(job, folder, torch.float32)
    noise = job["noise"]
    gen = torch.Generator().manual_seed(1)

    if job["impl"] == "loop":
        k = win.clone().requires_grad_()
        w = wrec.clone().requires_grad_()
        b = torch.zeros(n, requires_grad=True)
        wo = wout.clone().requires_grad_()
        bo = torch.zeros(nout, requires_grad=True)
        params = [k, w, b, wo, bo]

        def rec():
            return w

        def loss_fn(sigma=noise):
            xn = x + sigma * torch.randn(x.shape, generator=gen) if sigma else x
            z = torch.addmm(b, xn.reshape(T * B, nin), k).reshape(T, B, n)
            h = torch.relu(z[0])  # h_0 = 0: no recurrent product at t = 0
            for t in range(1, T):
                h = torch.relu(torch.addmm(z[t], h, w))
            logits = torch.addmm(bo, h, wo)
            return F.cross_entropy(logits, labels)
    elif job["impl"] == "nnrnn":
        cell = torch.nn.RNN(nin, n, nonlinearity="relu")
        readout = torch.nn.Linear(n, nout)
        with torch.no_grad():
            # nn.RNN computes x K^T + h W^T: store the transposes.
            cell.weight_ih_l0.copy_(win.t())
            cell.weight_hh_l0.copy_(wrec.t())
            cell.bias_ih_l0.zero_()
            cell.bias_hh_l0.zero_()
            readout.weight.copy_(wout.t())
            readout.bias.zero_()
        params = list(cell.parameters()) + list(readout.parameters())

        def rec():
            return cell.weight_hh_l0.t()

        def loss_fn(sigma=noise):
            xn = x + sigma * torch.randn(x.shape, generator=gen) if sigma else x
            _, hn = cell(xn)
            return F.cross_entropy(readout(hn[0]), labels)
    else:
        raise ValueError("unknown impl %r" % job["impl"])

    with torch.no_grad():
        p0 = float(penalty(rec().detach()))
        loss0 = float(loss_fn(0.0))
    opt = torch.optim.Adam(params, lr=job["lr"], eps=job["eps"])

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn() + penalty(rec())
        loss.backward()
        opt.step()
        return float(loss)

    return step, p0, loss0


def comm_job(job, folder):
    n = job["n"]
    w0 = load(folder, job["wrec"], "<f4", (n, n)).astype(np.float64)
    out = {"kind": "comm", "n": n}
    for suffix, dtype in (("", torch.float32), ("64", torch.float64)):
        penalty = make_penalty(dict(job, penalty="comm"), folder, dtype)
        w = torch.from_numpy(w0).to(dtype).requires_grad_()
        val = []

        def f():
            w.grad = None
            p = penalty(w)
            p.backward()
            val.append(float(p))

        out["ms" + suffix] = timed(f, job["warmup"], job["reps"])
        out["p" + suffix] = val[-1]
    return out


def gemm_job(job):
    n = job["n"]
    gen = torch.Generator().manual_seed(1)
    a = torch.randn(n, n, generator=gen)
    b = torch.randn(n, n, generator=gen)
    c = torch.empty(n, n)
    ms = timed(lambda: torch.mm(a, b, out=c), job["warmup"], job["reps"])
    return {"kind": "gemm", "n": n, "ms": ms}


def serve(folder, threads):
    """Answers one JSON request per stdin line with one JSON line on stdout."""
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    models = {}
    next_id = 0
    reply({"torch": torch.__version__, "numpy": np.__version__, "threads": torch.get_num_threads(),
           "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
           "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS", "")})
    for line in sys.stdin:
        req = json.loads(line)
        op = req["op"]
        if op == "setup":
            step, p0, loss0 = make_step(req["job"], folder)
            next_id += 1
            models[next_id] = step
            reply({"id": next_id, "p0": p0, "loss0": loss0})
        elif op == "run":
            reply({"ms": timed(models[req["id"]], 0, req["reps"])})
        elif op == "free":
            del models[req["id"]]
            reply({})
        elif op == "comm":
            reply(comm_job(req["job"], folder))
        elif op == "gemm":
            reply(gemm_job(req["job"]))
        else:
            raise ValueError("unknown op %r" % op)


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: torch_bench.py FOLDER THREADS [FLUSH_DENORMAL(0|1)]")
    if len(sys.argv) == 4:
        torch.set_flush_denormal(sys.argv[3] == "1")
    serve(sys.argv[1], int(sys.argv[2]))


if __name__ == "__main__":
    main()
