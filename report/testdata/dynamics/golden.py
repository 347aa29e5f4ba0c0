"""Golden statistics of the Dynamics section for dynamics_v2.csv (report's TestDynamicsGolden).

Independent of the Go code: numpy for means and differences in means, scipy for the
t-intervals and the Mann–Whitney tests, statsmodels for Holm's procedure, numpy for
Cliff's delta. Run with Debian's Python:

    /usr/bin/python3 report/testdata/dynamics/golden.py > report/testdata/dynamics/golden.json
"""
import csv
import json
import os
import sys

import numpy as np
import scipy
import scipy.stats
import statsmodels
from statsmodels.stats.multitest import multipletests

HERE = os.path.dirname(os.path.abspath(__file__))
SUMMARIES = ["StableFixedPoints", "ParticipationRatio", "LeadingModulus"]
# The biological variant and its controls, in the report's order: orthogonal,
# permuted, scale-matched random, log-normal only, resampled.
BIO = "W*D*C"
CONTROLS = ["WD*C", "W!D*C", "WrD*C", "WlD*C", "WbD*C"]
LEVEL = 0.95

values = {}  # summary -> variant -> finite values in simulation order
runs = with_dyn = without = no_fixed_point = 0
with open(os.path.join(HERE, "dynamics_v2.csv"), newline="") as f:
    for row in csv.DictReader(f):
        runs += 1
        cells = [row[s] for s in SUMMARIES]
        if all(c == "" for c in cells):
            without += 1
            continue
        with_dyn += 1
        if row["LeadingModulus"] == "":
            no_fixed_point += 1
        for s, c in zip(SUMMARIES, cells):
            if c != "":
                values.setdefault(s, {}).setdefault(row["Variant"], []).append(float(c))

out = {
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                 "statsmodels": statsmodels.__version__},
    "coverage": {"runs": runs, "with": with_dyn, "without": without, "no_fixed_point": no_fixed_point},
    "summaries": {},
}
for s in SUMMARIES:
    cells = {}
    for v, x in values[s].items():
        x = np.array(x)
        m = float(np.mean(x))
        lo, hi = scipy.stats.t.interval(LEVEL, len(x) - 1, loc=m, scale=np.std(x, ddof=1) / np.sqrt(len(x)))
        cells[v] = {"n": len(x), "mean": m, "t_low": float(lo), "t_high": float(hi),
                    "cell": "%.3f (t: %.3f, %.3f), n = %d" % (m, lo, hi, len(x))}
    tests = []
    x = np.array(values[s][BIO])
    for c in CONTROLS:
        y = np.array(values[s][c])
        # scipy 1.10's default: exact without ties for samples of at most 8, else the
        # normal approximation with tie and continuity corrections.
        mw = scipy.stats.mannwhitneyu(x, y)
        cliff = float(np.mean(np.sign(x[:, None] - y[None, :])))
        tests.append({"a": BIO, "b": c, "diff": float(np.mean(x) - np.mean(y)), "cliff": cliff,
                      "p": float(mw.pvalue)})
    _, holm, _, _ = multipletests([t["p"] for t in tests], alpha=0.05, method="holm")
    for t, h in zip(tests, holm):
        t["p_holm"] = float(h)
    out["summaries"][s] = {"cells": cells, "tests": tests}
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
