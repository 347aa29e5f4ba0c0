"""PyTorch autodiff reference for the communicability and EMD penalties.

Run with Debian's Python and the torch it ships:
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 torch_penalty.py [--time]
Without --time it writes torch_golden.json: float64 values and gradients by
autodiff through torch.matrix_exp on the N = 8 matrix of comm_golden.json
(an independent check of the analytic gradients). With --time it prints the
forward+backward time of the communicability penalty at N = 312 and 632 and
of the EMD penalty at N = 312 with torch.set_num_threads(2).
"""
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
EPS = 1e-10
torch.set_num_threads(2)


def norm_d(a, mode):
    s = a.sum(dim=1)
    pos = s > 0
    safe = torch.where(pos, s, torch.ones_like(s))
    if mode == "zero":
        return torch.where(pos, safe.rsqrt(), torch.zeros_like(s))
    if mode == "add":
        return (s + EPS).rsqrt()
    if mode == "replace":
        return torch.where(pos, safe, torch.full_like(s, EPS)).rsqrt()
    raise ValueError(mode)


def comm(w, mode):
    a = w.abs()
    d = norm_d(a, mode)
    c = torch.matrix_exp(d[:, None] * a * d[None, :])
    return c * (1 - torch.eye(c.shape[0], dtype=c.dtype))


def pen_comm(w, dist, lam, mode):
    return lam * (w.abs() * comm(w, mode) * dist).sum()


def pen_emd(w, dist, cemp_sorted, lam, lam_emd, mode):
    c = comm(w, mode).flatten()
    cs, _ = torch.sort(c)
    return lam * (w.abs() * dist).sum() + lam_emd * (cs - cemp_sorted).abs().mean()


def golden():
    g = json.load(open(os.path.join(HERE, "comm_golden.json")))
    n = g["n"]
    t = lambda k: torch.tensor(g[k], dtype=torch.float64).reshape(n, n)
    W, D = t("w"), t("d")
    out = dict(n=n, source="testdata/torch_penalty.py, torch %s, float64 autodiff" % torch.__version__)
    for mode in ("zero", "add", "replace"):
        w = W.clone().requires_grad_(True)
        v = pen_comm(w, D, 0.3, mode)
        v.backward()
        out["comm_%s_value" % mode] = v.item()
        out["comm_%s_grad" % mode] = w.grad.flatten().tolist()
    for mode, emp in (("zero", "emp_zero"), ("add", "emp_replace")):
        cemp_sorted, _ = torch.sort(t(emp).flatten())
        w = W.clone().requires_grad_(True)
        v = pen_emd(w, D, cemp_sorted, 0.3, 0.1, mode)
        v.backward()
        out["emd_%s_value" % mode] = v.item()
        out["emd_%s_grad" % mode] = w.grad.flatten().tolist()
    with open(os.path.join(HERE, "torch_golden.json"), "w") as f:
        json.dump(out, f, indent=0)
        f.write("\n")


def timing():
    gen = torch.Generator().manual_seed(0)
    for dtype in (torch.float32, torch.float64):
        for n, kind in ((312, "comm"), (632, "comm"), (312, "emd")):
            w0 = torch.randn(n, n, generator=gen, dtype=dtype) / n ** 0.5
            x = torch.rand(n, 3, generator=gen, dtype=dtype)
            dist = torch.cdist(x, x)
            cemp_sorted, _ = torch.sort(torch.rand(n * n, generator=gen, dtype=dtype) * 0.01)
            reps = 20 if n == 312 else 5
            times = []
            for r in range(reps + 2):
                w = w0.clone().requires_grad_(True)
                t0 = time.perf_counter()
                if kind == "comm":
                    v = pen_comm(w, dist, 0.3, "add")
                else:
                    v = pen_emd(w, dist, cemp_sorted, 0.3, 0.1, "add")
                v.backward()
                times.append(time.perf_counter() - t0)
            times = sorted(times[2:])
            print("torch %s %s N=%d forward+backward: median %.1f ms, min %.1f ms (%d reps, 2 threads)" % (
                str(dtype).replace("torch.", ""), kind, n, 1e3 * times[len(times) // 2], 1e3 * times[0], reps))


if __name__ == "__main__":
    if "--time" in sys.argv:
        timing()
    else:
        golden()
        print("ok")
