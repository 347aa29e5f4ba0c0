#!/usr/bin/python3
"""Golden values for graphmetrics' directed, weighted and signed measures.

Run with Debian's Python from the graphmetrics directory:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 testdata/gen_golden_directed.py

Tools (Debian bookworm packages): numpy 1.24, networkx 2.8.8. Writes
testdata/directed.json.gz. The script is deterministic.

Sources, per measure:
  networkx (where it has the measure)
    - directed CNM communities and directed (Leicht-Newman) modularity:
      greedy_modularity_communities(DiGraph), modularity(DiGraph, ...)
    - the four directed degree assortativities:
      degree_assortativity_coefficient(DiGraph, x, y)
    - the four strength assortativities on the kept arcs weighted by |W|:
      degree_assortativity_coefficient(DiGraph, x, y, weight="weight")
    - binary directed clustering (Fagiolo 2007): clustering(DiGraph)
    - weighted directed clustering (Fagiolo 2007): clustering(DiGraph, weight="weight")
    - weighted undirected clustering (Onnela et al. 2005): clustering(Graph, weight="weight")
    - directed efficiency and path length: all_pairs_shortest_path_length(DiGraph)
    - weighted efficiency with distance 1/w: all_pairs_dijkstra_path_length on
      the (Di)Graph with edge attribute "length" = 1/w
  numpy, written here from the published formulas (networkx has no signed modularity)
    - signed modularity, symmetric (Gomez, Jensen & Arenas 2009) and asymmetric
      (Rubinov & Sporns 2011), in the directed form with s_out(i) s_in(j) / v.
"""
import gzip
import json
import math
import os
import sys

import networkx as nx
import numpy as np
from networkx.algorithms.community import greedy_modularity_communities, modularity

HERE = os.path.dirname(os.path.abspath(__file__))


def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    return x


def digraph(n, arcs, weights=None):
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    for k, (i, j) in enumerate(arcs):
        if weights is None:
            G.add_edge(int(i), int(j))
        else:
            G.add_edge(int(i), int(j), weight=float(weights[k]))
    return G


def assort4(G, weight=None):
    out = {}
    for x, y in [("out", "in"), ("in", "out"), ("out", "out"), ("in", "in")]:
        with np.errstate(all="ignore"):
            try:
                r = nx.degree_assortativity_coefficient(G, x=x, y=y, weight=weight)
            except (ValueError, ZeroDivisionError):
                r = float("nan")
        out[x + "_" + y] = num(r)
    return out


def directed_paths(G, n):
    inv, tot, cnt = 0.0, 0, 0
    for s, dd in nx.all_pairs_shortest_path_length(G):
        for t, d in dd.items():
            if t != s:
                inv += 1.0 / d
                tot += d
                cnt += 1
    return inv / (n * n - n), (tot / cnt if cnt else float("nan"))


def binary_case(name, G):
    n = G.number_of_nodes()
    arcs = sorted((int(u), int(v)) for u, v in G.edges() if u != v)
    G = digraph(n, arcs)
    want = {}
    if arcs:
        comms = greedy_modularity_communities(G)
        want["cnm"] = [sorted(int(v) for v in c) for c in comms]
        want["cnm_q"] = num(modularity(G, comms))
    want["assort"] = assort4(G)
    cl = nx.clustering(G)
    want["clustering"] = [num(cl[i]) for i in range(n)]
    eff, L = directed_paths(G, n)
    want["efficiency"] = num(eff)
    want["charpath"] = num(L)
    return {"name": name, "n": n, "arcs": arcs, "want": want}


def weighted_efficiency(n, S, directed):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    for i in range(n):
        for j in range(n):
            if i != j and S[i, j] > 0 and (directed or i < j):
                G.add_edge(i, j, length=1.0 / S[i, j])
    inv = 0.0
    for s, dd in nx.all_pairs_dijkstra_path_length(G, weight="length"):
        for t, d in dd.items():
            if t != s:
                inv += 1.0 / d
    return inv / (n * n - n)


def signed_modularity(W, labels, kind):
    """Signed modularity from the formulas (all N^2 entries, diagonal included).

    B^pm_ij = w^pm_ij - s^pm_out(i) s^pm_in(j) / v^pm,  v^pm = sum_ij w^pm_ij.
    symmetric (Gomez et al. 2009):   Q = (sum B+ delta - sum B- delta) / (v+ + v-)
    asymmetric (Rubinov & Sporns 2011): Q = sum B+ delta / v+ - sum B- delta / (v+ + v-)
    """
    Wp = np.where(W > 0, W, 0.0)
    Wn = np.where(W < 0, -W, 0.0)
    vp, vn = Wp.sum(), Wn.sum()
    same = labels[:, None] == labels[None, :]
    qp = qn = 0.0
    if vp > 0:
        Bp = Wp - np.outer(Wp.sum(axis=1), Wp.sum(axis=0)) / vp
        qp = Bp[same].sum()
    if vn > 0:
        Bn = Wn - np.outer(Wn.sum(axis=1), Wn.sum(axis=0)) / vn
        qn = Bn[same].sum()
    if kind == "symmetric":
        return (qp - qn) / (vp + vn)
    return qp / vp - qn / (vp + vn)


