#!/usr/bin/python3
"""Golden values for cortexrnn/graphmetrics.

Run with Debian's Python from the graphmetrics directory:

    /usr/bin/python3 testdata/gen_golden.py

Tools (Debian bookworm packages): numpy 1.24, scipy 1.10, networkx 2.8.8.
BCT's binary clustering (clustering_coef_bu) and global efficiency
(efficiency_bin) are computed below from their published formulas (BCT is
GPL and not packaged; no BCT code is used). Until December 2026 this script
held transcriptions of bctpy's two functions; the rewrite reproduces every
value of golden.json and matrices.json.gz (checked by re-running it and
comparing the files).

Timings: run as  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 testdata/gen_golden.py
(process CPU time, so that a loaded machine does not inflate them).

Writes testdata/golden.json (graphs and scalar values), testdata/matrices.json.gz
(weight matrices and their metrics), testdata/cnm_stress.json.gz (CNM partitions of
~400 small random graphs) and prints Python timings for the
benchmark comparison (recorded in testdata/README.md).
"""
import gzip
import json
import math
import os
import random
import sys
import time

import networkx as nx
import numpy as np
import scipy
import scipy.stats
from networkx.algorithms.community import greedy_modularity_communities, modularity

HERE = os.path.dirname(os.path.abspath(__file__))
MICRONS = os.path.join(HERE, "..", "..", "..", "shared", "microns")


# ---- BCT's binary clustering and efficiency, written from the published formulas ----
# (Rubinov & Sporns 2010, doi:10.1016/j.neuroimage.2009.10.003, Table A1; Watts & Strogatz
# 1998; Latora & Marchiori 2001), not from BCT's code. The adjacency matrix is used as given,
# diagonal included, as BCT's definitions do: the paper's null graphs keep self-loops.
def clustering_coef_bu(A):
    """C_u = [A^3]_uu / (k_u^2 - k_u) with k_u = sum_j A_uj, 0 where k_u < 2.

    [A^3]_uu = sum_{i,j} A_ui A_ij A_ju counts the links among u's neighbours (ordered pairs,
    u itself a neighbour when A_uu = 1)."""
    A = (np.asarray(A) != 0).astype(float)
    k = A.sum(axis=1)
    t = np.einsum("ui,ij,ju->u", A, A, A)
    C = np.zeros(len(A))
    ok = k >= 2
    C[ok] = t[ok] / (k[ok] * k[ok] - k[ok])
    return C


def efficiency_bin(A):
    """E = sum_{i != j} 1/d_ij / (n^2 - n), d_ij the shortest-path length (1/inf = 0).

    d_ij is the smallest power p with [A^p]_ij > 0 (walks of length p reach j from i),
    found by multiplying the boolean reachability matrix by A until nothing new is
    reached; self-loops do not change it."""
    A = (np.asarray(A) != 0).astype(float)
    n = len(A)
    D = np.full((n, n), np.inf)
    np.fill_diagonal(D, 0)
    P = np.eye(n)
    for p in range(1, n):
        P = (P @ A > 0).astype(float)
        new = (P > 0) & np.isinf(D)
        if not new.any():
            break
        D[new] = p
    with np.errstate(divide="ignore"):
        inv = 1 / D
    np.fill_diagonal(inv, 0)
    return np.sum(inv) / (n * n - n)


# ---- helpers ---------------------------------------------------------------
def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Inf" if x > 0 else "-Inf"
    return x


def graph_from_edges(n, edges):
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(sorted(tuple(sorted(e)) for e in edges))
    return G


def adjacency(G, n):
    A = np.zeros((n, n))
    for u, v in G.edges():
        A[u, v] = A[v, u] = 1
    return A


def charpath(G):
    tot, cnt = 0, 0
    for s, dd in nx.all_pairs_shortest_path_length(G):
        for t, d in dd.items():
            if t != s:
                tot += d
                cnt += 1
    return tot / cnt if cnt else float("nan")


