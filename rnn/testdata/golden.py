"""Golden values for rnn's reference tests (golden_test.go).

Run with Debian's Python: /usr/bin/python3 testdata/golden.py > testdata/golden.json
Independent implementations: PyTorch autograd (float64) for the forward pass
and gradients, numpy for Keras' Adam formula and Keras' Orthogonal sign fix.
"""
import json
import sys

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20260614)


def f32(a):
    """Round to float32 (batches are float32) and return float64."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def make_case(name, act, alpha, loss, dale, nin=3, n=5, nout=4, T=6, B=4, exc=3):
    p = {
        "W_in": rng.normal(0, 0.5, (nin, n)),
        "W_rec": rng.normal(0, 0.4, (n, n)),
        "b": rng.normal(0, 0.1, (1, n)),
        "W_out": rng.normal(0, 0.5, (n, nout)),
        "b_out": rng.normal(0, 0.1, (1, nout)),
    }
    mask = (rng.random((n, n)) > 0.2).astype(np.float64)
    np.fill_diagonal(mask, 0)
    X = f32(rng.normal(0, 1, (T, B, nin)))
    case = {"name": name, "activation": act, "alpha": alpha, "loss": loss, "dale": dale,
            "nin": nin, "n": n, "nout": nout, "steps": T, "size": B, "excitatory": exc,
            "mask": mask.ravel().tolist(), "X": X.ravel().tolist()}
    if loss == "last":
        labels = rng.integers(0, nout, B)
        case["labels"] = labels.tolist()
    else:
        if loss == "mse":
            Y = f32(rng.normal(0, 1, (T, B, nout)))
        else:
            Y = np.zeros((T, B, nout))
            Y[np.arange(T)[:, None], np.arange(B)[None, :], rng.integers(0, nout, (T, B))] = 1
        M = f32(rng.integers(0, 3, (T, B)) / 2)
        M[0, 0] = 1
        case["Y"] = Y.ravel().tolist()
        case["mask_t"] = M.ravel().tolist()
    t = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    Mt = torch.tensor(mask)
    W = t["W_rec"] * Mt
    if dale:
        s = torch.tensor([1.0] * exc + [-1.0] * (n - exc))
        W = s[:, None] * torch.abs(W)
    f = {"relu": torch.relu, "tanh": torch.tanh, "softplus": torch.nn.functional.softplus,
         "identity": lambda z: z}[act]
    Xt = torch.tensor(X)
    h = torch.zeros(B, n)
    outs = []
    for step in range(T):
        h = (1 - alpha) * h + alpha * f(Xt[step] @ t["W_in"] + h @ W + t["b"])
        outs.append(h @ t["W_out"] + t["b_out"])
    if loss == "last":
        L = torch.nn.functional.cross_entropy(outs[-1], torch.tensor(labels))
    else:
        Ylog = torch.stack(outs)  # T, B, nout
        Yt, Mt_ = torch.tensor(Y), torch.tensor(M)
        if loss == "mse":
            ell = ((Ylog - Yt) ** 2).mean(-1)
        else:
            ell = -(Yt * torch.log_softmax(Ylog, -1)).sum(-1)
        L = (Mt_ * ell).sum() / Mt_.sum()
    L.backward()
    case["params"] = {k: v.ravel().tolist() for k, v in p.items()}
    case["loss_value"] = L.item()
    case["grads"] = {k: v.grad.numpy().ravel().tolist() for k, v in t.items()}
    return case


cases = [
    make_case("paper relu last-step", "relu", 1.0, "last", False),
    make_case("leaky tanh masked CE dale", "tanh", 0.3, "ce", True),
    make_case("softplus masked MSE dale", "softplus", 0.7, "mse", True),
    make_case("identity leaky last-step", "identity", 0.5, "last", False),
]

# Keras Adam (PAPER.md §6) on a fixed gradient sequence.
lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
p0 = rng.normal(0, 1, 7)
gs = [rng.normal(0, 1, 7) * s for s in (1.0, 1e-3, 10.0)]
p, m, v = p0.copy(), np.zeros(7), np.zeros(7)
for t, g in enumerate(gs, start=1):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    p = p - lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps)
adam = {"p0": p0.tolist(), "grads": [g.tolist() for g in gs], "p3": p.tolist()}

# Keras Orthogonal: q, r = qr(G); q *= sign(diag(r)).
G = rng.normal(0, 1, (6, 4))
q, r = np.linalg.qr(G)
q = q * np.sign(np.diag(r))
ortho = {"G": G.ravel().tolist(), "rows": 6, "cols": 4, "Q": q.ravel().tolist()}

json.dump({"source": "testdata/golden.py, torch %s, numpy %s, python %s" % (
    torch.__version__, np.__version__, sys.version.split()[0]),
    "cases": cases, "adam": adam, "orthogonal": ortho}, sys.stdout, indent=1)
