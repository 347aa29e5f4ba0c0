#!/usr/bin/python3
"""Golden values for cortexrnn/stats: statistics across fields.

Run with Debian's Python (numpy 1.24.2, scipy 1.10.1, statsmodels 0.13.5):

    /usr/bin/python3 stats/testdata/fields.py > stats/testdata/fields.json

Neither scipy 1.10 nor statsmodels 0.13 has van Elteren's test or Kendall's W,
so both are written here from the published formulas, each in two independent
forms that must agree, and checked against scipy where scipy covers a special
case (the script stops with an AssertionError if any check fails):

  van Elteren: (a) T = sum_h W_h/(N_h+1) with the closed-form tie-corrected
  variance of each rank sum; (b) the Cochran-Mantel-Haenszel mean-score
  statistic with modified ridit scores (midrank/(N_h+1)) and the permutation
  variance computed from the scores, which is how SAS PROC FREQ computes van
  Elteren's test. With one stratum both reduce to the Wilcoxon rank-sum z:
  scipy.stats.ranksums (no ties) and scipy.stats.mannwhitneyu(...,
  use_continuity=False, method="asymptotic") (ties).

  Kendall's W: W = 12 S / (m^2 (n^3 - n) - m sum_i T_i) from the within-row
  midranks; chi2 = m (n - 1) W must equal scipy.stats.friedmanchisquare, whose
  statistic and p-value are the goldens for chi2 and p.

  Cliff's delta: mean of sign(x_i - y_j) over all pairs (numpy); checked
  against 2 p - 1 with p = P(X > Y) + P(X = Y)/2 from statsmodels
  rank_compare_2indep and against 2 U / (n1 n2) - 1 with scipy's U.

  Bootstrap intervals of a difference in means (plain and stratified): the
  resample indices are drawn here with numpy and stored, the interval is
  numpy.quantile (linear) of the resampled statistics; the Go test replays the
  same indices.

Every input is written next to its outputs, so the Go tests need no Python.
"""
import json
import sys
import warnings

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.nonparametric import rank_compare_2indep

rng = np.random.default_rng(20261201)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def close(a, b, rel=1e-12):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


# ---------------------------------------------------------------- van Elteren
def van_elteren_closed(xs, ys):
    t = e = v = 0.0
    for x, y in zip(xs, ys):
        x, y = np.asarray(x, float), np.asarray(y, float)
        na, nb = len(x), len(y)
        n = na + nb
        r = stats.rankdata(np.concatenate([x, y]))
        _, counts = np.unique(np.concatenate([x, y]), return_counts=True)
        ties = float(np.sum(counts.astype(float) ** 3 - counts))
        w = 1.0 / (n + 1)
        t += w * r[:na].sum()
        e += w * na * (n + 1) / 2.0
        var_w = na * nb * (n + 1) / 12.0 - na * nb * ties / (12.0 * n * (n - 1))
        v += w * w * var_w
    z = (t - e) / np.sqrt(v)
    return t, e, v, z


def van_elteren_cmh(xs, ys):
    num = den = 0.0
    for x, y in zip(xs, ys):
        x, y = np.asarray(x, float), np.asarray(y, float)
        na = len(x)
        n = na + len(y)
        a = stats.rankdata(np.concatenate([x, y])) / (n + 1)  # modified ridits
        abar = a.mean()
        vh = np.sum((a - abar) ** 2) / n
        num += a[:na].sum() - na * abar
        den += na * (n - na) / (n - 1) * vh
    return num / np.sqrt(den)


def r(a, d=2):
    return list(np.round(a, d))