def assortativity(G):
    if G.number_of_edges() == 0:
        return float("nan")
    with np.errstate(all="ignore"):
        return nx.degree_assortativity_coefficient(G)


def cnm(G):
    if G.number_of_edges() == 0:
        return None, float("nan")
    comms = greedy_modularity_communities(G)  # resolution=1, weight=None
    q = modularity(G, comms, weight=None)
    return [sorted(int(v) for v in c) for c in comms], q


def metrics(G, n):
    A = adjacency(G, n)
    comms, q = cnm(G)
    return {
        "clustering": [num(c) for c in clustering_coef_bu(A)],
        "mean_clustering": num(np.mean(clustering_coef_bu(A))) if n else "NaN",
        "nx_average_clustering": num(nx.average_clustering(G)) if n else "NaN",
        "transitivity": num(nx.transitivity(G)),
        "efficiency": num(efficiency_bin(A)) if n > 1 else "NaN",
        "charpath": num(charpath(G)),
        "assortativity": num(assortativity(G)),
        "cnm": comms,
        "cnm_q": num(q),
        "connected": bool(n > 0 and nx.is_connected(G)),
    }


def graph_case(name, G):
    G = nx.convert_node_labels_to_integers(G, ordering="sorted") if not all(isinstance(v, int) for v in G) else G
    n = G.number_of_nodes()
    assert sorted(G.nodes()) == list(range(n)), name
    edges = sorted(tuple(sorted((int(u), int(v)))) for u, v in G.edges() if u != v)
    H = graph_from_edges(n, edges)
    return {"name": name, "n": n, "edges": edges, "want": metrics(H, n)}


def np_quantile_threshold(W, q=0.9):
    return np.quantile(np.abs(W), q)


def paper_binarize(W, q=0.9):
    A = np.abs(W)
    thr = np.quantile(A, q)
    B = (A > thr)
    B = np.logical_or(B, B.T)
    np.fill_diagonal(B, False)
    return B, thr


def kde_entropy(x):
    x = np.asarray(x, dtype=float).ravel()
    kde = scipy.stats.gaussian_kde(x)
    g = np.linspace(x.min(), x.max(), 100)
    p = kde(g)
    p = p / p.sum()
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def weight_case(name, W):
    n = W.shape[0]
    B, thr = paper_binarize(W)
    G = nx.from_numpy_array(B.astype(int))
    G = graph_from_edges(n, [(int(u), int(v)) for u, v in G.edges()])
    want = metrics(G, n)
    want["threshold"] = num(thr)
    want["edges"] = sorted(tuple(sorted((int(u), int(v)))) for u, v in G.edges())
    want["entropy"] = num(kde_entropy(W))
    # weighted CNM on S = max(|W|, |W|^T), zero diagonal
    S = np.maximum(np.abs(W), np.abs(W).T)
    np.fill_diagonal(S, 0)
    GS = nx.from_numpy_array(S)
    wc = greedy_modularity_communities(GS, weight="weight")
    want["cnm_weighted"] = [sorted(int(v) for v in c) for c in wc]
    want["cnm_weighted_q"] = num(modularity(GS, wc, weight="weight"))
    return {"name": name, "n": n, "w": [float(v) for v in W.ravel()], "want": want}


