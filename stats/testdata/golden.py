#!/usr/bin/python3
"""Golden values for cortexrnn/stats.

Run with Debian's Python (numpy 1.24.2, scipy 1.10.1, statsmodels 0.13.5):

    /usr/bin/python3 stats/testdata/golden.py > stats/testdata/golden.json

Every input is written next to its outputs, so the Go tests need no Python.
"""
import json
import sys

import mpmath
import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests

rng = np.random.default_rng(20261127)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


out = {
    "versions": {
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "statsmodels": statsmodels.__version__,
        "mpmath": mpmath.__version__,
    },
    "describe": [],
    "quantile": [],
    "kruskal": [],
    "mannwhitneyu": [],
    "holm": [],
}

mpmath.mp.dps = 40


def t_ppf_mp(p, nu):
    """Student-t p-quantile (p > 1/2) to 40 digits: the root of
    1 - I_{nu/(nu+x^2)}(nu/2, 1/2)/2 = p (regularised incomplete beta)."""
    p, nu = mpmath.mpf(p), mpmath.mpf(nu)
    cdf = lambda x: 1 - mpmath.betainc(nu / 2, 0.5, 0, nu / (nu + x * x), regularized=True) / 2
    x0 = float(stats.t.ppf(float(p), float(nu)))
    return mpmath.findroot(lambda x: cdf(x) - p, x0)


# Mean, SD (ddof 0 and 1), Student-t intervals: scipy.stats.t.interval with
# loc = mean, scale = SD(ddof=1)/sqrt(n) ("t_interval"), and the same interval
# with the t quantile from mpmath at 40 digits ("t_interval_mp"), because
# scipy 1.10's t.ppf (cdflib) is accurate to only ~1e-8 relative.
samples = [
    [0.917, 0.85, 0.99, 0.97, 0.88],
    list(rng.normal(0.6, 0.1, 20)),
    list(rng.uniform(0, 1, 2)),
    list(rng.lognormal(-0.5, 0.5, 7)),
    [0.625] * 4 + [0.75],
    list(rng.normal(100, 30, 200)),
]
for x in samples:
    x = np.asarray(x, dtype=float)
    n = len(x)
    sem = x.std(ddof=1) / np.sqrt(n)
    rec = {"x": floats(x), "mean": float(x.mean()),
           "sd0": float(x.std(ddof=0)), "sd1": float(x.std(ddof=1)),
           "t_interval": {}, "t_interval_mp": {}}
    for level in (0.95, 0.9, 0.99):
        lo, hi = stats.t.interval(level, n - 1, loc=x.mean(), scale=sem)
        rec["t_interval"][repr(level)] = [float(lo), float(hi)]
        q = float(t_ppf_mp((1 + level) / 2, n - 1))
        rec["t_interval_mp"][repr(level)] = [float(x.mean() - q * sem), float(x.mean() + q * sem)]
    out["describe"].append(rec)

# numpy.percentile, default linear interpolation (Hyndman & Fan type 7).
for x in samples[:4] + [[3.0], [1.0, 2.0]]:
    qs = [0, 0.025, 0.1, 0.25, 0.5, 0.9, 0.975, 1]
    out["quantile"].append({"x": floats(x), "q": qs,
                            "want": floats(np.quantile(np.asarray(x), qs))})

# Kruskal-Wallis H with tie correction, chi2 p-value.
kw_cases = [
    [list(rng.normal(0, 1, 20)), list(rng.normal(0.5, 1, 20)), list(rng.normal(1, 1, 20))],
    [[0.625, 0.625, 0.75, 0.9], [0.625, 0.625, 0.625], [0.9, 0.95, 1.0, 1.0, 0.625]],
    [list(rng.normal(0, 1, 5)), list(rng.normal(0, 1, 6))],
    [list(np.round(rng.normal(0, 1, 20), 1)) for _ in range(11)],
    [list(rng.normal(0, 1, 20)), list(rng.normal(3, 1, 20))],
]
for groups in kw_cases:
    h, p = stats.kruskal(*groups)
    out["kruskal"].append({"groups": [floats(g) for g in groups],
                           "h": float(h), "p": float(p)})

# Two-sided Mann-Whitney U, scipy 1.10 defaults: method='auto',
# use_continuity=True. 'auto' is exact when min(n1, n2) <= 8 and there are no
# ties, asymptotic otherwise.
mw_cases = [
    ([1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]),                 # exact, extreme
    (list(rng.normal(0, 1, 5)), list(rng.normal(1, 1, 7))),  # exact
    (list(rng.normal(0, 1, 8)), list(rng.normal(0, 1, 8))),  # exact (both 8)
    (list(rng.normal(0, 1, 3)), list(rng.normal(0.5, 1, 25))),  # exact: one small
    ([1.0, 3.0, 5.0, 7.0], [2.0, 4.0, 6.0, 8.0]),            # exact, U = mn/2 -> p clipped
    ([1.0, 2.0, 2.0, 3.0], [2.0, 4.0, 5.0]),                 # ties -> asymptotic
    (list(rng.normal(0, 1, 20)), list(rng.normal(0.8, 1, 20))),  # asymptotic
    (list(np.round(rng.normal(0.7, 0.1, 20), 2)), list(np.round(rng.normal(0.75, 0.1, 20), 2))),
    ([0.625] * 10, [0.625] * 9 + [0.75]),                    # heavy ties
    (list(rng.normal(0, 1, 9)), list(rng.normal(0, 1, 12))),  # asymptotic, no ties
    ([5.0], [1.0, 2.0]),                                      # tiny exact
]
for x, y in mw_cases:
    r = stats.mannwhitneyu(x, y)
    out["mannwhitneyu"].append({"x": floats(x), "y": floats(y),
                                "u": float(r.statistic), "p": float(r.pvalue)})

# Holm step-down (statsmodels multipletests(method='holm')).
holm_cases = [
    [0.01, 0.04, 0.03, 0.005],
    [0.2, 0.01, 0.01, 0.5, 0.049],
    list(rng.uniform(0, 0.1, 12)),
    [0.9, 0.95, 0.99],
    [0.04],
    [1e-8, 0.3, 0.0125, 0.0125, 0.02],
]
for p in holm_cases:
    reject, adj, _, _ = multipletests(p, alpha=0.05, method="holm")
    out["holm"].append({"p": floats(p), "adjusted": floats(adj),
                        "reject": [bool(v) for v in reject]})

json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
