"""Golden values for the spatial package's tests.

Run with Debian's Python (numpy 1.24.2, scipy 1.10.1):
    /usr/bin/python3 gen_golden.py
It writes expm_golden.json, comm_golden.json and geometry_golden.json beside
itself. Every number in those files comes from this script; floats are written
with repr() so Go reads them back exactly.
"""
import json
import os

import numpy as np
import scipy
import scipy.linalg
from scipy.spatial.distance import cdist

HERE = os.path.dirname(os.path.abspath(__file__))
EPS = 1e-10  # the published notebook's strength offset


def flat(m):
    return [float(x) for x in np.asarray(m, dtype=np.float64).ravel()]


def dump(name, obj):
    obj["source"] = "testdata/gen_golden.py, numpy %s, scipy %s" % (np.__version__, scipy.__version__)
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=0)
        f.write("\n")


# ---------------------------------------------------------------- expm, Fréchet
rng = np.random.default_rng(20260614)


def scaled(a, norm1):
    """a scaled to the given matrix 1-norm (largest absolute column sum)."""
    return a * (norm1 / np.abs(a).sum(axis=0).max())


cases = []


def add(name, a, e=None):
    a = np.asarray(a, dtype=np.float64)
    n = a.shape[0]
    if e is None:
        e = rng.standard_normal((n, n))
    expA, L = scipy.linalg.expm_frechet(a, e)
    # The block-enlargement identity exp([[A, E], [0, A]]) = [[e^A, L], [0, e^A]]
    # as a second opinion (reported, not asserted here).
    big = np.block([[a, e], [np.zeros_like(a), a]])
    eb = scipy.linalg.expm(big)
    cases.append(dict(name=name, n=n, a=flat(a), e=flat(e),
                      expm=flat(scipy.linalg.expm(a)),
                      frechet_expm=flat(expA), frechet=flat(L),
                      block_rel=float(np.abs(eb[:n, n:] - L).max() / np.abs(L).max())))


add("1x1", [[0.7]])
add("m3 small norm", scaled(rng.standard_normal((3, 3)), 0.005))
add("m5", scaled(rng.standard_normal((4, 4)), 0.15))
add("m7", scaled(rng.standard_normal((5, 5)), 0.6))
add("m9", scaled(rng.standard_normal((6, 6)), 1.5))
add("m13 s=0", scaled(rng.standard_normal((8, 8)), 4.0))
add("m13 s=3", scaled(rng.standard_normal((8, 8)), 30.0))
add("large norm 200 negative drift", scaled(rng.standard_normal((7, 7)), 40.0) - 3.0 * np.eye(7))
nn = np.triu(rng.uniform(-1, 1, (6, 6)), 1) * 25.0 + np.diag([-1.0, -0.5, 0.0, 0.3, 0.8, 1.2])
add("non-normal triangular", nn)
z = rng.standard_normal((7, 7))
z[2, :] = 0.0
z[5, :] = 0.0
z[:, 4] = 0.0
add("zero rows and column", z)
# A normalised non-negative matrix like the communicability argument.
w = np.abs(rng.standard_normal((12, 12))) * (rng.uniform(size=(12, 12)) < 0.5)
w[3, :] = 0.0
s = w.sum(axis=1)
d = np.where(s > 0, 1.0 / np.sqrt(np.where(s > 0, s, 1.0)), 0.0)
add("normalised communicability argument", d[:, None] * w * d[None, :])
dump("expm_golden.json", dict(cases=cases))

# ---------------------------------------------------------------- communicability
rng = np.random.default_rng(7)
N = 8
W = rng.standard_normal((N, N))
W[2, :] = 0.0          # a unit with no outgoing weight
W[:, 5] = 0.0          # a unit with no incoming weight
W[6, :] = 0.0          # a unit with neither
W[:, 6] = 0.0
W[rng.uniform(size=(N, N)) < 0.15] = 0.0
counts = rng.integers(0, 4, size=(N, N)).astype(np.float64) * (rng.uniform(size=(N, N)) < 0.4)
counts[1, :] = 0.0
counts[4, :] = 0.0
counts[:, 4] = 0.0
coords = rng.uniform(size=(N, 3))
D = cdist(coords, coords)