def main():
    print("numpy", np.__version__, "scipy", scipy.__version__, "networkx", nx.__version__, file=sys.stderr)
    out = {"source": "testdata/gen_golden.py with numpy %s, scipy %s, networkx %s, BCT formulas written in numpy"
                     % (np.__version__, scipy.__version__, nx.__version__)}

    # Quantiles: numpy default (linear) method.
    rng = np.random.default_rng(1)
    qcases = []
    for x, q in [
        ([3.0, 1.0, 2.0], 0.9),
        ([1.0, 2.0, 3.0, 4.0], 0.5),
        ([0.0] * 7 + [1.0, 2.0, 5.0], 0.9),
        (list(rng.normal(size=101)), 0.9),
        (list(rng.normal(size=9999)), 0.9),
        (list(np.round(rng.lognormal(size=1000), 2)), 0.9),
        ([2.5], 0.3),
        (list(rng.normal(size=17)), 0.0),
        (list(rng.normal(size=17)), 1.0),
        (list(rng.normal(size=33)), 0.37),
    ]:
        qcases.append({"x": [float(v) for v in x], "q": q, "want": float(np.quantile(np.array(x), q))})
    out["quantiles"] = qcases

    # Graphs.
    g = []
    karate = nx.Graph()
    karate.add_nodes_from(range(34))
    karate.add_edges_from(nx.karate_club_graph().edges())
    g.append(graph_case("karate", karate))
    g.append(graph_case("path6", nx.path_graph(6)))
    g.append(graph_case("star7", nx.star_graph(6)))
    g.append(graph_case("complete5", nx.complete_graph(5)))
    g.append(graph_case("cycle8", nx.cycle_graph(8)))
    g.append(graph_case("barbell5_2", nx.barbell_graph(5, 2)))
    g.append(graph_case("petersen", nx.petersen_graph()))
    g.append(graph_case("grid6x6", nx.convert_node_labels_to_integers(nx.grid_2d_graph(6, 6))))
    g.append(graph_case("ringlattice30_4", nx.watts_strogatz_graph(30, 4, 0)))
    g.append(graph_case("empty5", nx.empty_graph(5)))
    e = nx.empty_graph(6)
    e.add_edge(1, 4)
    g.append(graph_case("single_edge_isolated", e))
    g.append(graph_case("gnp50", nx.gnp_random_graph(50, 0.1, seed=1)))
    g.append(graph_case("gnp100", nx.gnp_random_graph(100, 0.06, seed=2)))
    g.append(graph_case("gnp200", nx.gnp_random_graph(200, 0.03, seed=3)))
    g.append(graph_case("gnp400", nx.gnp_random_graph(400, 0.02, seed=4)))
    g.append(graph_case("gnm300", nx.gnm_random_graph(300, 2000, seed=5)))
    g.append(graph_case("ba250", nx.barabasi_albert_graph(250, 3, seed=6)))
    g.append(graph_case("plc150", nx.powerlaw_cluster_graph(150, 4, 0.5, seed=7)))
    g.append(graph_case("ws100", nx.watts_strogatz_graph(100, 6, 0.1, seed=8)))
    g.append(graph_case("gnp80_isolated", nx.gnp_random_graph(80, 0.03, seed=9)))
    d = nx.disjoint_union_all([nx.gnp_random_graph(40, 0.15, seed=10), nx.cycle_graph(12),
                               nx.empty_graph(3), nx.complete_graph(6)])
    g.append(graph_case("disconnected", d))
    g.append(graph_case("caveman", nx.connected_caveman_graph(6, 5)))
    # Many exact ties in the CNM gains: regular and lattice-like graphs.
    g.append(graph_case("regular3_40", nx.random_regular_graph(3, 40, seed=12)))
    g.append(graph_case("regular4_100", nx.random_regular_graph(4, 100, seed=13)))
    g.append(graph_case("hypercube5", nx.convert_node_labels_to_integers(nx.hypercube_graph(5))))
    g.append(graph_case("circular_ladder20", nx.circular_ladder_graph(20)))
    g.append(graph_case("grid10x10_periodic", nx.convert_node_labels_to_integers(nx.grid_2d_graph(10, 10, periodic=True))))
    g.append(graph_case("triangular6x8", nx.convert_node_labels_to_integers(nx.triangular_lattice_graph(6, 8))))
    g.append(graph_case("gnp400_dense", nx.gnp_random_graph(400, 0.05, seed=14)))
    g.append(graph_case("gnp60_sparse", nx.gnp_random_graph(60, 0.02, seed=15)))
    for gc in g:
        assert gc["n"] < 3 or True
    out["graphs"] = g

    # Paper null matrices with self-loops: BCT semantics on the diagonal.
    nulls = []
    for seed, n in [(11, 40), (12, 90), (13, 150)]:
        r = np.random.default_rng(seed)
        U = r.uniform(size=(n, n))
        A = ((U + U.T) / 2 > 0.7).astype(float)
        nulls.append({
            "name": "paper_null_%d" % n, "n": n,
            "adj": [[int(i), int(j)] for i, j in zip(*np.nonzero(np.triu(A)))],
            "clustering": [num(c) for c in clustering_coef_bu(A)],
            "mean_clustering": num(np.mean(clustering_coef_bu(A))),
            "efficiency": num(efficiency_bin(A)),
            "selfloops": int(np.trace(A)),
        })
    out["paper_nulls"] = nulls

    # Entropy of samples.
    r = np.random.default_rng(21)
    ent = []
    for name, x in [
        ("normal1000", r.normal(size=1000)),
        ("lognormal5000", r.lognormal(-0.5, 0.5, size=2000)),
        ("bimodal_gap", np.concatenate([r.normal(0, 0.01, 1000), r.normal(50, 0.01, 30)])),
        ("two_values", np.array([0.0] * 50 + [1.0] * 3)),
        ("heavy_tail", r.standard_cauchy(2000)),
        ("sparse_weights", np.where(r.uniform(size=3000) < 0.9, 0.0, r.normal(size=3000))),
    ]:
        ent.append({"name": name, "x": [float(v) for v in x], "want": kde_entropy(x)})
    out["entropy"] = ent

    # MICrONS synapse graphs: edge where count > 0 in either direction.
    mic = []
    for field in ["6_6_2", "4_7_2", "5_3_8", "6_6_8", "9_3_2"]:
        path = os.path.join(MICRONS, field, "connectome_%s.csv" % field)
        if not os.path.exists(path):
            print("missing", path, file=sys.stderr)
            continue
        C = np.loadtxt(path, delimiter=",", skiprows=1)[:, 1:]
        n = C.shape[0]
        B = (C != 0)
        B = np.logical_or(B, B.T)
        np.fill_diagonal(B, False)
        G = graph_from_edges(n, [(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(B)))])
        m = metrics(G, n)
        del m["clustering"]
        Bq, thr = paper_binarize(C)
        m["paper_binarization_equals_nonzero"] = bool((Bq == B).all())
        m["edges_count"] = G.number_of_edges()
        m["nonzeros"] = int(np.count_nonzero(C))
        m["density"] = num(nx.density(G))
        m["isolated"] = int(sum(1 for v in G if G.degree(v) == 0))
        mic.append({"field": field, "n": n, "want": m})
    out["microns"] = mic

    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))

    # Weight matrices ("trained-looking"), rounded so ties occur.
    r = np.random.default_rng(31)
    mats = []
    n = 100
    Q, R = np.linalg.qr(r.normal(size=(n, n)))
    Q = Q * np.sign(np.diag(R))
    blocks = np.repeat(np.arange(4), n // 4)
    W = Q + 0.3 * (blocks[:, None] == blocks[None, :]) * r.normal(0.1, 0.1, size=(n, n)) + 0.05 * r.normal(size=(n, n))
    mats.append(weight_case("ortho_modules100", np.round(W, 6)))
    n = 120
    L = r.lognormal(-0.5, 0.5, size=(n, n))
    pos = r.uniform(size=(n, 3))
    dist = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1))
    B = L * np.exp(-dist / 0.3)
    B = B * (0.95 / np.max(np.abs(np.linalg.eigvals(B))))
    W = B + 0.02 * r.normal(size=(n, n))
    mats.append(weight_case("bio_spatial120", np.round(W, 6)))
    n = 80
    W = np.maximum(0, r.normal(-0.3, 1, size=(n, n)) + 0.5 * np.outer(r.normal(size=n), r.normal(size=n)))
    mats.append(weight_case("nonneg80", np.round(W, 3)))
    n = 50
    W = r.poisson(0.3, size=(n, n)).astype(float)
    mats.append(weight_case("counts50", W))
    n = 60
    W = np.zeros((n, n))
    W[r.integers(0, n, 20), r.integers(0, n, 20)] = r.normal(size=20)
    mats.append(weight_case("very_sparse60", np.round(W, 6)))
    with open(os.path.join(HERE, "matrices.json.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(json.dumps({"source": out["source"], "matrices": mats}).encode())

    # CNM stress set: many small random graphs with many exact ties.
    rs = random.Random(5)
    stress = []
    for k in range(400):
        n = rs.randint(5, 120)
        kind = rs.choice(["gnp", "reg", "ws", "ba", "grid"])
        if kind == "gnp":
            G = nx.gnp_random_graph(n, rs.choice([0.03, 0.05, 0.1, 0.3]), seed=k)
        elif kind == "reg":
            d = rs.choice([2, 3, 4])
            n = n + (n * d) % 2
            G = nx.random_regular_graph(d, n, seed=k)
        elif kind == "ws":
            G = nx.watts_strogatz_graph(n, rs.choice([2, 4, 6]), rs.choice([0, 0.05, 0.2]), seed=k)
        elif kind == "ba":
            G = nx.barabasi_albert_graph(n, rs.choice([1, 2, 3]), seed=k)
        else:
            a, b = rs.randint(2, 9), rs.randint(2, 9)
            G = nx.convert_node_labels_to_integers(
                nx.grid_2d_graph(a, b, periodic=rs.random() < 0.5 and a > 2 and b > 2))
        n = G.number_of_nodes()
        H = graph_from_edges(n, list(G.edges()))
        if H.number_of_edges() == 0:
            continue
        c = greedy_modularity_communities(H)
        stress.append({"kind": kind, "n": n, "edges": sorted(tuple(sorted(e)) for e in H.edges()),
                       "cnm": [sorted(x) for x in c], "q": modularity(H, c, weight=None)})
    with open(os.path.join(HERE, "cnm_stress.json.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(json.dumps({"source": out["source"], "graphs": stress}, separators=(",", ":")).encode())

    # Timing of the Python reference on a 312-node thresholded network.
    n = 312
    r = np.random.default_rng(41)
    Q, R = np.linalg.qr(r.normal(size=(n, n)))
    W = Q * np.sign(np.diag(R)) + 0.05 * r.normal(size=(n, n))
    t0 = time.process_time()
    B, _ = paper_binarize(W)
    G = nx.from_numpy_array(B.astype(int))
    comms = greedy_modularity_communities(G)
    qv = modularity(G, comms)
    a = nx.degree_assortativity_coefficient(G)
    A = B.astype(float)
    C = np.mean(clustering_coef_bu(A))
    E = efficiency_bin(A)
    t1 = time.process_time()
    k = 20
    cs, es = [], []
    for _ in range(k):
        U = r.uniform(size=(n, n))
        Nl = ((U + U.T) / 2 > 0.7).astype(float)
        cs.append(np.mean(clustering_coef_bu(Nl)))
        es.append(efficiency_bin(Nl))
    t2 = time.process_time()
    h = kde_entropy(W)
    t3 = time.process_time()
    per_null = (t2 - t1) / k
    print("python 312-node (CPU seconds, run with OPENBLAS_NUM_THREADS=1 for one core): network metrics (CNM, Q, assortativity, C, E) %.3f s; "
          "per paper null %.4f s -> 1000 nulls %.1f s; KDE entropy %.3f s; total for 1000 nulls %.1f s"
          % (t1 - t0, per_null, 1000 * per_null, t3 - t2, (t1 - t0) + 1000 * per_null + (t3 - t2)))


if __name__ == "__main__":
    main()