def matrix_case(name, W, partitions):
    n = W.shape[0]
    A = np.abs(W)
    thr = np.quantile(A, 0.9)
    K = A > thr
    np.fill_diagonal(K, False)
    arcs = [(int(i), int(j)) for i, j in zip(*np.nonzero(K))]
    want = binary_case(name, digraph(n, arcs))["want"]
    want["threshold"] = num(thr)
    want["arcs"] = arcs
    # Strength assortativity: the kept arcs weighted by |W|.
    want["strength_assort"] = assort4(digraph(n, arcs, [A[i, j] for i, j in arcs]), weight="weight")
    # Weighted measures on all of |W| off the diagonal (networkx normalises by the max weight).
    D = A.copy()
    np.fill_diagonal(D, 0)
    Gd = nx.DiGraph()
    Gd.add_nodes_from(range(n))
    Gd.add_weighted_edges_from((i, j, D[i, j]) for i in range(n) for j in range(n) if D[i, j] > 0)
    cl = nx.clustering(Gd, weight="weight")
    want["fagiolo_weighted"] = [num(cl[i]) for i in range(n)]
    S = np.maximum(D, D.T)
    Gu = nx.Graph()
    Gu.add_nodes_from(range(n))
    Gu.add_weighted_edges_from((i, j, S[i, j]) for i in range(n) for j in range(i + 1, n) if S[i, j] > 0)
    cl = nx.clustering(Gu, weight="weight")
    want["onnela"] = [num(cl[i]) for i in range(n)]
    mx = D.max()
    want["weighted_efficiency_directed"] = num(weighted_efficiency(n, D / mx, True))
    want["weighted_efficiency_undirected"] = num(weighted_efficiency(n, S / mx, False))
    sm = []
    for part in partitions:
        lab = np.asarray(part)
        comms = [sorted(int(i) for i in np.nonzero(lab == c)[0]) for c in sorted(set(part))]
        sm.append({"communities": comms,
                   "symmetric": num(signed_modularity(W, lab, "symmetric")),
                   "asymmetric": num(signed_modularity(W, lab, "asymmetric"))})
    want["signed"] = sm
    return {"name": name, "n": n, "w": [float(v) for v in W.ravel()], "want": want}


def main():
    print("numpy", np.__version__, "networkx", nx.__version__, file=sys.stderr)
    out = {"source": "testdata/gen_golden_directed.py with numpy %s, networkx %s" % (np.__version__, nx.__version__)}

    g = []
    g.append(binary_case("gnp30", nx.gnp_random_graph(30, 0.15, seed=1, directed=True)))
    g.append(binary_case("gnp80", nx.gnp_random_graph(80, 0.1, seed=2, directed=True)))
    g.append(binary_case("gnp150", nx.gnp_random_graph(150, 0.05, seed=3, directed=True)))
    g.append(binary_case("gnp60_sparse", nx.gnp_random_graph(60, 0.02, seed=4, directed=True)))
    sf = nx.DiGraph(nx.scale_free_graph(120, seed=5))
    sf.remove_edges_from(nx.selfloop_edges(sf))
    g.append(binary_case("scale_free120", sf))
    cyc = nx.DiGraph()
    cyc.add_nodes_from(range(12))
    cyc.add_edges_from([(i, (i + 1) % 12) for i in range(12)] + [(0, 6), (6, 0), (3, 9), (2, 5)])
    g.append(binary_case("cycle12_chords", cyc))
    # Two directed 6-cliques joined by one arc: CNM finds them.
    two = nx.DiGraph()
    two.add_nodes_from(range(12))
    for base in (0, 6):
        two.add_edges_from((base + i, base + j) for i in range(6) for j in range(6) if i != j)
    two.add_edge(5, 6)
    g.append(binary_case("two_cliques12", two))
    out["graphs"] = g

    r = np.random.default_rng(7)
    mats = []
    n = 40
    blocks = np.repeat(np.arange(4), n // 4)
    W = 0.1 * r.normal(size=(n, n)) + 0.2 * (blocks[:, None] == blocks[None, :])
    mats.append(matrix_case("signed_modules40", np.round(W, 6), [blocks, r.integers(0, 3, n), np.zeros(n, int)]))
    n = 60
    W = r.normal(size=(n, n)) / np.sqrt(n)
    mats.append(matrix_case("gaussian60", np.round(W, 6), [r.integers(0, 5, n), np.arange(n)]))
    n = 30
    W = np.maximum(0, r.normal(-0.5, 1, size=(n, n)))
    mats.append(matrix_case("nonneg30", np.round(W, 4), [r.integers(0, 2, n)]))
    n = 35
    W = -np.abs(r.normal(size=(n, n))) * (r.uniform(size=(n, n)) < 0.5)
    W[0, 1] = 0.5  # one positive weight
    mats.append(matrix_case("mostly_negative35", np.round(W, 6), [r.integers(0, 3, n)]))
    out["matrices"] = mats

    with open(os.path.join(HERE, "directed.json.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(json.dumps(out, separators=(",", ":")).encode())


if __name__ == "__main__":
    main()
