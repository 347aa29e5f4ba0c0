#!/usr/bin/python3
"""Golden values for connectome.Summarize (summary_test.go).

Run from connectome/testdata with Debian's Python (numpy 1.24.2):
    /usr/bin/python3 summary_golden.py
It writes golden/summary_in_{signed,symmetric}.npy and golden/summary.json,
the statistics of those two matrices and of golden/bio_small_out_corr.npy
(written by golden.py), each computed here with numpy alone.
"""
import json
import numpy as np

def summary(w):
    n = w.shape[0]
    a = np.abs(w)
    off = ~np.eye(n, dtype=bool)
    lam = np.linalg.eigvals(w)
    lam_off = np.linalg.eigvals(np.where(off, w, 0.0))
    fro = np.sqrt((w * w).sum())
    nz = w[off][w[off] != 0]
    out_s = np.where(off, a, 0).sum(axis=1)
    in_s = np.where(off, a, 0).sum(axis=0)
    cv = lambda x: np.std(x) / np.mean(x)
    return {
        'N': n,
        'SpectralRadius': float(np.abs(lam).max()),
        'OffDiagonalRadius': float(np.abs(lam_off).max()),
        'L1': float(a.sum()),
        'Frobenius': float(fro),
        'DiagonalShare': float(np.trace(a) / a.sum()),
        'Density': float((w[off] != 0).sum() / (n * (n - 1))),
        'PositiveShare': float((w > 0).sum() / (w != 0).sum()),
        'EntryCV': float(cv(np.abs(nz))),
        'OutStrengthCV': float(cv(out_s)),
        'InStrengthCV': float(cv(in_s)),
        'Reciprocity': float(np.corrcoef(w[off], w.T[off])[0, 1]),
        'NonNormality': float(np.sqrt(max(0.0, fro**2 - (np.abs(lam)**2).sum())) / fro),
    }

rng = np.random.default_rng(31)
signed = rng.normal(size=(9, 9))
signed[rng.random((9, 9)) < 0.3] = 0.0  # some zeros, the diagonal included
x = rng.normal(size=(7, 7))
symmetric = x + x.T
np.save('golden/summary_in_signed.npy', signed)
np.save('golden/summary_in_symmetric.npy', symmetric)
bio = np.load('golden/bio_small_out_corr.npy')
out = {'signed': summary(signed), 'symmetric': summary(symmetric), 'bio_small_out_corr': summary(bio)}
with open('golden/summary.json', 'w') as fh:
    json.dump(out, fh, indent=1)
    fh.write('\n')
