"""Independent reference for dynamics.FindFixedPoints (numpy + scipy only).

Reads the small trained network written by gen (small_in.txt: W_in, NIn×N;
small_w.txt: the effective recurrent W, N×N, row = presynaptic;
small_b.txt: b; small_alpha.txt: α) and the 200 initial states
small_starts.txt, and for each of the Go/NoGo default inputs finds the fixed
points of F(h) = (1 − α)h + α relu(x W_in + h W + b) from every initial
state:

  1. scipy.optimize.minimize(method="BFGS") on q(h) = ½‖F(h) − h‖² with the
     gradient α(W (relu'(z) ⊙ r) − r), r = F(h) − h, written out here
     from the formula (not shared with the Go code), gtol 1e-10;
  2. scipy.optimize.root(method="hybr") on F(h) − h with the Jacobian
     α diag(relu'(z)) Wᵀ − α I, MINPACK's Powell hybrid method;
  3. ends with q ≤ 1e-16 are fixed points; they are deduplicated within a
     Euclidean distance of 1e-3; eigenvalues by numpy.linalg.eigvals of
     J = (1 − α)I + α diag(relu'(z)) Wᵀ.

relu'(0) = 0, as in the Go code. Writes fixedpoints.json: per input, the
fixed points (state, q, eigenvalues sorted by decreasing modulus) and the
number of starts that reached each. Run: python3 fixedpoints.py
"""
import json
import platform

import numpy as np
import scipy
from scipy import optimize

W_in = np.loadtxt("small_in.txt", ndmin=2)
W = np.loadtxt("small_w.txt", ndmin=2)
b = np.loadtxt("small_b.txt")
alpha = float(np.loadtxt("small_alpha.txt"))
starts = np.loadtxt("small_starts.txt", ndmin=2)
N = W.shape[0]

INPUTS = {  # dynamics.DefaultInputs("gonogo")
    "fixation": [1, 0, 0],
    "cue nogo": [0, 1, 0],
    "cue go": [0, 0, 1],
    "none": [0, 0, 0],
}


def parts(h, c):
    z = h @ W + c
    fz = np.maximum(z, 0)
    dfz = (z > 0).astype(float)
    r = alpha * (fz - h)
    return r, dfz


def q(h, c):
    r, _ = parts(h, c)
    return 0.5 * r @ r


def grad(h, c):
    r, dfz = parts(h, c)
    return alpha * (W @ (dfz * r) - r)


def G(h, c):
    return parts(h, c)[0]


def DG(h, c):
    _, dfz = parts(h, c)
    return alpha * (dfz[:, None] * W.T) - alpha * np.eye(N)


def jacobian(h, c):
    _, dfz = parts(h, c)
    return (1 - alpha) * np.eye(N) + alpha * (dfz[:, None] * W.T)


out = {
    "source": "dynamics/testdata/fixedpoints.py",
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "python": platform.python_version(),
    "inputs": [],
}
for name, x in INPUTS.items():
    c = np.asarray(x, float) @ W_in + b
    ends = []
    for h0 in starts:
        m = optimize.minimize(q, h0, args=(c,), jac=grad, method="BFGS", options={"gtol": 1e-10, "maxiter": 5000})
        r = optimize.root(G, m.x, args=(c,), jac=DG, method="hybr", options={"xtol": 1e-14})
        h = r.x if q(r.x, c) < m.fun else m.x
        ends.append((q(h, c), h))
    points = []
    for qq, h in sorted(ends, key=lambda e: e[0]):
        if qq > 1e-16:
            continue
        for p in points:
            if np.linalg.norm(p["h"] - h) <= 1e-3:
                p["count"] += 1
                break
        else:
            points.append({"h": h, "q": qq, "count": 1})
    rec = {"name": name, "x": x, "points": []}
    for p in points:
        ev = np.linalg.eigvals(jacobian(p["h"], c))
        ev = ev[np.lexsort((-ev.imag, -ev.real, -np.abs(ev)))]
        rec["points"].append({
            "h": p["h"].tolist(), "q": p["q"], "count": p["count"],
            "eig_re": ev.real.tolist(), "eig_im": ev.imag.tolist(),
        })
    out["inputs"].append(rec)
    print(name, len(points), "fixed points, counts", [p["count"] for p in points])

with open("fixedpoints.json", "w") as f:
    json.dump(out, f, indent=1)
