#!/usr/bin/python3
"""Independent reference for cortexrnn/tasks (golden values in reference.json).

Run with Debian's Python (numpy 1.24, scipy 1.10):

    /usr/bin/python3 tasks/testdata/reference.py > tasks/testdata/reference.json

It rebuilds, with numpy and NeuroGym's TrialEnv idioms (add_period, add_ob on
an observation array, set_ob, set_groundtruth), noise-free trials (sigma = 0)
for forced conditions of every task:

* the paper's three tasks, from PAPER.md section 7;
* delayed match-to-sample, context-dependent DM, delayed comparison and Go/NoGo
  from NeuroGym's envs (neurogym/envs/native/*.py), with the conventions that
  cortexrnn documents: the fixation input is on for every period but the
  decision period, the context cue for the whole trial, and every trial step
  is supervised (mask 1; fixation class 0 outside the decision period).

It also tabulates the truncated-exponential quantile with
scipy.stats.truncexpon (independent of the closed form used in Go).
"""
import json
import sys

import numpy as np
import scipy
from scipy import stats


class Trial:
    """A minimal NeuroGym-style trial: periods on a dt grid, ob and gt arrays."""

    def __init__(self, dt, timing, n_in, n_out_classes):
        self.dt = dt
        self.start, self.end = {}, {}
        t = 0
        for name, dur in timing:
            n = int(round(dur / dt))
            self.start[name], self.end[name] = t, t + n
            t += n
        self.T = t
        self.ob = np.zeros((t, n_in), dtype=np.float64)
        self.gt = np.zeros(t, dtype=np.int64)
        self.mask = np.ones(t, dtype=np.float64)

    def sl(self, period):
        return slice(self.start[period], self.end[period])

    def add_ob(self, value, period, where):
        self.ob[self.sl(period), where] += value

    def set_ob(self, value, period):
        self.ob[self.sl(period), :] = value

    def set_groundtruth(self, value, period):
        self.gt[self.sl(period)] = value


def dump(name, cond, tr, label=None):
    case = {
        "task": name,
        "condition": cond,
        "steps": tr.T,
        "x": [float(np.float32(v)) for v in tr.ob.ravel()],
    }
    if label is None:
        case["classes"] = [int(v) for v in tr.gt]
        case["mask"] = [float(v) for v in tr.mask]
    else:
        case["label"] = int(label)
    return case


def onechoice(problem):
    problems = [(9, "ul", "u"), (9, "rd", "r"), (19, "ld", "d"), (17, "rd", "d"),
                (17, "ul", "l"), (7, "ur", "u"), (19, "lr", "r"), (7, "lr", "l")]
    goal, choices, answer = problems[problem]
    tr = Trial(1, [("goal", 20), ("blank", 10), ("choice", 20)], 8, 4)
    tr.add_ob(1, "goal", {7: 0, 9: 1, 17: 2, 19: 3}[goal])
    for c in choices:
        tr.add_ob(1, "choice", 4 + "lurd".index(c))
    return dump("onechoice", {"Problem": problem}, tr, label="lurd".index(answer))


def gonogo(go):
    tr = Trial(1, [("fix1", 5), ("cue", 20), ("fix2", 10), ("resp", 5)], 3, 2)
    tr.add_ob(1, "fix1", 0)
    tr.add_ob(1, "cue", 2 if go else 1)
    tr.add_ob(1, "fix2", 0)
    return dump("gonogo", {"Go": go}, tr, label=int(go))


def perceptualdm(coh, g):
    theta = np.linspace(0, 2 * np.pi, 2, endpoint=False)  # (0, pi), as NeuroGym
    tr = Trial(100, [("fixation", 100), ("stimulus", 3000), ("delay", 1000)], 3, 2)
    tr.ob[:, 0] = 1  # the paper: fixation on every step
    stim = np.cos(theta - theta[g]) * (coh / 200) + 0.5
    tr.add_ob(stim, "stimulus", [1, 2])
    return dump("perceptualdm", {"Coherence": coh, "Choice": g}, tr, label=g)


