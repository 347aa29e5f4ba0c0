#!/usr/bin/python3
"""Expected published-layout CSVs for report's layout test, written by pandas.

Run with Debian's Python (pandas 1.5.3, numpy 1.24.2):

    cd report/testdata && /usr/bin/python3 layout_golden.py

It builds deterministic, irregular per-run values (some NaN, as undefined
graph metrics are), stores them exactly in layout_golden/values.json for the Go
test, computes mean and sample SD (pandas' default ddof=1) over simulations per
(task, metric, variant) and writes them with DataFrame.to_csv(index=False):
layout_golden/metrics.csv, metrics_SD.csv and Task<n>/<Metric>_raw.csv.
(The Python repr() goldens of the number format are in
internal/pyfloat/testdata.)
"""
import json
import math
import os

import numpy as np
import pandas as pd

VARIANTS = ["W*D*C", "WD*C", "WDC", "WD*", "WD", "W", "W*D*C*", "WD*C*", "W*DC*", "W!D*C", "W!D*C*"]
METRICS = ["Accuracy", "Loss", "Validation_Accuracy", "Validation_Loss",
           "Modularity", "SmallWorldness", "Assortativity", "Entropy"]
TASKS = [1, 3]
SIMS = 4


def fake_value(task, v, m, s):
    """Deterministic, irregular values (stored in values.json for Go)."""
    x = math.sin(1.7 * task + 0.37 * v + 0.11 * m * m + 2.3 * s + 0.05 * v * s)
    val = 0.5 + 0.45 * x + 0.001 * m
    if m == 6 and v == 4 and s == 2:  # an undefined assortativity
        return float("nan")
    if m == 6 and v == 5:  # undefined in every simulation
        return float("nan")
    return val


os.makedirs("layout_golden", exist_ok=True)
values = []  # [task, variant, metric, simulation, value or None]
mean_rows, sd_rows = [], []
for task in TASKS:
    os.makedirs(f"layout_golden/Task{task}", exist_ok=True)
    for mi, metric in enumerate(METRICS):
        raw = pd.DataFrame({"simulation": range(SIMS)})
        for vi, name in enumerate(VARIANTS):
            raw[name] = [fake_value(task, vi, mi, s) for s in range(SIMS)]
            for s in range(SIMS):
                v = fake_value(task, vi, mi, s)
                values.append([task, name, metric, s, None if math.isnan(v) else v])
        raw.to_csv(f"layout_golden/Task{task}/{metric}_raw.csv", index=False)
        vals = raw[VARIANTS]
        mean_rows.append([f"Task{task}", metric] + list(vals.mean()))
        sd_rows.append([f"Task{task}", metric] + list(vals.std()))
cols = ["Task", "Metric"] + VARIANTS
pd.DataFrame(mean_rows, columns=cols).to_csv("layout_golden/metrics.csv", index=False)
pd.DataFrame(sd_rows, columns=cols).to_csv("layout_golden/metrics_SD.csv", index=False)
json.dump({"tasks": TASKS, "variants": VARIANTS, "metrics": METRICS, "simulations": SIMS,
           "values": values}, open("layout_golden/values.json", "w"))