ve_cases = [
    # five fields, five simulations per variant, continuous
    ([rng.normal(0.8, 0.05, 5) for _ in range(5)], [rng.normal(0.75, 0.05, 5) for _ in range(5)]),
    # accuracies on a 1/8 grid, ceiling at 1.0 (heavy ties), unequal sizes
    ([[1.0, 1.0, 0.875, 1.0], [0.75, 0.875, 0.875], [1.0, 1.0, 1.0, 1.0, 0.875], [0.625, 0.75]],
     [[0.875, 1.0, 0.75, 0.875, 0.75], [0.75, 0.625, 0.75], [1.0, 1.0, 1.0, 0.875], [0.625, 0.625, 0.5]]),
    # a stratum where everything ties (uninformative) among informative ones
    ([[1.0, 1.0, 1.0], [0.9, 0.8, 0.95], [0.7, 0.72]], [[1.0, 1.0], [0.85, 0.7, 0.8, 0.75], [0.71, 0.69, 0.6]]),
    # B better than A (negative z), 3 fields of 20
    ([rng.normal(0.6, 0.1, 20) for _ in range(3)], [rng.normal(0.7, 0.1, 20) for _ in range(3)]),
    # rounded values: ties across and within variants, different sizes
    ([r(rng.normal(0.9, 0.05, k)) for k in (6, 7, 8, 9, 10)], [r(rng.normal(0.88, 0.05, k)) for k in (10, 9, 8, 7, 6)]),
    # one observation per variant per stratum
    ([[0.9], [0.8], [0.7], [0.95]], [[0.85], [0.82], [0.6], [0.9]]),
]
# Single strata: must reduce to the Wilcoxon rank-sum test.
single = [
    ([list(rng.normal(0, 1, 7))], [list(rng.normal(0.5, 1, 9))]),          # no ties
    ([[1.0, 2.0, 2.0, 3.0, 5.0]], [[2.0, 4.0, 5.0, 5.0]]),                # ties
    ([r(rng.normal(0.7, 0.1, 20))], [r(rng.normal(0.75, 0.1, 20))]),      # ties
]
out_ve = []
for xs, ys in ve_cases + single:
    xs = [floats(x) for x in xs]
    ys = [floats(y) for y in ys]
    t, e, v, z = van_elteren_closed(xs, ys)
    z2 = van_elteren_cmh(xs, ys)
    assert close(z, z2, 1e-10), (z, z2)
    p = float(2 * stats.norm.sf(abs(z)))
    rec = {"x": xs, "y": ys, "t": float(t), "mean": float(e), "var": float(v),
           "z": float(z), "p": p, "p_greater": float(stats.norm.sf(z)),
           "source": "numpy formula, closed form and CMH modified-ridit form agree"}
    if len(xs) == 1:
        all_ = np.concatenate([xs[0], ys[0]])
        mw = stats.mannwhitneyu(xs[0], ys[0], use_continuity=False, method="asymptotic")
        assert close(p, mw.pvalue, 1e-10), (p, mw.pvalue)
        if len(np.unique(all_)) == len(all_):
            rs = stats.ranksums(xs[0], ys[0])
            assert close(z, rs.statistic, 1e-10), (z, rs.statistic)
            assert close(p, rs.pvalue, 1e-10), (p, rs.pvalue)
            rec["source"] += "; equals scipy.stats.ranksums"
        rec["source"] += "; p equals scipy.stats.mannwhitneyu(use_continuity=False, method='asymptotic')"
    out_ve.append(rec)


# --------------------------------------------------------------- Kendall's W
def kendall_w(scores):
    m, n = scores.shape
    ranks = np.vstack([stats.rankdata(row) for row in scores])
    rj = ranks.sum(axis=0)
    s = float(np.sum((rj - m * (n + 1) / 2.0) ** 2))
    tsum = 0.0
    for row in scores:
        _, c = np.unique(row, return_counts=True)
        tsum += float(np.sum(c.astype(float) ** 3 - c))
    return 12 * s / (m * m * (n ** 3 - n) - m * tsum)


kw_cases = [
    np.array([[0.9, 0.8, 0.7, 0.6], [0.85, 0.82, 0.6, 0.65], [0.95, 0.7, 0.75, 0.5]]),  # near agreement
    rng.normal(0, 1, (5, 11)),                                   # 5 fields x 11 variants, random
    np.round(rng.uniform(0.5, 1.0, (5, 11)) * 8) / 8,            # 1/8 grid: ties within fields
    np.array([[1.0, 1.0, 0.875, 0.5], [1.0, 1.0, 1.0, 0.75], [0.875, 1.0, 1.0, 0.625], [1.0, 1.0, 1.0, 1.0]]),  # one field all tied
    np.array([[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]], dtype=float),  # perfect agreement
    np.array([[1, 2, 3], [3, 2, 1]], dtype=float),               # perfect disagreement: W = 0
]
out_kw = []
for sc in kw_cases:
    m, n = sc.shape
    w = kendall_w(sc)
    chi2 = m * (n - 1) * w
    fr = stats.friedmanchisquare(*sc.T)
    assert close(chi2, fr.statistic, 1e-10) or abs(chi2 - fr.statistic) < 1e-12, (chi2, fr.statistic)
    out_kw.append({"scores": [floats(row) for row in sc], "w": float(w),
                   "chi2": float(fr.statistic), "df": n - 1, "p": float(fr.pvalue),
                   "source": "W: numpy formula; chi2, p: scipy.stats.friedmanchisquare (= m(n-1)W)"})