def comm(a, mode):
    s = a.sum(axis=1)
    if mode == "zero":
        d = np.where(s > 0, 1.0 / np.sqrt(np.where(s > 0, s, 1.0)), 0.0)
    elif mode == "add":
        d = 1.0 / np.sqrt(s + EPS)
    elif mode == "replace":
        d = 1.0 / np.sqrt(np.where(s == 0, EPS, s))
    c = scipy.linalg.expm(d[:, None] * a * d[None, :])
    np.fill_diagonal(c, 0.0)
    return c


out = dict(n=N, w=flat(W), counts=flat(counts), d=flat(D))
for mode in ("zero", "add", "replace"):
    out["comm_" + mode] = flat(comm(np.abs(W), mode))
    out["emp_" + mode] = flat(comm(counts, mode))
lam, lam_emd = 0.3, 0.1
A = np.abs(W)
for mode in ("zero", "add"):
    C = comm(A, mode)
    out["pen_comm_" + mode] = float(lam * (A * C * D).sum())
    cemp = comm(counts, "zero" if mode == "zero" else "replace")
    out["pen_emd_" + mode] = float(lam * (A * D).sum() + lam_emd * np.abs(np.sort(cemp.ravel()) - np.sort(C.ravel())).mean())
out["pen_wiring"] = float(lam * (A * D).sum())
out["pen_l1"] = float(lam * A.sum())
dump("comm_golden.json", out)

# ---------------------------------------------------------------- geometry
rng = np.random.default_rng(11)
vox = rng.integers(1000, 200000, size=(7, 3))  # voxel coordinates, like positions_<f>.npy
nm = vox * np.array([4, 4, 40])


def minmax_rows(r):
    lo, hi = r.min(axis=1, keepdims=True), r.max(axis=1, keepdims=True)
    return (r - lo) / (hi - lo)


corrected = minmax_rows(nm.astype(np.float64).T).T              # transpose, per-axis scaling
reference = minmax_rows(np.array(vox.tolist()).reshape(3, -1).astype(np.float64)).T  # notebook
g = np.meshgrid(np.arange(3), np.arange(4), np.arange(2))         # 'xy' indexing
grid = np.array([a.ravel() for a in g], dtype=np.float64).T
geo = dict(n=7, positions_nm=flat(nm), corrected=flat(corrected), reference=flat(reference),
           dist_corrected=flat(cdist(corrected, corrected)),
           dist_corrected_pow2=flat(cdist(corrected, corrected) ** 2),
           grid_shape=[3, 4, 2], grid=flat(grid),
           grid_scaled=flat(grid / np.array([2.0, 3.0, 1.0])))
dump("geometry_golden.json", geo)
print("ok")

# ---------------------------------------------------------------- real field 6_6_2
# Summary of C_emp for the canonical field (the data stay in ../shared).
micro = os.environ.get("CORTEXRNN_MICRONS", os.path.join(HERE, "..", "..", "..", "shared", "microns"))
csv = os.path.join(micro, "6_6_2", "connectome_6_6_2.csv")
K = np.loadtxt(csv, delimiter=",", skiprows=1)[:, 1:]
real = dict(field="6_6_2", n=int(K.shape[0]), nonzero=int((K != 0).sum()),
            zero_out_strength=int((K.sum(axis=1) == 0).sum()))
for mode in ("zero", "replace"):
    c = comm(K, mode)
    i, j = np.unravel_index(np.argmax(c), c.shape)
    real["emp_" + mode] = dict(max=float(c.max()), argmax=[int(i), int(j)], sum=float(c.sum()),
                               significant=int((c > 1e-12 * c.max()).sum()))
dump("real_golden.json", real)
print("real 6_6_2:", real)