def delaymatchsample(match, sample, dim_ring):
    theta = np.linspace(0, 2 * np.pi, dim_ring + 1)[:-1]
    tr = Trial(100, [("fixation", 300), ("sample", 500), ("delay", 1000),
                     ("test", 500), ("decision", 900)], 1 + dim_ring, 3)
    s_th = theta[sample]
    t_th = s_th if match else np.mod(s_th + np.pi, 2 * np.pi)
    tr.ob[:, 0] = 1
    tr.set_ob(0, "decision")
    ch = list(range(1, dim_ring + 1))
    tr.add_ob(np.cos(theta - s_th) * 0.5 + 0.5, "sample", ch)
    tr.add_ob(np.cos(theta - t_th) * 0.5 + 0.5, "test", ch)
    tr.set_groundtruth(1 if match else 2, "decision")
    return dump("delaymatchsample", {"Match": match, "Sample": sample, "DimRing": dim_ring}, tr)


def contextdm(context, choice, other, coh1, coh2):
    theta = np.linspace(0, 2 * np.pi, 3)[:-1]
    tr = Trial(50, [("fixation", 300), ("stimulus", 750), ("delay", 600), ("decision", 100)], 7, 3)
    c1, c2 = (choice, other) if context == 0 else (other, choice)
    for p in ("fixation", "stimulus", "delay"):
        tr.add_ob(1, p, 0)
    tr.add_ob(np.cos(theta - theta[c1]) * (coh1 / 200) + 0.5, "stimulus", [1, 2])
    tr.add_ob(np.cos(theta - theta[c2]) * (coh2 / 200) + 0.5, "stimulus", [3, 4])
    tr.ob[:, 5 + context] = 1
    tr.set_groundtruth(1 + choice, "decision")
    return dump("contextdm", {"Context": context, "Choice": choice, "Other": other,
                              "Coherence": [coh1, coh2]}, tr)


def workingmemory(f1, f2):
    vpairs = [(18, 10), (22, 14), (26, 18), (30, 22), (34, 26)]
    vall = np.ravel(vpairs)
    vmin, vmax = np.min(vall), np.max(vall)
    rep = lambda v: (1 + (v - vmin) / (vmax - vmin)) / 2
    tr = Trial(100, [("fixation", 500), ("stimulus1", 500), ("delay", 1000),
                     ("stimulus2", 500), ("decision", 100)], 2, 3)
    tr.ob[:, 0] = 1
    tr.set_ob(0, "decision")
    tr.add_ob(rep(f1), "stimulus1", 1)
    tr.add_ob(rep(f2), "stimulus2", 1)
    tr.set_groundtruth(1 if f1 > f2 else 2, "decision")
    return dump("workingmemory", {"F1": f1, "F2": f2}, tr)


def vardelaygonogo(go, delay):
    tr = Trial(100, [("fixation", 100), ("stimulus", 500), ("delay", delay), ("decision", 500)], 3, 2)
    tr.ob[:, 0] = 1
    tr.set_ob(0, "decision")
    tr.add_ob(1, "stimulus", 2 if go else 1)
    tr.set_groundtruth(int(go), "decision")
    return dump("vardelaygonogo", {"Go": go, "Delay": delay}, tr)


def main():
    cases = []
    cases += [onechoice(p) for p in range(8)]
    cases += [gonogo(g) for g in (False, True)]
    cases += [perceptualdm(c, g) for c in (0, 6.4, 12.8, 25.6, 51.2) for g in (0, 1)]
    cases += [delaymatchsample(m, s, d) for d in (2, 3, 4) for m in (False, True) for s in range(d)]
    cases += [contextdm(x, c, o, c1, c2) for x in (0, 1) for c in (0, 1) for o in (0, 1)
              for c1, c2 in ((5, 50), (15, 5))]
    cases += [workingmemory(f1, f2) for a, b in [(18, 10), (22, 14), (26, 18), (30, 22), (34, 26)]
              for f1, f2 in ((a, b), (b, a))]
    cases += [vardelaygonogo(g, d) for g in (False, True) for d in (500, 1000, 1500, 2000)]

    u = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999]
    truncexp = []
    for mean, lo, hi in [(600, 300, 3000), (300, 100, 1000), (1000, 500, 600)]:
        dist = stats.truncexpon(b=(hi - lo) / mean, loc=lo, scale=mean)
        truncexp.append({"Mean": mean, "Min": lo, "Max": hi, "u": u,
                         "quantile": [float(q) for q in dist.ppf(u)]})

    json.dump({"source": "tasks/testdata/reference.py with numpy %s, scipy %s"
               % (np.__version__, scipy.__version__),
               "cases": cases, "truncexp": truncexp}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
