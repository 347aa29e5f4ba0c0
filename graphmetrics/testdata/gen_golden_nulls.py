#!/usr/bin/python3
"""Distributional golden values for graphmetrics.SignedStrengthNull.

Run with Debian's Python from the graphmetrics directory:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 testdata/gen_golden_nulls.py

Tools: numpy 1.24.2, networkx 2.8.8 (Debian bookworm). Writes testdata/nulls.json.gz.

The strength-preserving randomisation of a weighted signed matrix (Rubinov & Sporns
2011, doi:10.1016/j.neuroimage.2011.03.069) is implemented here independently, in
numpy, from its published description (no BCT code): degree-preserving swaps of the
sign pattern that keep every node's in- and out-degree of each sign, then, for each
sign, repeated rank matching of the weights still to be placed against the expected
weights r_out(i) r_in(j) of the arcs still without one, where r are the strengths
still to be given out. The nulls are random, so the golden values are the mean and
standard deviation, over NNULL nulls of one fixed matrix, of statistics of the null:
the four signed-strength correlations with the original, the share of entries that
keep their sign, and the mean Onnela clustering (networkx) of max(|N|, |N|^T)/max|N|.
The Go test draws as many nulls and compares the means within their standard errors.
"""
import gzip
import json
import math
import os
import sys

import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
NNULL = 200
SWAPS_PER_ARC = 10
RESORT_FRACTION = 0.1


def rewire_signs(S, rng):
    """Degree-preserving swaps of the sign pattern S (+1, -1, 0; zero diagonal)."""
    n = len(S)
    S = S.copy()
    lists = {1: [], -1: []}
    for i in range(n):
        for j in range(n):
            if S[i, j] != 0:
                lists[int(S[i, j])].append((i, j))
    where = {}
    for s in (1, -1):
        for k, a in enumerate(lists[s]):
            where[a] = k
    m = len(lists[1]) + len(lists[-1])
    target = SWAPS_PER_ARC * m
    swaps = attempts = 0
    while swaps < target and attempts < 100 * target:
        if attempts >= 10 * m and swaps * 100 < attempts:
            break
        attempts += 1
        e = int(rng.integers(m))
        s = 1 if e < len(lists[1]) else -1
        if s == -1:
            e -= len(lists[1])
        L = lists[s]
        e2 = int(rng.integers(len(L)))
        if e2 == e:
            continue
        (a, b), (c, d) = L[e], L[e2]
        if a == c or b == d or a == d or c == b:
            continue
        x = S[a, d]
        if x != S[c, b] or x == s:
            continue
        # The two arcs of sign s move to a->d, c->b; state x moves to a->b, c->d.
        if x != 0:
            O = lists[int(x)]
            i1, i2 = where.pop((a, d)), where.pop((c, b))
            O[i1], O[i2] = (a, b), (c, d)
            where[(a, b)], where[(c, d)] = i1, i2
        else:
            del where[(a, b)], where[(c, d)]
        L[e], L[e2] = (a, d), (c, b)
        where[(a, d)], where[(c, b)] = e, e2
        S[a, b] = S[c, d] = x
        S[a, d] = S[c, b] = s
        swaps += 1
    return S


def place_weights(W, S, rng):
    """Rank-match each sign's weights to the null's arcs of that sign."""
    n = len(W)
    N = np.zeros_like(W)
    np.fill_diagonal(N, np.diag(W))
    off = ~np.eye(n, dtype=bool)
    for s in (1, -1):
        mask = (np.sign(W) == s) & off
        A = np.where(mask, np.abs(W), 0.0)
        rout, rin = A.sum(axis=1), A.sum(axis=0)
        wts = np.sort(A[mask])[::-1]
        arcs = np.argwhere((S == s) & off)
        while len(arcs):
            e = rout[arcs[:, 0]] * rin[arcs[:, 1]]
            order = np.lexsort((np.arange(len(arcs)), -e))  # descending, ties by arc
            batch = max(1, int(math.ceil(RESORT_FRACTION * len(arcs))))
            ranks = rng.permutation(len(arcs))[:batch]
            take = np.zeros(len(arcs), dtype=bool)
            for rho in ranks:
                i, j = arcs[order[rho]]
                v = wts[rho]
                N[i, j] = s * v
                rout[i] -= v
                rin[j] -= v
                take[order[rho]] = True
            keep_w = np.ones(len(wts), dtype=bool)
            keep_w[ranks] = False
            arcs, wts = arcs[~take], wts[keep_w]
    return N


def strengths(M):
    n = len(M)
    off = ~np.eye(n, dtype=bool)
    P = np.where((M > 0) & off, M, 0.0)
    Q = np.where((M < 0) & off, -M, 0.0)
    return [P.sum(axis=1), P.sum(axis=0), Q.sum(axis=1), Q.sum(axis=0)]


def onnela_mean(M):
    n = len(M)
    A = np.abs(M)
    np.fill_diagonal(A, 0)
    S = np.maximum(A, A.T) / A.max()
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((i, j, S[i, j]) for i in range(n) for j in range(i + 1, n) if S[i, j] > 0)
    c = nx.clustering(G, weight="weight")
    return float(np.mean([c[i] for i in range(n)]))


def main():
    print("numpy", np.__version__, "networkx", nx.__version__, file=sys.stderr)
    r = np.random.default_rng(51)
    n = 30
    blocks = np.repeat(np.arange(3), n // 3)
    W = 0.3 * r.normal(size=(n, n)) + np.where(blocks[:, None] == blocks[None, :], 0.5, -0.2)
    W[r.uniform(size=(n, n)) < 0.3] = 0
    W = np.round(W, 6)
    s0 = strengths(W)
    off = ~np.eye(n, dtype=bool)
    stats = []
    rng = np.random.default_rng(52)
    for _ in range(NNULL):
        N = place_weights(W, rewire_signs(np.where(off, np.sign(W), 0).astype(int), rng), rng)
        s1 = strengths(N)
        row = [float(np.corrcoef(a, b)[0, 1]) for a, b in zip(s0, s1)]
        nz = (W != 0) & off
        row.append(float(np.mean(np.sign(N[nz]) == np.sign(W[nz]))))
        row.append(onnela_mean(N))
        stats.append(row)
    stats = np.array(stats)
    names = ["strength_corr_out_pos", "strength_corr_in_pos", "strength_corr_out_neg", "strength_corr_in_neg",
             "sign_overlap", "onnela_mean"]
    out = {"source": "testdata/gen_golden_nulls.py with numpy %s, networkx %s" % (np.__version__, nx.__version__),
           "n": n, "w": [float(v) for v in W.ravel()], "nnull": NNULL,
           "mean": dict(zip(names, map(float, stats.mean(axis=0)))),
           "sd": dict(zip(names, map(float, stats.std(axis=0, ddof=1))))}
    with open(os.path.join(HERE, "nulls.json.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(json.dumps(out, separators=(",", ":")).encode())
    print(json.dumps(out["mean"], indent=1), json.dumps(out["sd"], indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
