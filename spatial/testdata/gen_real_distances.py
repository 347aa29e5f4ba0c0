"""Distance summaries of the real field 6_6_2 for TestRealDistancesSixSixTwo.

Run with Debian's Python (numpy 1.24.2, scipy 1.10.1) from spatial/testdata:
    /usr/bin/python3 gen_real_distances.py > real_distances_golden.json
It reads ../../../shared/microns/6_6_2/positions_6_6_2.npy (a numpy-2 pickle,
so numpy._core is aliased to numpy.core first) and computes, exactly as the
published notebook does, the per-axis min-max scaled coordinates from the
reshape (reference) and from the transpose (corrected), and their Euclidean
distance matrices.
"""
import json, sys
import numpy, numpy.core.multiarray
sys.modules["numpy._core"] = numpy.core
sys.modules["numpy._core.multiarray"] = numpy.core.multiarray
import numpy as np
from scipy.spatial.distance import cdist

pos = np.load("../../../shared/microns/6_6_2/positions_6_6_2.npy", allow_pickle=True)
arr = np.array(pos.tolist())  # N×3 voxels

def scaled(xyz):  # xyz: 3×N
    out = np.empty_like(xyz, dtype=float)
    for k in range(3):
        lo, hi = xyz[k].min(), xyz[k].max()
        out[k] = (xyz[k] - lo) / (hi - lo)
    return out

res = {}
for name, xyz in (("corrected", arr.T), ("reference", arr.reshape(3, -1))):
    c = scaled(xyz.astype(float)).T
    d = cdist(c, c)
    res[name] = {"mean": float(d.mean()), "frac_below_0.025": float((d < 0.025).mean()),
                 "max": float(d.max()), "d_0_1": float(d[0, 1]), "d_5_200": float(d[5, 200])}
json.dump(res, sys.stdout, indent=1)