# Two variants: scipy's Friedman test needs three, so chi2 and p are from the
# formula and scipy.stats.chi2.sf.
for sc in [np.array([[0.9, 0.8], [0.7, 0.75], [0.6, 0.5], [0.9, 0.9]])]:
    m, n = sc.shape
    w = kendall_w(sc)
    chi2 = m * (n - 1) * w
    out_kw.append({"scores": [floats(row) for row in sc], "w": float(w), "chi2": float(chi2),
                   "df": n - 1, "p": float(stats.chi2.sf(chi2, n - 1)),
                   "source": "numpy formula; p: scipy.stats.chi2.sf"})

# --------------------------------------------------------------- Cliff's delta
cd_cases = [
    ([1.0, 2.0, 3.0], [4.0, 5.0]),
    ([4.0, 5.0], [1.0, 2.0, 3.0]),
    (list(rng.normal(0, 1, 10)), list(rng.normal(0.5, 1, 12))),
    ([1.0, 1.0, 0.875, 1.0, 0.75], [1.0, 0.875, 0.875, 0.75, 0.75, 1.0]),
    ([0.5, 0.5], [0.5, 0.5, 0.5]),
    (r(rng.normal(0.7, 0.1, 20)), r(rng.normal(0.72, 0.1, 20))),
    ([0.3], [0.2]),
]
out_cd = []
for x, y in cd_cases:
    x, y = np.asarray(x, float), np.asarray(y, float)
    d = float(np.sign(x[:, None] - y[None, :]).mean())
    with warnings.catch_warnings():
        # Samples without spread make its Brunner-Munzel variance 0/0; prob1,
        # the only value used here, is unaffected.
        warnings.simplefilter("ignore", RuntimeWarning)
        p1 = rank_compare_2indep(x, y).prob1
    assert abs(d - (2 * p1 - 1)) < 1e-12, (d, p1)
    u = stats.mannwhitneyu(x, y).statistic
    assert abs(d - (2 * u / (len(x) * len(y)) - 1)) < 1e-12, (d, u)
    out_cd.append({"x": floats(x), "y": floats(y), "delta": d,
                   "source": "numpy mean(sign(x_i - y_j)); = 2 prob1 - 1 (statsmodels rank_compare_2indep) = 2U/(n1 n2) - 1 (scipy)"})

# ------------------------------------------ bootstrap of a difference in means
# Draw order replayed by the Go test: for each resample b, for each stratum h,
# len(x[h]) indices into x[h], then len(y[h]) indices into y[h].
def boot(xs, ys, level, b):
    xs = [np.asarray(x, float) for x in xs]
    ys = [np.asarray(y, float) for y in ys]
    idx = []
    theta = np.empty(b)
    for k in range(b):
        s = 0.0
        for x, y in zip(xs, ys):
            ix = rng.integers(0, len(x), len(x))
            iy = rng.integers(0, len(y), len(y))
            idx.extend(int(i) for i in ix)
            idx.extend(int(i) for i in iy)
            s += x[ix].mean() - y[iy].mean()
        theta[k] = s / len(xs)
    alpha = (1 - level) / 2
    lo, hi = np.quantile(theta, [alpha, 1 - alpha])
    est = np.mean([x.mean() - y.mean() for x, y in zip(xs, ys)])
    return {"x": [floats(x) for x in xs], "y": [floats(y) for y in ys], "level": level,
            "resamples": b, "indices": idx, "estimate": float(est),
            "low": float(lo), "high": float(hi),
            "source": "numpy: indices rng.integers, mean over strata of mean(x[ix]) - mean(y[iy]), numpy.quantile (linear)"}


out_boot = [
    boot([rng.normal(0.8, 0.05, 5)], [rng.normal(0.7, 0.05, 6)], 0.95, 300),
    boot([r(rng.normal(0.9, 0.05, 20))], [r(rng.normal(0.88, 0.05, 20))], 0.9, 200),
    boot([[1.0, 1.0, 0.875], [0.75, 0.875, 0.875, 1.0], [0.625, 0.75]],
         [[1.0, 0.875, 0.75], [0.75, 0.625], [0.5, 0.625, 0.625]], 0.95, 250),
    boot([rng.normal(0.6, 0.1, k) for k in (5, 5, 5, 5, 5)],
         [rng.normal(0.65, 0.1, k) for k in (5, 5, 5, 5, 5)], 0.99, 150),
]

json.dump({
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                 "statsmodels": statsmodels.__version__},
    "van_elteren": out_ve,
    "kendall_w": out_kw,
    "cliff_delta": out_cd,
    "mean_diff_bootstrap": out_boot,
}, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")
